package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.job.BackupFlow;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.scsi.tape.EndOfDataResult;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapeDriveException;
import dev.tapekit.scsi.tape.TapePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PositionCountingTapeDrive} over the virtual drive, whose READ POSITION and LOCATE work: every
 * position the count gives is the drive's own, through the whole {@link BackupFlow} (so the kernel
 * test's positions are right where tgt cannot say) and through each positioning call.
 */
class PositionCountingTapeDriveTest {
  @TempDir
  Path dir;

  /** Compares each counted position with the drive's READ POSITION. */
  private static final class Checked extends PositionCountingTapeDrive {
    private final TapeDrive drive;
    final AtomicInteger checks = new AtomicInteger();

    Checked(TapeDrive drive) {
      super(drive);
      this.drive = drive;
    }

    @Override
    public TapePosition position() throws IOException {
      TapePosition counted = super.position();
      TapePosition real = drive.position();
      assertEquals(real.logicalObject(), counted.logicalObject(), "logical object");
      assertEquals(real.fileNumber(), counted.fileNumber(), "file number");
      checks.incrementAndGet();
      return counted;
    }
  }

  private Checked checked;

  private LibraryDrive open(String name) throws Exception {
    Path home = dir.resolve("vtl");
    Files.createDirectories(home);
    return VirtualLibraryDrives.open(home, name, 64, d -> checked = new Checked(d));
  }

  @Test
  void theFlowSeesTheDrivesOwnPositions() throws Exception {
    try (LibraryDrive library = open("COUNT")) {
      new BackupFlow(library, Files.createDirectories(dir.resolve("flow"))).treeRoundTrip(
          List.of("E01001L8", "E01002L8"));
      assertTrue(checked.checks.get() > 10, "positions asked: " + checked.checks.get());
    }
  }

  @Test
  void anEncryptedPoolTakesTheDrivesEncryptionWhereItHasIt() throws Exception {
    try (LibraryDrive library = open("COUNT")) {
      EncryptionMode mode = new BackupFlow(library, Files.createDirectories(dir.resolve("flow")))
          .encryptedRoundTrip("E01003L8");
      assertEquals(EncryptionMode.DRIVE, mode, "the virtual drive has AES-256-GCM");
    }
  }

  @Test
  void locateAndEndOfDataByCounting() throws Exception {
    try (LibraryDrive library = open("COUNT")) {
      TapeDrive drive = library.load("E01001L8");
      drive.setBlockSize(0);
      assertThrows(TapeDriveException.class, drive::position, "nothing counted before a rewind");
      drive.rewind();
      for (int file = 0; file < 3; file++) {
        for (int b = 0; b < 2 + file; b++) {
          drive.write(ByteBuffer.wrap(new byte[1000 + b]));
        }
        drive.writeFilemarks(1, false);
      }
      drive.write(ByteBuffer.wrap(new byte[10])); // a last file without its filemark
      assertEquals(13, drive.position().logicalObject());
      drive.locate(4);
      assertEquals(ReadResult.Kind.DATA, drive.read(ByteBuffer.allocate(1001)).kind());
      drive.locateFile(2);
      assertEquals(7, drive.position().logicalObject());
      drive.locate(1);
      drive.position();
      drive.locateFile(1);
      assertEquals(3, drive.position().logicalObject());
      EndOfDataResult end = drive.moveToEndOfData(true);
      assertTrue(end.filemarkWritten(), "the open last file is closed");
      assertEquals(14, end.position().logicalObject());
      assertFalse(drive.moveToEndOfData(true).filemarkWritten());
      drive.moveToLastFile();
      assertEquals(12, drive.position().logicalObject());
      drive.spaceFilemarks(1);
      assertThrows(TapeDriveException.class, drive::position, "SPACE is not counted");
      drive.locate(0);
      assertEquals(0, drive.position().logicalObject());
    }
  }
}
