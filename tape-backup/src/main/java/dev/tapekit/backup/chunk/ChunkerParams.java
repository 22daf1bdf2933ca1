package dev.tapekit.backup.chunk;

import dev.tapekit.format.snapshot.SnapshotEntry;

/**
 * The sizes that steer {@link FastCdc}: every chunk but the last of an input has between {@code min}
 * and {@code max} bytes, and on random data they average about 1.14 × {@code average} ({@link FastCdc}
 * says why).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code average} is a power of two from 256 bytes to 8 MiB; it sets the two masks of the cut
 *       condition (see {@link FastCdc}).
 *   <li>64 ≤ {@code min} ≤ {@code average} / 2, and 2 × {@code average} ≤ {@code max} ≤ 16 MiB
 *       ({@link SnapshotEntry#MAX_CHUNK}, the largest chunk a chunk archive holds). The constructor
 *       throws {@link IllegalArgumentException} naming the broken rule.
 *   <li>The three values are part of the on-tape behaviour: a backup finds the chunks of an earlier
 *       one only if it cuts with the same values.
 * </ul>
 *
 * <p>Default: {@link #DEFAULT}, a 1 MiB average (256 KiB to 4 MiB), chosen by measurement
 * (benchmarks/README.md, "Content-defined chunking"): on two versions of 512 MiB of real files it
 * stores, per file, about what 64 KiB to 4 MiB store (files under 256 KiB are one chunk whatever the
 * average), and, as one stream, 31% less than 4 MiB for the second version with 17 times fewer chunks
 * (catalog rows, dedup-set memory) than 64 KiB.
 *
 * @param min the smallest chunk, except the last of an input
 * @param average the target average, a power of two
 * @param max the largest chunk
 */
public record ChunkerParams(int min, int average, int max) {
  /** The smallest average: a chunk costs 176 bytes of records on tape (entry header, index and catalog entries). */
  public static final int MIN_AVERAGE = 256;
  /** The largest average: with {@code max} at least twice the average it still fits a chunk archive. */
  public static final int MAX_AVERAGE = SnapshotEntry.MAX_CHUNK / 2;
  /** The smallest {@code min}. */
  public static final int MIN_MIN = 64;
  /** The default average, 1 MiB (the class comment says why). */
  public static final int DEFAULT_AVERAGE = 1 << 20;
  /** {@code ofAverage(DEFAULT_AVERAGE)}: 256 KiB, 1 MiB, 4 MiB. */
  public static final ChunkerParams DEFAULT = ofAverage(DEFAULT_AVERAGE);

  public ChunkerParams {
    if (average < MIN_AVERAGE || average > MAX_AVERAGE || Integer.bitCount(average) != 1) {
      throw new IllegalArgumentException("chunk average " + average + ": must be a power of two from "
          + MIN_AVERAGE + " to " + MAX_AVERAGE + " bytes (the cut masks are built from its bit count)");
    }
    if (min < MIN_MIN || min > average / 2) {
      throw new IllegalArgumentException("chunk minimum " + min + ": must be from " + MIN_MIN + " to half the average ("
          + average / 2 + ") bytes; ChunkerParams.ofAverage(" + average + ") uses " + average / 4);
    }
    if (max < 2L * average || max > SnapshotEntry.MAX_CHUNK) {
      throw new IllegalArgumentException("chunk maximum " + max + ": must be from twice the average (" + 2L * average
          + ") to " + SnapshotEntry.MAX_CHUNK + " bytes, the largest chunk a chunk archive holds; "
          + "ChunkerParams.ofAverage(" + average + ") uses " + 4L * average);
    }
  }

  /**
   * FastCDC's usual sizes for an average: {@code min = average / 4}, {@code max = average × 4}. So the
   * average goes up to 4 MiB here (a 16 MiB maximum); larger averages need an explicit, smaller max.
   *
   * @throws IllegalArgumentException if the average is no power of two from 256 bytes to 4 MiB
   */
  public static ChunkerParams ofAverage(int average) {
    if (average > SnapshotEntry.MAX_CHUNK / 4) {
      throw new IllegalArgumentException("chunk average " + average + ": ofAverage allows at most "
          + SnapshotEntry.MAX_CHUNK / 4 + " bytes, as its maximum (4 × average) must fit a chunk archive ("
          + SnapshotEntry.MAX_CHUNK + " bytes); give min and max explicitly for a larger average");
    }
    return new ChunkerParams(average / 4, average, average * 4);
  }
}
