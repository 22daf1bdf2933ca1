package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.FakeClock;
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
