package dev.tapekit.catalog;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.UUID;

/**
 * Media set names from a pool's template: C strftime conversions in the C locale (what GNU {@code
 * date +FORMAT} prints with {@code LC_ALL=C}), plus PBS's {@code %id%} for the set's UUID. PBS's
 * default template {@code %c} gives e.g. {@code Sat Dec  5 20:33:37 2026}.
 *
 * <p>Supported: {@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %r %R %s
 * %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%}. Anything else is refused when the pool is defined,
 * not when a set is named. {@code %Z} is Java's US English short name of the zone; it matches the tz
 * abbreviation for common zones (UTC, CET/CEST, EST/EDT, JST, AEST/AEDT) and may differ for zones
 * whose tz abbreviation is numeric.
 */
public final class MediaSetNames {
  /** %Z: Java's US English short zone names, which are the tz abbreviations for common zones. */
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.US);

  private MediaSetNames() {}

  /** Refuses a template with a conversion this class does not know. */
  public static void check(String template) {
    format(template, ZonedDateTime.parse("2000-01-01T00:00:00Z"), new UUID(0, 0));
  }

  /** The name {@code template} gives a set {@code set} started at {@code time}. */
  public static String format(String template, ZonedDateTime time, UUID set) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (template.startsWith("%id%", i)) {
        out.append(set);
        i += 3;
        continue;
      }
      if (i + 1 >= template.length()) {
        throw new IllegalArgumentException("media set name template '" + template + "' ends with a lone %");
      }
      char conversion = template.charAt(++i);
      String value = conversion(conversion, time);
      if (value == null) {
        throw new IllegalArgumentException("media set name template '" + template + "': unknown conversion %"
            + conversion + " at position " + (i - 1) + " (strftime's %Y %m %d %H %M %S %a %b %c %F %T … or %id%)");
      }
      out.append(value);
    }
    return out.toString();
  }

  private static String conversion(char c, ZonedDateTime t) {
    int wday = t.getDayOfWeek().getValue() % 7; // Sunday = 0
    int yday = t.getDayOfYear() - 1;
    return switch (c) {
      case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
      case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
      case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
      case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
      case 'c' -> conversion('a', t) + " " + conversion('b', t) + " " + conversion('e', t) + " "
          + conversion('T', t) + " " + t.getYear();
      case 'C' -> two(Math.floorDiv(t.getYear(), 100));
      case 'd' -> two(t.getDayOfMonth());
      case 'D', 'x' -> two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(Math.floorMod(t.getYear(), 100));
      case 'e' -> pad(t.getDayOfMonth());
      case 'F' -> String.format(Locale.ROOT, "%04d", t.getYear()) + "-" + two(t.getMonthValue()) + "-"
          + two(t.getDayOfMonth());
      case 'g' -> two(Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100));
      case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
      case 'H' -> two(t.getHour());
      case 'I' -> two(twelve(t.getHour()));
      case 'j' -> String.format(Locale.ROOT, "%03d", t.getDayOfYear());
      case 'k' -> pad(t.getHour());
      case 'l' -> pad(twelve(t.getHour()));
      case 'm' -> two(t.getMonthValue());
      case 'M' -> two(t.getMinute());
      case 'n' -> "\n";
      case 'p' -> t.getHour() < 12 ? "AM" : "PM";
      case 'r' -> two(twelve(t.getHour())) + ":" + two(t.getMinute()) + ":" + two(t.getSecond()) + " "
          + conversion('p', t);
      case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
      case 's' -> Long.toString(t.toEpochSecond());
      case 'S' -> two(t.getSecond());
      case 't' -> "\t";
      case 'T', 'X' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
      case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
      case 'U' -> two((yday + 7 - wday) / 7);
      case 'V' -> two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case 'w' -> Integer.toString(wday);
      case 'W' -> two((yday + 7 - (wday + 6) % 7) / 7);
      case 'y' -> two(Math.floorMod(t.getYear(), 100));
      case 'Y' -> Integer.toString(t.getYear());
      case 'z' -> offset(t.get(ChronoField.OFFSET_SECONDS));
      case 'Z' -> ZONE.format(t);
      case '%' -> "%";
      default -> null;
    };
  }

  private static int twelve(int hour) {
    return hour % 12 == 0 ? 12 : hour % 12;
  }

  private static String two(int v) {
    return v < 10 && v >= 0 ? "0" + v : Integer.toString(v);
  }

  private static String pad(int v) {
    return v < 10 ? " " + v : Integer.toString(v);
  }

  private static String offset(int seconds) {
    int abs = Math.abs(seconds) / 60;
    return (seconds < 0 ? "-" : "+") + two(abs / 60) + two(abs % 60);
  }
}
