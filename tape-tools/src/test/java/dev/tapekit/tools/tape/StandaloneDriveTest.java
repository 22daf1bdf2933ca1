package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A drive without a changer: its lock file is held while a command uses it, and the tape in it is labelled and read. */
@ExtendWith(VtlHomeExtension.class)
class StandaloneDriveTest {
  @Test
  void aStandaloneDriveIsLockedForTheCommandAndLabelsTheTapeInIt() throws Exception {
    TapeHome t = new TapeHome();
    Files.writeString(t.config.resolve("tape.toml"), """
        [drive.sa]
        path = "vtl:L700:0"
        """);
    assertEquals(0, t.harness.pmtx("-f", "vtl:L700", "load", "3", "0").exit());
    DeviceLockKey key;
    try (ScsiTransport drive = VirtualLibraries.open("vtl:L700:0")) {
      key = DeviceLockKey.read(drive, DeviceLockKey.Kind.DRIVE).orElseThrow();
    }
    try (DeviceLockFile other = DeviceLockFile.acquire(VtlHomeExtension.locks(), key, "/dev/nst0",
        DeviceLockFile.Mode.JOB, "backup elsewhere", Duration.ZERO)) {
      ToolHarness.Result r = t.tape("label", "--changer-id", "E01003L8");
      assertEquals(ExitCode.LOCKED.code(), r.exit(), r.out() + r.err());
      assertTrue(r.err().contains("backup elsewhere"), "names the holder: " + r.err());
    }
    ToolHarness.Result r = t.tape("label", "--changer-id", "E01003L8");
    assertEquals(0, r.exit(), r.out() + r.err());
    r = t.tape("read-label", "--output-format", "json");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("\"label-text\":\"E01003L8\""), r.out());
  }
}
