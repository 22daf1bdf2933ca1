package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** pmt on drive 0 (IBM TD8) of the default L700 virtual library: golden transcripts of every command. */
@ExtendWith(VtlHomeExtension.class)
class PmtGoldenTest {
  private static final String D = "vtl:L700:0";
  private final ToolHarness h = new ToolHarness();

  private void load() {
    assertEquals(0, h.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
  }

  /** Three tape files of 600000 bytes each (two 256 KiB blocks and one of 75712 bytes). */
  private void writeThreeFiles() {
    byte[] data = new byte[600_000];
    Arrays.fill(data, (byte) 'x');
    for (int i = 0; i < 3; i++) {
      assertEquals(0, h.pmt(data, "-f", D, "write").exit());
    }
  }

  @Test
  void statusWithAndWithoutCartridge() throws Exception {
    assertEquals(0, h.pmt("-f", D, "status").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmt("-f", D, "rewind").exit());
    h.pmt("-f", D, "status", "--output-format", "json");
    load();
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "status", "--extended");
    h.pmt("-f", D, "--output-format", "json-pretty", "status", "--extended");
    h.pmt("-f", D, "stat");
    h.assertGolden("pmt-status");
  }

  @Test
  void positioning() throws Exception {
    load();
    writeThreeFiles();
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "rewind");
    h.pmt("-f", D, "fsf", "2");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "bsf");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "fsfm", "1");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "bsfm", "1");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "fsr", "2");
    h.pmt("-f", D, "bsr");
    h.pmt("-f", D, "tell");
    h.pmt("-f", D, "--output-format", "json", "tell");
    h.pmt("-f", D, "seek", "6");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "asf", "1");
    h.pmt("-f", D, "--output-format", "json", "status");
    h.pmt("-f", D, "eod");
    h.pmt("-f", D, "status");
    assertEquals(ExitCode.FAILED.code(), h.pmt("-f", D, "fsf").exit());
    h.pmt("-f", D, "rewind");
    assertEquals(ExitCode.FAILED.code(), h.pmt("-f", D, "bsr", "1k").exit());
    h.pmt("-f", D, "--output-format", "json", "fsf", "1");
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "fsf", "-1").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "fsf", "x").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "frob").exit());
    h.assertGolden("pmt-positioning");
  }

  @Test
  void filemarksEraseFormat() throws Exception {
    load();
    writeThreeFiles();
    h.pmt("-f", D, "asf", "1");
    h.pmt("-f", D, "weof", "2");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "eof");
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "weof", "300").exit());
    h.pmt("-f", D, "asf", "1");
    h.pmt("-f", D, "erase", "0");
    h.pmt("-f", D, "eod");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "rewind");
    h.pmt("-f", D, "erase", "--fast");
    h.pmt("-f", D, "status");
    writeThreeFiles();
    h.pmt("-f", D, "format");
    h.pmt("-f", D, "eod");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "retension");
    h.assertGolden("pmt-filemarks-erase-format");
  }

  @Test
  void settingsLockAndUnload() throws Exception {
    load();
    h.pmt("-f", D, "setblk", "512");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "setblk", "0");
    h.pmt("-f", D, "compression", "0");
    h.pmt("-f", D, "options");
    h.pmt("-f", D, "options", "--defaults");
    h.pmt("-f", D, "--output-format", "json", "options", "--compression", "false", "--blocksize", "64k",
        "--buffer-mode", "false");
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "options", "--blocksize", "32M").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", D, "setblk", "32M").exit());
    h.pmt("-f", D, "lock");
    assertEquals(ExitCode.FAILED.code(), h.pmt("-f", D, "offline").exit());
    h.pmt("-f", D, "unlock");
    h.pmt("-f", D, "rewoffl");
    h.pmt("-f", D, "status");
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmt("-f", D, "rewind").exit());
    h.pmt("-f", D, "load");
    h.pmt("-f", D, "status");
    h.pmt("-f", D, "eject");
    h.pmtx("-f", "vtl:L700", "unload");
    h.pmt("-f", D, "status");
    h.assertGolden("pmt-settings");
  }

  @Test
  void reports() throws Exception {
    h.pmt("densities");
    h.pmt("--output-format", "json", "scan");
    load();
    writeThreeFiles();
    h.pmt("-f", D, "cartridge-memory");
    h.pmt("-f", D, "--output-format", "json", "cartridge-memory");
    h.pmt("-f", D, "volume-statistics");
    h.pmt("-f", D, "--output-format", "json", "volume-statistics");
    h.pmt("-f", D, "tape-alert-flags");
    try (ScsiTransport keepOpen = VirtualLibraries.open(D)) {
      VirtualLibraries.library(keepOpen).drive(0).raiseTapeAlert(20);
      VirtualLibraries.library(keepOpen).drive(0).raiseTapeAlert(3);
      h.pmt("-f", D, "status");
      h.pmt("-f", D, "--output-format", "json", "tape-alert-flags");
      h.pmt("-f", D, "tape-alert-flags");
    }
    h.assertGolden("pmt-reports");
  }

  @Test
  void deviceSelectionAndDeviceErrors() throws Exception {
    h.env(Map.of("TAPE", D));
    h.pmt("status");
    h.env(Map.of());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmt("status").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), h.pmt("-f", "vtl:L700", "status").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmt("-f", "vtl:L700:9", "status").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmt("-f", "vtl:NOPE:0", "status").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), h.pmt("-f", "/dev/null", "status").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmt("-f", "vtl:L700:x", "status").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmt("-f", "vtl:L700:2", "tell").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmt("-f", "vtl:L700:2", "cartridge-memory").exit());
    h.assertGolden("pmt-device-errors");
  }

  @Test
  void busyLibrary() throws Exception {
    try (dev.tapekit.vtl.VirtualLibrary other = dev.tapekit.vtl.VirtualLibrary.open(VtlHomeExtension.home(), "L700")) {
      ToolHarness.Result r = h.pmt("-f", D, "status");
      assertEquals(ExitCode.BUSY.code(), r.exit());
      assertTrue(r.err().contains("in use by another process"), r.err());
    }
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    ToolHarness.Result r = h.pmt("--help");
    assertEquals(0, r.exit());
    for (String c : new String[] {"status", "rewind", "fsf", "bsf", "fsfm", "bsfm", "fsr", "bsr", "eod", "seod",
        "weof", "eof", "erase", "offline", "rewoffl", "eject", "load", "lock", "unlock", "setblk", "compression",
        "tell", "seek", "asf", "densities", "retension", "cartridge-memory", "tape-alert-flags",
        "volume-statistics", "format", "options", "scan", "write", "read"}) {
      assertTrue(r.out().matches("(?s).*[ ,]" + c + "\\b.*"), c);
    }
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out().contains(c.meaning()), c.name());
    }
  }
}
