package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TimeSpan} parsing, formatting and errors, without systemd. */
class TimeSpanTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      1y 6months 3h    | 47347200       | 0      | 1y 6month 3h
      2 weeks          | 1209600        | 0      | 2w
      7days            | 604800         | 0      | 1w
      1h30m            | 5400           | 0      | 1h 30min
      90               | 90             | 0      | 1min 30s
      1M               | 2629800        | 0      | 1month
      1m               | 60             | 0      | 1min
      12month          | 31557600       | 0      | 1y
      30d              | 2592000        | 0      | 4w 2d
      55s500ms         | 55             | 500000 | 55.500000s
      1500us           | 0              | 1500   | 1.500ms
      1min 500ms       | 60             | 500000 | 1min 500ms
      1h 1µs           | 3600           | 1      | 1h 1us
      0                | 0              | 0      | 0
      1 h 2 min 3 sec  | 3723           | 0      | 1h 2min 3s
      """)
  void parses(String text, long seconds, long micros, String normalized) {
    TimeSpan span = TimeSpan.parse(text);
    assertEquals(Duration.ofSeconds(seconds).plusNanos(micros * 1000), span.duration());
    assertEquals(normalized, span.normalized());
    assertEquals(text, span.text());
    assertEquals(text, span.toString());
  }

  @Test
  void ofADurationIsWrittenNormalized() {
    TimeSpan span = TimeSpan.of(Duration.ofDays(45));
    assertEquals("1month 2w 13h 30min", span.text());
    assertEquals(Duration.ofDays(45), span.duration());
    assertEquals(TimeSpan.parse("45d"), span);
    assertEquals(TimeSpan.parse("45d").hashCode(), span.hashCode());
    assertNotEquals(TimeSpan.parse("45d"), TimeSpan.parse("44d"));
    assertEquals(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000, 775_807_000),
        TimeSpan.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000, 775_807_000)).duration());
  }

  @Test
  void ofWritesPartsOfASecondInUnitsThatParseBack() {
    TimeSpan span = TimeSpan.of(Duration.ofMillis(61_500).plusNanos(7000));
    assertEquals("1min 1s 500ms 7us", span.text());
    assertEquals("1min 1.500007s", span.normalized());
    assertEquals(span, TimeSpan.parse(span.text()));
  }

  @Test
  void ofRefusesWhatASpanCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(Duration.ofNanos(1500)));
    assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000 + 1)));
  }

  /** Each refused text, the problem its message must name, and the 1-based character it points at. */
  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                  | it is empty                                  | 1
      "   "               | it is empty                                  | 1
      1.5h                | fractions are not accepted                   | 2
      2 fortnights        | 'fortnights' is not a unit                   | 3
      1MIN                | 'MIN' is not a unit                          | 2
      5ns                 | nanoseconds are finer than a time span holds | 2
      h                   | a number is missing before 'h'               | 1
      1h,30m              | a number is missing before ','               | 3
      -1s                 | a number is missing before '-'               | 1
      9223372036855s      | it is too long                               | 1
      99999999999999999999 | it is too long                              | 1
      """)
  void refusesWithAMessageSayingWhatAndWhere(String text, String problem, int character) {
    String message = assertThrows(IllegalArgumentException.class, () -> TimeSpan.parse(text)).getMessage();
    assertTrue(message.startsWith("invalid time span '" + text + "': " + problem), message);
    assertTrue(message.contains("(at character " + character + "); "), message);
  }

  @Test
  void anUnknownUnitListsTheKnownOnes() {
    String message = assertThrows(IllegalArgumentException.class, () -> TimeSpan.parse("3 fortnights")).getMessage();
    assertTrue(message.endsWith("; units are us, ms, s, min, h, d, w, M (months), y and their long forms"), message);
  }
}
