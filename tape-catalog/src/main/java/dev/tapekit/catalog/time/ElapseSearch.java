package dev.tapekit.catalog.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The search behind {@link CalendarEvent#next}: it walks the local date and time field by field (year,
 * month, day, weekday, hour, minute, second), carrying into the next larger field when a field has no
 * further match, as systemd's calendar code does. After a field changes, the local time is normalized
 * the way C's {@code mktime} does it:
 *
 * <ul>
 *   <li>a day past the month's end rolls over (February 30 becomes March 2), and the search resumes at
 *       the start of the larger field that changed (March 1), so no day is skipped;
 *   <li>a time in a DST gap moves forward by the gap's length, and the search resumes at the start of
 *       the larger field that changed, so an event in the gap is skipped for that day;
 *   <li>a time that a DST overlap repeats takes the offset of the previous normalized time, so the
 *       repeated wall-clock hour is only used when the search starts inside it.
 * </ul>
 *
 * <p>Like systemd, the search gives up after the year 2199. Each step moves the local time forward to
 * the next candidate of one field, so a search takes a few steps per candidate year, month, day, hour or
 * minute it passes, never one per second.
 */
final class ElapseSearch {
  private final Schedule schedule;
  private final ZoneId zone;
  /** The offset of the last normalized local time: mktime's guess for an ambiguous one. */
  private ZoneOffset offset;
  private int year;
  private int month;
  private int day;
  private int hour;
  private int minute;
  private int second;
  /** Whether the search starts a fraction of a second after the current time, so its second is past. */
  private boolean fraction;

  private ElapseSearch(Schedule schedule, ZoneId zone) {
    this.schedule = schedule;
    this.zone = zone;
  }

  /** The first time {@code schedule} matches strictly after {@code after}, in {@code after}'s zone. */
  static Optional<ZonedDateTime> next(Schedule schedule, ZonedDateTime after) {
    return new ElapseSearch(schedule, after.getZone()).from(after.toInstant());
  }

  private Optional<ZonedDateTime> from(Instant after) {
    // Like systemd: start 1 µs after `after`, at the local time of its whole second.
    Instant start = after.truncatedTo(ChronoUnit.MICROS).plusNanos(1000);
    ZonedDateTime local = start.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
    offset = local.getOffset();
    load(local.toLocalDateTime());
    fraction = start.getNano() != 0;
    while (true) {
      load(resolve(year, month, day, hour, minute, second));
      int y = schedule.year().next(year);
      if (y < 0) {
        return Optional.empty();
      }
      if (y > year && !settle(y, 1, 1, 0, 0, 0)) {
        continue;
      }
      int mo = schedule.month().next(month);
      if (mo < 0) {
        carry(year + 1, 1, 1, 0, 0);
        continue;
      }
      if (mo > month && !settle(year, mo, 1, 0, 0, 0)) {
        continue;
      }
      int d = schedule.day().next(day);
      if (d < 0) {
        carry(year, month + 1, 1, 0, 0);
        continue;
      }
      if (d > day && !settle(year, month, d, 0, 0, 0)) {
        continue;
      }
      if (!schedule.on(LocalDate.of(year, month, day).getDayOfWeek())) {
        carry(year, month, day + 1, 0, 0);
        continue;
      }
      int h = schedule.hour().next(hour);
      if (h < 0) {
        carry(year, month, day + 1, 0, 0);
        continue;
      }
      if (h > hour && !settle(year, month, day, h, 0, 0)) {
        continue;
      }
      int mi = schedule.minute().next(minute);
      if (mi < 0) {
        carry(year, month, day, hour + 1, 0);
        continue;
      }
      if (mi > minute && !settle(year, month, day, hour, mi, 0)) {
        continue;
      }
      int s = schedule.second().next(fraction ? second + 1 : second);
      if (s < 0) {
        carry(year, month, day, hour, minute + 1);
        continue;
      }
      if (s > second && !settle(year, month, day, hour, minute, s)) {
        continue;
      }
      return Optional.of(ZonedDateTime.ofLocal(LocalDateTime.of(year, month, day, hour, minute, second), zone, offset));
    }
  }

  /** Moves on to the given time (second 0), which the next round normalizes. */
  private void carry(int y, int mo, int d, int h, int mi) {
    set(y, mo, d, h, mi, 0);
    fraction = false;
  }

  /**
   * Moves to the given local time; true if it exists as given. Otherwise the search moves to its
   * normalized form with the field below the largest changed one reset (mktime's normalization as
   * systemd applies it), and the caller starts over.
   */
  private boolean settle(int y, int mo, int d, int h, int mi, int s) {
    fraction = false;
    LocalDateTime n = resolve(y, mo, d, h, mi, s);
    load(n);
    if (n.getYear() != y) {
      month = 1;
    } else if (n.getMonthValue() != mo) {
      day = 1;
    } else if (n.getDayOfMonth() != d) {
      hour = 0;
    } else if (n.getHour() != h) {
      minute = 0;
    } else if (n.getMinute() != mi) {
      second = 0;
    } else {
      return n.getSecond() == s;
    }
    return false;
  }

  /** The local time the fields name once overflowing fields carry and a DST gap is crossed. */
  private LocalDateTime resolve(int y, int mo, int d, int h, int mi, int s) {
    LocalDateTime local = LocalDate.of(y, 1, 1).plusMonths(mo - 1L).plusDays(d - 1L).atStartOfDay()
        .plusHours(h).plusMinutes(mi).plusSeconds(s);
    ZonedDateTime resolved = ZonedDateTime.ofLocal(local, zone, offset);
    offset = resolved.getOffset();
    return resolved.toLocalDateTime();
  }

  private void set(int y, int mo, int d, int h, int mi, int s) {
    year = y;
    month = mo;
    day = d;
    hour = h;
    minute = mi;
    second = s;
  }

  private void load(LocalDateTime t) {
    set(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
  }
}
