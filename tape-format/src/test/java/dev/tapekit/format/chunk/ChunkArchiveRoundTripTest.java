package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.BLOCK;
import static dev.tapekit.format.chunk.ChunkFixtures.MEDIA_SET;
import static dev.tapekit.format.chunk.ChunkFixtures.PAYLOAD;
import static dev.tapekit.format.chunk.ChunkFixtures.SEED;
import static dev.tapekit.format.chunk.ChunkFixtures.array;
import static dev.tapekit.format.chunk.ChunkFixtures.chunk;
import static dev.tapekit.format.chunk.ChunkFixtures.chunks;
import static dev.tapekit.format.chunk.ChunkFixtures.options;
import static dev.tapekit.format.chunk.ChunkFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadEncryptor;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkFixtures.Chunk;
import dev.tapekit.format.TapeEdits.CountingSource;
import dev.tapekit.format.chunk.ChunkFixtures.Content;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.TapeFileReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chunks of awkward sizes and kinds come back exactly, by streaming, by the index, and by LOCATE. */
class ChunkArchiveRoundTripTest {
  static final String REPRODUCE = "reproduce with: -Dtest=ChunkArchiveRoundTripTest -Dtests.seed=" + SEED;

  static Stream<Arguments> kindsAndEncryption() {
    return Stream.of(Arguments.of(Content.TEXT, false), Arguments.of(Content.TEXT, true), Arguments.of(Content.RANDOM, false),
        Arguments.of(Content.RANDOM, true));
  }

