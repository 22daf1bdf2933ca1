package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.BLOCK;
import static dev.tapekit.format.chunk.ChunkFixtures.MEDIA_SET;
import static dev.tapekit.format.chunk.ChunkFixtures.PAYLOAD;
import static dev.tapekit.format.chunk.ChunkFixtures.SEED;
import static dev.tapekit.format.chunk.ChunkFixtures.array;
import static dev.tapekit.format.chunk.ChunkFixtures.chunk;
import static dev.tapekit.format.chunk.ChunkFixtures.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkFixtures.Chunk;
import dev.tapekit.format.chunk.ChunkFixtures.Content;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChunkCompressor} and {@link ChunkArchiveWriter#add(byte[], ByteBuffer, ChunkCompressor.Result)}:
 * compression decided on other threads gives the archive a plain {@code add} gives, byte for byte.
 */
class ChunkCompressorTest {
  static final String REPRODUCE = "reproduce with: -Dtest=ChunkCompressorTest -Dtests.seed=" + SEED;
  static final UUID FILE = UUID.fromString("0b1c2d3e-4f50-4617-8899-aabbccddeeff");

  /** Sizes around the 1/32 rule's edges and the block payload, text and random bytes mixed. */
  static List<Chunk> awkwardChunks() {
    List<Integer> sizes = new ArrayList<>(List.of(0, 1, 2, 31, 32, 33, 63, 64, 65, 1000, PAYLOAD - 1, PAYLOAD,
        PAYLOAD + 1, 4 << 20));
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < 8; i++) {
      sizes.add(r.nextInt(100, 3 * PAYLOAD));
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      for (Content kind : Content.values()) {
        chunks.add(chunk(kind, sizes.get(i), SEED + 2L * i + kind.ordinal()));
      }
    }
    chunks.add(chunks.get(5)); // a digest again: in the archive already
    return chunks;
  }

  /** The whole tape image: blocks and filemarks. */
  static byte[] image(MemoryTape tape) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tape.save(out);
    return out.toByteArray();
  }

  @ParameterizedTest(name = "zstd level {0}")
  @ValueSource(ints = {ChunkArchiveOptions.NO_COMPRESSION, 1, 3})
  void compressionDecidedOnOtherThreadsWritesTheSameArchive(int level) throws Exception {
    List<Chunk> chunks = awkwardChunks();
    ChunkArchiveOptions options = options().withCompressionLevel(level);

    MemoryTape plain = new MemoryTape("TAPE01");
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(plain, BLOCK, options, FILE)) {
      for (Chunk c : chunks) {
        assertTrue(w.add(c.digest(), c.buffer()));
      }
      w.finish();
    }

    // each worker thread its own compressor, as the backup pipeline does
    List<ChunkCompressor.Result> decided = new ArrayList<>();
    ExecutorService workers = Executors.newFixedThreadPool(3);
    List<ChunkCompressor> made = Collections.synchronizedList(new ArrayList<>());
    ThreadLocal<ChunkCompressor> compressor = ThreadLocal.withInitial(() -> {
      ChunkCompressor c = new ChunkCompressor(level);
      made.add(c);
      return c;
    });
    try {
      List<Future<ChunkCompressor.Result>> futures = new ArrayList<>();
      for (Chunk c : chunks) {
        futures.add(workers.submit(() -> compressor.get().compress(c.buffer())));
      }
      for (Future<ChunkCompressor.Result> f : futures) {
        decided.add(f.get());
      }
    } finally {
      workers.shutdown();
      assertTrue(workers.awaitTermination(1, TimeUnit.MINUTES));
      made.forEach(ChunkCompressor::close);
    }

    MemoryTape parallel = new MemoryTape("TAPE01");
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(parallel, BLOCK, options, FILE)) {
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        ByteBuffer data = c.buffer();
        assertTrue(w.add(c.digest(), data, decided.get(i)));
        assertFalse(data.hasRemaining(), "the chunk's bytes are consumed");
      }
      w.finish();
    }
    assertArrayEquals(image(plain), image(parallel), REPRODUCE);

    for (int i = 0; i < chunks.size(); i++) {
      int size = chunks.get(i).data().length;
      ChunkCompressor.Result r = decided.get(i);
      assertEquals(level, r.level());
      assertEquals(size, r.plainLength());
      if (r.compressed()) {
        assertTrue(level != ChunkArchiveOptions.NO_COMPRESSION);
        assertTrue(r.storedLength() <= size - Math.max(1, size / 32), r + "; " + REPRODUCE);
      } else {
        assertEquals(size, r.storedLength());
      }
    }
  }

  @Test
  void incompressibleAndTinyChunksAreStoredAsTheyAre() {
    try (ChunkCompressor zstd = new ChunkCompressor(1)) {
      for (int size : new int[] {0, 1, 31, 32, 1000, PAYLOAD + 1, 1 << 20}) {
        Chunk random = chunk(Content.RANDOM, size, SEED + size);
        ChunkCompressor.Result r = zstd.compress(random.buffer());
        assertFalse(r.compressed(), size + " random bytes: " + r);
        assertEquals(size, r.storedLength());
      }
      // 31 bytes of text would need to save one byte in a frame of at most 30: zstd's frame overhead forbids it
      assertFalse(zstd.compress(chunk(Content.TEXT, 31, SEED).buffer()).compressed());
      ChunkCompressor.Result text = zstd.compress(chunk(Content.TEXT, 100_000, SEED).buffer());
      assertTrue(text.compressed(), text.toString());
      assertTrue(text.storedLength() < 50_000, text.toString());
    }
    try (ChunkCompressor none = new ChunkCompressor(ChunkArchiveOptions.NO_COMPRESSION)) {
      ChunkCompressor.Result r = none.compress(chunk(Content.TEXT, 100_000, SEED).buffer());
      assertFalse(r.compressed());
      assertEquals(100_000, r.storedLength());
    }
  }

  @Test
  void compressReadsFromPositionToLimitOfHeapDirectAndSlicedBuffersAndMovesNothing() {
    Chunk c = chunk(Content.TEXT, 70_000, SEED);
    ByteBuffer direct = ByteBuffer.allocateDirect(c.data().length + 20);
    direct.position(7);
    direct.put(c.data()).flip().position(7);
    byte[] padded = new byte[c.data().length + 30];
    System.arraycopy(c.data(), 0, padded, 11, c.data().length);
    ByteBuffer slice = ByteBuffer.wrap(padded).position(11).slice().limit(c.data().length);
    try (ChunkCompressor zstd = new ChunkCompressor(1)) {
      byte[] expected = zstd.compress(c.buffer()).frameArray();
      for (ByteBuffer b : List.of(direct, slice)) {
        int position = b.position();
        assertArrayEquals(expected, zstd.compress(b).frameArray());
        assertEquals(position, b.position());
      }
    }
  }

  @Test
  void precompressedChunksRoundTripEncrypted() throws Exception {
    List<Chunk> chunks = awkwardChunks();
    try (TapeKey tapeKey = TapeKey.generate(); MediaSetKey key = tapeKey.mediaSetKey(MEDIA_SET);
        ChunkCompressor zstd = new ChunkCompressor(ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL)) {
      MemoryTape tape = new MemoryTape("TAPE01");
      ChunkArchiveIndex index;
      try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options().withEncryption(key))) {
        for (Chunk c : chunks) {
          assertTrue(w.add(c.digest(), c.buffer(), zstd.compress(c.buffer())));
        }
        index = w.finish();
      }
      Collection<Chunk> distinct = chunks.stream().collect(Collectors.toMap(Chunk::hex, c -> c, (a, b) -> a,
          LinkedHashMap::new)).values(); // the empty chunk twice, and one chunk added again
      assertEquals(distinct.size(), index.size());
      try (ChunkArchiveReader reader = ChunkArchiveReader.open(tape, index.start(), Optional.of(key))) {
        for (Chunk c : distinct) {
          ChunkArchiveIndex.Entry e = reader.nextEntry();
          assertArrayEquals(c.digest(), e.digest());
          assertTrue(e.encrypted());
          assertEquals(zstd.compress(c.buffer()).compressed(), e.compressed(), c.data().length + " bytes");
          assertArrayEquals(c.data(), array(reader.data()), c.data().length + " bytes; " + REPRODUCE);
        }
        assertNull(reader.nextEntry());
      }
    }
  }

  @Test
  void aResultOfAnotherLevelOrLengthIsRefusedAndNothingWritten() throws Exception {
    Chunk c = chunk(Content.TEXT, 5000, SEED);
    try (ChunkCompressor three = new ChunkCompressor(3); ChunkCompressor one = new ChunkCompressor(1);
        ChunkArchiveWriter w = ChunkArchiveWriter.begin(new MemoryTape("TAPE01"), BLOCK, options())) {
      long before = w.bytesWritten();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.add(c.digest(), c.buffer(), three.compress(c.buffer())));
      assertTrue(e.getMessage().contains("level 3") && e.getMessage().contains("level 1"), e.getMessage());
      ChunkCompressor.Result shorter = one.compress(c.buffer().limit(4999));
      e = assertThrows(IllegalArgumentException.class, () -> w.add(c.digest(), c.buffer(), shorter));
      assertTrue(e.getMessage().contains("5000") && e.getMessage().contains("4999"), e.getMessage());
      assertEquals(before, w.bytesWritten(), "nothing written");
      assertTrue(w.add(c.digest(), c.buffer(), one.compress(c.buffer())), "the archive stays usable");
      assertEquals(1, w.finish().size());
    }
  }

  @Test
  void levelsZstdLacksAndOversizedChunksAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkCompressor(99));
    try (ChunkCompressor zstd = new ChunkCompressor(1)) {
      assertThrows(IllegalArgumentException.class, () -> zstd.compress(ByteBuffer.allocate((16 << 20) + 1)));
    }
  }
}
