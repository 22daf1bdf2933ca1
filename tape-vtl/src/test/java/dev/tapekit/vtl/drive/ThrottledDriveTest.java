package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.TestLibraries;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A throttled drive through the whole stack: a library whose {@code library.toml} says {@code throttle
 * = true} for drive 0 (an LTO-8 model), opened by address, driven by {@link ScsiTapeDrive}; the streaming
 * model is swapped for one on a fake clock so that nothing waits for real.
 */
class ThrottledDriveTest {
  private static final int BLOCK = 256 << 10;
  private static final ByteBuffer ZEROS = ByteBuffer.allocate(BLOCK); // all-zero blocks take no disk space

  @TempDir Path home;

  /** A clock that moves only when the test says so or the model sleeps. */
  private static final class FakeTime implements Sleeper {
    long nanos;

    @Override
    public void sleep(Duration d) {
      nanos += d.toNanos();
    }
  }

  private final FakeTime time = new FakeTime();
  private ScsiTransport transport;

  private LibraryLayout layout() {
    LibraryLayout base = TestLibraries.layout("THR", 2, 1, 2, Map.of(0, "E01001L8"), 8192,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    List<LibraryLayout.DriveSpec> drives = List.of(base.drives().get(0).withThrottle(LibraryLayout.ThrottleSpec.DEFAULTS),
        base.drives().get(1));
    return new LibraryLayout(base.name(), base.changer(), base.capacityMiB(), drives, base.cartridges());
  }

  /** Opens the library, puts the cartridge into drive 0 and gives the drive a model on the fake clock. */
  private ScsiTapeDrive open() throws IOException {
    transport = VirtualLibraries.open("vtl:THR:0", home);
    VirtualLibrary lib = VirtualLibraries.library(transport);
    DriveThrottle real = lib.drive(0).throttle().orElseThrow();
    DriveThrottle fake = new DriveThrottle(real.settings(), () -> time.nanos, time);
    fake.restore(real.counters());
    lib.drive(0).setThrottle(fake);
    if (lib.drive(0).cartridge() == null) {
      try (ScsiTransport changer = VirtualLibraries.open("vtl:THR", home)) {
        SmcChanger.open(changer).move(TestLibraries.STORAGE_START, TestLibraries.DRIVE_START);
      }
    }
    ScsiTapeDrive drive = ScsiTapeDrive.open(transport, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS);
    drive.setBlockSize(0);
    return drive;
  }

  private DriveThrottle.Counters counters() {
    return VirtualLibraries.library(transport).drive(0).throttle().orElseThrow().counters();
  }

  private static void write(ScsiTapeDrive drive, long bytes) throws IOException {
    for (long done = 0; done < bytes; done += BLOCK) {
      drive.write(ZEROS.duplicate());
    }
  }

  @Test
  void theLayoutDefaultsFollowTheDriveModel() {
    LibraryLayout l = layout();
    DriveThrottle.Settings s = l.drives().get(0).throttleSettings().orElseThrow();
    assertEquals(360, s.nativeMBps());
    assertEquals(112, s.floorMBps());
    assertTrue(l.drives().get(1).throttleSettings().isEmpty());
    assertEquals(l, LibraryLayout.parse(l.toToml()));
  }

  /** A one-drive layout whose drive has {@code keys} (TOML lines) after its NAA. */
  private static String toml(String model, String keys) {
    return """
        [library]
        name = "T"
        vendor = "HP"
        product = "MSL G3 Series"
        revision = "3.00"
        serial = "T01"
        naa = "50:00:00:00:00:00:00:01"
        transport = 1
        import_export_start = 16
        import_export_count = 1
        drive_start = 256
        storage_start = 4096
        storage_count = 2

        [[drive]]
        model = "%s"
        serial = "D1"
        naa = "50:00:00:00:00:00:00:02"
        %s
        """.formatted(model, keys);
  }

  private static String refusal(String model, String keys) {
    return assertThrows(IllegalArgumentException.class, () -> LibraryLayout.parse(toml(model, keys))).getMessage();
  }

  @Test
  void throttleKeysAreParsedWithOverridesAndRefusedOneByOne() {
    DriveThrottle.Settings lto9 = LibraryLayout.parse(toml("HP Ultrium 9-SCSI", "throttle = true")).drives().get(0)
        .throttleSettings().orElseThrow();
    assertEquals(400, lto9.nativeMBps());
    assertEquals(177, lto9.floorMBps());
    assertEquals(1L << 30, lto9.bufferBytes());
    assertEquals(Duration.ofSeconds(2), lto9.backhitch());
    LibraryLayout over = LibraryLayout.parse(toml("IBM ULT3580-TD5", """
        throttle = true
        throttle_native_mb_s = 150.5
        throttle_floor_mb_s = 50
        throttle_steps = 14
        throttle_buffer_mib = 512
        throttle_backhitch_ms = 1500"""));
    DriveThrottle.Settings s = over.drives().get(0).throttleSettings().orElseThrow();
    assertEquals(new DriveThrottle.Settings(150.5, 50, 14, 512L << 20, Duration.ofMillis(1500)), s);
    assertEquals(over, LibraryLayout.parse(over.toToml()));
    assertTrue(LibraryLayout.parse(toml("HP Ultrium 9-SCSI", "throttle = false")).drives().get(0).throttleSettings().isEmpty());
    assertTrue(LibraryLayout.parse(toml("HP Ultrium 9-SCSI", "")).drives().get(0).throttleSettings().isEmpty());

    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = \"yes\"").contains("drive.throttle must be true or false"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle_steps = 4").contains("drive.throttle_steps needs throttle = true"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_native_mb_s = -1").contains("throttle_native_mb_s"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_floor_mb_s = \"fast\"").contains("throttle_floor_mb_s"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_floor_mb_s = 500").contains("floor 500.0 MB/s"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_steps = 0").contains("throttle_steps 0"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_steps = 2.5").contains("throttle_steps must be a whole"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_buffer_mib = 0").contains("throttle_buffer_mib 0"));
    assertTrue(refusal("HP Ultrium 9-SCSI", "throttle = true\nthrottle_backhitch_ms = 61000").contains("throttle_backhitch_ms"));
    assertTrue(refusal("STK T10000B", "throttle = true").contains("no throttle defaults"));
    assertEquals(120, LibraryLayout.parse(toml("STK T10000B", "throttle = true\nthrottle_native_mb_s = 120\nthrottle_floor_mb_s = 40"))
        .drives().get(0).throttleSettings().orElseThrow().nativeMBps());
  }

  @Test
  void underrunsBlockingAndSyncPointsThroughScsiAndAcrossARestart() throws Exception {
    VirtualLibrary.create(home, layout(), Clock.systemUTC()).close();
    try (ScsiTapeDrive drive = open()) {
      write(drive, 1536L << 20); // faster than 360 MB/s: fills the 1 GiB buffer, then waits
      DriveThrottle.Counters c = counters();
      assertEquals(0, c.underruns());
      assertTrue(c.blockedNanos() > 0);
      assertEquals(360, c.speedMBps(), 1e-6);
      assertEquals(1536L << 20, c.bytesWritten());

      drive.writeFilemarks(1, false); // a sync point: waits for the buffer, no underrun
      assertTrue(counters().syncWaitNanos() > 0);
      time.nanos += 10_000_000_000L;
      write(drive, 512L << 20); // the tape starts again with a quarter of the buffer
      assertEquals(0, counters().underruns());

      time.nanos += 10_000_000_000L; // the host stalls longer than 512 MiB last
      write(drive, BLOCK);
      assertEquals(1, counters().underruns());

      write(drive, 512L << 20);
      drive.writeFilemarks(1, true); // IMMED: the drive answers at once and keeps streaming
      time.nanos += 10_000_000_000L;
      write(drive, BLOCK);
      assertEquals(2, counters().underruns());

      drive.rewind(); // a sync point too
      time.nanos += 10_000_000_000L;
      ByteBuffer in = ByteBuffer.allocate(BLOCK);
      long readStart = time.nanos;
      for (int i = 0; i < 256; i++) {
        in.clear();
        drive.read(in);
      }
      assertEquals(2, counters().underruns());
      assertEquals(64L << 20, counters().bytesRead());
      assertTrue(time.nanos - readStart >= (long) ((64L << 20) / 360e6 * 1e9), "READ is no faster than native");
    }
    // another process reads the counters: the library was closed when the last transport closed
    String state = Files.readString(home.resolve("THR").resolve("state.toml"));
    assertTrue(state.contains("[[throttle]]\nindex = 0\nunderruns = 2\n"), state);
    try (VirtualLibrary lib = VirtualLibrary.open(home, "THR")) {
      DriveThrottle.Counters c = lib.drive(0).throttle().orElseThrow().counters();
      assertEquals(2, c.underruns());
      assertEquals((1536L << 20) + (1024L << 20) + 2L * BLOCK, c.bytesWritten());
      assertTrue(lib.drive(1).throttle().isEmpty());
    }
  }

  @Test
  void aFailedWriteSurfacesAndMovesNothingThroughTheBuffer() throws Exception {
    VirtualLibrary.create(home, layout(), Clock.systemUTC()).close();
    try (ScsiTapeDrive drive = open()) {
      VirtualLibrary lib = VirtualLibraries.library(transport);
      lib.drive(0).faults().mediumErrorOnWrite(4);
      write(drive, 3L * BLOCK);
      long before = drive.position().logicalObject();
      assertThrows(IOException.class, () -> drive.write(ZEROS.duplicate()));
      assertEquals(before, drive.position().logicalObject(), "nothing recorded for the failed WRITE");
      assertEquals(3L * BLOCK, counters().bytesWritten());
      write(drive, BLOCK);
      assertEquals(4L * BLOCK, counters().bytesWritten());
    }
  }
}