  @ParameterizedTest(name = "{0}, encrypted: {1}")
  @MethodSource("kindsAndEncryption")
  void awkwardSizesComeBackEveryWay(Content kind, boolean encrypted) throws Exception {
    List<Integer> sizes = new ArrayList<>(List.of(0, 1, PAYLOAD - 1, PAYLOAD, PAYLOAD + 1, 4 << 20));
    java.util.SplittableRandom r = new java.util.SplittableRandom(SEED);
    for (int i = 0; i < 6; i++) {
      sizes.add(r.nextInt(1000, 3 * PAYLOAD));
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      chunks.add(chunk(kind, sizes.get(i), SEED + i));
    }
    try (TapeKey tapeKey = TapeKey.generate(); MediaSetKey key = tapeKey.mediaSetKey(MEDIA_SET)) {
      MemoryTape tape = new MemoryTape("TAPE01");
      write(tape, options(), chunks(3, 10, 1000, SEED)); // file 0: the archive under test is file 1
      ChunkArchiveIndex index = write(tape, encrypted ? options().withEncryption(key) : options(), chunks);
      Optional<MediaSetKey> readKey = encrypted ? Optional.of(key) : Optional.empty();

      assertEquals(1, index.start().file());
      assertEquals(encrypted, index.header().encrypted());
      assertEquals(chunks.size(), index.size());
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        ChunkArchiveIndex.Entry e = index.find(c.digest()).orElseThrow();
        int size = c.data().length;
        boolean compressed = kind == Content.TEXT && size >= 1000;
        assertEquals(compressed, e.compressed(), "compressed, size " + size + "; " + REPRODUCE);
        assertEquals(encrypted, e.encrypted());
        assertEquals(size, e.plainLength());
        if (!compressed) {
          assertEquals(size + (encrypted ? PayloadEncryptor.OVERHEAD : 0), e.storedLength());
        } else {
          assertTrue(e.storedLength() - (encrypted ? PayloadEncryptor.OVERHEAD : 0) <= size - size / 32);
        }
        assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(tape, index.header(), index.start(), e,
            readKey)), "chunk of " + size + " bytes; " + REPRODUCE);
      }

      ChunkArchiveIndex fromTape = ChunkArchiveReader.readIndex(tape, index.start());
      ChunkArchiveIndex fromCatalog = ChunkArchiveReader.readIndex(tape, index.header(), index.start(),
          index.indexBlock(), index.indexOffset());
      for (ChunkArchiveIndex read : List.of(fromTape, fromCatalog)) {
        assertEquals(index.entries(), read.entries());
        assertEquals(index.header(), read.header());
        assertEquals(index.indexBlock(), read.indexBlock());
        assertEquals(index.indexOffset(), read.indexOffset());
      }

      try (ChunkArchiveReader reader = ChunkArchiveReader.open(tape, index.start(), readKey)) {
        assertEquals(index.header(), reader.header());
        for (Chunk c : chunks) {
          ChunkArchiveIndex.Entry e = reader.nextEntry();
          assertArrayEquals(c.digest(), e.digest());
          assertEquals(index.find(c.digest()).orElseThrow(), e);
          assertArrayEquals(c.data(), array(reader.data()));
        }
        assertNull(reader.nextEntry());
        assertNull(reader.nextEntry());
        assertEquals(index.entries(), reader.index().entries());
      }
    }
  }

  @Test
  void headerDataIsTheDocumentedJson() throws Exception {
    try (TapeKey tapeKey = TapeKey.generate(); MediaSetKey key = tapeKey.mediaSetKey(MEDIA_SET)) {
      MemoryTape tape = new MemoryTape("TAPE01");
      ChunkArchiveIndex plain = write(tape, options(), chunks(1, 10, 10, SEED));
      ChunkArchiveIndex sealed = write(tape, options().withEncryption(key), chunks(1, 10, 10, SEED));
      assertEquals("{\"store\":\"main\",\"encryption\":\"none\"}", headerJson(tape, plain.start()));
      assertEquals("{\"store\":\"main\",\"encryption\":\"software\",\"archive_key_id\":\""
          + sealed.header().archiveKeyId().orElseThrow() + "\"}", headerJson(tape, sealed.start()));
      assertFalse(sealed.header().archiveKeyId().get().equals(sealed.header().file()),
          "the key id is tape-crypto's own UUID, not the file's");
      tape.locate(sealed.start().logicalObject());
      ContentHeader h = TapeFileReader.open(tape, 1).header();
      assertEquals(sealed.header().file(), h.file());
      assertEquals(MEDIA_SET, h.mediaSet());
      assertEquals(ChunkFixtures.CLOCK.instant(), h.ctime());
    }
  }

  static String headerJson(MemoryTape tape, BlockAddress start) throws Exception {
    tape.locate(start.logicalObject());
    return new String(TapeFileReader.open(tape, start.file()).header().data(), StandardCharsets.UTF_8);
  }

  /** Entry headers that end a block exactly, and that straddle two blocks. */
  @Test
  void entryHeadersAtAndAcrossBlockBoundaries() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    List<Chunk> chunks = new ArrayList<>();
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options())) {
      long header = w.bytesWritten();
      // random bytes are stored as they are: the next entry header starts 10 bytes before the block ends
      chunks.add(chunk(Content.RANDOM, (int) (PAYLOAD - 10 - header - 64), SEED));
      // this one ends exactly where block 1 ends: the next entry header starts block 2 at offset 0
      chunks.add(chunk(Content.RANDOM, PAYLOAD + 10 - 64, SEED + 1));
      chunks.add(chunk(Content.RANDOM, 5, SEED + 2));
      for (Chunk c : chunks) {
        assertTrue(w.add(c.digest(), c.buffer()));
      }
      ChunkArchiveIndex index = w.finish();
      ChunkArchiveIndex.Entry first = index.find(chunks.get(0).digest()).orElseThrow();
      ChunkArchiveIndex.Entry second = index.find(chunks.get(1).digest()).orElseThrow();
      ChunkArchiveIndex.Entry third = index.find(chunks.get(2).digest()).orElseThrow();
      assertEquals(List.of(0L, header), List.of(first.block(), (long) first.offset()));
      assertEquals(List.of(0L, (long) PAYLOAD - 10), List.of(second.block(), (long) second.offset()));
      assertEquals(List.of(2L, 0L), List.of(third.block(), (long) third.offset()));
      for (Chunk c : chunks) {
        assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(tape, index.header(), index.start(),
            index.find(c.digest()).orElseThrow(), Optional.empty())));
      }
    }
  }

  @Test
  void directBuffersAndSlicesAreAddedFromPositionToLimit() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    Chunk a = chunk(Content.TEXT, 70_000, SEED);
    Chunk b = chunk(Content.RANDOM, 333, SEED + 1);
    ByteBuffer direct = ByteBuffer.allocateDirect(a.data().length + 20);
    direct.position(7);
    direct.put(a.data()).flip().position(7);
    byte[] padded = new byte[b.data().length + 30];
    System.arraycopy(b.data(), 0, padded, 11, b.data().length);
    ByteBuffer slice = ByteBuffer.wrap(padded, 11, b.data().length);
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options())) {
      assertTrue(w.add(a.digest(), direct));
      assertTrue(w.add(b.digest(), slice));
      assertFalse(direct.hasRemaining(), "the chunk's bytes are consumed");
      assertFalse(slice.hasRemaining());
      ChunkArchiveIndex index = w.finish();
      for (Chunk c : List.of(a, b)) {
        assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(tape, index.header(), index.start(),
            index.find(c.digest()).orElseThrow(), Optional.empty())));
      }
    }
  }

  @Test
  void aDigestAddedTwiceIsStoredOnce() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    Chunk c = chunk(Content.TEXT, 5000, SEED);
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options())) {
      assertTrue(w.add(c.digest(), c.buffer()));
      long written = w.bytesWritten();
      assertTrue(w.add(c.digest(), c.buffer()), "the chunk is in the archive");
      assertEquals(written, w.bytesWritten());
      assertEquals(1, w.chunks());
      assertEquals(1, w.finish().size());
    }
  }

  @Test
  void aWrongDigestIsRefusedWhenDigestsAreVerified() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    Chunk c = chunk(Content.TEXT, 5000, SEED);
    byte[] wrong = c.digest().clone();
    wrong[31] ^= 1;
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options())) {
      long before = w.bytesWritten();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.add(wrong, c.buffer()));
      assertTrue(e.getMessage().contains(c.hex()), e.getMessage());
      assertEquals(before, w.bytesWritten(), "nothing written");
      assertTrue(w.add(c.digest(), c.buffer()), "the archive stays usable");
      assertEquals(1, w.finish().size());
    }
  }

  @Test
  void chunksOverSixteenMibAndShortDigestsAreRefused() throws Exception {
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(new MemoryTape("TAPE01"), BLOCK, options())) {
      assertThrows(IllegalArgumentException.class, () -> w.add(new byte[32], ByteBuffer.allocate((16 << 20) + 1)));
      assertThrows(IllegalArgumentException.class, () -> w.add(new byte[20], ByteBuffer.allocate(1)));
      w.finish();
      assertThrows(IllegalStateException.class, () -> w.add(new byte[32], ByteBuffer.allocate(1)));
    }
  }

  @Test
  void withoutCompressionEveryChunkIsStoredAsItIs() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    List<Chunk> chunks = List.of(chunk(Content.TEXT, 100_000, SEED), chunk(Content.TEXT, 4000, SEED + 1));
    ChunkArchiveIndex index = write(tape, options().withCompressionLevel(ChunkArchiveOptions.NO_COMPRESSION), chunks);
    for (ChunkArchiveIndex.Entry e : index.entries()) {
      assertFalse(e.compressed());
      assertEquals(e.plainLength(), e.storedLength());
    }
  }

  /** Restoring one chunk reads its blocks only; the index by LOCATE reads its blocks only. */
  @Test
  void restoringOneChunkReadsOnlyItsBlocks() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    List<Chunk> chunks = chunks(100, 1, PAYLOAD, SEED);
    ChunkArchiveIndex index = write(tape, options(), chunks);
    long blocks = tape.objects() - 1;
    assertTrue(blocks > 20, blocks + " blocks; " + REPRODUCE);
    CountingSource counting = new CountingSource(tape);
    for (Chunk c : chunks) {
      ChunkArchiveIndex.Entry e = index.find(c.digest()).orElseThrow();
      counting.reset();
      assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(counting, index.header(), index.start(), e,
          Optional.empty())));
      long spanned = (e.offset() + 64L + e.storedLength() + PAYLOAD - 1) / PAYLOAD;
      boolean endsInLastBlock = e.block() + spanned == blocks; // then the reader also meets the filemark
      assertEquals(1, counting.locates);
      assertEquals(spanned + (endsInLastBlock ? 1 : 0), counting.reads, "blocks read for " + e + "; " + REPRODUCE);
    }

    counting.reset();
    ChunkArchiveReader.readIndex(counting, index.header(), index.start(), index.indexBlock(), index.indexOffset());
    assertEquals(1, counting.locates);
    assertEquals(blocks - index.indexBlock() + 1, counting.reads, "the index's blocks and the filemark");

    counting.reset();
    ChunkArchiveReader.readIndex(counting, index.start());
    assertEquals(3, counting.locates, "the header, the next file, the last two blocks");
    assertTrue(counting.reads <= 1 + 2 + 1, counting.reads + " reads: header block, two last blocks, filemark");

    counting.reset();
    try (ChunkArchiveReader reader = ChunkArchiveReader.open(counting, index.start(), Optional.empty())) {
      while (reader.nextEntry() != null) {
        reader.data();
      }
    }
    assertEquals(blocks + 1, counting.reads, "streaming reads every block and the filemark");
  }

  /** An index longer than two blocks is found from the tape alone by a second LOCATE. */
  @Test
  void aLargeIndexIsFoundFromTheTapeAlone() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    write(tape, options(), chunks(2, 10, 100, SEED));
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // 3000 x 56 bytes of index: about 2.6 blocks of 64 KiB
      chunks.add(chunk(Content.RANDOM, 20, SEED + i));
    }
    ChunkArchiveIndex index = write(tape, options(), chunks);
    write(tape, options(), chunks(2, 10, 100, SEED + 1));
    CountingSource counting = new CountingSource(tape);
    ChunkArchiveIndex read = ChunkArchiveReader.readIndex(counting, index.start());
    assertEquals(index.entries(), read.entries());
    assertEquals(4, counting.locates, "header, next file, last two blocks, start of the index");
    Chunk c = chunks.get(1234);
    assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(tape, read.header(), read.start(),
        read.find(c.digest()).orElseThrow(), Optional.empty())));
  }

  @Test
  void anEmptyArchiveHasAnEmptyIndex() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    ChunkArchiveIndex index = write(tape, options(), List.of());
    assertEquals(0, index.size());
    assertEquals(0, ChunkArchiveReader.readIndex(tape, index.start()).size());
    try (ChunkArchiveReader reader = ChunkArchiveReader.open(tape, index.start(), Optional.empty())) {
      assertNull(reader.nextEntry());
      assertEquals(0, reader.index().size());
    }
  }
}
