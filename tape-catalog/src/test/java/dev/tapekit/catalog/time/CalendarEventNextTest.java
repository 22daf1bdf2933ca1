package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CalendarEvent#next} for cases worked out by hand (no systemd needed). */
class CalendarEventNextTest {
  /** Each event, a time, and its first elapse strictly after that time ("never" for none). */
  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', textBlock = """
      mon 2:00               | 2026-01-04T10:00Z[UTC]                    | 2026-01-05T02:00Z[UTC]
      daily                  | 2026-01-01T00:00Z[UTC]                    | 2026-01-02T00:00Z[UTC]
      daily                  | 2025-12-31T23:59:59.999999999Z[UTC]       | 2026-01-01T00:00Z[UTC]
      *:*:*                  | 2026-01-01T00:00:00.5Z[UTC]               | 2026-01-01T00:00:01Z[UTC]
      *:0/15                 | 2026-01-01T10:59:59.5Z[UTC]               | 2026-01-01T11:00Z[UTC]
      *-02-29                | 2025-03-01T00:00Z[UTC]                    | 2028-02-29T00:00Z[UTC]
      Mon *-02-29            | 2026-01-01T00:00Z[UTC]                    | 2044-02-29T00:00Z[UTC]
      *-02-30                | 2026-01-01T00:00Z[UTC]                    | never
      2020-01-01             | 2021-01-01T00:00Z[UTC]                    | never
      2199-12-31 23:59:59    | 2199-12-31T23:59:58Z[UTC]                 | 2199-12-31T23:59:59Z[UTC]
      daily                  | 2199-12-31T00:00Z[UTC]                    | never
      *-*-31                 | 2026-04-01T00:00Z[UTC]                    | 2026-05-31T00:00Z[UTC]
      *-*-29..31 12:00       | 2027-02-27T00:00Z[UTC]                    | 2027-03-29T12:00Z[UTC]
      *-12-31 23:59:59       | 2026-12-31T23:59:59Z[UTC]                 | 2027-12-31T23:59:59Z[UTC]
      *-01-01                | 2026-12-31T23:59:59Z[UTC]                 | 2027-01-01T00:00Z[UTC]
      Sat *-1..7 15:00       | 2026-01-03T15:00Z[UTC]                    | 2026-02-07T15:00Z[UTC]
      Fri *-*-13             | 2026-01-01T00:00Z[UTC]                    | 2026-02-13T00:00Z[UTC]
      fri..mon 8:00          | 2026-01-06T00:00Z[UTC]                    | 2026-01-09T08:00Z[UTC]
      */20:00                | 2026-01-01T20:00Z[UTC]                    | 2026-01-02T00:00Z[UTC]
      *:0/7                  | 2026-05-05T23:56:00Z[UTC]                 | 2026-05-06T00:00Z[UTC]
      *:*:0/7                | 2026-05-05T10:59:56Z[UTC]                 | 2026-05-05T11:00Z[UTC]
      *-1/5-1                | 2026-12-20T00:00Z[UTC]                    | 2027-01-01T00:00Z[UTC]
      *-*-* 02:30            | 2026-03-28T12:00+01:00[Europe/Vienna]     | 2026-03-30T02:30+02:00[Europe/Vienna]
      *:30                   | 2026-03-29T01:30+01:00[Europe/Vienna]     | 2026-03-29T03:30+02:00[Europe/Vienna]
      *-*-* 02:30            | 2026-10-24T12:00+02:00[Europe/Vienna]     | 2026-10-25T02:30+02:00[Europe/Vienna]
      *-*-* 02:30            | 2026-10-25T02:10+01:00[Europe/Vienna]     | 2026-10-25T02:30+01:00[Europe/Vienna]
      *:0/20                 | 2026-10-25T02:50+02:00[Europe/Vienna]     | 2026-10-25T03:00+01:00[Europe/Vienna]
      *:59:59                | 2026-10-25T02:59:59+02:00[Europe/Vienna]  | 2026-10-25T03:59:59+01:00[Europe/Vienna]
      *:*:*                  | 2026-10-25T02:59:59.999999+02:00[Europe/Vienna] | 2026-10-25T02:00+01:00[Europe/Vienna]
      0/7:00                 | 2026-10-24T21:00+02:00[Europe/Vienna]     | 2026-10-25T00:00+02:00[Europe/Vienna]
      2:30                   | 2026-03-07T12:00-05:00[America/New_York]  | 2026-03-09T02:30-04:00[America/New_York]
      1:30                   | 2026-11-01T00:00-04:00[America/New_York]  | 2026-11-01T01:30-04:00[America/New_York]
      1:30                   | 2026-11-01T01:10-05:00[America/New_York]  | 2026-11-01T01:30-05:00[America/New_York]
      """)
  void nextElapse(String event, String after, String expected) {
    Optional<ZonedDateTime> next = CalendarEvent.parse(event).next(ZonedDateTime.parse(after));
    assertEquals(expected.equals("never") ? Optional.empty() : Optional.of(ZonedDateTime.parse(expected)), next);
  }

  @Test
  void instantsAreReadInTheGivenZone() {
    CalendarEvent event = CalendarEvent.parse("mon..fri 22:00");
    Instant friday = Instant.parse("2026-01-02T21:00:00Z"); // 22:00 in Vienna
    assertEquals(Optional.of(Instant.parse("2026-01-05T21:00:00Z")), event.next(friday, ZoneId.of("Europe/Vienna")));
    assertEquals(Optional.of(Instant.parse("2026-01-02T22:00:00Z")), event.next(friday, ZoneId.of("UTC")));
    assertEquals(Optional.of(Instant.parse("2026-01-03T03:00:00Z")),
        event.next(friday, ZoneId.of("America/New_York")));
  }

  @Test
  void nothingElapsesAfter2199() {
    CalendarEvent event = CalendarEvent.parse("*:*:*");
    assertEquals(Optional.empty(), event.next(Instant.parse("2200-01-01T07:59:59Z"), ZoneId.of("America/Los_Angeles")));
    assertEquals(Optional.of(Instant.parse("2200-01-01T07:59:59Z")),
        event.next(Instant.parse("2200-01-01T07:59:58Z"), ZoneId.of("America/Los_Angeles")));
    assertEquals(Optional.empty(), event.next(Instant.MAX, ZoneId.of("UTC")));
  }

  @Test
  void searchesByFieldNotBySecond() {
    // From year 1 an event that never happens is searched up to 2199, and a rare one found. A search
    // second by second would take hours; the generous bound only stops such a search.
    ZonedDateTime start = ZonedDateTime.parse("0001-01-01T00:00Z[UTC]");
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      assertEquals(Optional.empty(), CalendarEvent.parse("*-02-30 *:*:*").next(start));
      assertEquals(Optional.empty(), CalendarEvent.parse("Mon *-04-31 23:59:59").next(start));
      assertEquals(Optional.of(ZonedDateTime.parse("2192-02-29T23:59:59Z[UTC]")),
          CalendarEvent.parse("2190..2199-02-29 23:59:59").next(start));
    });
  }
}
