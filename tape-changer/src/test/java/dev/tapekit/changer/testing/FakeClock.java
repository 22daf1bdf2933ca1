package dev.tapekit.changer.testing;

import dev.tapekit.changer.SmcChanger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to; its {@link #sleeper()} advances it instead of waiting. */
public final class FakeClock extends Clock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Duration slept = Duration.ZERO;
  private int sleeps;

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

  public void advance(Duration d) {
    now = now.plus(d);
  }

  public SmcChanger.Sleeper sleeper() {
    return d -> {
      sleeps++;
      slept = slept.plus(d);
      advance(d);
    };
  }

  public Duration slept() {
    return slept;
  }

  public int sleeps() {
    return sleeps;
  }
}
