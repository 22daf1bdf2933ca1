package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tapekit.catalog.time.SystemdAnalyze.Calendar;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link CalendarEvent} against {@code systemd-analyze calendar}: the normalized form and the next
 * {@value #ITERATIONS} elapses, for each expression, in three zones, after fixed base times chosen around
 * leap days, year ends and the 2026 DST changes of Vienna and New York.
 */
class SystemdAnalyzeCalendarTest {
  private static final int ITERATIONS = 12;
  private static final List<ZoneId> ZONES =
      List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Vienna"), ZoneId.of("America/New_York"));
  private static final List<Instant> BASES = Stream.of(
      "2026-01-01T00:00:00Z", // a Thursday
      "2024-02-28T23:59:59Z", // the eve of a leap day
      "2027-12-31T23:59:30Z", // a year end
      "2026-03-29T00:30:00Z", // Vienna: 02:00 CET jumps to 03:00 CEST at 01:00Z
      "2026-03-29T00:59:55Z",
      "2026-10-25T00:50:00Z", // Vienna: 02:50 CEST, in the hour that repeats at 01:00Z
      "2026-10-25T00:59:59.500Z",
      "2026-10-25T01:10:00Z", // Vienna: 02:10 CET, inside the repeated hour
      "2026-10-25T01:59:55Z",
      "2026-03-08T06:30:00Z", // New York: 01:30 EST, 02:00 jumps to 03:00 EDT at 07:00Z
      "2026-03-08T06:59:55Z",
      "2026-11-01T05:30:00Z", // New York: 01:30 EDT, in the hour that repeats at 06:00Z
      "2026-11-01T05:59:59.999999Z",
      "2026-11-01T06:10:00Z", // New York: 01:10 EST, inside the repeated hour
      "2026-11-01T06:59:55Z",
      "2198-12-31T12:00:00Z") // a year before systemd's last (2199)
      .map(Instant::parse).toList();

  /** Accepted by systemd and by PBS (and so by {@link CalendarEvent}): every form PBS documents, and edges. */
  private static final List<String> SHARED = List.of(
      // shorthands
      "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly", "semiannually",
      "semi-annually",
      // weekdays alone
      "mon,wed", "mon..fri", "sat..sun", "Mon,Tue", "Mon,Tue,Wed", "monday..friday", "Sun,Mon,Tue", "Mon..Sun",
      "Wed..Wed,Wed", "Sat,Thu,Mon..Wed,Sat..Sun", "mon,tue,wed,thu,fri",
      // weekdays with a time or a date
      "mon 2:00", "Sat *-1..7 15:00", "fri 12..13:5/20", "mon..fri 8..17,22:0/15", "mon..wed *:30/10",
      "Mon *-*-* 00:00:00", "Fri *-*-13 13:13", "Mon *-02-29", "Sun 2026-*-*", "Wed *-1", "Sat,Sun *-12-05 08:05:40",
      "mon,fri *-1/2-1,3 *:30:45", "Tue..Sat 2026-10-15 01:02:03", "Thu,Fri 2026-*-1,5 11:12:13", "mon  2:00",
      // times
      "12:00", "12:05", "*:30", "*:0/15", "*:00/5", "8..17:00", "0/2:30", "12/2:5", "*:*", "*:*:*", "0/1:0/1",
      "*:*:0/10", "12,14,13,12:20,10,30", "00:00:00", "23:59:59", "*:59:59", "0..5/2,10:0", "1..3,2..5:0",
      "*:00..59/59", "*:10..20/5", "*:0..58/59", "*:0,0,0", "0/23:0", "2:*:0/30", "1..3:0/20", "02:30",
      // dates
      "*-*-* 00:00:00", "2026-01-01", "2015-10-21", "*-05", "10-15", "*-*", "*-*-1,15", "*-2-29", "*-02-29 12:00",
      "*-02-30", "*-04-31", "*-*-31", "*-*-29..31", "*-12-31 23:59:59", "*-01-01 00:00:00", "2020/1-1-1",
      "2026/2-*-01", "2026..2030-02-28", "2026..2040/4-02-29", "*-*-1..31/7", "*-*-1/10", "*-*-2/29",
      "*-1..12/3-1", "*-1/11-1", "2199-12-31 23:59:59", "1970/229-01-01", "2003-02..04-05", "2026-001-01",
      "2020,2019-1-1", "2026..2030/3,2026/3-1-1");

  /** A form one side accepts, and why the other does not. */
  private record Difference(String expression, String reason) {}

  /** Accepted by PBS and by {@link CalendarEvent}, refused by systemd; normalized() is a systemd form. */
  private static final List<Difference> PBS_ONLY = List.of(
      new Difference("fri..mon", "PBS wraps a weekday range past Sunday; systemd wants the earlier day first"),
      new Difference("sun..tue 12:00", "PBS wraps a weekday range past Sunday"),
      new Difference("*/2:00", "PBS reads */N as every N from the field's first value; systemd wants a start"),
      new Difference("*:*/20", "PBS reads */N as every N from the field's first value"),
      new Difference("*-*/3-01", "PBS reads */N in months as 1/N"),
      new Difference("*/4-02-29", "PBS reads */N in years as the years divisible by N"),
      new Difference("*:59/5", "systemd refuses a repetition that passes the field's end; PBS matches the value"),
      new Difference("*-*-31/1", "systemd refuses a repetition that passes the field's end"),
      new Difference("*:*:5..5", "systemd refuses a one-value range in the seconds (only there)"),
      new Difference("*:*:*/1", "PBS reads */1 as 0/1, every second"));

  /** Accepted by systemd, refused by {@link CalendarEvent} (and by PBS unless said). */
  private static final List<Difference> SYSTEMD_ONLY = List.of(
      new Difference("12:00 UTC", "a time zone; PBS schedules use the server's zone (the newest "
          + "proxmox-time reads a trailing UTC; tapekit takes the zone as next()'s argument)"),
      new Difference("*-*-* 12:00 Europe/Vienna", "a time zone"),
      new Difference("*-02~01", "'~' (days from the end of the month): PBS has no such form"),
      new Difference("Mon *-05~07/1", "'~' (days from the end of the month)"),
      new Difference("1:2:3.5", "fractional seconds: PBS has whole seconds only"),
      new Difference("*:*:00/0.5", "fractional seconds"),
      new Difference("@1395716396", "a Unix timestamp: PBS has no such form"),
      new Difference("12-10-15", "a two-digit year: systemd reads 2012, PBS year 12; tapekit wants four digits"),
      new Difference("0001-01-01", "systemd reads year 1 as 2001, PBS as year 1"),
      new Difference("Daily", "systemd ignores the case of shorthands, PBS does not"),
      new Difference("Wed, 17:48", "systemd allows a comma after the weekdays, PBS does not"),
      new Difference("*:10..20/100", "a repetition larger than the field: PBS refuses numbers past the field's end"));

  /** Accepted by PBS, refused by systemd and by {@link CalendarEvent}. */
  private static final List<Difference> NEITHER = List.of(
      new Difference("30", "the newest PBS reads a lone number as the minute of every hour; tapekit asks for *:30"),
      new Difference("*:5/0", "PBS reads /0 as the value alone; systemd and tapekit refuse a zero repetition"),
      new Difference("mon2:00", "PBS needs no space after the weekdays; systemd and tapekit do"),
      new Difference("1969-01-01", "PBS takes years 0..2199; systemd and tapekit 1970..2199"));

  /**
   * Where systemd 252 misses an event: a repetition whose next value runs past its field (minute 63 for
   * {@code *:0/7} after :56) is carried into the larger fields and only the next lower field is reset,
   * so the first match of the new hour or day is skipped; near a DST change the carried time also keeps
   * the wrong daylight-saving flag, which skips an event or ends in "Infinite loop in calendar
   * calculation". {@link CalendarEvent} gives what systemd gives for the same values written as a list.
   *
   * @param expression the event
   * @param list the same values without repetitions
   */
  private record Skip(String expression, String list, ZoneId zone, Instant base) {}

  private static final List<Skip> SYSTEMD_SKIPS = List.of(
      new Skip("*:0/7", "*:0,7,14,21,28,35,42,49,56", ZoneId.of("UTC"), Instant.parse("2026-05-05T23:50:00Z")),
      new Skip("*:*:0/7", "*:*:0,7,14,21,28,35,42,49,56", ZoneId.of("UTC"), Instant.parse("2026-05-05T10:59:50Z")),
      new Skip("*:5/31", "*:5,36", ZoneId.of("America/New_York"), Instant.parse("2026-05-05T03:30:00Z")),
      new Skip("0/7:00", "0,7,14,21:00", ZoneId.of("Europe/Vienna"), Instant.parse("2026-10-24T18:30:00Z")),
      new Skip("5/7:00", "5,12,19:00", ZoneId.of("Europe/Vienna"), Instant.parse("2026-03-28T19:30:00Z")),
      new Skip("*-1/5-1", "*-1,6,11-1", ZoneId.of("Europe/Vienna"), Instant.parse("2026-12-20T18:30:00Z")));

  @BeforeAll
  static void systemd() {
    SystemdAnalyze.assumeInstalled();
    SystemdAnalyze.assumeBaseTime();
    SystemdAnalyze.assumeZones(ZONES);
  }

  @TestFactory
  Stream<DynamicContainer> sharedFormsElapseAsWithSystemd() {
    return runs(SHARED, (zone, base, systemd) -> SHARED.stream().map(expression -> dynamicTest(expression,
        () -> assertSame(CalendarEvent.parse(expression), systemd.get(expression), zone, base))));
  }

  @TestFactory
  Stream<DynamicContainer> pbsFormsElapseAsTheirNormalizedFormWithSystemd() {
    List<String> normalized = PBS_ONLY.stream().map(d -> CalendarEvent.parse(d.expression()).normalized()).toList();
    List<String> both = new ArrayList<>(normalized);
    both.addAll(PBS_ONLY.stream().map(Difference::expression).toList());
    return runs(both, (zone, base, systemd) -> PBS_ONLY.stream().map(d -> dynamicTest(d.expression(), () -> {
      assertEquals(Optional.empty(), systemd.get(d.expression()).normalized(),
          "systemd now accepts '" + d.expression() + "'; the reason was: " + d.reason());
      CalendarEvent event = CalendarEvent.parse(d.expression());
      assertSame(event, systemd.get(event.normalized()), zone, base);
    })));
  }

  @Test
  void differencesAreAsListed() {
    List<String> all = Stream.concat(SYSTEMD_ONLY.stream(), NEITHER.stream()).map(Difference::expression).toList();
    Map<String, Calendar> systemd = SystemdAnalyze.calendar(ZONES.get(0), BASES.get(0), 1, all);
    for (Difference d : SYSTEMD_ONLY) {
      assertTrue(systemd.get(d.expression()).normalized().isPresent(),
          "systemd refuses '" + d.expression() + "'; listed as accepted: " + d.reason());
      assertThrows(IllegalArgumentException.class, () -> CalendarEvent.parse(d.expression()), d.reason());
    }
    for (Difference d : NEITHER) {
      assertEquals(Optional.empty(), systemd.get(d.expression()).normalized(),
          "systemd accepts '" + d.expression() + "'; listed as refused: " + d.reason());
      assertThrows(IllegalArgumentException.class, () -> CalendarEvent.parse(d.expression()), d.reason());
    }
  }

  @TestFactory
  Stream<DynamicTest> overflowingRepetitionsElapseAsTheirListWithSystemd() {
    return SYSTEMD_SKIPS.stream().map(skip -> dynamicTest(skip.expression() + " in " + skip.zone(), () -> {
      Map<String, Calendar> systemd =
          SystemdAnalyze.calendar(skip.zone(), skip.base(), ITERATIONS, List.of(skip.expression(), skip.list()));
      assertEquals(CalendarEvent.parse(skip.list()).normalized(), systemd.get(skip.list()).normalized().orElseThrow());
      CalendarEvent event = CalendarEvent.parse(skip.expression());
      assertEquals(systemd.get(skip.list()).elapses(), elapses(event, skip.zone(), skip.base()),
          "elapses of '" + event + "' in " + skip.zone() + " after " + skip.base());
    }));
  }

  /** Our normalized form and elapses for {@code event} equal systemd's. */
  private static void assertSame(CalendarEvent event, Calendar systemd, ZoneId zone, Instant base) {
    assertEquals("", systemd.failure(), "systemd-analyze failed for '" + event + "' in " + zone + " after " + base);
    assertEquals(systemd.normalized(), Optional.of(event.normalized()), "normalized form of '" + event + "'");
    assertEquals(systemd.elapses(), elapses(event, zone, base), "elapses of '" + event + "' in " + zone + " after " + base);
  }

  /** The first {@link #ITERATIONS} elapses after {@code base}, each found from the one before. */
  private static List<Instant> elapses(CalendarEvent event, ZoneId zone, Instant base) {
    List<Instant> elapses = new ArrayList<>();
    Optional<Instant> next = event.next(base, zone);
    while (next.isPresent() && elapses.size() < ITERATIONS) {
      elapses.add(next.get());
      next = event.next(next.get(), zone);
    }
    return elapses;
  }

  private interface Run {
    Stream<? extends DynamicNode> tests(ZoneId zone, Instant base, Map<String, Calendar> systemd);
  }

  /** One container per zone and base time, each with one systemd-analyze run for all {@code expressions}. */
  private static Stream<DynamicContainer> runs(List<String> expressions, Run run) {
    return ZONES.stream().flatMap(zone -> BASES.stream().map(base -> dynamicContainer(zone + " after " + base,
        Stream.of(base).flatMap(b -> run.tests(zone, b, SystemdAnalyze.calendar(zone, b, ITERATIONS, expressions))))));
  }
}
