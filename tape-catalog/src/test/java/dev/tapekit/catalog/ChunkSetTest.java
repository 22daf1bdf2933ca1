package dev.tapekit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkSetTest {
  private static final long SEED = seed();

  private static long seed() {
    String s = System.getProperty("tests.seed", "");
    return s.isBlank() ? 0x5EEDL : Long.parseLong(s);
  }

  @Test
  void agreesWithAHashSetThroughGrowth() {
    Random r = new Random(SEED);
    ChunkSet chunks = new ChunkSet(4);
    Set<String> reference = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      byte[] d = new byte[32];
      if (i % 7 == 0) {
        d[31] = (byte) r.nextInt(4); // digests that differ in the last byte only
        d[0] = (byte) r.nextInt(4);
      } else {
        r.nextBytes(d);
      }
      boolean isNew = reference.add(HexFormat.of().formatHex(d));
      assertEquals(isNew, chunks.add(d), "reproduce with: -Dtests.seed=" + SEED);
    }
    assertEquals(reference.size(), chunks.size());
    for (String hex : reference) {
      assertTrue(chunks.contains(HexFormat.of().parseHex(hex)), "reproduce with: -Dtests.seed=" + SEED);
    }
    byte[] absent = new byte[32];
    absent[5] = 9;
    assertEquals(reference.contains(HexFormat.of().formatHex(absent)), chunks.contains(absent));
  }

  @Test
  void theAllZeroDigestIsAChunkLikeAnyOther() {
    ChunkSet chunks = new ChunkSet();
    assertFalse(chunks.contains(new byte[32]));
    assertTrue(chunks.add(new byte[32]));
    assertFalse(chunks.add(new byte[32]));
    assertTrue(chunks.contains(new byte[32]));
    assertEquals(1, chunks.size());
  }

  @Test
  void onlySha256DigestsAreTaken() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkSet().add(new byte[20]));
  }
}
