package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.internal.LogPages;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The drive's resettable log counters: what LOG SENSE reports on pages 0x02 (write error counters),
 * 0x03 (read error counters) and parameters 0x0000..0x0003 of page 0x0C (sequential access), and
 * what LOG SELECT may reset (PCR) or set (a parameter list). Not thread safe: used under the drive's
 * lock.
 *
 * <pre>
 * page 0x02 / 0x03   0x0000..0x0004  errors corrected (without/with delay, by rewrite/reread, total,
 *                                    correction algorithm runs), 4 bytes: always 0 unless set
 *                    0x0005          total bytes processed, 8 bytes
 *                    0x0006          total uncorrected errors, 4 bytes
 * page 0x0C          0x0000 / 0x0001 bytes received from the host / written to the medium, 8 bytes
 *                    0x0002 / 0x0003 bytes read from the medium / sent to the host, 8 bytes
 * </pre>
 */
final class DriveCounters {
  static final int WRITE_ERRORS = 0x02;
  static final int READ_ERRORS = 0x03;
  static final int SEQUENTIAL_ACCESS = 0x0C;
  static final int BYTES_PROCESSED = 0x0005;
  static final int UNCORRECTED = 0x0006;

  /** One counter: its page, parameter code and size in bytes. */
  record Counter(int page, int code, int size) {}

  static final List<Counter> COUNTERS = List.of(
      new Counter(WRITE_ERRORS, 0x0000, 4), new Counter(WRITE_ERRORS, 0x0001, 4), new Counter(WRITE_ERRORS, 0x0002, 4),
      new Counter(WRITE_ERRORS, 0x0003, 4), new Counter(WRITE_ERRORS, 0x0004, 4), new Counter(WRITE_ERRORS, BYTES_PROCESSED, 8),
      new Counter(WRITE_ERRORS, UNCORRECTED, 4),
      new Counter(READ_ERRORS, 0x0000, 4), new Counter(READ_ERRORS, 0x0001, 4), new Counter(READ_ERRORS, 0x0002, 4),
      new Counter(READ_ERRORS, 0x0003, 4), new Counter(READ_ERRORS, 0x0004, 4), new Counter(READ_ERRORS, BYTES_PROCESSED, 8),
      new Counter(READ_ERRORS, UNCORRECTED, 4),
      new Counter(SEQUENTIAL_ACCESS, 0x0000, 8), new Counter(SEQUENTIAL_ACCESS, 0x0001, 8),
      new Counter(SEQUENTIAL_ACCESS, 0x0002, 8), new Counter(SEQUENTIAL_ACCESS, 0x0003, 8));

  private final TreeMap<Integer, Long> values = new TreeMap<>();

  private static int key(int page, int code) {
    return page << 16 | code;
  }

  /** The counter at {@code page}/{@code code}, if LOG SELECT may set it. */
  static Optional<Counter> find(int page, int code) {
    return COUNTERS.stream().filter(c -> c.page() == page && c.code() == code).findFirst();
  }

  /** True when {@code page} holds counters. */
  static boolean hasCounters(int page) {
    return COUNTERS.stream().anyMatch(c -> c.page() == page);
  }

  long get(int page, int code) {
    return values.getOrDefault(key(page, code), 0L);
  }

  void add(int page, int code, long delta) {
    values.merge(key(page, code), delta, Long::sum);
  }

  /** Sets a counter, truncated to its size as a drive's counter register would. */
  void set(Counter c, long value) {
    long mask = c.size() >= 8 ? -1L : (1L << (8 * c.size())) - 1;
    values.put(key(c.page(), c.code()), value & mask);
  }

  /** Resets the counters of {@code page}, or of every page when it is 0. */
  void reset(int page) {
    values.keySet().removeIf(k -> page == 0 || k >>> 16 == page);
  }

  /** Adds the counters of {@code page} to {@code p} in code order. */
  void report(int page, LogPages.Params p) {
    for (Counter c : COUNTERS) {
      if (c.page() == page) {
        p.counter(c.code(), get(page, c.code()), c.size());
      }
    }
  }
}
