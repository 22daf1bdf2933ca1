package dev.tapekit.backup.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.snapshot.SnapshotEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkerParamsTest {
  @Test
  void ofAverageUsesFastCdcsRelations() {
    assertEquals(new ChunkerParams(16 << 10, 64 << 10, 256 << 10), ChunkerParams.ofAverage(64 << 10));
    assertEquals(new ChunkerParams(64, 256, 1024), ChunkerParams.ofAverage(ChunkerParams.MIN_AVERAGE));
    assertEquals(new ChunkerParams(1 << 20, 4 << 20, SnapshotEntry.MAX_CHUNK), ChunkerParams.ofAverage(4 << 20));
    assertEquals(ChunkerParams.ofAverage(ChunkerParams.DEFAULT_AVERAGE), ChunkerParams.DEFAULT);
  }

  @Test
  void explicitSizesMayWidenTheRange() {
    ChunkerParams p = new ChunkerParams(ChunkerParams.MIN_MIN, ChunkerParams.MAX_AVERAGE, SnapshotEntry.MAX_CHUNK);
    assertEquals(8 << 20, p.average());
  }

  @ParameterizedTest(name = "({0}, {1}, {2}): {3}")
  @CsvSource(delimiter = ';', value = {
      "1024; 4000;  16384;    power of two",
      "1024; 0;     16384;    power of two",
      "32;   128;   512;      power of two from 256",
      "4096; 16777216; 16777216; power of two from 256 to 8388608",
      "63;   4096;  16384;    from 64 to half the average",
      "2049; 4096;  16384;    from 64 to half the average (2048)",
      "1024; 4096;  8191;     from twice the average (8192)",
      "1024; 4096;  16777217; to 16777216 bytes, the largest chunk a chunk archive holds"})
  void rejectsBrokenRelationsAndSaysWhich(int min, int average, int max, String rule) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(min, average, max));
    assertTrue(e.getMessage().contains(rule), e.getMessage());
  }

  @Test
  void ofAverageRefusesAMaximumBeyondAChunkArchive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkerParams.ofAverage(8 << 20));
    assertTrue(e.getMessage().contains("give min and max explicitly"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChunkerParams.ofAverage(100_000));
  }
}
