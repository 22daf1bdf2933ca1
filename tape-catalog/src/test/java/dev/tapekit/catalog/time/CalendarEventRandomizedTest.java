package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CalendarEvent#next} against a brute-force reference, for random events, zones and start times
 * (many of them close to a DST change). The reference steps through every minute of a two-day window,
 * and through the seconds of each matching minute, and takes the first time whose local fields match;
 * like systemd it never uses the repeated hour of a DST overlap unless the search starts inside it.
 * The generator knows the values each field matches without the parser.
 *
 * <p>Seed: {@code -Dtests.seed=N}, else a fixed one; a failure names the seed to reproduce it.
 */
class CalendarEventRandomizedTest {
  private static final long DEFAULT_SEED = 0x7A9E_CA1E_0001L;
  private static final int CASES = 500;
  private static final Duration WINDOW = Duration.ofDays(2);
  private static final List<ZoneId> ZONES =
      List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Vienna"), ZoneId.of("America/New_York"));
  private static final String[][] DAY_NAMES = {{"mon", "Monday", "MON"}, {"tue", "tuesday"}, {"wed", "Wednesday"},
      {"thu", "THURSDAY"}, {"fri", "Fri", "friday"}, {"sat", "saturday"}, {"sun", "Sun", "sunday"}};

  @Test
  void nextIsTheFirstMatchingTime() {
    String property = System.getProperty("tests.seed", "").trim();
    long seed = property.isEmpty() ? DEFAULT_SEED : Long.parseLong(property);
    SplittableRandom random = new SplittableRandom(seed);
    int matched = 0;
    for (int i = 0; i < CASES; i++) {
      Event event = Event.draw(random);
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      Instant after = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(730L * 86400));
      if (random.nextBoolean() && !zone.equals(ZONES.get(0))) {
        // near one of the zone's DST changes: up to a day and a half before, or within an hour of it
        Instant change = zone.getRules().nextTransition(after).getInstant();
        after = change.plusSeconds(random.nextBoolean() ? random.nextLong(-36 * 3600, 0) : random.nextLong(-3600, 3600));
      }
      if (random.nextInt(3) == 0) {
        // the end of an hour or a day, where a field carries into the next larger one
        ChronoUnit unit = random.nextBoolean() ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        after = after.atZone(zone).truncatedTo(unit).plus(1, unit).toInstant().minusSeconds(random.nextInt(1, 90));
      }
      if (random.nextInt(4) == 0) {
        after = after.plusNanos(random.nextInt(1_000_000_000));
      }
      try {
        matched += check(event, zone, after) ? 1 : 0;
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("case " + i + ": '" + event.text() + "' in " + zone + " after " + after
            + "; reproduce with: -Dtest=CalendarEventRandomizedTest -Dtests.seed=" + seed, e);
      }
    }
    assertTrue(matched > CASES / 3, "only " + matched + " of " + CASES + " events elapse within " + WINDOW
        + ", too few to compare; reproduce with: -Dtest=CalendarEventRandomizedTest -Dtests.seed=" + seed);
  }

  /** Compares next() with the reference; true if the event elapses within the window. */
  private static boolean check(Event event, ZoneId zone, Instant after) {
    Instant end = after.plus(WINDOW);
    Optional<Instant> expected = reference(event, zone, after, end);
    Optional<Instant> actual = CalendarEvent.parse(event.text()).next(after, zone);
    if (expected.isPresent()) {
      assertEquals(expected, actual);
      assertEquals(zone, CalendarEvent.parse(event.text()).next(after.atZone(zone)).orElseThrow().getZone());
    } else {
      assertTrue(actual.isEmpty() || !actual.get().isBefore(end), "no match before " + end + ", but " + actual);
    }
    return expected.isPresent();
  }

  /** The first time after {@code after} and before {@code end} that {@code event} matches, step by step. */
  private static Optional<Instant> reference(Event event, ZoneId zone, Instant after, Instant end) {
    Instant start = after.truncatedTo(ChronoUnit.MICROS).plusNanos(1000); // systemd's resolution
    for (Instant minute = start.truncatedTo(ChronoUnit.MINUTES); minute.isBefore(end); minute = minute.plusSeconds(60)) {
      ZonedDateTime local = minute.atZone(zone);
      if (!event.matchesMinute(local) || repeatedHourSkipped(local, start)) {
        continue;
      }
      for (int s = 0; s < 60; s++) {
        Instant t = minute.plusSeconds(s);
        if (event.seconds[s] && !t.isBefore(start)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code local} is in the second pass of a DST overlap that the search did not start in. */
  private static boolean repeatedHourSkipped(ZonedDateTime local, Instant start) {
    ZoneOffsetTransition t = local.getZone().getRules().getTransition(local.toLocalDateTime());
    return t != null && t.isOverlap() && local.getOffset().equals(t.getOffsetAfter()) && t.getInstant().isAfter(start);
  }

  /** A random event: its text and, per field, the values it matches. */
  private static final class Event {
    final StringBuilder text = new StringBuilder();
    final boolean[] weekdays = new boolean[7];
    final boolean[] years = new boolean[2200];
    final boolean[] months = new boolean[13];
    final boolean[] days = new boolean[32];
    final boolean[] hours = new boolean[24];
    final boolean[] minutes = new boolean[60];
    final boolean[] seconds = new boolean[60];

    static Event draw(SplittableRandom random) {
      Event e = new Event();
      if (random.nextInt(5) < 2) {
        e.weekdays(random);
        e.text.append(' ');
      } else {
        Arrays.fill(e.weekdays, true);
      }
      if (random.nextBoolean()) {
        if (random.nextInt(4) == 0) {
          field(random, e.text, e.years, 2025, 2028, 1970, 2199, 0);
          e.text.append('-');
        } else {
          Arrays.fill(e.years, true);
        }
        field(random, e.text, e.months, 1, 12, 1, 12, 70);
        e.text.append('-');
        field(random, e.text, e.days, 1, 31, 1, 31, 50);
        e.text.append(' ');
      } else {
        Arrays.fill(e.years, true);
        Arrays.fill(e.months, true);
        Arrays.fill(e.days, true);
      }
      field(random, e.text, e.hours, 0, 23, 0, 23, 30);
      e.text.append(':');
      field(random, e.text, e.minutes, 0, 59, 0, 59, 20);
      if (random.nextBoolean()) {
        e.text.append(':');
        field(random, e.text, e.seconds, 0, 59, 0, 59, 20);
      } else {
        e.seconds[0] = true;
      }
      return e;
    }

    String text() {
      return text.toString();
    }

    boolean matchesMinute(ZonedDateTime t) {
      return years[t.getYear()] && months[t.getMonthValue()] && days[t.getDayOfMonth()]
          && weekdays[t.getDayOfWeek().getValue() - 1] && hours[t.getHour()] && minutes[t.getMinute()];
    }

    private void weekdays(SplittableRandom random) {
      List<String> items = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        int from = random.nextInt(7);
        if (random.nextBoolean()) {
          items.add(name(random, from));
          weekdays[from] = true;
        } else {
          int to = random.nextInt(7); // past Sunday it wraps, as in PBS
          items.add(name(random, from) + ".." + name(random, to));
          for (int d = from; ; d = (d + 1) % 7) {
            weekdays[d] = true;
            if (d == to) {
              break;
            }
          }
        }
      }
      text.append(String.join(",", items));
    }

    private static String name(SplittableRandom random, int day) {
      return DAY_NAMES[day][random.nextInt(DAY_NAMES[day].length)];
    }

    /**
     * Appends a random field with values drawn from {@code lo..hi} (the field holds {@code min..max}):
     * {@code *} with percentage {@code star}, {@code *}{@code /N}, or a list of values, ranges and
     * repetitions; marks what it matches.
     */
    private static void field(SplittableRandom random, StringBuilder text, boolean[] match, int lo, int hi, int min,
        int max, int star) {
      int kind = random.nextInt(100);
      if (kind < star) {
        text.append('*');
        Arrays.fill(match, min, max + 1, true);
        return;
      }
      if (kind < star + 5 && min < 1970) {
        int repeat = 1 + random.nextInt(max);
        text.append("*/").append(repeat);
        for (int v = min; v <= max; v += repeat) {
          match[v] = true;
        }
        return;
      }
      List<String> items = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        int a = random.nextInt(lo, hi + 1);
        int b = random.nextInt(a, hi + 1);
        int repeat = 1 + random.nextInt(Math.max(1, max - min));
        switch (random.nextInt(4)) {
          case 0 -> {
            items.add(pad(random, a));
            match[a] = true;
          }
          case 1 -> {
            items.add(pad(random, a) + ".." + pad(random, b));
            Arrays.fill(match, a, b + 1, true);
          }
          case 2 -> {
            items.add(pad(random, a) + "/" + repeat);
            for (int v = a; v <= max; v += repeat) {
              match[v] = true;
            }
          }
          default -> {
            items.add(pad(random, a) + ".." + pad(random, b) + "/" + repeat);
            for (int v = a; v <= b; v += repeat) {
              match[v] = true;
            }
          }
        }
      }
      text.append(String.join(",", items));
    }

    private static String pad(SplittableRandom random, int value) {
      return random.nextInt(4) == 0 ? "0" + value : Integer.toString(value);
    }
  }
}
