package dev.tapekit.backup.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.job.BackupFlow;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.PositionCountingTapeDrive;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.sgio.kernel.KernelDevices;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tape-backup's flow ({@link BackupFlow}) on the tgt library of the real-kernel harness: the changer
 * and drive 0 through SgIoTransport and the guest's sg driver, tapes labelled, a generated tree backed
 * up, restored whole and one file of it, the set verified; and an encrypted pool.
 *
 * <p>tgt's drive has no LOCATE and its READ POSITION always says object 0 ({@link #tgtCannotLocate}),
 * so the jobs see it through {@link PositionCountingTapeDrive}: positions counted from BOT, LOCATE by
 * reading forward. Everything else is the drive's: every block written and read goes through SG_IO.
 *
 * <p>The guest script keeps TK0002L8 in drive 0 during the JUnit run; each test leaves it there again.
 * The tapes used here are ones the guest's shell checks and the other kernel tests only move, never
 * write: TK0007L8 and TK0008L8 for the tree, TK0003L8 for the encrypted pool (tgt has neither ERASE
 * nor FORMAT MEDIUM, so a written tape cannot be made blank again).
 */
@Tag("kernel")
class BackupKernelTest {
  private static final Duration READY = Duration.ofMinutes(2);
  private static final String HOME_TAPE = "TK0002L8";

  private final KernelDevices devices = KernelDevices.get();

  @TempDir
  Path dir;

  /** The tgt changer and drive 0 as a job sees them; closing puts TK0002L8 back into the drive. */
  private final class Tgt implements Closeable {
    final SgIoTransport changer = SgIoTransport.open(devices.sg("changer"));
    final ScsiTapeDrive drive;
    final LibraryDrive library;

    Tgt() throws IOException {
      try {
        drive = ScsiTapeDrive.open(SgIoTransport.open(devices.sg("drive0")));
        library = new LibraryDrive(SmcChanger.open(changer), "TGT", 0, new PositionCountingTapeDrive(drive), READY);
      } catch (IOException | RuntimeException e) {
        changer.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        library.load(HOME_TAPE);
      } finally {
        try {
          library.close();
        } finally {
          changer.close();
        }
      }
    }
  }

  @Test
  void aTreeBacksUpToTgtTapesAndRestoresAsItWas() throws Exception {
    try (Tgt tgt = new Tgt()) {
      new BackupFlow(tgt.library, Files.createDirectories(dir.resolve("flow")))
          .treeRoundTrip(List.of("TK0007L8", "TK0008L8"));
    }
  }

  /** tgt has no SECURITY PROTOCOL IN/OUT: an encrypted pool is encrypted in software there. */
  @Test
  void anEncryptedPoolIsEncryptedInSoftwareOnTgt() throws Exception {
    try (Tgt tgt = new Tgt()) {
      EncryptionMode mode = new BackupFlow(tgt.library, Files.createDirectories(dir.resolve("flow")))
          .encryptedRoundTrip("TK0003L8");
      assertEquals(EncryptionMode.SOFTWARE, mode);
    }
  }

  /**
   * Why the jobs see tgt's drive through {@link PositionCountingTapeDrive}: LOCATE is not an operation
   * tgt's tape emulation knows. Should a tgt version gain it, this fails, and the count can go.
   */
  @Test
  void tgtCannotLocate() throws Exception {
    try (Tgt tgt = new Tgt()) {
      tgt.library.load(HOME_TAPE);
      tgt.drive.rewind();
      ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> tgt.drive.locate(1));
      assertTrue(e.sense().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false), e.getMessage());
    }
  }
}
