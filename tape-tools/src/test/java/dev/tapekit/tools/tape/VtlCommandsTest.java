package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.DriveThrottle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape vtl}: golden transcripts, the libraries and configuration it writes, and bad input. */
@ExtendWith(VtlHomeExtension.class)
class VtlCommandsTest {
  static final String SMALL = """
      [library]
      name = "SMALL"
      vendor = "HP"
      product = "MSL G3 Series"
      revision = "3.00"
      serial = "SMALL01"
      naa = "50:00:00:00:00:00:00:01"
      transport = 1
      import_export_start = 16
      import_export_count = 1
      drive_start = 256
      storage_start = 4096
      storage_count = 4
      capacity_mb = 16

      [[drive]]
      model = "HP Ultrium 9-SCSI"
      serial = "HPDRIVE1"
      naa = "50:00:00:00:00:00:00:02"

      [[cartridge]]
      barcode = "S00001L9"
      slot = 1
      """;

  @Test
  void createListStatusImportExportRemove() throws Exception {
    TapeHome t = new TapeHome();
    ToolHarness.Result r = t.tape("vtl", "create", "lib1", "--capacity", "24M");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(t.vtl.resolve("lib1/cartridges/E01001L8.tkc")));
    Path layout = Files.writeString(t.home.resolve("small.toml"), SMALL);
    r = t.tape("vtl", "create", "small", "--layout", layout.toString(), "--output-format", "json-pretty");
    assertEquals(0, r.exit(), r.err());
    t.harness.note("tape.toml:\n" + Files.readString(t.config.resolve("tape.toml")));
    assertTrue(Files.readString(t.vtl.resolve("lib1/library.toml")).contains("serial = \"lib1_1\""));
    assertTrue(Files.readString(t.vtl.resolve("lib1/library.toml")).contains("capacity_mb = 24"));
    t.tape("vtl", "list");
    t.tape("vtl", "list", "--output-format", "json");
    assertEquals(0, t.tape("vtl", "import", "small", "S00009L9").exit());
    t.tape("vtl", "status", "small");
    assertEquals(ExitCode.DESTINATION_FULL.code(), t.tape("vtl", "import", "small", "S00010L9").exit());
    assertEquals(0, t.tape("vtl", "export", "small", "S00009L9", "--output-format", "json").exit());
    t.tape("vtl", "status", "small", "--output-format", "json");
    assertEquals(0, t.tape("vtl", "import", "small", "S00009L9", "--mail-slot", "1", "--output-format", "json").exit());
    // what the library's own changer reports
    assertEquals(0, t.tape("changer", "status", "small").exit());
    r = t.tape("vtl", "remove", "small");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), r.err());
    assertEquals(0, t.tape("pool", "create", "daily", "--drive", "small-0").exit());
    r = t.tape("vtl", "remove", "small", "--force", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertFalse(Files.exists(t.vtl.resolve("small")));
    t.harness.note("tape.toml:\n" + Files.readString(t.config.resolve("tape.toml")));
    t.tape("pool", "list");
    assertEquals(0, t.tape("vtl", "create", "L80", "--profile", "L80", "--no-config").exit());
    assertEquals(0, t.tape("vtl", "remove", "L80").exit());
    t.tape("vtl", "list");
    t.harness.assertGolden("tape-vtl");
  }

  /**
   * {@code --throttle}, and the counters another process left: a writer opens the library, writes
   * through drive 0 (its model on a fake clock, so nothing waits and the figures are exact), lets the
   * buffer run empty once and closes; {@code tape vtl status} then reports them.
   */
  @Test
  void createThrottledAndReadTheCountersAWriterLeft() throws Exception {
    TapeHome t = new TapeHome();
    Path layout = Files.writeString(t.home.resolve("small.toml"), SMALL);
    ToolHarness.Result r = t.tape("vtl", "create", "thr", "--layout", layout.toString(), "--capacity", "4G", "--throttle");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.readString(t.vtl.resolve("thr/library.toml")).contains("throttle = true"));
    t.tape("vtl", "status", "thr", "--output-format", "json");

    long[] nanos = {0};
    Sleeper fake = d -> nanos[0] += d.toNanos();
    try (VirtualLibrary lib = VirtualLibrary.open(t.vtl, "thr")) {
      DriveThrottle real = lib.drive(0).throttle().orElseThrow();
      lib.drive(0).setThrottle(new DriveThrottle(real.settings(), () -> nanos[0], fake));
      SmcChanger.open(lib.changer().newInitiator()).move(4096, 256);
      ScsiTapeDrive drive = ScsiTapeDrive.open(lib.drive(0).newInitiator(), ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS);
      drive.setBlockSize(0);
      ByteBuffer zeros = ByteBuffer.allocate(256 << 10);
      for (int i = 0; i < 6 * 1024; i++) { // 1.5 GiB, faster than 400 MB/s: the last 512 MiB wait
        drive.write(zeros.duplicate());
      }
      nanos[0] += Duration.ofSeconds(10).toNanos(); // a stall longer than the 1 GiB buffer lasts
      drive.write(zeros.duplicate());
      drive.writeFilemarks(1, false);
    }
    r = t.tape("vtl", "status", "thr");
    assertEquals(0, r.exit(), r.err());
    r = t.tape("vtl", "status", "thr", "--output-format", "json");
    assertTrue(r.out().contains("\"underruns\":1,"), r.out());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "l80", "--profile", "L80", "--throttle").exit());
    t.harness.assertGolden("tape-vtl-throttle");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "x1", "--profile", "L9000").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "x1", "--capacity", "lots").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "x1", "--capacity", "512K").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "x1", "--profile", "L80", "--layout", "f").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("vtl", "create", "x1", "--layout", "/nonexistent.toml").exit());
    Path bad = Files.writeString(t.home.resolve("bad.toml"), "[library]\nname = \"B\"\n");
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "x1", "--layout", bad.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "create", "bad.name").exit());
    assertEquals(0, t.tape("vtl", "create", "x1").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("vtl", "create", "x1").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("changer", "remove", "x1").exit(), "its drives use the changer");
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("vtl", "status", "nope").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("vtl", "import", "nope", "E01099L8").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "import", "x1", "BADBARCODE").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("vtl", "import", "x1", "E01001L8").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("vtl", "import", "x1", "E01099L8", "--mail-slot", "5").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("vtl", "export", "x1", "E01001L8").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("vtl", "export", "x1", "E01099L8").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("vtl", "remove", "nope").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("vtl", "remove", "x1").exit());
    t.harness.assertGolden("tape-vtl-errors");
  }
}
