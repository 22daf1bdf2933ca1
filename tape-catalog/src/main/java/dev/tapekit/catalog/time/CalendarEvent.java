package dev.tapekit.catalog.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A calendar event as systemd.time(7) defines it, in the form Proxmox Backup Server accepts for
 * schedules and media pool allocation: {@code [WEEKDAYS] [[YEAR-]MONTH-DAY] [HOUR:MINUTE[:SECOND]]}
 * or a shorthand such as {@code daily}.
 *
 * <ul>
 *   <li>Weekdays: {@code mon}..{@code sun} or full names, any case; lists and ranges ({@code mon,wed},
 *       {@code mon..fri}; {@code fri..mon} wraps past Sunday as in PBS).
 *   <li>Each date and time field: {@code *}, a value, a list {@code 1,15}, a range {@code 1..5}, a
 *       repetition {@code 0/15} (0, 15, 30, 45) or {@code 1..10/3}, or {@code *}{@code /N} (PBS: from
 *       the field's first value; in the year field, the years divisible by N). Years have four digits,
 *       1970..2199.
 *   <li>Shorthands (lower case, alone): {@code minutely hourly daily weekly monthly yearly annually
 *       quarterly semiannually semi-annually}.
 *   <li>Refused: time zones (the zone is {@link #next}'s), {@code ~} (days from the end of the month),
 *       fractional seconds, {@code @} timestamps, and two-digit years (systemd reads {@code 26} as 2026,
 *       PBS as year 26).
 * </ul>
 *
 * <p>Contract: immutable and thread-safe. {@link #parse} throws {@link IllegalArgumentException} with
 * what is wrong, at which character, and what to write instead. {@link #next} never reads the clock.
 * Events are equal when their {@linkplain #normalized() normalized forms} are.
 *
 * <p>One known difference from systemd 252: a repetition whose next value would run past its field's
 * end (minute 63 for {@code *:0/7} after :56) is carried by systemd into the larger fields, which skips
 * the first match of the next hour or day ({@code 00:00} after {@code 23:56}) and, next to a DST change,
 * can skip an event or fail with "Infinite loop in calendar calculation". {@link #next} returns the first
 * matching time, as systemd does for the same values written as a list ({@code *:0,7,...,56}).
 *
 * <p>Example: {@code CalendarEvent.parse("mon..fri 22:00").next(ZonedDateTime.parse(
 * "2026-01-02T22:00+01:00[Europe/Vienna]"))} is Monday 2026-01-05 22:00 in Vienna (Friday 22:00 itself is
 * not strictly after).
 */
public final class CalendarEvent {
  /** Later than the end of 2199 in every zone. */
  private static final Instant BEYOND_2199 = Instant.parse("2200-01-02T00:00:00Z");
  private final String text;
  private final Schedule schedule;
  private final String normalized;

  private CalendarEvent(String text, Schedule schedule) {
    this.text = text;
    this.schedule = schedule;
    this.normalized = schedule.normalized();
  }

  /** The event {@code text} describes; see the class description for the syntax. */
  public static CalendarEvent parse(String text) {
    Objects.requireNonNull(text, "text");
    return new CalendarEvent(text, CalendarParser.parse(text));
  }

  /**
   * The first time the event elapses strictly after {@code after}, in {@code after}'s zone, as
   * systemd's "Next elapse" computes it: a local time that falls into a DST gap is skipped; in a DST
   * overlap the earlier offset is used, the later one only when {@code after} is already in the repeated
   * hour. Empty when the event never elapses again (systemd looks no further than the year 2199).
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    Objects.requireNonNull(after, "after");
    return ElapseSearch.next(schedule, after);
  }

  /** {@link #next(ZonedDateTime)} for an instant, with the event read in {@code zone}. */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(zone, "zone");
    if (after.isAfter(BEYOND_2199)) {
      return Optional.empty(); // also for instants no local date holds, such as Instant.MAX
    }
    return next(after.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The text this event was parsed from, as given. */
  public String text() {
    return text;
  }

  /**
   * The event as {@code systemd-analyze calendar} prints its "Normalized form:", e.g. {@code Mon..Fri
   * *-*-* 22:00:00} for {@code mon..fri 22:00}. For the few PBS forms systemd refuses ({@code fri..mon},
   * {@code *}{@code /N}, {@code 59/5}) it is the systemd form with the same meaning.
   */
  public String normalized() {
    return normalized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalendarEvent other && normalized.equals(other.normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
