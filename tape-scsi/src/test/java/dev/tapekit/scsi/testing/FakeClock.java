package dev.tapekit.scsi.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A UTC clock that moves only when told to, starting at 2026-01-01T00:00:00Z. {@link #sleep} is a
 * sleeper for library code (pass {@code clock::sleep} as a tape drive's or changer's sleeper): it
 * records the duration and advances the clock instead of waiting. Not thread-safe.
 */
public final class FakeClock extends Clock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Records a sleep of {@code d} and advances the clock by it. */
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }

  /** Every sleep so far, in order (a live, read-only view). */
  public List<Duration> sleeps() {
    return Collections.unmodifiableList(sleeps);
  }

  /** The sum of every sleep so far. */
  public Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
