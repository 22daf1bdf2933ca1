package dev.tapekit.backup.chunk;

import static dev.tapekit.backup.chunk.ChunkTestData.lengths;
import static dev.tapekit.backup.chunk.ChunkTestData.splitMix64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frozen cut points. Backups dedup against the chunks of earlier backups only if the same bytes give
 * the same chunks, so these values never change: a failure here means the chunker changed what it
 * writes to tape. Inputs are SplitMix64 bytes ({@link ChunkTestData#splitMix64}) from the seed
 * 0x7461706b6974, so they can be rebuilt in any language to check another implementation.
 */
class FastCdcGoldenTest {
  static final long SEED = 0x7461706b6974L;

  @Test
  void gearTableFollowsItsRule() {
    assertEquals(0xd46fc70a54c093bfL, FastCdc.gear(0), "SHA-256(\"tapekit gear 0\")[0..8]");
    assertEquals(0x0606a0b5ad4a6861L, FastCdc.gear(1), "SHA-256(\"tapekit gear 1\")[0..8]");
    assertEquals(0xbb6ea672a19a6976L, FastCdc.gear(255), "SHA-256(\"tapekit gear 255\")[0..8]");
    ByteBuffer table = ByteBuffer.allocate(256 * 8);
    for (int v = 0; v < 256; v++) {
      table.putLong(FastCdc.gear(v));
    }
    assertEquals("e9c1756b18fddfa8a5f8e83942f046039a0838b66d47d5e1215b136e5e624a84",
        HexFormat.of().formatHex(Sha256.newDigest().digest(table.array())), "SHA-256 of the table, big-endian");
  }

  @Test
  void masksAreTheTopBits() {
    FastCdc smallest = new FastCdc(ChunkerParams.ofAverage(256)); // b = 8
    assertEquals(0xffc0000000000000L, smallest.maskS());
    assertEquals(0xfc00000000000000L, smallest.maskL());
    FastCdc oneMiB = new FastCdc(ChunkerParams.ofAverage(1 << 20)); // b = 20, as in the class comment
    assertEquals(0xfffffc0000000000L, oneMiB.maskS());
    assertEquals(0xffffc00000000000L, oneMiB.maskL());
    FastCdc largest = new FastCdc(new ChunkerParams(1 << 20, ChunkerParams.MAX_AVERAGE, 16 << 20)); // b = 23
    assertEquals(0xffffff8000000000L, largest.maskS());
    assertEquals(0xfffff80000000000L, largest.maskL());
  }

  @Test
  void average256() {
    assertEquals(List.of(290, 265, 259, 260, 299, 360, 256, 482, 419, 326, 320, 294, 277, 266, 301, 255, 266, 163,
        270, 327, 308, 425, 318, 274, 381, 332, 199),
        lengths(new FastCdc(ChunkerParams.ofAverage(256)), splitMix64(SEED, 8192)));
  }

  @Test
  void average64KiB() {
    assertEquals(List.of(67747, 80496, 102091, 75340, 98024, 78695, 91844, 91185, 67076, 67260, 70866, 53922, 66784,
        37246), lengths(new FastCdc(ChunkerParams.ofAverage(64 << 10)), splitMix64(SEED, 1 << 20)));
  }

  @Test
  void average1MiB() {
    assertEquals(List.of(1167387, 1141000, 1157763, 1891533, 1130935, 1254186, 1226578, 1319148, 1104783, 416304,
        773295), lengths(new FastCdc(ChunkerParams.ofAverage(1 << 20)), splitMix64(SEED, 12 << 20)));
  }

  @Test
  void zerosHaveNoCutPoint() {
    // h of a run of zeros settles at -GEAR[0] = 0x2b9038f5ab3f6c41, whose top bits are not all zero
    assertEquals(List.of(16384, 16384, 16384, 16384, 16384, 16384, 1696),
        lengths(new FastCdc(ChunkerParams.ofAverage(4096)), new byte[100_000]));
  }
}
