package dev.tapekit.scsi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's lock file is held by someone else: another process (on this host, or on another one
 * sharing the lock directory) or another holder in this process. The message names the device, who
 * holds it — host, pid, job, mode and since when, or that the holder is unknown when the file says
 * nothing readable — and what to do.
 */
public class DeviceLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String device;
  private final transient DeviceLockKey key;
  private final transient Path lockFile;
  private final transient Optional<DeviceLockFile.Holder> holder;

  /**
   * @param device the name the device was opened by, e.g. {@code /dev/nst0}
   * @param holder who holds the lock; empty when the lock file says nothing readable
   * @param waited how long the caller waited for the lock before giving up (zero: it tried once)
   */
  public DeviceLockedException(String device, DeviceLockKey key, Path lockFile, Optional<DeviceLockFile.Holder> holder,
      Duration waited) {
    super(message(device, key, lockFile, holder, waited));
    this.device = Objects.requireNonNull(device, "device");
    this.key = key;
    this.lockFile = lockFile;
    this.holder = holder;
  }

  private static String message(String device, DeviceLockKey key, Path lockFile,
      Optional<DeviceLockFile.Holder> holder, Duration waited) {
    StringBuilder sb = new StringBuilder();
    sb.append(key.kind().word()).append(' ').append(device).append(" (").append(key).append(") is locked by ");
    if (holder.isPresent()) {
      DeviceLockFile.Holder h = holder.get();
      sb.append(h.describe());
      if (!waited.isZero()) {
        sb.append("; waited ").append(seconds(waited));
      }
      sb.append(h.mode() == DeviceLockFile.Mode.JOB
          ? "; wait for the job to finish, or stop it (process " + h.pid() + " on " + h.host() + ")"
          : "; it holds it for one command: try again in a moment");
    } else {
      sb.append("an unknown holder (the lock file ").append(lockFile).append(" names nobody readable)");
      if (!waited.isZero()) {
        sb.append("; waited ").append(seconds(waited));
      }
      sb.append("; find the process with: fuser -v ").append(lockFile).append(" (or lslocks), then wait for it or stop it");
    }
    return sb.toString();
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** The name the device was opened by. */
  public String device() {
    return device;
  }

  public DeviceLockKey key() {
    return key;
  }

  /** The lock file that is held. */
  public Path lockFile() {
    return lockFile;
  }

  /** Who holds the lock; empty when its file names nobody readable. */
  public Optional<DeviceLockFile.Holder> holder() {
    return holder;
  }
}
