package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing, normalized forms, equality and errors of {@link CalendarEvent}, without systemd. */
class CalendarEventTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      minutely                     | *-*-* *:*:00
      weekly                       | Mon *-*-* 00:00:00
      quarterly                    | *-01,04,07,10-01 00:00:00
      semi-annually                | *-01,07-01 00:00:00
      Sat,Thu,Mon..Wed,Sat..Sun    | Mon..Thu,Sat,Sun *-*-* 00:00:00
      Wed..Sat,Tue 2012-10-15 1:2:3 | Tue..Sat 2012-10-15 01:02:03
      Mon,Fri *-*-3,1,2 *:30:45    | Mon,Fri *-*-01,02,03 *:30:45
      12,14,13,12:20,10,30         | *-*-* 12,13,14:10,20,30:00
      mon,fri *-1/2-1,3 *:30:45    | Mon,Fri *-01/2-01,03 *:30:45
      2003-02..04-05               | 2003-02..04-05 00:00:00
      *:2/3                        | *-*-* *:02/3:00
      monday..sunday 12:00         | *-*-* 12:00:00
      fri..mon                     | Mon,Fri..Sun *-*-* 00:00:00
      *-*-1..31/7                  | *-*-01..29/7 00:00:00
      1..9/2,1..9/3:0              | *-*-* 01..07/3,01..09/2:00:00
      0/2,0..3:0                   | *-*-* 00/2,00..03:00:00
      1..5/1:0                     | *-*-* 01..05:00:00
      *:10..20/50                  | *-*-* *:10:00
      */15:00                      | *-*-* 00/15:00:00
      *-*/6-*                      | *-01/6-* 00:00:00
      */5-01-01                    | 1970/5-01-01 00:00:00
      *:59/1                       | *-*-* *:59:00
      *:*:7,0/1                    | *-*-* *:*:*
      """)
  void normalizesAsSystemd(String text, String normalized) {
    CalendarEvent event = CalendarEvent.parse(text);
    assertEquals(normalized, event.normalized());
    assertEquals(text, event.text());
    assertEquals(text, event.toString());
  }

  @Test
  void equalWhenTheNormalizedFormsAre() {
    assertEquals(CalendarEvent.parse("mon..fri"), CalendarEvent.parse("Mon,Tue,Wed,Thu,Fri 00:00"));
    assertEquals(CalendarEvent.parse("daily").hashCode(), CalendarEvent.parse("*-*-* 00:00:00").hashCode());
    assertEquals(CalendarEvent.parse("daily"), CalendarEvent.parse("*-*-* 00:00:00"));
    assertNotEquals(CalendarEvent.parse("daily"), CalendarEvent.parse("weekly"));
    // the same times, written differently: systemd's normalized forms differ, and so do the events
    assertNotEquals(CalendarEvent.parse("*:0/30"), CalendarEvent.parse("*:0,30"));
  }

  /** Each refused text, the problem its message must name, and the 1-based character it points at. */
  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                          | it is empty                                 | 0
      " daily"                    | starts with a space                         | 1
      "daily "                    | ends with a space                           | 6
      Daily                       | shorthands are written in lower case        | 1
      daily 12:00                 | 'daily' must stand alone                    | 1
      12:00 UTC                   | time zones such as 'UTC' are not accepted   | 7
      *-*-* 12:00 Europe/Vienna   | time zones such as 'Europe/Vienna'          | 13
      12:00 mon                   | weekdays must come first                    | 7
      *-02~01                     | '~' (days counted back                      | 5
      1:2:3.5                     | fractional seconds are not accepted         | 6
      @1395716396                 | Unix timestamps                             | 1
      30                          | '30' is neither a date nor a time           | 1
      mon2:00                     | 'mon2:00' is not a weekday                  | 1
      Wed, 17:48                  | a weekday is missing                        | 5
      mon..                       | a weekday is missing                        | 6
      mon,xyz                     | 'xyz' is not a weekday                      | 5
      mon 25:00                   | hour 25 is out of range                     | 5
      *:60                        | minute 60 is out of range                   | 3
      *:*:61                      | second 61 is out of range                   | 5
      2026-13-01                  | month 13 is out of range                    | 6
      *-*-0                       | day 0 is out of range                       | 5
      12-10-15                    | year 12 is out of range                     | 1
      2200-01-01                  | year 2200 is out of range                   | 1
      9999999999:00               | hour 9999999999 is out of range             | 1
      5..1:00                     | the range 5..1 runs backwards               | 1
      *:5/0                       | the repetition /0 in the minute             | 5
      1..5/24:00                  | the repetition /24 in the hour              | 6
      */1500-01-01                | */1500 matches no year                      | 1
      *:*:*,5                     | '*' must stand alone in the second          | 6
      **:00                       | '*' must stand alone in the hour            | 2
      1:2:3:4                     | '1:2:3:4' is not a time                     | 1
      1-2-3-4                     | '1-2-3-4' is not a date                     | 1
      *-*- 12:00                  | the day is missing                          | 5
      12:00 13:00                 | there is a second time                      | 7
      12:00 *-*-01                | the date follows the time                   | 7
      *-01 *-02                   | there is a second date                      | 6
      1:2:x                       | unexpected 'x' in the second                | 5
      1,,2:00                     | a number is missing in the hour             | 3
      """)
  void refusesWithAMessageSayingWhatAndWhere(String text, String problem, int character) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CalendarEvent.parse(text));
    String message = e.getMessage();
    assertTrue(message.startsWith("invalid calendar event '" + text + "': "), message);
    assertTrue(message.contains(problem), message);
    if (character > 0) {
      assertTrue(message.contains("(at character " + character + "); "), message);
    }
  }

  @Test
  void refusalsSayWhatToWriteInstead() {
    assertTrue(message("mon 25:00").endsWith("; use 0..23"), message("mon 25:00"));
    assertTrue(message("26-01-01").endsWith("; use 1970..2199, written with four digits"), message("26-01-01"));
    assertTrue(message("Daily").endsWith("; write daily"), message("Daily"));
    assertTrue(message("12:00 UTC").contains("the zone is the one given to next()"), message("12:00 UTC"));
    assertTrue(message("30").contains("*:30 is minute 30 of every hour"), message("30"));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> CalendarEvent.parse(text)).getMessage();
  }
}
