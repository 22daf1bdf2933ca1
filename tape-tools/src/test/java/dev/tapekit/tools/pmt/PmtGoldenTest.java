package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** pmt on drive 0. */
  private ToolHarness.Result d(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-f";
    all[1] = D;
    System.arraycopy(args, 0, all, 2, args.length);
    return h.pmt(all);
  }

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
    assertEquals(0, d("status").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), d("rewind").exit());
    d("status", "--output-format", "json");
    load();
    d("status");
    d("status", "--extended");
    d("--output-format", "json-pretty", "status", "--extended");
    d("stat");
    h.assertGolden("pmt-status");
  }

  /** mt's status bits that need no driver memory: BOT, WR_PROT, ONLINE, DR_OPEN (EOF: PmtStatusPositionTest). */
  @Test
  void statusBits() throws Exception {
    load();
    byte[] data = new byte[1000];
    assertEquals(0, h.pmt(data, "-f", D, "write").exit());
    d("status");
    d("rewind");
    d("status");
    d("fsr", "1");
    d("status");
    d("fsf", "1");
    d("status");
    d("eod");
    d("status");
    d("offline");
    assertEquals(0, h.pmtx("-f", "vtl:L700", "unload").exit());
    d("status");
    load();
    h.note("the cartridge's write-protect tab set");
    try (ScsiTransport keepOpen = VirtualLibraries.open(D)) {
      VirtualLibraries.library(keepOpen).drive(0).cartridge().updateInfo(i -> i.withWriteProtected(true));
      d("status");
      d("--output-format", "json", "status");
    }
    h.assertGolden("pmt-status-bits");
  }

  @Test
  void positioning() throws Exception {
    load();
    writeThreeFiles();
    d("status");
    d("rewind");
    d("fsf", "2");
    d("status");
    d("bsf");
    d("status");
    d("fsfm", "1");
    d("status");
    d("bsfm", "1");
    d("status");
    d("fsr", "2");
    d("bsr");
    d("tell");
    d("--output-format", "json", "tell");
    d("seek", "6");
    d("status");
    d("asf", "1");
    d("--output-format", "json", "status");
    d("rewind");
    d("seod");
    d("status");
    assertEquals(ExitCode.FAILED.code(), d("fsf").exit());
    d("rewind");
    assertEquals(ExitCode.FAILED.code(), d("bsr", "1k").exit());
    d("--output-format", "json", "fsf", "1");
    assertEquals(ExitCode.USAGE.code(), d("fsf", "-1").exit());
    assertEquals(ExitCode.USAGE.code(), d("fsf", "x").exit());
    assertEquals(ExitCode.USAGE.code(), d("frob").exit());
    h.assertGolden("pmt-positioning");
  }

  @Test
  void filemarksEraseFormat() throws Exception {
    load();
    writeThreeFiles();
    d("asf", "1");
    d("weof", "2");
    d("status");
    d("eof");
    assertEquals(ExitCode.USAGE.code(), d("weof", "300").exit());
    d("asf", "1");
    d("erase", "0");
    d("eod");
    d("status");
    d("rewind");
    d("erase", "--fast");
    d("status");
    writeThreeFiles();
    d("format");
    d("eod");
    d("status");
    d("retension");
    h.assertGolden("pmt-filemarks-erase-format");
  }

  @Test
  void settingsLockAndUnload() throws Exception {
    load();
    d("setblk", "512");
    d("status");
    d("setblk", "0");
    d("compression", "0");
    d("options");
    d("options", "--defaults");
    d("--output-format", "json", "options", "--compression", "false", "--blocksize", "64k",
        "--buffer-mode", "false");
    assertEquals(ExitCode.USAGE.code(), d("options", "--blocksize", "32M").exit());
    assertEquals(ExitCode.USAGE.code(), d("setblk", "32M").exit());
    d("lock");
    assertEquals(ExitCode.FAILED.code(), d("offline").exit());
    d("unlock");
    d("rewoffl");
    d("status");
    assertEquals(ExitCode.NO_MEDIUM.code(), d("rewind").exit());
    d("load");
    d("status");
    d("eject");
    h.pmtx("-f", "vtl:L700", "unload");
    d("status");
    h.assertGolden("pmt-settings");
  }

  @Test
  void reports() throws Exception {
    h.pmt("densities");
    h.pmt("--output-format", "json", "scan");
    load();
    writeThreeFiles();
    d("cartridge-memory");
    d("--output-format", "json", "cartridge-memory");
    d("volume-statistics");
    d("--output-format", "json", "volume-statistics");
    d("tape-alert-flags");
    try (ScsiTransport keepOpen = VirtualLibraries.open(D)) {
      VirtualLibraries.library(keepOpen).drive(0).raiseTapeAlert(20);
      VirtualLibraries.library(keepOpen).drive(0).raiseTapeAlert(3);
      d("status");
      d("--output-format", "json", "tape-alert-flags");
      d("tape-alert-flags");
    }
    h.assertGolden("pmt-reports");
  }

  /** Hardware AES-256-GCM on the virtual drive: status, set (hex, raw, stdin), clear, refusals; no key printed. */
  @Test
  void encryption() throws Exception {
    String hex = "00112233445566778899aabbccddeeff0123456789abcdef0f1e2d3c4b5a6978";
    byte[] raw = java.util.HexFormat.of().parseHex(hex);
    java.nio.file.Path hexFile = VtlHomeExtension.home().resolve("key.hex");
    java.nio.file.Path rawFile = VtlHomeExtension.home().resolve("key.bin");
    java.nio.file.Path shortFile = VtlHomeExtension.home().resolve("short.hex");
    java.nio.file.Files.writeString(hexFile, hex.toUpperCase(java.util.Locale.ROOT) + "\n");
    java.nio.file.Files.write(rawFile, raw);
    java.nio.file.Files.writeString(shortFile, hex.substring(2));
    d("encryption", "status");
    load();
    byte[] data = new byte[300_000];
    Arrays.fill(data, (byte) 'k');
    try (ScsiTransport keepOpen = VirtualLibraries.open(D)) {
      h.note("the library stays open in this process, so the drive keeps its key between invocations");
      d("encryption", "set", "--key-file", hexFile.toString());
      d("encryption", "status");
      assertEquals(0, h.pmt(data, "-f", D, "write").exit());
      d("rewind");
      assertEquals(data.length, d("read").binary().length);
      d("encryption", "clear");
      d("encryption", "status");
      d("rewind");
      assertEquals(ExitCode.FAILED.code(), d("read").exit());
      d("--output-format", "json", "encryption", "set", "--key-file", rawFile.toString());
      assertEquals(0, h.pmt(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "-f", D, "encryption", "set",
          "--key-file", "-").exit());
      d("rewind");
      assertEquals(data.length, d("read").binary().length);
      d("--output-format", "json", "encryption", "clear");
    }
    h.note("a new process opens the virtual library afresh, like a power cycle: the key is gone");
    d("encryption", "set", "--key-file", hexFile.toString());
    d("encryption", "status");
    assertEquals(ExitCode.USAGE.code(), d("encryption", "set").exit());
    assertEquals(ExitCode.USAGE.code(), d("encryption", "set", "--key-file", shortFile.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), d("encryption", "set", "--key-file", hexFile + ".missing").exit());
    assertEquals(ExitCode.USAGE.code(), d("encryption", "status", "--key-file", hexFile.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), d("encryption", "frob").exit());
    assertFalse(h.transcript().toLowerCase(java.util.Locale.ROOT).contains(hex.substring(0, 16)), "key printed");
    h.assertGolden("pmt-encryption");
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
      ToolHarness.Result r = d("status");
      assertEquals(4, other.drives().size());
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
        "volume-statistics", "format", "options", "scan", "write", "read", "encryption"}) {
      assertTrue(r.out().matches("(?s).*[ ,]" + c + "\\b.*"), c);
    }
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out().contains(c.meaning()), c.name());
    }
  }
}
