package dev.tapekit.backup.chunk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * FastCDC content-defined chunking (Xia et al., "FastCDC: a Fast and Efficient Content-Defined
 * Chunking Approach for Data Deduplication", USENIX ATC 2016) with a gear hash and normalized
 * chunking level 2: finds where a chunk ends from the bytes themselves, so that the same content
 * gives the same chunks wherever it sits in a file, and an edit changes only the chunks around it.
 *
 * <p>The cut points are part of the on-tape behaviour: dedup against the chunks of earlier backups
 * works only if the same bytes are cut at the same places, by every version of tapekit. So the
 * algorithm is fixed here precisely enough to reimplement, and a golden test guards it. For
 * {@link ChunkerParams} {@code (min, average, max)} with {@code average = 2^b}, all arithmetic on
 * unsigned 64-bit integers modulo 2^64:
 *
 * <pre>
 * GEAR[v], v = 0..255   the first 8 bytes, big-endian, of SHA-256 of the ASCII text "tapekit gear "
 *                       and v in decimal: SHA-256("tapekit gear 0") .. SHA-256("tapekit gear 255")
 * MASK_S = ~0 &lt;&lt; (64 - (b + 2))   the b + 2 most significant bits: harder, for chunks shorter than average
 * MASK_L = ~0 &lt;&lt; (64 - (b - 2))   the b - 2 most significant bits: easier, from average on
 *
 * cut(data[0..n))       the length of the chunk that starts at data[0], of n bytes available
 *   h = 0
 *   for k = min - 1 to min(n, max) - 1:          bytes 0 .. min - 2 are skipped, not hashed
 *     h = (h &lt;&lt; 1) + GEAR[data[k]]
 *     mask = k + 1 &lt; average ? MASK_S : MASK_L
 *     if (h AND mask) == 0: return k + 1          byte k is the chunk's last byte
 *   if n &gt;= max: return max                       no cut point: the chunk has max bytes
 *   return UNDECIDED                              the chunk ends beyond the bytes available
 * </pre>
 *
 * An input is cut chunk after chunk, each cut starting afresh (h = 0) at the byte after the previous
 * chunk. At the end of the input the bytes left, fewer than max and no cut point among them, are the
 * last chunk (which may be shorter than min); an empty input has no chunks. Example: for the default
 * average of 1 MiB (b = 20), MASK_S = {@code 0xFFFFFC0000000000} (22 bits) and MASK_L = {@code
 * 0xFFFFC00000000000} (18 bits).
 *
 * <p>Why these choices: bit j of h depends on the last j + 1 bytes hashed only, so the masks take the
 * most significant bits, which see the most bytes (40 to 64) rather than spreading the bits as the
 * paper's tables do; the rule then fits on one line. Normalized chunking with two masks narrows the
 * size distribution around the average (on random data the mean chunk is about 1.14 × average with
 * {@link ChunkerParams#ofAverage}); skipping the first min − 1 bytes makes chunking faster than
 * hashing every byte. Unlike the paper, whose cut leaves the byte that matched to the next chunk, the
 * matching byte ends the chunk here, so every chunk but the last has min to max bytes.
 *
 * <p>Contract: immutable and thread-safe; {@link #cut} allocates nothing.
 */
public final class FastCdc {
  private static final long[] GEAR = gearTable();

  private final ChunkerParams params;
  private final long maskS;
  private final long maskL;

  public FastCdc(ChunkerParams params) {
    this.params = Objects.requireNonNull(params, "params");
    int bits = Integer.numberOfTrailingZeros(params.average());
    this.maskS = -1L << (64 - (bits + 2));
    this.maskL = -1L << (64 - (bits - 2));
  }

  public ChunkerParams params() {
    return params;
  }

  /**
   * The end of the chunk that starts at {@code buf[from]}, given the bytes {@code buf[from..to)}: the
   * index after its last byte, from {@code from + min} to {@code from + max}; or -1 when fewer than
   * max bytes are given and none of them is a cut point. Then the chunk ends beyond {@code to}: call
   * again with more bytes, or, at the end of the input, the bytes {@code buf[from..to)} are the last
   * chunk.
   *
   * @throws IndexOutOfBoundsException if {@code from..to} is not within {@code buf}
   */
  public int cut(byte[] buf, int from, int to) {
    Objects.checkFromToIndex(from, to, buf.length);
    int max = params.max();
    int n = Math.min(to - from, max);
    int k = from + Math.min(params.min() - 1, n);
    int normal = from + Math.min(params.average() - 1, n);
    int end = from + n;
    long[] gear = GEAR;
    long h = 0;
    for (; k < normal; k++) {
      h = (h << 1) + gear[buf[k] & 0xFF];
      if ((h & maskS) == 0) {
        return k + 1;
      }
    }
    for (; k < end; k++) {
      h = (h << 1) + gear[buf[k] & 0xFF];
      if ((h & maskL) == 0) {
        return k + 1;
      }
    }
    return n == max ? end : -1;
  }

  /** GEAR[v], for the golden test. */
  static long gear(int v) {
    return GEAR[v];
  }

  long maskS() {
    return maskS;
  }

  long maskL() {
    return maskL;
  }

  private static long[] gearTable() {
    MessageDigest sha256 = Sha256.newDigest();
    long[] table = new long[256];
    for (int v = 0; v < 256; v++) {
      byte[] d = sha256.digest(("tapekit gear " + v).getBytes(StandardCharsets.US_ASCII));
      long g = 0;
      for (int i = 0; i < 8; i++) {
        g = g << 8 | (d[i] & 0xFF);
      }
      table[v] = g;
    }
    return table;
  }
}
