package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.time.SystemdAnalyze.Span;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TimeSpan} against {@code systemd-analyze timespan}: its "μs:" and "Human:" lines. */
class SystemdAnalyzeTimeSpanTest {
  /** Accepted by systemd, PBS and {@link TimeSpan}. */
  static final List<String> SHARED = List.of(
      "2 weeks", "7days", "1y 6months 3h", "1h30m", "1h 30m", "90", "0", "0 ms", "5 ", " 5", "1 1", "1s1s", "1d2",
      "2 h", "2hours", "48hr", "1y 12month", "55s500ms", "300ms20s 5day", "1us", "1usec", "1\u00b5s", "1msec",
      "1500us", "10ms 5us", "1s 10ms", "1min 500ms", "1h 1us", "1M", "1m", "1month", "3 months", "1w", "4w", "5w",
      "30d", "31d", "365d", "366d", "1d 25h", "61s", "3600s", "86400s", "2629801s", "31557601s", "2 years",
      "1 year", "1 week 1 day", "1y 1M 1w 1d 1h 1min 1s 1ms 1us", "18446744073s", "9223372036854s",
      "1 h 2 min 3 sec", "3 seconds", "45 minutes", "1 minute 1 second");

  /** A span one side accepts, and why the other does not. */
  record Difference(String span, String reason) {}

  /** Accepted by systemd, refused by {@link TimeSpan} (and by PBS). */
  static final List<Difference> SYSTEMD_ONLY = List.of(
      new Difference("1.5h", "fractions: PBS reads whole numbers only"),
      new Difference("59.5s", "fractions"),
      new Difference("infinity", "PBS has no infinite span (a pool keeps tapes with 'keep')"),
      new Difference("+1s", "a sign: PBS reads digits only"),
      new Difference("9223372036855s", "longer than a Java Duration of microseconds in a long (about 292,000 years)"));

  /** Accepted by PBS, refused by systemd-analyze and by {@link TimeSpan}. */
  static final List<Difference> PBS_ONLY = List.of(
      new Difference("1ns", "nanoseconds: finer than systemd's microseconds"),
      new Difference("5 nsec", "nanoseconds"),
      new Difference(" ", "PBS reads nothing as 0 s; systemd and tapekit want a number"));

  @BeforeAll
  static void systemd() {
    SystemdAnalyze.assumeInstalled();
  }

  @ParameterizedTest(name = "[{0}]")
  @FieldSource("SHARED")
  void sameAsSystemd(String text) {
    Span systemd = SystemdAnalyze.timespan(text);
    TimeSpan span = TimeSpan.parse(text);
    long micros = Math.addExact(Math.multiplyExact(span.duration().getSeconds(), 1_000_000L),
        span.duration().getNano() / 1000);
    assertEquals(systemd.micros(), Optional.of(micros), "microseconds");
    assertEquals(systemd.human(), span.normalized(), "Human:");
    assertEquals(span, TimeSpan.parse(TimeSpan.of(span.duration()).text()), "of(duration).text() reads back");
  }

  static Stream<Difference> systemdOnly() {
    return SYSTEMD_ONLY.stream();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("systemdOnly")
  void refusedHereAcceptedBySystemd(Difference d) {
    assertTrue(SystemdAnalyze.timespan(d.span()).micros().isPresent(), "systemd refuses '" + d.span() + "': " + d.reason());
    assertThrows(IllegalArgumentException.class, () -> TimeSpan.parse(d.span()), d.reason());
  }

  static Stream<Difference> pbsOnly() {
    return PBS_ONLY.stream();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("pbsOnly")
  void refusedHereAndBySystemd(Difference d) {
    assertEquals(Optional.empty(), SystemdAnalyze.timespan(d.span()).micros(), "systemd accepts '" + d.span() + "'");
    assertThrows(IllegalArgumentException.class, () -> TimeSpan.parse(d.span()), d.reason());
  }

  @Test
  void theUnitsHaveSystemdsLengths() {
    assertEquals(Duration.ofSeconds(2_629_800), TimeSpan.parse("1M").duration(), "a month is 30.44 days");
    assertEquals(Duration.ofSeconds(31_557_600), TimeSpan.parse("1y").duration(), "a year is 365.25 days");
    assertEquals(SystemdAnalyze.timespan("1M").micros(), Optional.of(2_629_800_000_000L));
    assertEquals(SystemdAnalyze.timespan("1y").micros(), Optional.of(31_557_600_000_000L));
  }
}
