package dev.tapekit.catalog.time;

import dev.tapekit.catalog.time.FieldSpec.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a calendar event into a {@link Schedule}. The syntax is the part of systemd.time(7) that
 * Proxmox Backup Server accepts; parts are separated by spaces and come in this order:
 *
 * <pre>
 * event    = shorthand | [weekdays] [date] [time]     at least one part
 * weekdays = days *("," days)          days = day [".." day]; day = mon | monday | ... (any case)
 * date     = [year "-"] month "-" day  (year 1970..2199, four digits)
 * time     = hour ":" minute [":" second]              second defaults to 00
 * field    = "*" | "*" "/" n | item *("," item)      item = n [".." n] ["/" n]
 * </pre>
 *
 * Errors are {@link IllegalArgumentException}s that name the problem, the character it is at (1-based)
 * and what to write instead.
 */
final class CalendarParser {
  private static final Map<String, String> SHORTHANDS = Map.of(
      "minutely", "*-*-* *:*:00",
      "hourly", "*-*-* *:00:00",
      "daily", "*-*-* 00:00:00",
      "weekly", "Mon *-*-* 00:00:00",
      "monthly", "*-*-01 00:00:00",
      "yearly", "*-01-01 00:00:00",
      "annually", "*-01-01 00:00:00",
      "quarterly", "*-01,04,07,10-01 00:00:00",
      "semiannually", "*-01,07-01 00:00:00",
      "semi-annually", "*-01,07-01 00:00:00");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final List<String> FULL_DAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final String FIELD_SYNTAX =
      "write *, */N, a value, a range A..B, a repetition A/N or A..B/N, or a comma-separated list of these";

  private final String text;
  /** The next character to read while parsing one field item. */
  private int pos;

  private CalendarParser(String text) {
    this.text = text;
  }

