package dev.tapekit.backup.media;

import dev.tapekit.scsi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Waiting between polls of a drive: a clock that measures the wait and a sleeper that passes the
 * interval, both replaceable so tests do not wait.
 */
final class Polling {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;

  Polling(Clock clock, Sleeper sleeper, Duration interval) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.interval = interval;
  }

  Instant now() {
    return clock.instant();
  }

  /** How long since {@code start}. */
  Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /**
   * Waits one interval.
   *
   * @param what what is waited for, for the message should the thread be interrupted
   */
  void pause(String what) throws MediaException {
    try {
      sleeper.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MediaException("interrupted while waiting: " + what);
    }
  }
}
