package dev.tapekit.backup.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Counts a phase's bytes and files and tells a listener, at most four times a second and at the end.
 * Thread-safe (a backup counts bytes on the hasher's thread and entries on the reader's): the
 * listener is called under the meter's lock.
 */
final class ProgressMeter {
  private static final Duration EVERY = Duration.ofMillis(250);

  private final Progress.Listener listener;
  private final Clock clock;
  private String phase = "";
  private Optional<String> tape = Optional.empty();
  private OptionalLong total = OptionalLong.empty();
  private Instant started;
  private Instant told;
  private long bytes;
  private long files;

  ProgressMeter(Progress.Listener listener, Clock clock) {
    this.listener = listener;
    this.clock = clock;
    this.started = clock.instant();
    this.told = started;
  }

  /** Starts phase {@code name}, of {@code totalBytes} when known. */
  synchronized void phase(String name, OptionalLong totalBytes) {
    phase = name;
    total = totalBytes;
    started = clock.instant();
    bytes = 0;
    files = 0;
    tell();
  }

  /** The phase's total, once known (a backup learns it from a walk beside its own). */
  synchronized void total(long totalBytes) {
    total = OptionalLong.of(totalBytes);
  }

  synchronized void tape(String label) {
    tape = Optional.of(label);
    tell();
  }

  synchronized void add(long moreBytes, long moreFiles) {
    bytes += moreBytes;
    files += moreFiles;
    if (Duration.between(told, clock.instant()).compareTo(EVERY) >= 0) {
      tell();
    }
  }

  /** Tells the listener where the phase is now. */
  synchronized void tell() {
    Instant now = clock.instant();
    told = now;
    long millis = Math.max(1, Duration.between(started, now).toMillis());
    long rate = bytes * 1000 / millis;
    Optional<Duration> remaining = total.isPresent() && rate > 0
        ? Optional.of(Duration.ofSeconds(Math.max(0, total.getAsLong() - bytes) / rate))
        : Optional.empty();
    listener.progress(new Progress(phase, tape, bytes, total, files, rate, remaining));
  }
}