  static Schedule parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("invalid calendar event '" + text
          + "': it is empty; write e.g. daily, mon..fri 22:00 or *-*-01 02:00");
    }
    String expansion = SHORTHANDS.get(text);
    if (expansion != null) {
      return new CalendarParser(expansion).parts();
    }
    return new CalendarParser(text).parts();
  }

  private Schedule parts() {
    if (text.charAt(0) == ' ') {
      throw fail(0, "it starts with a space", "remove the space");
    }
    if (text.charAt(text.length() - 1) == ' ') {
      throw fail(text.length() - 1, "it ends with a space", "remove the space");
    }
    int weekdays = Schedule.ALL_DAYS;
    FieldSpec[] date = null;
    FieldSpec[] time = null;
    List<int[]> tokens = split(0, text.length(), ' ');
    tokens.removeIf(t -> t[0] == t[1]); // several spaces in a row
    for (int[] token : tokens.subList(1, tokens.size())) {
      String word = text.substring(token[0], token[1]);
      if (Character.isLetter(word.charAt(0))) {
        throw isWeekdayList(word)
            ? fail(token[0], "weekdays must come first", "write them once, at the start, e.g. mon,fri *-*-* 12:00")
            : fail(token[0], "time zones such as '" + word + "' are not accepted",
                "remove it; the zone is the one given to next() (PBS uses the server's zone)");
      }
    }
    for (int t = 0; t < tokens.size(); t++) {
      int s = tokens.get(t)[0];
      int e = tokens.get(t)[1];
      String word = text.substring(s, e);
      if (t == 0 && Character.isLetter(word.charAt(0))) {
        weekdays = weekdays(word, s, e);
      } else if (word.charAt(0) == '@') {
        throw fail(s, "Unix timestamps (@SECONDS) are not accepted", "write a date and time");
      } else if (word.indexOf(':') >= 0) {
        if (time != null) {
          throw fail(s, "there is a second time", "give one HOUR:MINUTE[:SECOND]");
        }
        time = time(s, e);
      } else if (word.indexOf('-') >= 0 || word.indexOf('~') >= 0) {
        if (time != null) {
          throw fail(s, "the date follows the time", "write the date first, e.g. *-*-01 02:00");
        }
        if (date != null) {
          throw fail(s, "there is a second date", "give one [YEAR-]MONTH-DAY");
        }
        date = date(s, e);
      } else {
        throw fail(s, "'" + word + "' is neither a date nor a time",
            "a date is [YEAR-]MONTH-DAY, a time HOUR:MINUTE[:SECOND] (*:30 is minute 30 of every hour)");
      }
    }
    if (date == null) {
      date = new FieldSpec[] {FieldSpec.any(CalendarField.YEAR), FieldSpec.any(CalendarField.MONTH),
          FieldSpec.any(CalendarField.DAY)};
    }
    if (time == null) {
      time = new FieldSpec[] {zero(CalendarField.HOUR), zero(CalendarField.MINUTE), zero(CalendarField.SECOND)};
    }
    return new Schedule(weekdays, date[0], date[1], date[2], time[0], time[1], time[2]);
  }

  private int weekdays(String word, int s, int e) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (SHORTHANDS.containsKey(lower)) {
      throw lower.equals(word) ? fail(s, "'" + word + "' must stand alone", "write the full form, e.g. *-*-* 12:00")
          : fail(s, "shorthands are written in lower case", "write " + lower);
    }
    int mask = 0;
    for (int[] item : split(s, e, ',')) {
      int dots = text.indexOf("..", item[0]);
      if (dots >= 0 && dots < item[1]) {
        int from = weekday(item[0], dots);
        int to = weekday(dots + 2, item[1]);
        for (int d = from; d != to; d = (d + 1) % 7) {
          mask |= 1 << d; // a range past Sunday wraps to Monday, as in PBS
        }
        mask |= 1 << to;
      } else {
        mask |= 1 << weekday(item[0], item[1]);
      }
    }
    return mask;
  }

  /** The day number (Monday 0) of the weekday name at {@code s..e}. */
  private int weekday(int s, int e) {
    if (s == e) {
      throw fail(s, "a weekday is missing", "separate weekdays by one comma and write ranges as mon..fri");
    }
    String name = text.substring(s, e).toLowerCase(Locale.ROOT);
    int d = DAYS.indexOf(name);
    if (d < 0) {
      d = FULL_DAYS.indexOf(name);
    }
    if (d < 0) {
      throw fail(s, "'" + text.substring(s, e) + "' is not a weekday",
          "use mon, tue, wed, thu, fri, sat, sun, the full names, or a shorthand such as daily");
    }
    return d;
  }

  private static boolean isWeekdayList(String word) {
    String head = word.toLowerCase(Locale.ROOT).split("[,.]", 2)[0];
    return DAYS.contains(head) || FULL_DAYS.contains(head);
  }

  private FieldSpec[] date(int s, int e) {
    int tilde = text.indexOf('~', s);
    if (tilde >= 0 && tilde < e) {
      throw fail(tilde, "'~' (days counted back from the end of the month) is not accepted",
          "list the days instead, e.g. *-*-28..31");
    }
    List<int[]> parts = split(s, e, '-');
    if (parts.size() > 3) {
      throw fail(s, "'" + text.substring(s, e) + "' is not a date", "write [YEAR-]MONTH-DAY, e.g. 2026-01-31 or *-01");
    }
    int i = parts.size() - 2;
    FieldSpec year = i == 0 ? FieldSpec.any(CalendarField.YEAR) : field(CalendarField.YEAR, parts.get(0));
    return new FieldSpec[] {year, field(CalendarField.MONTH, parts.get(i)), field(CalendarField.DAY, parts.get(i + 1))};
  }

  private FieldSpec[] time(int s, int e) {
    for (int i = s; i < e; i++) {
      boolean dotted = i + 1 < e && text.charAt(i + 1) == '.' || i > s && text.charAt(i - 1) == '.';
      if (text.charAt(i) == '.' && !dotted) {
        throw fail(i, "fractional seconds are not accepted", "use whole seconds");
      }
    }
    List<int[]> parts = split(s, e, ':');
    if (parts.size() > 3) {
      throw fail(s, "'" + text.substring(s, e) + "' is not a time", "write HOUR:MINUTE[:SECOND], e.g. 22:00 or *:0/15");
    }
    FieldSpec second = parts.size() == 3 ? field(CalendarField.SECOND, parts.get(2)) : zero(CalendarField.SECOND);
    return new FieldSpec[] {field(CalendarField.HOUR, parts.get(0)), field(CalendarField.MINUTE, parts.get(1)), second};
  }

  private static FieldSpec zero(CalendarField f) {
    return FieldSpec.of(f, List.of(Component.single(0)));
  }

  private FieldSpec field(CalendarField f, int[] span) {
    int s = span[0];
    int e = span[1];
    if (s == e) {
      throw fail(s, "the " + f.label + " is missing", "write * for any " + f.label);
    }
    if (text.charAt(s) == '*') {
      if (s + 1 == e) {
        return FieldSpec.any(f);
      }
      if (text.charAt(s + 1) != '/') {
        throw fail(s + 1, "'*' must stand alone in the " + f.label, FIELD_SYNTAX);
      }
      pos = s + 1;
      int repeat = repeat(f, e);
      expectEnd(f, e);
      // PBS: every value from the field's first; for years, the years divisible by the repetition
      int start = f == CalendarField.YEAR ? (f.min + repeat - 1) / repeat * repeat : f.min;
      if (start > f.max) {
        throw fail(s, "*/" + repeat + " matches no year in 1970..2199", "use a smaller repetition");
      }
      return spec(f, List.of(Component.repetition(start, repeat, f.max)));
    }
    List<Component> items = new ArrayList<>();
    for (int[] item : split(s, e, ',')) {
      items.add(item(f, item[0], item[1]));
    }
    return spec(f, items);
  }

  private static FieldSpec spec(CalendarField f, List<Component> items) {
    // systemd writes a seconds list holding 0/1 (every second) as *
    if (f == CalendarField.SECOND && items.contains(Component.repetition(0, 1, f.max))) {
      return FieldSpec.any(f);
    }
    return FieldSpec.of(f, items);
  }

  private Component item(CalendarField f, int s, int e) {
    pos = s;
    int start = value(f, e);
    if (text.startsWith("..", pos) && pos + 2 <= e) {
      pos += 2;
      int stop = value(f, e);
      if (stop < start) {
        throw fail(s, "the range " + text.substring(s, pos) + " runs backwards", "put the smaller " + f.label + " first");
      }
      int repeat = repeat(f, e);
      expectEnd(f, e);
      return Component.range(start, stop, repeat);
    }
    int repeat = repeat(f, e);
    expectEnd(f, e);
    return repeat == 0 ? Component.single(start) : Component.repetition(start, repeat, f.max);
  }

  /** A value of field {@code f}, checked against its range. */
  private int value(CalendarField f, int e) {
    int at = pos;
    int v = number(f, e);
    if (v < f.min || v > f.max) {
      String hint = f == CalendarField.YEAR ? "use 1970..2199, written with four digits" : "use " + f.min + ".." + f.max;
      throw fail(at, f.label + " " + text.substring(at, pos) + " is out of range", hint);
    }
    return v;
  }

  /** The repetition after a {@code /}, or 0 when there is none. */
  private int repeat(CalendarField f, int e) {
    if (pos >= e || text.charAt(pos) != '/') {
      return 0;
    }
    pos++;
    int at = pos;
    int r = number(f, e);
    if (r < 1 || r > f.max) {
      throw fail(at, "the repetition /" + text.substring(at, pos) + " in the " + f.label + " is out of range",
          "repeat every 1.." + f.max);
    }
    return r;
  }

  /** The digits at {@code pos}; {@link Integer#MAX_VALUE} for more than nine, which no range holds. */
  private int number(CalendarField f, int e) {
    int at = pos;
    while (pos < e && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == at) {
      throw pos < e ? unexpected(f) : fail(at, "a number is missing in the " + f.label, FIELD_SYNTAX);
    }
    return pos - at > 9 ? Integer.MAX_VALUE : Integer.parseInt(text, at, pos, 10);
  }

  private void expectEnd(CalendarField f, int e) {
    if (pos < e) {
      throw unexpected(f);
    }
  }

  private IllegalArgumentException unexpected(CalendarField f) {
    return fail(pos, "unexpected '" + text.charAt(pos) + "' in the " + f.label, FIELD_SYNTAX);
  }

  /** The pieces of {@code s..e} between {@code separator}s, as {start, end} pairs. */
  private List<int[]> split(int s, int e, char separator) {
    List<int[]> parts = new ArrayList<>();
    int from = s;
    for (int i = s; i <= e; i++) {
      if (i == e || text.charAt(i) == separator) {
        parts.add(new int[] {from, i});
        from = i + 1;
      }
    }
    return parts;
  }

  private IllegalArgumentException fail(int index, String problem, String hint) {
    return new IllegalArgumentException(
        "invalid calendar event '" + text + "': " + problem + " (at character " + (index + 1) + "); " + hint);
  }
}
