package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.tape.TapeDrive;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tapes by barcode through the virtual library's changer and first drive (STK L700, mhvtl's layout). */
class LibraryDriveTest {
  private static final String NAME = "L700";

  @TempDir
  Path home;

  private LibraryDrive open() throws Exception {
    return VirtualLibraryDrives.open(home, NAME, 0);
  }

  @Test
  void tapesComeAndGoByBarcode() throws Exception {
    try (LibraryDrive library = open()) {
      assertEquals(Optional.empty(), library.loaded());
      assertTrue(library.reachable().contains("E01001L8") && library.reachable().contains("F01039L6"));
      TapeDrive drive = library.load("E01003L8");
      assertEquals(Optional.of("E01003L8"), library.loaded());
      drive.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      drive.writeFilemarks(1, false);
      library.load("E01005L8"); // E01003L8 goes back to slot 3 first
      assertEquals(Optional.of("E01005L8"), library.loaded());
      library.load("E01005L8"); // already there: no move
      library.load("E01003L8");
      drive.rewind();
      ByteBuffer back = ByteBuffer.allocate(64);
      drive.read(back);
      assertEquals(3, back.position(), "the tape that came back is the one written");
      library.unload();
      assertEquals(Optional.empty(), library.loaded());
      library.unload(); // an empty drive: nothing to do
    }
  }

  @Test
  void aTapeTheLibraryDoesNotHaveIsNamed() throws Exception {
    try (LibraryDrive library = open()) {
      MediaException e = assertThrows(MediaException.NotInLibrary.class, () -> library.load("NOPE01L9"));
      assertTrue(e.getMessage().contains("NOPE01L9") && e.getMessage().contains("import/export"), e.getMessage());
    }
  }
}
