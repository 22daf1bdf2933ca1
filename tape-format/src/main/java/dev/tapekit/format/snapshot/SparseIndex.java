package dev.tapekit.format.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A decoded sparse index, kept as its bytes ({@code bytes}: index header and entries) and the
 * offsets of its entries, so that a million-entry snapshot's index (about 4,000 entries) costs two
 * arrays, not thousands of objects. Immutable.
 */
record SparseIndex(byte[] bytes, int[] at, long entries) {
  int size() {
    return at.length;
  }

  long ordinal(int i) {
    return buffer().getLong(at[i]);
  }

  long block(int i) {
    return buffer().getLong(at[i] + 8);
  }

  int offset(int i) {
    return buffer().getInt(at[i] + 16);
  }

  byte[] path(int i) {
    int n = buffer().getShort(at[i] + 20) & 0xFFFF;
    return Arrays.copyOfRange(bytes, at[i] + SparseIndexFormat.ENTRY_FIXED, at[i] + SparseIndexFormat.ENTRY_FIXED + n);
  }

  /** The last index entry whose path is at most {@code path} (unsigned bytes), or -1. */
  int floor(byte[] path) {
    int lo = 0;
    int hi = at.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(path(mid), path) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Compares the paths of the index entries starting at {@code a} in {@code x} and {@code b} in {@code y}. */
  static int comparePath(byte[] x, int a, byte[] y, int b) {
    int na = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).getShort(a + 20) & 0xFFFF;
    int nb = ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN).getShort(b + 20) & 0xFFFF;
    int f = SparseIndexFormat.ENTRY_FIXED;
    return Arrays.compareUnsigned(x, a + f, a + f + na, y, b + f, b + f + nb);
  }

  private ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
