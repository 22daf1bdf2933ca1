package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.job.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
  private static final long GIB = 1L << 30;

  /** A clock that moves only when told to. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-12-06T03:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final StepClock clock = new StepClock();
  private final StringWriter err = new StringWriter();

  private ProgressDisplay plain(boolean quiet) {
    return new ProgressDisplay(new PrintWriter(err), false, quiet, clock);
  }

  private List<String> lines() {
    return err.toString().lines().toList();
  }

  private static Progress backup(long bytes, Optional<String> tape, long rate, long secondsLeft) {
    return new Progress("backup", tape, bytes, OptionalLong.of(3 * GIB), bytes / 100_000, rate,
        rate == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(secondsLeft)));
  }

  @Test
  void aLineAtTheStartThenAtMostOneEveryFiveSecondsAndTheLastAtClose() {
    Optional<String> tape = Optional.of("E01001L8");
    try (ProgressDisplay d = plain(false)) {
      d.progress(backup(0, tape, 0, 0));
      for (int quarter = 1; quarter <= 40; quarter++) { // ten seconds, four reports a second
        clock.advance(Duration.ofMillis(250));
        d.progress(backup(quarter * 45_000_000L, tape, 180_000_000, 30 - quarter / 4));
      }
      clock.advance(Duration.ofMillis(100));
      d.progress(backup(1_818_000_000L, tape, 180_000_000, 8));
    }
    assertEquals(List.of(
        "backup: 0 B of 3.0 GiB, tape E01001L8",
        "backup: 858.3 MiB of 3.0 GiB, 9000 files, 180 MB/s, tape E01001L8, 25 s left",
        "backup: 1.7 GiB of 3.0 GiB, 18000 files, 180 MB/s, tape E01001L8, 20 s left",
        "backup: 1.7 GiB of 3.0 GiB, 18180 files, 180 MB/s, tape E01001L8, 8 s left"), lines());
  }

  @Test
  void aChangeOfTapeOrPhaseIsShownAtOnce() {
    try (ProgressDisplay d = plain(false)) {
      d.progress(backup(5 * GIB / 10, Optional.of("E01001L8"), 150_000_000, 40));
      clock.advance(Duration.ofSeconds(1));
      d.progress(backup(6 * GIB / 10, Optional.of("E01002L8"), 150_000_000, 35));
      clock.advance(Duration.ofSeconds(1));
      d.progress(backup(7 * GIB / 10, Optional.of("E01002L8"), 150_000_000, 30)); // within five seconds
      clock.advance(Duration.ofSeconds(1));
      d.progress(new Progress("reading", Optional.empty(), 0, OptionalLong.of(GIB), 0, 0, Optional.empty()));
    }
    assertEquals(List.of(
        "backup: 512.0 MiB of 3.0 GiB, 5368 files, 150 MB/s, tape E01001L8, 40 s left",
        "backup: 614.4 MiB of 3.0 GiB, 6442 files, 150 MB/s, tape E01002L8, 35 s left",
        "reading: 0 B of 1.0 GiB"), lines(), "the line within five seconds of the last was passed over");
  }

  @Test
  void unknownTotalsShowWhatIsKnown() {
    try (ProgressDisplay d = plain(false)) {
      d.progress(new Progress("listing", Optional.of("E01001L8"), 0, OptionalLong.empty(), 0, 0, Optional.empty()));
      clock.advance(Duration.ofSeconds(6));
      d.progress(new Progress("listing", Optional.of("E01001L8"), 0, OptionalLong.empty(), 1, 0, Optional.empty()));
      clock.advance(Duration.ofSeconds(6));
      d.progress(new Progress("writing files", Optional.empty(), 1500, OptionalLong.empty(), 2, 950,
          Optional.empty()));
      clock.advance(Duration.ofSeconds(6));
      d.progress(new Progress("writing files", Optional.empty(), 1500, OptionalLong.empty(), 2, 950,
          Optional.empty()));
    }
    assertEquals(List.of(
        "listing: 0 B, tape E01001L8",
        "listing: 1 file, tape E01001L8",
        "writing files: 1.5 KiB, 2 files, 950 B/s"), lines(), "the same line is not printed twice");
  }

  @Test
  void quietShowsNothing() {
    try (ProgressDisplay d = plain(true)) {
      d.progress(backup(GIB, Optional.of("E01001L8"), 180_000_000, 10));
      clock.advance(Duration.ofSeconds(10));
      d.progress(backup(2 * GIB, Optional.of("E01001L8"), 180_000_000, 5));
    }
    assertEquals("", err.toString());
  }

  @Test
  void units() {
    assertEquals("1023 B", ProgressDisplay.bytes(1023));
    assertEquals("1.0 KiB", ProgressDisplay.bytes(1024));
    assertEquals("18.0 TiB", ProgressDisplay.bytes(18L << 40));
    assertEquals("8.0 EiB", ProgressDisplay.bytes(Long.MAX_VALUE));
    assertEquals("999 B/s", ProgressDisplay.rate(999));
    assertEquals("1.0 kB/s", ProgressDisplay.rate(1000));
    assertEquals("9.9 MB/s", ProgressDisplay.rate(9_940_000));
    assertEquals("400 MB/s", ProgressDisplay.rate(400_000_000));
    assertEquals("0 s", ProgressDisplay.duration(Duration.ZERO));
    assertEquals("59 s", ProgressDisplay.duration(Duration.ofSeconds(59)));
    assertEquals("4 min 10 s", ProgressDisplay.duration(Duration.ofSeconds(250)));
    assertEquals("2 h 5 min", ProgressDisplay.duration(Duration.ofMinutes(125)));
    assertEquals("3 d 4 h", ProgressDisplay.duration(Duration.ofHours(76)));
  }

  /** The terminal's bar draws into the stream it is given and ends with a line break. */
  @Test
  void theBarDrawsAndEnds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter w = new PrintWriter(bytes, true, StandardCharsets.UTF_8);
    try (ProgressDisplay d = new ProgressDisplay(w, true, false, clock)) {
      d.progress(backup(0, Optional.of("E01001L8"), 0, 0));
      d.progress(backup(GIB, Optional.of("E01001L8"), 180_000_000, 12));
      d.progress(new Progress("reading", Optional.empty(), 512L << 20, OptionalLong.empty(), 3, 1_000_000,
          Optional.empty()));
    }
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.contains("backup  33%") && drawn.contains(" 1024/3072 MiB (") && drawn.contains(" / 0:00:12) ")
        && drawn.contains(" tape E01001L8"), drawn);
    assertTrue(drawn.contains("reading") && drawn.contains(" 512/? MiB "), drawn);
    assertTrue(drawn.startsWith("\r") && drawn.endsWith("\n"), drawn);
  }
}
