package dev.tapekit.catalog.time;

/** The six numeric fields of a calendar event, with the values systemd accepts in each. */
enum CalendarField {
  YEAR("year", 1970, 2199, 4),
  MONTH("month", 1, 12, 2),
  DAY("day", 1, 31, 2),
  HOUR("hour", 0, 23, 2),
  MINUTE("minute", 0, 59, 2),
  SECOND("second", 0, 59, 2);

  /** The field's name in error messages. */
  final String label;
  final int min;
  final int max;
  /** The digits a value has in the normalized form (zero-padded). */
  final int width;

  CalendarField(String label, int min, int max, int width) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.width = width;
  }

  /** {@code value} zero-padded to this field's width. */
  String format(int value) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
