package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.DeviceLockedException;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.vtl.VirtualLibraries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's library drive holds the drive's lock file for as long as it is open (what pmt honours), and
 * the changer's around each move (what pmtx takes for its commands).
 */
class LibraryDriveLockTest {
  @TempDir
  Path home;

  private Path locks;

  @BeforeEach
  void library() throws Exception {
    VirtualLibraryDrives.open(home, "L700", 0).close(); // creates it
    locks = home.resolve("locks");
  }

  private LibraryDrive open(String job, Duration changerWait) throws Exception {
    return LibraryDrive.open(VirtualLibraries.open("vtl:L700", home), "L700", 0,
        VirtualLibraries.open("vtl:L700:0", home), Duration.ofSeconds(30), line -> {},
        new DeviceLocking(locks, job, Duration.ZERO, changerWait));
  }

  @Test
  void aSecondJobOnTheDriveIsRefusedWithTheHolderNamed() throws Exception {
    try (LibraryDrive first = open("backup daily", Duration.ZERO)) {
      first.load("E01001L8");
      DeviceLockedException e = assertThrows(DeviceLockedException.class, () -> open("restore", Duration.ZERO));
      assertTrue(e.getMessage().contains("backup daily"), e.getMessage());
      assertEquals(Optional.of("E01001L8"), first.loaded(), "the refused job did not touch the drive");
    }
    try (LibraryDrive again = open("restore", Duration.ZERO)) {
      assertEquals(Optional.of("E01001L8"), again.loaded());
    }
  }

  @Test
  void aMoveWaitsForTheChangerLock() throws Exception {
    try (LibraryDrive job = open("backup daily", Duration.ZERO)) {
      DeviceLockKey changer;
      try (ScsiTransport t = VirtualLibraries.open("vtl:L700", home)) {
        changer = DeviceLockKey.read(t, DeviceLockKey.Kind.CHANGER).orElseThrow();
      }
      try (DeviceLockFile pmtx = DeviceLockFile.acquire(locks, changer, "vtl:L700", DeviceLockFile.Mode.COMMAND,
          "pmtx load 3 0", Duration.ZERO)) {
        DeviceLockedException e = assertThrows(DeviceLockedException.class, () -> job.load("E01002L8"));
        assertTrue(e.getMessage().contains("pmtx load 3 0"), e.getMessage());
      }
      job.load("E01002L8");
      assertEquals(Optional.of("E01002L8"), job.loaded());
    }
  }
}
