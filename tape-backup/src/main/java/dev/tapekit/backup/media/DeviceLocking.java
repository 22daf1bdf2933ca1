package dev.tapekit.backup.media;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job takes the lock files of its devices ({@link DeviceLockFile}), the ones {@code pmt} and
 * {@code pmtx} honour: the drive's for the whole job (mode JOB), the changer's around each move
 * (mode COMMAND, as {@code pmtx} takes it). A lock is keyed by the device's identity (INQUIRY and its
 * serial number), read before the device is opened for commands that could disturb it.
 *
 * @param directory the lock directory ({@link DeviceLockFile#directory}: {@code TAPEKIT_LOCK_DIR},
 *     {@code /run/lock/tapekit}, ...)
 * @param job what the lock file names as the holder's job, e.g. {@code backup daily}
 * @param driveWait how long to wait for the drive when another job or tool holds it
 * @param changerWait how long to wait for the changer around a move (another job's move, a pmtx command)
 */
public record DeviceLocking(Path directory, String job, Duration driveWait, Duration changerWait) {
  public DeviceLocking {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(job, "job");
    if (driveWait.isNegative() || changerWait.isNegative()) {
      throw new IllegalArgumentException("lock waits are not negative");
    }
  }

  /** The default directory, no wait for the drive, and up to 10 minutes for the changer (a big library's moves queue). */
  public static DeviceLocking forJob(String job) {
    return new DeviceLocking(DeviceLockFile.directory(Optional.empty(), System.getenv()), job, Duration.ZERO,
        Duration.ofMinutes(10));
  }

  /**
   * Takes the lock of the drive behind {@code transport} for the job (a standalone drive's job holds it
   * as {@link LibraryDrive#open} does a library drive's); nothing for a device that is no tape drive.
   *
   * @throws dev.tapekit.scsi.DeviceLockedException when another job or tool holds it
   */
  public Closeable lockDrive(ScsiTransport transport) throws IOException {
    return lock(transport, DeviceLockKey.Kind.DRIVE, DeviceLockFile.Mode.JOB, driveWait);
  }

  /** The changer's key, read now (before the changer is opened), for {@link #lockChanger}. */
  static Optional<DeviceLockKey> changerKey(ScsiTransport transport) throws IOException {
    return DeviceLockKey.read(transport, DeviceLockKey.Kind.CHANGER);
  }

  /** Takes the changer's lock for one move. */
  Closeable lockChanger(Optional<DeviceLockKey> key, String device) throws IOException {
    if (key.isEmpty()) {
      return () -> {};
    }
    return DeviceLockFile.acquire(directory, key.get(), device, DeviceLockFile.Mode.COMMAND, job, changerWait);
  }

  private Closeable lock(ScsiTransport transport, DeviceLockKey.Kind kind, DeviceLockFile.Mode mode, Duration wait)
      throws IOException {
    Optional<DeviceLockKey> key = DeviceLockKey.read(transport, kind);
    if (key.isEmpty()) {
      return () -> {};
    }
    return DeviceLockFile.acquire(directory, key.get(), transport.deviceName(), mode, job, wait);
  }
}
