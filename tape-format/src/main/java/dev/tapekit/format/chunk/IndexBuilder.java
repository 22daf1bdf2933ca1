package dev.tapekit.format.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Collects index entries in the order the chunks were written (56 bytes each, the on-tape layout of
 * {@link IndexFormat}) and sorts them by digest: the writer's index, and what a reader that streamed
 * the archive compares the index with. 56 bytes per chunk, no object per chunk.
 */
final class IndexBuilder {
  private byte[] table = new byte[IndexFormat.ENTRY * 64];
  private int count;

  void add(byte[] digest, long block, int offset, int flags, int plainLength, int storedLength) {
    if ((long) (count + 1) * IndexFormat.ENTRY > table.length) {
      if (count >= IndexFormat.MAX_ENTRIES) {
        throw new IllegalStateException("a chunk archive holds at most " + IndexFormat.MAX_ENTRIES + " chunks");
      }
      table = Arrays.copyOf(table, (int) Math.min((long) table.length * 2, IndexFormat.MAX_ENTRIES * IndexFormat.ENTRY));
    }
    ByteBuffer.wrap(table, count * IndexFormat.ENTRY, IndexFormat.ENTRY).slice().order(ByteOrder.LITTLE_ENDIAN)
        .put(digest).putLong(block).putInt(offset).putInt(flags).putInt(plainLength).putInt(storedLength);
    count++;
  }

  int count() {
    return count;
  }

  /** The entries sorted by digest, {@code count() * 56} bytes. */
  byte[] sorted() {
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(table, a * IndexFormat.ENTRY,
        a * IndexFormat.ENTRY + EntryHeader.DIGEST, table, b * IndexFormat.ENTRY,
        b * IndexFormat.ENTRY + EntryHeader.DIGEST));
    byte[] out = new byte[count * IndexFormat.ENTRY];
    for (int i = 0; i < count; i++) {
      System.arraycopy(table, order[i] * IndexFormat.ENTRY, out, i * IndexFormat.ENTRY, IndexFormat.ENTRY);
    }
    return out;
  }
}
