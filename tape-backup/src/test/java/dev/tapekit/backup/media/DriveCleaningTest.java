package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.testing.FakeClock;
import dev.tapekit.scsi.testing.FixedSense;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.ScriptedTransport;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cleaning the virtual library's first drive with its CLN cartridges (slots 22 and 23 of L700). */
class DriveCleaningTest {
  @TempDir
  Path home;

  private final FakeClock clock = new FakeClock();

  private DriveCleaning cleaning(LibraryDrive library) {
    return new DriveCleaning(library, Duration.ofMinutes(10), clock, clock::sleep);
  }

  private void wearOut(String barcode) throws Exception {
    Path path = VirtualLibraryDrives.withLibrary(home, "L700", lib -> lib.cartridgePath(barcode));
    try (CartridgeFile f = CartridgeFile.open(path)) {
      f.updateInfo(i -> i.withCleaningUsesLeft(0));
    }
  }

  @Test
  void theDrivesTapeGoesBackTheCleanerCleansAndGoesBackWithItsUsesCounted() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0)) {
      library.load("E01003L8");
      DriveCleaning.Result r = cleaning(library).clean();
      assertTrue(r.cleaned(), r.describe());
      DriveCleaning.Cleaner c = r.cleanedWith().orElseThrow();
      assertEquals("CLN101L8", c.barcode());
      assertEquals(22, c.slot());
      assertEquals(OptionalLong.of(1), c.uses());
      assertEquals(OptionalLong.of(49), c.usesLeft(), "50 cleanings a cartridge, one used");
      assertEquals(List.of(), r.expired());
      assertEquals(Optional.empty(), library.loaded(), "the drive is empty afterwards");
      assertEquals("CLN101L8", library.library().slot(22).barcode().orElseThrow());
      assertEquals("E01003L8", library.library().slot(3).barcode().orElseThrow());
      assertEquals(OptionalLong.of(2), cleaning(library).clean().cleanedWith().orElseThrow().uses());
    }
  }

  @Test
  void anExpiredCleanerIsReportedAndTheNextOneCleans() throws Exception {
    wearOut("CLN101L8");
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0)) {
      DriveCleaning.Result r = cleaning(library).clean();
      assertEquals("CLN102L6", r.cleanedWith().orElseThrow().barcode());
      assertEquals(1, r.expired().size());
      DriveCleaning.Cleaner expired = r.expired().get(0);
      assertEquals("CLN101L8", expired.barcode());
      assertTrue(expired.expired());
      assertEquals(OptionalLong.of(0), expired.usesLeft());
      assertTrue(r.describe().contains("expired, replace: CLN101L8 (slot 22, expired"), r.describe());
      assertEquals("CLN101L8", library.library().slot(22).barcode().orElseThrow(), "back in its slot");
    }
  }

  @Test
  void aLibraryWhoseCleanersAreAllExpiredIsNotCleanedAndSaysSo() throws Exception {
    wearOut("CLN101L8");
    wearOut("CLN102L6");
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0)) {
      DriveCleaning.Result r = cleaning(library).clean();
      assertFalse(r.cleaned());
      assertEquals(2, r.expired().size());
      assertTrue(r.describe().startsWith("not cleaned: every cleaning cartridge is expired"), r.describe());
      assertEquals(Optional.empty(), library.loaded());
    }
  }

  /** The virtual library's changer feeding a scripted drive (the virtual drive does not report cleaning). */
  private LibraryDrive scriptedDrive(ScriptedTransport t) throws Exception {
    SmcChanger changer = SmcChanger.open(VirtualLibraries.open("vtl:L700", home));
    return new LibraryDrive(changer, "L700", 0, new ScsiTapeDrive(t, clock, clock::sleep), Duration.ofSeconds(30));
  }

  private static final String TUR = "00 00 00 00 00 00";
  private static final String LOG_SENSE_11 = "4d 00 51 00 00 00 00 02 00 00";
  private static final String LOG_SENSE_12 = "4d 00 52 00 00 00 00 02 00 00";
  private static final String READ_ATTRIBUTES = "8c 00 00 00 00 00 00 00 00 03 00 00 80 00 00 00";
  private static final String UNLOAD = "1b 00 00 00 00 00";
  private static final byte[] NO_ALERTS = Hex.bytes("12 00 00 0c 00 00 03 08 00 00 00 00 00 00 00 00");

  private static byte[] activity(DeviceActivity a) {
    return Hex.bytes(String.format("11 00 00 08 00 00 03 04 01 01 %02x 00", a.code()));
  }

  private static void loadsTheCleaner(ScriptedTransport t) {
    t.expect(LOG_SENSE_12).good(NO_ALERTS);
    t.expect(TUR).check(FixedSense.of(SenseKey.NOT_READY, AdditionalSense.CLEANING_CARTRIDGE_INSTALLED).bytes());
    t.expect(READ_ATTRIBUTES).check(FixedSense.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
        .bytes());
  }

  @Test
  void aDriveThatSaysItIsCleaningIsWaitedFor() throws Exception {
    ScriptedTransport t = new ScriptedTransport("/dev/sg-test");
    loadsTheCleaner(t);
    for (int i = 0; i < 3; i++) {
      t.expect(LOG_SENSE_11).good(activity(DeviceActivity.CLEANING));
    }
    t.expect(LOG_SENSE_11).good(activity(DeviceActivity.NONE));
    t.expect(LOG_SENSE_12).good(NO_ALERTS);
    t.expect(UNLOAD).good();
    try (LibraryDrive library = scriptedDrive(t)) {
      DriveCleaning.Result r = cleaning(library).clean();
      assertEquals("CLN101L8", r.cleanedWith().orElseThrow().barcode());
      assertEquals(OptionalLong.empty(), r.cleanedWith().get().uses(), "a drive without MAM: uses unknown");
      assertEquals(Duration.ofSeconds(15), clock.slept(), "three polls every 5 s");
      assertEquals("CLN101L8", library.library().slot(22).barcode().orElseThrow(), "returned");
      t.assertAllConsumed();
    }
  }

  @Test
  void aDriveStillCleaningAfterTheTimeoutIsAnError() throws Exception {
    ScriptedTransport t = new ScriptedTransport("/dev/sg-test");
    loadsTheCleaner(t);
    for (int i = 0; i <= 120; i++) {
      t.expect(LOG_SENSE_11).good(activity(DeviceActivity.CLEANING));
    }
    try (LibraryDrive library = scriptedDrive(t)) {
      MediaException e = assertThrows(MediaException.class, () -> cleaning(library).clean());
      assertTrue(e.getMessage().contains("L700:0 is still cleaning with CLN101L8 after 600 s")
          && e.getMessage().contains("still in the drive"), e.getMessage());
      assertEquals(Optional.of("CLN101L8"), library.loaded(), "the cleaner is left where it is");
      t.assertAllConsumed();
    }
  }

  @Test
  void aLibraryWithoutCleanerAsksForOne() throws Exception {
    List<LibraryLayout.CartridgeSpec> data = LibraryLayout.l700().cartridges().stream()
        .filter(c -> !c.barcode().startsWith("CLN")).toList();
    try (LibraryDrive library = VirtualLibraryDrives.openWith(home, "NOCLN", data)) {
      library.load("E01001L8");
      MediaException e = assertThrows(MediaException.NotInLibrary.class, () -> cleaning(library).clean());
      assertTrue(e.getMessage().contains("no cleaning cartridge") && e.getMessage().contains("import one"),
          e.getMessage());
      assertEquals(Optional.of("E01001L8"), library.loaded(), "nothing moved");
    }
  }
}
