package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.changer.MtxException;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.tools.pmtx.Pmtx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exit status of each failure the library reports, including those the virtual library cannot produce. */
class FailuresTest {
  private static final Map<Kind, ExitCode> TRANSPORT = Map.of(
      Kind.NO_DEVICE, ExitCode.NO_DEVICE,
      Kind.PERMISSION_DENIED, ExitCode.PERMISSION_DENIED,
      Kind.BUSY, ExitCode.BUSY,
      Kind.NOT_SCSI, ExitCode.WRONG_DEVICE,
      Kind.TIMEOUT, ExitCode.FAILED,
      Kind.HOST_ERROR, ExitCode.FAILED,
      Kind.UNAVAILABLE, ExitCode.FAILED,
      Kind.OS_ERROR, ExitCode.FAILED);

  @ParameterizedTest
  @EnumSource(Kind.class)
  void transportKinds(Kind kind) {
    assertEquals(TRANSPORT.get(kind), Failures.exitCode(new ScsiTransportException("/dev/sg3", kind, "x")));
  }

  @ParameterizedTest
  @EnumSource(MtxException.Kind.class)
  void mtxKinds(MtxException.Kind kind) {
    ExitCode expected = switch (kind) {
      case INVALID_ARGUMENT -> ExitCode.USAGE;
      case DRIVE_FULL, SLOT_FULL, DESTINATION_FULL -> ExitCode.DESTINATION_FULL;
      case DRIVE_EMPTY -> ExitCode.NO_MEDIUM;
      case SOURCE_EMPTY -> ExitCode.SOURCE_EMPTY;
      default -> ExitCode.FAILED;
    };
    assertEquals(expected, Failures.exitCode(MtxException.of("/dev/sg5", kind, "m")));
  }

  @Test
  void exitCodesAreDistinctAndDense() {
    for (int i = 0; i < ExitCode.values().length; i++) {
      assertEquals(i, ExitCode.values()[i].code());
    }
  }

  @Test
  void permissionDeniedKeepsMtxLineAndAddsTheGroupHint() {
    ScsiTransportException e = new ScsiTransportException("/dev/sg5", Kind.PERMISSION_DENIED,
        "open of /dev/sg5 failed: Permission denied (add user to group 'tape')");
    ToolFailure f = Pmtx.openFailure("/dev/sg5", e);
    assertEquals(ExitCode.PERMISSION_DENIED, f.exitCode());
    assertEquals(List.of("cannot open SCSI device '/dev/sg5' - Permission denied",
        "pmtx: " + e.getMessage()), f.lines());
  }

  @Test
  void missingKernelNodeIsMtxLineOnly() {
    ToolFailure f = Pmtx.openFailure("/dev/sg9", new ScsiTransportException("/dev/sg9", Kind.NO_DEVICE, "gone"));
    assertEquals(ExitCode.NO_DEVICE, f.exitCode());
    assertEquals(List.of("cannot open SCSI device '/dev/sg9' - No such file or directory"), f.lines());
  }
}
