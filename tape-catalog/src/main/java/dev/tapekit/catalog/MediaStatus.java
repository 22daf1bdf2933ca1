package dev.tapekit.catalog;

import java.util.Locale;

/**
 * A tape's status, as PBS names it. {@link #FULL}, {@link #DAMAGED} and {@link #RETIRED} are
 * stored (set when the tape reached early warning, by critical TapeAlert flags, or by an operator);
 * {@link #UNKNOWN} is stored as "nothing said", and {@link #WRITABLE} is what the pool policy computes
 * for a tape that may take data (see {@code MediaPool#status}).
 */
public enum MediaStatus {
  WRITABLE,
  FULL,
  DAMAGED,
  RETIRED,
  UNKNOWN;

  /** The lowercase name, as shown and stored. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code text} (case-insensitive). */
  public static MediaStatus parse(String text) {
    for (MediaStatus s : values()) {
      if (s.text().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown media status '" + text
        + "': one of writable, full, damaged, retired, unknown");
  }

  /** Whether an operator or the drive said the tape may not be written: damaged or retired. */
  public boolean unusable() {
    return this == DAMAGED || this == RETIRED;
  }
}
