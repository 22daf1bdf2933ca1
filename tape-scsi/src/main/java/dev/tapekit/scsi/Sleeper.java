package dev.tapekit.scsi;

import java.time.Duration;

/**
 * Waits between polls of a slow device, or (in a virtual device) to imitate a slow one. Library code
 * never calls {@code Thread.sleep} directly: it takes a sleeper (and a {@link java.time.Clock}) so
 * tests can run retry loops without waiting. One interface for the drive, the changer and the virtual
 * library, so one fake clock serves them all.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  /** Returns after about {@code duration}; an interrupt ends the wait early with the exception. */
  void sleep(Duration duration) throws InterruptedException;
}
