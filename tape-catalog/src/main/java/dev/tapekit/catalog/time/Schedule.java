package dev.tapekit.catalog.time;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed calendar event: the weekdays and the six fields it matches.
 *
 * @param weekdays bit {@code d - 1} set for each {@link DayOfWeek} value {@code d} (Monday is bit 0);
 *     {@link #ALL_DAYS} when the event names no weekday
 */
record Schedule(int weekdays, FieldSpec year, FieldSpec month, FieldSpec day, FieldSpec hour, FieldSpec minute,
    FieldSpec second) {
  static final int ALL_DAYS = 0x7F;
  private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  boolean on(DayOfWeek day) {
    return (weekdays & 1 << day.getValue() - 1) != 0;
  }

  /** systemd's normalized form, e.g. {@code Mon..Fri *-*-* 02:00:00}. */
  String normalized() {
    String date = year.format() + "-" + month.format() + "-" + day.format();
    String time = hour.format() + ":" + minute.format() + ":" + second.format();
    return weekdays == ALL_DAYS ? date + " " + time : weekdayList() + " " + date + " " + time;
  }

  /** The weekdays as systemd writes them: runs of three or more days as ranges, Monday first. */
  private String weekdayList() {
    List<String> parts = new ArrayList<>();
    for (int d = 0; d < 7; ) {
      if ((weekdays & 1 << d) == 0) {
        d++;
        continue;
      }
      int end = d;
      while (end + 1 < 7 && (weekdays & 1 << end + 1) != 0) {
        end++;
      }
      if (end - d >= 2) {
        parts.add(DAY_NAMES[d] + ".." + DAY_NAMES[end]);
      } else {
        for (int i = d; i <= end; i++) {
          parts.add(DAY_NAMES[i]);
        }
      }
      d = end + 1;
    }
    return String.join(",", parts);
  }
}
