package dev.tapekit.backup.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.chunk.ChunkCompressor;
import dev.tapekit.scsi.testing.Seeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ParallelCompressor}: dedup before compression, chunks in submission order, each digest once,
 * the compression a chunk archive writer stores as its own, failures through a hasher to the producer.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ParallelCompressorTest {
  static final long SEED = Seeds.orDefault(0xc0_3b7e55L);
  static final UUID SET = UUID.fromString("4b1f6a0e-9c2d-4e8f-a1b3-5c7d9e0f1a2b");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);

  /** Text-like bytes (compressible) or random ones. */
  static byte[] data(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    if (random.nextBoolean()) {
      random.nextBytes(b);
      return b;
    }
    String[] words = {"tape ", "chunk ", "archive ", "the ", "drive ", "restore\n", "of ", "backup "};
    for (int i = 0; i < n; ) {
      for (byte c : words[random.nextInt(words.length)].getBytes()) {
        if (i < n) {
          b[i++] = c;
        }
      }
    }
    return b;
  }

  private record Written(HashedChunk chunk, ChunkCompressor.Result compression) {}

  @ParameterizedTest(name = "{0} threads, {1} in flight")
  @CsvSource({"1, 1", "2, 3", "3, 8"})
  void writesEachChunkTheSetLacksOnceInOrderAsAPlainAddWould(int threads, int maxInFlight) throws Exception {
    Seeds.replayable(ParallelCompressorTest.class, SEED, random -> {
      List<HashedChunk> chunks = new ArrayList<>();
      Set<ByteBuffer> set = new HashSet<>(); // what the media set has: a third of the chunks, before the backup
      for (int i = 0; i < 200; i++) {
        HashedChunk c = random.nextInt(5) == 0 && !chunks.isEmpty()
            ? chunks.get(random.nextInt(chunks.size())) // a digest again, maybe still on its way
            : HashedChunk.of(1000L * i, data(random, random.nextInt(0, 100_000)));
        if (random.nextInt(3) == 0) {
          set.add(ByteBuffer.wrap(c.digest()));
        }
        chunks.add(c);
      }
      List<HashedChunk> expected = new ArrayList<>();
      Set<ByteBuffer> have = new HashSet<>(set);
      for (HashedChunk c : chunks) {
        if (have.add(ByteBuffer.wrap(c.digest()))) {
          expected.add(c);
        }
      }

      List<Written> written = new ArrayList<>();
      Thread[] pipeline = new Thread[1];
      try (ParallelCompressor compressor = new ParallelCompressor(ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL,
          threads, maxInFlight, digest -> {
            pipeline[0] = Thread.currentThread();
            return set.contains(ByteBuffer.wrap(digest));
          }, (chunk, compression) -> {
            assertSame(pipeline[0], Thread.currentThread(), "dedup and writing on one thread");
            assertTrue(set.add(ByteBuffer.wrap(chunk.digest())), "written twice: " + chunk);
            written.add(new Written(chunk, compression));
          })) {
        for (HashedChunk c : chunks) {
          compressor.submit(c);
        }
        compressor.finish();
      }
      assertEquals(expected.size(), written.size());
      MemoryTape tape = new MemoryTape("TAPE01");
      ChunkArchiveIndex index;
      try (ChunkCompressor zstd = new ChunkCompressor(ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL);
          ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BlockHeader.DEFAULT_BLOCK,
              ChunkArchiveOptions.of("main", SET, 0, CLOCK).withVerifyDigests(true))) {
        for (int i = 0; i < expected.size(); i++) {
          Written c = written.get(i);
          assertSame(expected.get(i), c.chunk(), "chunk " + i + " in order");
          ChunkCompressor.Result here = zstd.compress(ByteBuffer.wrap(c.chunk().data()));
          assertEquals(here.compressed(), c.compression().compressed(), c.chunk().toString());
          assertEquals(here.storedLength(), c.compression().storedLength(), c.chunk().toString());
          assertTrue(w.add(c.chunk().digest(), ByteBuffer.wrap(c.chunk().data()), c.compression()));
        }
        index = w.finish();
      }
      try (ChunkArchiveReader reader = ChunkArchiveReader.open(tape, index.start(), Optional.empty())) {
        for (Written c : written) {
          assertArrayEquals(c.chunk().digest(), reader.nextEntry().digest());
          ByteBuffer back = reader.data();
          byte[] bytes = new byte[back.remaining()];
          back.get(bytes);
          assertArrayEquals(c.chunk().data(), bytes);
        }
      }
    });
  }

  /** A backup whose set has every chunk compresses nothing and writes nothing. */
  @Test
  void chunksTheSetHasNeverReachTheWriter() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    List<HashedChunk> written = new ArrayList<>();
    try (ParallelCompressor compressor = new ParallelCompressor(1, 2, 4, digest -> true,
        (chunk, compression) -> written.add(chunk))) {
      for (int i = 0; i < 50; i++) {
        compressor.submit(HashedChunk.of(i, data(random, 10_000)));
      }
      compressor.finish();
    }
    assertEquals(List.of(), written);
  }

  @Test
  void aWriterFailureReachesTheProducerThroughTheHasher() throws Exception {
    IOException full = new IOException("tape full");
    SplittableRandom random = new SplittableRandom(SEED);
    List<Long> written = new ArrayList<>();
    IOException e;
    try (ParallelCompressor compressor = new ParallelCompressor(1, 2, 3, digest -> false, (chunk, compression) -> {
      if (chunk.offset() == 500) {
        throw full;
      }
      written.add(chunk.offset());
    }); ParallelHasher hasher = new ParallelHasher(2, 3, compressor::submit)) {
      e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 1000; i++) {
          hasher.submit(100L * i, ByteBuffer.wrap(data(random, 2000)));
        }
        hasher.finish();
        compressor.finish();
      });
    }
    assertSame(full, e.getCause());
    assertTrue(e.getMessage().startsWith("chunk at offset 500, 2000 bytes, SHA-256 "), e.getMessage());
    assertTrue(e.getMessage().contains(": the consumer failed: java.io.IOException: tape full"), e.getMessage());
    assertEquals(List.of(0L, 100L, 200L, 300L, 400L), written);
  }

  @Test
  void refusesALevelZstdLacksAndWorkWhenClosed() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> new ParallelCompressor(99, 2, 4, d -> false, (c, r) -> {}));
    assertThrows(IllegalArgumentException.class, () -> new ParallelCompressor(1, 0, 4, d -> false, (c, r) -> {}));
    assertThrows(IllegalArgumentException.class, () -> new ParallelCompressor(1, 1, 0, d -> false, (c, r) -> {}));
    ParallelCompressor compressor = new ParallelCompressor(1, 1, 1, d -> false, (c, r) -> {});
    compressor.close();
    compressor.close();
    assertThrows(IllegalStateException.class, () -> compressor.submit(HashedChunk.of(0, new byte[1])));
    assertThrows(IllegalStateException.class, compressor::finish);
  }
}
