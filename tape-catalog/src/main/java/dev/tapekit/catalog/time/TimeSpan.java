package dev.tapekit.catalog.time;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A time span as systemd.time(7) and Proxmox Backup Server write it, e.g. for a media pool's retention:
 * numbers with units, added up, spaces optional ({@code 2 weeks}, {@code 1y 6months 3h}, {@code 1h30m}).
 * A number without a unit is seconds. Units (case matters: {@code M} is a month, {@code m} a minute):
 *
 * <pre>
 * usec us µs μs | msec ms | seconds second sec s | minutes minute min m | hours hour hr h
 * days day d | weeks week w | months month M (30.44 days) | years year y (365.25 days)
 * </pre>
 *
 * <p>Contract: immutable and thread-safe; microsecond resolution, at most {@link Long#MAX_VALUE}
 * microseconds (about 292,000 years). {@link #parse} throws {@link IllegalArgumentException} naming the
 * problem, the character it is at and what to write; fractions ({@code 1.5h}) and {@code ns} are
 * refused. Spans are equal when their durations are.
 *
 * <p>Example: {@code TimeSpan.parse("1y 6months 3h").duration()} is 47,347,200 s (a year is 31,557,600
 * s, a month 2,629,800 s), and its {@link #normalized()} form is {@code 1y 6month 3h}.
 */
public final class TimeSpan {
  private final String text;
  private final long micros;

  private TimeSpan(String text, long micros) {
    this.text = text;
    this.micros = micros;
  }

  /** The span {@code text} writes; see the class description for the syntax. */
  public static TimeSpan parse(String text) {
    Objects.requireNonNull(text, "text");
    return new TimeSpan(text, new Reader(text).total());
  }

  /**
   * The span of {@code duration}. Its text is the {@linkplain #normalized() normalized form}, except that
   * a part under a second is written in units ({@code 55s 500ms}), not with decimals, so that PBS and
   * {@link #parse} read it back.
   */
  public static TimeSpan of(Duration duration) {
    if (duration.isNegative() || duration.getNano() % 1000 != 0) {
      throw new IllegalArgumentException("a time span is whole microseconds, 0 or more, not " + duration);
    }
    long micros;
    try {
      micros = Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("a time span is at most " + Long.MAX_VALUE + " µs, not " + duration, e);
    }
    return new TimeSpan(format(micros, false), micros);
  }

  /** How long the span is (whole microseconds). */
  public Duration duration() {
    return Duration.of(micros, ChronoUnit.MICROS);
  }

  /** The text this span was parsed from, as given; for {@link #of}, see there. */
  public String text() {
    return text;
  }

  /**
   * The span as {@code systemd-analyze timespan} prints it ("Human:"): the largest units first,
   * {@code 0} for nothing, and decimals in the last unit under a minute ({@code 1min 1.500000s},
   * {@code 1.500ms}). A form with decimals is not {@linkplain #parse parsed} back (PBS refuses fractions).
   */
  public String normalized() {
    return format(micros, true);
  }

  /** {@code micros} in the largest units first; with {@code decimals}, the rest under a minute as systemd writes it. */
  private static String format(long micros, boolean decimals) {
    if (micros == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    long rest = micros;
    for (Unit u : Unit.values()) {
      if (rest < u.micros) {
        continue;
      }
      long whole = rest / u.micros;
      long fraction = rest % u.micros;
      if (decimals && rest < Unit.MINUTE.micros && fraction > 0) {
        int width = Long.toString(u.micros).length() - 1;
        String digits = Long.toString(fraction);
        parts.add(whole + "." + "0".repeat(width - digits.length()) + digits + u.suffix);
        break;
      }
      parts.add(whole + u.suffix);
      rest = fraction;
    }
    return String.join(" ", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeSpan other && micros == other.micros;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(micros);
  }

  @Override
  public String toString() {
    return text;
  }

  /** The units, largest first, with the names they are written with and the suffix systemd prints. */
  private enum Unit {
    YEAR(31_557_600_000_000L, "y", "years", "year", "y"),
    MONTH(2_629_800_000_000L, "month", "months", "month", "M"),
    WEEK(604_800_000_000L, "w", "weeks", "week", "w"),
    DAY(86_400_000_000L, "d", "days", "day", "d"),
    HOUR(3_600_000_000L, "h", "hours", "hour", "hr", "h"),
    MINUTE(60_000_000L, "min", "minutes", "minute", "min", "m"),
    SECOND(1_000_000L, "s", "seconds", "second", "sec", "s"),
    MILLISECOND(1_000L, "ms", "msec", "ms"),
    MICROSECOND(1L, "us", "usec", "us", "\u00b5s", "\u03bcs");

    final long micros;
    final String suffix;
    final List<String> names;

    Unit(long micros, String suffix, String... names) {
      this.micros = micros;
      this.suffix = suffix;
      this.names = List.of(names);
    }

    static Unit named(String name) {
      for (Unit u : values()) {
        if (u.names.contains(name)) {
          return u;
        }
      }
      return null;
    }
  }

  /** Reads a span's text: numbers, each with an optional unit. */
  private static final class Reader {
    private static final String UNITS = "units are us, ms, s, min, h, d, w, M (months), y and their long forms";
    private final String text;
    private int pos;

    Reader(String text) {
      this.text = text;
    }

    long total() {
      skipSpaces();
      if (pos == text.length()) {
        throw fail(0, "it is empty", "write e.g. 30d, 2 weeks or 1y 6months");
      }
      long total = 0;
      while (pos < text.length()) {
        int at = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
          pos++;
        }
        if (pos == at) {
          throw fail(at, "a number is missing before '" + text.charAt(at) + "'", "write NUMBER[UNIT] ..., e.g. 1h 30min");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
          throw fail(pos, "fractions are not accepted", "write smaller units, e.g. 1h 30min instead of 1.5h");
        }
        String digits = text.substring(at, pos);
        skipSpaces();
        int unitAt = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
          pos++;
        }
        String name = text.substring(unitAt, pos);
        Unit unit = name.isEmpty() ? Unit.SECOND : Unit.named(name);
        if (unit == null) {
          String problem = name.equals("ns") || name.equals("nsec") ? "nanoseconds are finer than a time span holds"
              : "'" + name + "' is not a unit";
          throw fail(unitAt, problem, UNITS);
        }
        try {
          total = Math.addExact(total, Math.multiplyExact(Long.parseLong(digits), unit.micros));
        } catch (ArithmeticException | NumberFormatException e) {
          throw fail(at, "it is too long", "a time span is at most about 292,000 years");
        }
        skipSpaces();
      }
      return total;
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException fail(int index, String problem, String hint) {
      return new IllegalArgumentException(
          "invalid time span '" + text + "': " + problem + " (at character " + (index + 1) + "); " + hint);
    }
  }
}
