package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.policy.WriteSession;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.TapeDrive;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tape whose media set label's write failed as it joined its set: file 1 is empty (the writer closed
 * it with a filemark after the error) and nothing follows. The next job must be able to use it — it
 * holds nothing of the set — so {@link TapePreparation#prepare} writes the set label again. Found by
 * BufferedWriteFaultTest when, under load, its injected failure hit the set label's block: the clean
 * job after it then failed on "file 1 ... the file is empty". An empty file 1 with data after it is
 * damage and still refused.
 */
class InterruptedSetLabelTest {
  @TempDir Path dir;

  @Test
  void anEmptyLastFileOneIsWrittenAgainButNotOneWithFilesAfterIt() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 8)) {
      MediaPool pool = lib.pool("daily", Optional.empty(), "E01001L8", "E01002L8");
      WriteSession session = pool.startWriteSession(LockHolder.thisProcess("test", TwoDriveLibrary.CLOCK.instant(),
          LockHolder.Mode.EXCLUSIVE), true, Duration.ofSeconds(5));
      Media tape = session.tape();
      TapeDrive drive = lib.first.load(tape.label());
      drive.setBlockSize(0);
      drive.locateFile(1);
      drive.writeFilemarks(1, false); // the set label's block failed; the file was closed

      MediaSetLabel label = TapePreparation.prepare(drive, tape, session.set(), BlockHeader.DEFAULT_BLOCK,
          TwoDriveLibrary.CLOCK);
      assertEquals(session.set().uuid(), label.mediaSet());
      drive.rewind();
      TapeLabels onTape = TapeLabels.readLabels(new DriveBlockSource(drive, tape.label())).orElseThrow();
      assertEquals(Optional.of(label), onTape.mediaSet(), "the set label is on tape now");

      // the same empty file 1, but with a file after it: damage, not an interrupted label
      drive.locateFile(1);
      drive.writeFilemarks(1, false);
      drive.write(ByteBuffer.allocate(1024));
      drive.writeFilemarks(1, false);
      TapeFormatException e = assertThrows(TapeFormatException.class, () -> TapePreparation.prepare(drive, tape,
          session.set(), BlockHeader.DEFAULT_BLOCK, TwoDriveLibrary.CLOCK));
      assertTrue(e.getMessage().contains("file 1"), e.getMessage());
      session.close();
    }
  }
}
