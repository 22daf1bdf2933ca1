package dev.tapekit.backup.chunk;

import static dev.tapekit.backup.chunk.ChunkTestData.lengths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Seeds;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The properties of {@link FastCdc}'s cut points, on seeded random inputs (-Dtests.seed replays one). */
class FastCdcTest {
  static final long SEED = Seeds.orDefault(0x5eed_cdcL);

  static Stream<ChunkerParams> params() {
    return Stream.of(ChunkerParams.ofAverage(256), ChunkerParams.ofAverage(4096), new ChunkerParams(64, 4096, 8192),
        new ChunkerParams(2048, 4096, 65536), ChunkerParams.ofAverage(64 << 10));
  }

  @ParameterizedTest
  @MethodSource("params")
  void everyChunkButTheLastHasMinToMaxBytes(ChunkerParams p) {
    Seeds.replayable(FastCdcTest.class, SEED, random -> {
      FastCdc cdc = new FastCdc(p);
      for (int round = 0; round < 20; round++) {
        byte[] data = bytes(random, random.nextInt(0, 20 * p.max()));
        if (round % 4 == 0) {
          Arrays.fill(data, random.nextInt(data.length + 1), data.length, (byte) random.nextInt()); // a run: max chunks
        }
        List<Integer> lengths = lengths(cdc, data);
        assertEquals(data.length, lengths.stream().mapToLong(Integer::longValue).sum());
        for (int i = 0; i < lengths.size(); i++) {
          int n = lengths.get(i);
          int least = i == lengths.size() - 1 ? 1 : p.min();
          assertTrue(n <= p.max() && n >= least, "chunk " + i + " of " + n + " bytes");
        }
      }
    });
  }

  @Test
  void emptyInputHasNoChunks() {
    FastCdc cdc = new FastCdc(ChunkerParams.ofAverage(4096));
    assertEquals(-1, cdc.cut(new byte[0], 0, 0));
    assertEquals(List.of(), lengths(cdc, new byte[0]));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 1023, 1024})
  void inputUpToMinIsOneChunk(int n) {
    FastCdc cdc = new FastCdc(ChunkerParams.ofAverage(4096)); // min 1024
    byte[] data = bytes(new SplittableRandom(SEED), n);
    assertEquals(-1, cdc.cut(data, 0, n), "undecided: the chunk may go on");
    assertEquals(List.of(n), lengths(cdc, data));
  }

  @Test
  void cutDependsOnlyOnTheBytesFromTheChunkStart() {
    Seeds.replayable(FastCdcTest.class, SEED, random -> {
      FastCdc cdc = new FastCdc(ChunkerParams.ofAverage(4096));
      byte[] data = bytes(random, 200_000);
      for (int round = 0; round < 200; round++) {
        int from = random.nextInt(0, 100_000);
        int to = random.nextInt(from, data.length + 1);
        byte[] alone = Arrays.copyOfRange(data, from, to);
        int cut = cdc.cut(data, from, to);
        assertEquals(cut < 0 ? -1 : cut - from, cdc.cut(alone, 0, alone.length), "from " + from + " to " + to);
        assertTrue(cut <= to, "within the bytes given");
        assertTrue(cut >= 0 || to - from < cdc.params().max(), "undecided only with fewer than max bytes");
      }
    });
  }

  @Test
  void rejectsARangeOutsideTheArray() {
    FastCdc cdc = new FastCdc(ChunkerParams.ofAverage(4096));
    assertThrows(IndexOutOfBoundsException.class, () -> cdc.cut(new byte[10], 5, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> cdc.cut(new byte[10], 6, 5));
  }

  /**
   * The mean chunk is within 25% of the average. Expected: about 1.14 × average (the class comment);
   * over 64 MiB the mean of 1 MiB chunks still spreads, 1.03 to 1.28 over 100 seeds, so another seed
   * given with -Dtests.seed fails here about 2% of the time without a bug.
   */
  @ParameterizedTest
  @ValueSource(ints = {64 << 10, 1 << 20})
  void meanIsNearTheAverageOnRandomData(int average) {
    Seeds.replayable(FastCdcTest.class, SEED, random -> {
      List<Integer> lengths = lengths(new FastCdc(ChunkerParams.ofAverage(average)), bytes(random, 64 << 20));
      double mean = lengths.subList(0, lengths.size() - 1).stream().mapToInt(Integer::intValue).average().orElseThrow();
      assertEquals(1.0, mean / average, 0.25, "mean " + mean + " over " + lengths.size() + " chunks");
    });
  }

  /**
   * Bytes inserted at the start or in the middle change few chunks: at least 90% of the bytes stay in
   * chunks stored before.
   */
  @ParameterizedTest
  @ValueSource(ints = {64 << 10, 256 << 10})
  void insertionsChangeOnlyTheChunksAroundThem(int average) {
    Seeds.replayable(FastCdcTest.class, SEED, random -> {
      FastCdc cdc = new FastCdc(ChunkerParams.ofAverage(average));
      byte[] before = bytes(random, 16 << 20);
      Set<String> stored = digests(cdc, before);
      for (int insert : new int[] {1, random.nextInt(2, 100), 100}) {
        for (int at : new int[] {0, random.nextInt(before.length / 4, 3 * before.length / 4)}) {
          byte[] after = new byte[before.length + insert];
          System.arraycopy(before, 0, after, 0, at);
          System.arraycopy(bytes(random, insert), 0, after, at, insert);
          System.arraycopy(before, at, after, at + insert, before.length - at);
          long kept = 0;
          int from = 0;
          for (int n : lengths(cdc, after)) {
            if (stored.contains(hex(after, from, n))) {
              kept += n;
            }
            from += n;
          }
          assertTrue(kept >= 0.9 * after.length,
              insert + " bytes at " + at + ": only " + kept + " of " + after.length + " bytes in unchanged chunks");
        }
      }
    });
  }

  private static Set<String> digests(FastCdc cdc, byte[] data) {
    Set<String> digests = new HashSet<>();
    int from = 0;
    for (int n : lengths(cdc, data)) {
      digests.add(hex(data, from, n));
      from += n;
    }
    return digests;
  }

  private static String hex(byte[] data, int from, int n) {
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update(data, from, n);
    return HexFormat.of().formatHex(sha256.digest());
  }

  static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
