package dev.tapekit.backup.chunk;

import java.util.ArrayList;
import java.util.List;

/** Test inputs and the reference way to cut them: the whole input in one array. */
final class ChunkTestData {
  private ChunkTestData() {}

  /**
   * {@code n} bytes of SplitMix64 from {@code seed}, each 64-bit output little-endian: a generator
   * that is easy to rebuild in any language, so that the golden vectors can be checked elsewhere.
   */
  static byte[] splitMix64(long seed, int n) {
    byte[] b = new byte[n];
    long state = seed;
    for (int i = 0; i < n; i += 8) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[i + j] = (byte) (z >>> (8 * j));
      }
    }
    return b;
  }

  /** The lengths of the chunks of {@code data}, cut in one array as {@link FastCdc}'s comment says. */
  static List<Integer> lengths(FastCdc cdc, byte[] data) {
    List<Integer> lengths = new ArrayList<>();
    int from = 0;
    while (from < data.length) {
      int cut = cdc.cut(data, from, data.length);
      int end = cut < 0 ? data.length : cut;
      lengths.add(end - from);
      from = end;
    }
    return lengths;
  }
}
