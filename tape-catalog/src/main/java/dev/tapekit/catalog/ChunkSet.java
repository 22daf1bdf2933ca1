package dev.tapekit.catalog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The chunk digests of one media set, in memory, for the dedup decisions of a running backup: a
 * lookup is a hash probe, not a database round trip. Loaded once at the start of a session ({@link
 * #load}); the session {@link #add}s each chunk it writes.
 *
 * <p>Digests are SHA-256 (32 bytes) and kept whole: a false "already on tape" would lose that chunk,
 * so no prefix or filter stands in for the digest. Open addressing with linear probing over one
 * {@code long[]} (4 longs a digest); the table doubles at 3/4 full. Memory: 32 bytes a digest over a
 * load of 3/8 to 3/4, i.e. 43 to 85 bytes a digest, 41 to 81 MiB per million chunks
 * ({@code benchmarks/README.md} has the measured figure).
 *
 * <p>Not thread-safe: one session's writer owns it.
 */
public final class ChunkSet {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int DIGEST = 32;

  private long[] table;
  private int mask; // slots − 1
  private int size;
  private boolean hasZero; // the all-zero digest marks an empty slot, so it is kept aside

  /** An empty set sized for {@code expected} digests. */
  public ChunkSet(int expected) {
    int slots = Integer.highestOneBit(Math.max(16, (int) Math.min(1L << 30, expected * 4L / 3 + 1)) - 1) << 1;
    table = new long[slots * 4];
    mask = slots - 1;
  }

  /** An empty set. */
  public ChunkSet() {
    this(1024);
  }

  /** The chunk digests media set {@code set} has in {@code store}. */
  public static ChunkSet load(CatalogStore store, UUID set) throws CatalogException {
    ChunkSet chunks = new ChunkSet();
    store.chunkDigests(set, chunks::add);
    return chunks;
  }

  /** How many digests it holds. */
  public int size() {
    return size;
  }

  /** Whether it holds {@code digest}. */
  public boolean contains(byte[] digest) {
    check(digest);
    long a = (long) LONGS.get(digest, 0);
    long b = (long) LONGS.get(digest, 8);
    long c = (long) LONGS.get(digest, 16);
    long d = (long) LONGS.get(digest, 24);
    if ((a | b | c | d) == 0) {
      return hasZero;
    }
    return probe(table, mask, a, b, c, d) >= 0;
  }

  /**
   * Adds {@code digest}.
   *
   * @return whether it was new
   */
  public boolean add(byte[] digest) {
    check(digest);
    long a = (long) LONGS.get(digest, 0);
    long b = (long) LONGS.get(digest, 8);
    long c = (long) LONGS.get(digest, 16);
    long d = (long) LONGS.get(digest, 24);
    if ((a | b | c | d) == 0) { // the empty-slot marker, kept aside
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    if (!insert(table, mask, a, b, c, d)) {
      return false;
    }
    if (++size > (mask + 1) / 4 * 3) {
      grow();
    }
    return true;
  }

  /** The bytes its table takes. */
  public long tableBytes() {
    return (long) table.length * Long.BYTES;
  }

  /** The first slot to probe: digests of crafted test data need mixing, SHA-256 output would not. */
  private static int slot(long a, int mask) {
    return (int) ((a * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  /** The index of the digest's slot when {@code t} holds it; else −1 − the index of the empty slot it would take. */
  private static int probe(long[] t, int m, long a, long b, long c, long d) {
    for (int slot = slot(a, m); ; slot = (slot + 1) & m) {
      int i = slot << 2;
      long x = t[i];
      long y = t[i + 1];
      long z = t[i + 2];
      long w = t[i + 3];
      if (x == a && y == b && z == c && w == d) {
        return i;
      }
      if ((x | y | z | w) == 0) {
        return -1 - i;
      }
    }
  }

  private static boolean insert(long[] t, int m, long a, long b, long c, long d) {
    int at = probe(t, m, a, b, c, d);
    if (at >= 0) {
      return false;
    }
    int i = -1 - at;
    t[i] = a;
    t[i + 1] = b;
    t[i + 2] = c;
    t[i + 3] = d;
    return true;
  }

  private void grow() {
    long slots = (mask + 1L) * 2;
    if (slots > 1 << 28) {
      throw new IllegalStateException("a chunk set of more than 200 million digests");
    }
    long[] bigger = new long[(int) slots * 4];
    int m = (int) slots - 1;
    for (int i = 0; i < table.length; i += 4) {
      if ((table[i] | table[i + 1] | table[i + 2] | table[i + 3]) != 0) {
        insert(bigger, m, table[i], table[i + 1], table[i + 2], table[i + 3]);
      }
    }
    table = bigger;
    mask = m;
  }

  private static void check(byte[] digest) {
    if (digest.length != DIGEST) {
      throw new IllegalArgumentException("a chunk digest has 32 bytes (SHA-256), not " + digest.length);
    }
  }
}
