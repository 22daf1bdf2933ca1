package dev.tapekit.scsi.tape;

import java.time.Duration;

/**
 * Waits between polls of a slow device. Library code never calls {@code Thread.sleep} directly: it
 * takes a sleeper (and a {@link java.time.Clock}) so tests can run retry loops without waiting.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Returns after about {@code duration}; an interrupt ends the wait early with the exception. */
  void sleep(Duration duration) throws InterruptedException;
}
