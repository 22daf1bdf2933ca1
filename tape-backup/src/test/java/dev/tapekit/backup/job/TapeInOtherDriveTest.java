package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.MediaException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tape another drive holds (left there by another host's job on a shared library, or a job that did
 * not eject) is not taken from that drive: the load says which drive has it and how to unload it, and
 * nothing moves.
 */
class TapeInOtherDriveTest {
  @TempDir Path dir;

  @Test
  void theLoadNamesTheDriveThatHoldsTheTapeAndMovesNothing() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 8)) {
      lib.second.load("E01001L8");
      MediaException.NotInLibrary e = assertThrows(MediaException.NotInLibrary.class, () -> lib.first.load("E01001L8"));
      assertTrue(e.getMessage().contains("tape E01001L8 is in drive 1, not in a slot"), e.getMessage());
      assertTrue(e.getMessage().contains("unload 1"), e.getMessage());
      assertEquals(Optional.of("E01001L8"), lib.second.loaded(), "still in the other drive");
      assertEquals(Optional.empty(), lib.first.loaded());
    }
  }
}
