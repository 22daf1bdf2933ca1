package dev.tapekit.format.chunk;

import static dev.tapekit.format.TapeEdits.overwriteStream;
import static dev.tapekit.format.TapeEdits.readStream;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Chunks, archives and tape surgery shared by the chunk archive tests. */
final class ChunkFixtures {
  /** {@code -Dtests.seed=N} replays a seed; failures print it. */
  static final long SEED = Long.getLong("tests.seed", 20261206L);
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int PAYLOAD = BLOCK - BlockHeader.LENGTH;
  static final UUID MEDIA_SET = UUID.fromString("6d1f1c1e-3a57-4f63-8c1e-2f1d6c9a0b7e");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or "
      + "his from at which but have an they you were her she there been one all we their has would when if so no "
      + "will more can who out about them some into only other time new could these two may then first any like "
      + "now my such over our man even most made after also did many before must through back years where much "
      + "your way well down should because each just those people how too little state good very make world still "
      + "own see men work long get here between both life being under never day same another know while last might "
      + "us great old year off come since against go came right used take three tape block chunk archive index "
      + "drive media label catalog restore backup").split(" ");

  private ChunkFixtures() {}

  /** What a chunk holds: compressible text, incompressible random bytes. */
  enum Content {
    TEXT, RANDOM
  }

  /** One chunk: its digest and bytes. */
  record Chunk(byte[] digest, byte[] data) {
    static Chunk of(byte[] data) {
      return new Chunk(sha256(data), data);
    }

    ByteBuffer buffer() {
      return ByteBuffer.wrap(data);
    }

    String hex() {
      return EntryHeader.hex(digest);
    }
  }

  static ChunkArchiveOptions options() {
    return ChunkArchiveOptions.of("main", MEDIA_SET, 0, CLOCK).withVerifyDigests(true);
  }

  static byte[] bytes(Content kind, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[n];
    if (kind == Content.RANDOM) {
      r.nextBytes(b);
      return b;
    }
    int i = 0;
    while (i < n) {
      String w = WORDS[r.nextInt(WORDS.length)];
      for (int k = 0; k < w.length() && i < n; k++) {
        b[i++] = (byte) w.charAt(k);
      }
      if (i < n) {
        b[i++] = (byte) (r.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
    return b;
  }

  static Chunk chunk(Content kind, int n, long seed) {
    return Chunk.of(bytes(kind, n, seed));
  }

  /** {@code count} chunks of sizes from {@code min} to {@code max}, text and random mixed. */
  static List<Chunk> chunks(int count, int min, int max, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Chunk> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(chunk(r.nextBoolean() ? Content.TEXT : Content.RANDOM, r.nextInt(min, max + 1), r.nextLong()));
    }
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] array(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** Writes {@code chunks} as one archive; every one must be accepted. */
  static ChunkArchiveIndex write(MemoryTape tape, ChunkArchiveOptions options, List<Chunk> chunks) throws IOException {
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options)) {
      for (Chunk c : chunks) {
        if (!w.add(c.digest(), c.buffer())) {
          throw new AssertionError("chunk " + c.hex() + " refused without early warning");
        }
      }
      return w.finish();
    }
  }

  /** Where an entry header starts in its file's stream (all blocks but the last carry a full payload). */
  static long streamOffset(ChunkArchiveIndex.Entry e) {
    return e.block() * PAYLOAD + e.offset();
  }

  /**
   * Xors byte {@code offset} of the stream of the file starting at {@code start} with {@code mask}
   * and sets its block's CRC32C right again, as a writer bug or a memory error before the block CRC
   * would: only the chunk archive's own checks can notice.
   */
  static void alterStream(MemoryTape tape, BlockAddress start, long offset, int mask) {
    byte[] b = readStream(tape, start, offset, 1);
    b[0] ^= (byte) mask;
    overwriteStream(tape, start, offset, b);
  }




  /** Recomputes the CRC32C of a 64-byte entry header (bytes 60..63, over bytes 0..59). */
  static void resealEntryHeader(byte[] entryHeader) {
    CRC32C c = new CRC32C();
    c.update(entryHeader, 0, 60);
    ByteBuffer.wrap(entryHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(60, (int) c.getValue());
  }

}
