package dev.tapekit.tools.tape;

import java.time.Duration;
import java.util.Locale;

/** Sizes, rates and durations as {@code tape} prints them (binary units for sizes, SI for rates, as PBS). */
final class Units {
  private Units() {}

  /** {@code n} bytes in binary units with two decimals: 512 B, 1.50 KiB, 3.00 GiB. */
  static String bytes(long n) {
    return bytes(n, 2);
  }

  /** {@code n} bytes in binary units with {@code decimals} decimals (bytes below 1 KiB as a whole number). */
  static String bytes(long n, int decimals) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f %s", v, units[u]);
  }

  static String rate(long bytes, Duration took) {
    double seconds = Math.max(took.toNanos() / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%.1f MB/s", bytes / seconds / 1e6);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return s < 3600 ? String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d h %d min", s / 3600, s % 3600 / 60);
  }
}
