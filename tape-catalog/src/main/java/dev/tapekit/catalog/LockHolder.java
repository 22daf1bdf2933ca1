package dev.tapekit.catalog;

import dev.tapekit.scsi.HostName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Who holds or asks for a lock, so that a waiter can be told.
 *
 * @param host the host name
 * @param pid the process id
 * @param job what the process is doing, e.g. {@code backup daily} or {@code restore 5d0c7a2e}
 * @param since when the lock was granted (or asked for)
 * @param mode shared or exclusive
 */
public record LockHolder(String host, long pid, String job, Instant since, Mode mode) {
  /** How a lock is held. */
  public enum Mode {
    /** Others may hold it shared at the same time (restores of one media set). */
    SHARED,
    /** Nobody else holds it (a backup's media set, a drive, a pool during allocation). */
    EXCLUSIVE
  }

  public LockHolder {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(job, "job");
    since = since.truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(mode, "mode");
  }

  /** This process on this host, doing {@code job}. */
  public static LockHolder thisProcess(String job, Instant now, Mode mode) {
    return new LockHolder(HostName.get(), ProcessHandle.current().pid(), job, now, mode);
  }

  /** Whether the holder runs on this host (so its pid can be checked). */
  public boolean onThisHost() {
    return host.equals(HostName.get());
  }

  @Override
  public String toString() {
    return "'" + job + "' on " + host + " (pid " + pid + ", " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + " since " + since + ")";
  }
}
