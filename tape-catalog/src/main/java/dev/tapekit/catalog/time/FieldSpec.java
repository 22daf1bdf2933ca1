package dev.tapekit.catalog.time;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The values one field of a calendar event matches: any ({@code *}), or a list of components kept
 * as systemd normalizes them (sorted by start, then stop, then repetition; exact duplicates dropped;
 * overlapping components are kept as written).
 */
final class FieldSpec {
  private final CalendarField field;
  /** Empty for {@code *}. */
  private final List<Component> components;

  private FieldSpec(CalendarField field, List<Component> components) {
    this.field = field;
    this.components = components;
  }

  /** {@code *}: every value of the field. */
  static FieldSpec any(CalendarField field) {
    return new FieldSpec(field, List.of());
  }

  /** The union of {@code components} (at least one). */
  static FieldSpec of(CalendarField field, List<Component> components) {
    return new FieldSpec(field, List.copyOf(new TreeSet<>(components)));
  }

  /**
   * The smallest matching value at or above {@code value}, or -1 if none up to the field's maximum.
   * With {@code *} this is {@code value} itself, if in range.
   */
  int next(int value) {
    if (value > field.max) {
      return -1;
    }
    if (components.isEmpty()) {
      return value;
    }
    int best = -1;
    for (Component c : components) {
      int v = c.next(value, field.max);
      if (v >= 0 && (best < 0 || v < best)) {
        best = v;
      }
    }
    return best;
  }

  /** The field as systemd's normalized form writes it, e.g. {@code *}, {@code 01,15} or {@code 00/15}. */
  String format() {
    if (components.isEmpty()) {
      return "*";
    }
    return components.stream().map(c -> c.format(field)).collect(Collectors.joining(","));
  }

  /**
   * One component: a value, a range {@code start..stop}, a repetition {@code start/repeat} (start and
   * every {@code repeat} after it up to the field's maximum), or a repeated range. The factories
   * normalize as systemd does, so equal value sets written alike compare equal.
   *
   * @param start the first value
   * @param stop the last value of a range (trimmed to the last value the repetition reaches), or
   *     {@link #NONE}
   * @param repeat the step, or 0 for none
   */
  record Component(int start, int stop, int repeat) implements Comparable<Component> {
    /** {@link #stop} of a component that is not a range. */
    static final int NONE = -1;

    static Component single(int value) {
      return new Component(value, NONE, 0);
    }

    /** {@code start..stop}, with a step {@code repeat} (0 or 1 for every value). */
    static Component range(int start, int stop, int repeat) {
      int step = Math.max(repeat, 1);
      int last = start + (stop - start) / step * step;
      if (last == start) {
        return single(start);
      }
      return new Component(start, last, step == 1 ? 0 : step);
    }

    /** {@code start/repeat} in a field whose largest value is {@code max}. */
    static Component repetition(int start, int repeat, int max) {
      return repeat > max - start ? single(start) : new Component(start, NONE, repeat);
    }

    int next(int value, int max) {
      int last = stop != NONE ? stop : repeat > 0 ? max : start;
      if (value <= start) {
        return start;
      }
      if (value > last) {
        return -1;
      }
      if (repeat == 0) {
        return value;
      }
      int candidate = start + (value - start + repeat - 1) / repeat * repeat;
      return candidate <= last ? candidate : -1;
    }

    String format(CalendarField field) {
      return field.format(start) + (stop != NONE ? ".." + field.format(stop) : "") + (repeat > 0 ? "/" + repeat : "");
    }

    @Override
    public int compareTo(Component o) {
      int c = Integer.compare(start, o.start);
      if (c == 0) {
        c = Integer.compare(stop, o.stop);
      }
      return c != 0 ? c : Integer.compare(repeat, o.repeat);
    }
  }
}
