package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.BLOCK;
import static dev.tapekit.format.chunk.ChunkFixtures.MEDIA_SET;
import static dev.tapekit.format.chunk.ChunkFixtures.PAYLOAD;
import static dev.tapekit.format.chunk.ChunkFixtures.SEED;
import static dev.tapekit.format.chunk.ChunkFixtures.alterStream;
import static dev.tapekit.format.chunk.ChunkFixtures.chunk;
import static dev.tapekit.format.chunk.ChunkFixtures.chunks;
import static dev.tapekit.format.chunk.ChunkFixtures.options;
import static dev.tapekit.format.TapeEdits.overwriteStream;
import static dev.tapekit.format.TapeEdits.readStream;
import static dev.tapekit.format.chunk.ChunkFixtures.resealEntryHeader;
import static dev.tapekit.format.chunk.ChunkFixtures.streamOffset;
import static dev.tapekit.format.chunk.ChunkFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkFixtures.Chunk;
import dev.tapekit.format.chunk.ChunkFixtures.Content;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every damage to a chunk archive is reported as what it is, naming tape, file and block: damaged
 * blocks, entry headers, stored bytes, index and trailer; impossible fields; a chunk stored under
 * the wrong digest; an index entry or header of another archive; a wrong key; an unfinished file.
 */
class ChunkArchiveCorruptionTest {
  MemoryTape tape;
  List<Chunk> chunks;
  ChunkArchiveIndex index;

  /** File 0: a small archive; file 1: the archive under test (text and random chunks over a few blocks). */
  @BeforeEach
  void writeArchive() throws Exception {
    tape = new MemoryTape("TAPE07");
    write(tape, options(), chunks(2, 10, 100, SEED + 99));
    chunks = List.of(chunk(Content.RANDOM, 30_000, SEED), chunk(Content.TEXT, 90_000, SEED + 1),
        chunk(Content.RANDOM, 70_000, SEED + 2), chunk(Content.TEXT, 2000, SEED + 3), chunk(Content.RANDOM, 5, SEED + 4));
    index = write(tape, options(), chunks);
  }

  ChunkArchiveIndex.Entry entry(int chunk) {
    return index.find(chunks.get(chunk).digest()).orElseThrow();
  }

  ByteBuffer readChunk(int chunk) throws Exception {
    return ChunkArchiveReader.readChunk(tape, index.header(), index.start(), entry(chunk), Optional.empty());
  }

  void streamAll() throws Exception {
    try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, index.start(), Optional.empty())) {
      while (r.nextEntry() != null) {
        r.data();
      }
    }
  }

  /** Asserts the kind, tape, file and block of the failure, and that the message says {@code says}. */
  static TapeFormatException fails(Kind kind, long block, String says, Executable read) {
    TapeFormatException e = assertThrows(TapeFormatException.class, read);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(new TapeLocation("TAPE07", 1, block), e.location(), e.getMessage());
    assertTrue(e.getMessage().startsWith("tape TAPE07, file 1, block " + block + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
    return e;
  }

  @Test
  void aDamagedBlockIsCorrupt() throws Exception {
    ChunkArchiveIndex.Entry e = entry(2);
    long at = streamOffset(e) + 64 + 100;
    byte[] block = tape.object((int) (index.start().logicalObject() + at / PAYLOAD));
    block[BlockHeader.LENGTH + (int) (at % PAYLOAD)] ^= 1; // without resealing: the block CRC fails
    tape.replace((int) (index.start().logicalObject() + at / PAYLOAD), block);
    fails(Kind.CORRUPT, at / PAYLOAD, "block checksum failed", () -> readChunk(2));
    fails(Kind.CORRUPT, at / PAYLOAD, "block checksum failed", this::streamAll);
  }

  @Test
  void aDamagedEntryHeaderIsCorrupt() throws Exception {
    ChunkArchiveIndex.Entry e = entry(3);
    alterStream(tape, index.start(), streamOffset(e) + 20, 0x10); // a digest byte
    fails(Kind.CORRUPT, e.block(), "checksum of the entry header at offset " + e.offset(), () -> readChunk(3));
    fails(Kind.CORRUPT, e.block(), "checksum of the entry header", this::streamAll);
  }

  @Test
  void aDamagedEntryMagicIsCorrupt() throws Exception {
    ChunkArchiveIndex.Entry e = entry(1);
    alterStream(tape, index.start(), streamOffset(e), 0x01);
    fails(Kind.CORRUPT, e.block(), "no chunk entry at offset " + e.offset(), () -> readChunk(1));
    fails(Kind.CORRUPT, e.block(), "no chunk entry", this::streamAll);
  }

  @Test
  void damagedStoredBytesAreCorrupt() throws Exception {
    for (int c : new int[] {0, 1}) { // stored as they are, and compressed
      ChunkArchiveIndex.Entry e = entry(c);
      alterStream(tape, index.start(), streamOffset(e) + 64 + e.storedLength() / 2, 0x40);
      String says = "checksum of the stored bytes of chunk " + e.digestHex();
      fails(Kind.CORRUPT, e.block(), says, () -> readChunk(c));
      fails(Kind.CORRUPT, entry(0).block(), "checksum of the stored bytes of chunk " + entry(0).digestHex(),
          this::streamAll);
    }
  }

  @Test
  void aDamagedIndexIsCorrupt() throws Exception {
    long indexAt = index.indexBlock() * PAYLOAD + index.indexOffset();
    alterStream(tape, index.start(), indexAt + IndexFormat.HEADER + 40, 0x02); // an entry's offset field
    fails(Kind.CORRUPT, index.indexBlock(), "chunk index checksum failed", () -> ChunkArchiveReader.readIndex(tape,
        index.header(), index.start(), index.indexBlock(), index.indexOffset()));
    fails(Kind.CORRUPT, index.indexBlock(), "chunk index checksum failed",
        () -> ChunkArchiveReader.readIndex(tape, index.start()));
    fails(Kind.CORRUPT, index.indexBlock(), "chunk index checksum failed", this::streamAll);
  }

  @Test
  void aDamagedTrailerIsCorrupt() throws Exception {
    long trailerAt = index.indexBlock() * PAYLOAD + index.indexOffset() + IndexFormat.HEADER
        + (long) index.size() * IndexFormat.ENTRY;
    alterStream(tape, index.start(), trailerAt + 17, 0x01); // the body offset
    long lastBlock = tape.objects() - 2 - index.start().logicalObject();
    fails(Kind.CORRUPT, lastBlock, "trailer checksum failed", () -> ChunkArchiveReader.readIndex(tape, index.start()));
    fails(Kind.CORRUPT, index.indexBlock(), "trailer checksum failed", () -> ChunkArchiveReader.readIndex(tape,
        index.header(), index.start(), index.indexBlock(), index.indexOffset()));
  }

  @Test
  void impossibleEntryFieldsWithTheirChecksumRightAreInvalid() throws Exception {
    ChunkArchiveIndex.Entry e = entry(3);
    byte[] header = readStream(tape, index.start(), streamOffset(e), EntryHeader.LENGTH);
    ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x80 | e.flags());
    resealEntryHeader(header);
    overwriteStream(tape, index.start(), streamOffset(e), header);
    fails(Kind.INVALID, e.block(), "unknown flags 0x81", this::streamAll);
    fails(Kind.INVALID, e.block(), "unknown flags 0x81", () -> readChunk(3));
  }

  @Test
  void aChunkStoredUnderTheWrongDigestIsCorrupt() throws Exception {
    Chunk c = chunk(Content.TEXT, 20_000, SEED + 7);
    byte[] wrong = chunk(Content.TEXT, 20_000, SEED + 8).digest();
    MemoryTape other = new MemoryTape("TAPE07");
    write(other, options(), chunks(1, 10, 10, SEED)); // file 0
    ChunkArchiveIndex bad;
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(other, BLOCK, options().withVerifyDigests(false))) {
      w.add(wrong, c.buffer());
      bad = w.finish();
    }
    tape = other;
    index = bad;
    chunks = List.of(new Chunk(wrong, c.data()));
    ChunkArchiveIndex.Entry e = entry(0);
    TapeFormatException x = fails(Kind.CORRUPT, e.block(), "chunk " + EntryHeader.hex(wrong), () -> readChunk(0));
    assertTrue(x.getMessage().contains("hashes to " + c.hex()), x.getMessage());
    fails(Kind.CORRUPT, e.block(), "is not what its digest names", this::streamAll);
  }

  @Test
  void anIndexEntryOfAnotherChunkIsMisplaced() throws Exception {
    ChunkArchiveIndex.Entry a = entry(0);
    ChunkArchiveIndex.Entry b = entry(4);
    ChunkArchiveIndex.Entry wrong = new ChunkArchiveIndex.Entry(b.digest(), a.block(), a.offset(), b.flags(),
        b.plainLength(), b.storedLength());
    fails(Kind.MISPLACED, a.block(), "not the Entry[" + b.digestHex(), () -> ChunkArchiveReader.readChunk(tape,
        index.header(), index.start(), wrong, Optional.empty()));
  }

  @Test
  void theHeaderOfAnotherArchiveIsMisplaced() throws Exception {
    ChunkArchiveHeader other = new ChunkArchiveHeader(UUID.randomUUID(), MEDIA_SET, 0, ChunkFixtures.CLOCK.instant(),
        "main", Optional.empty());
    ChunkArchiveIndex.Entry e = entry(2);
    fails(Kind.MISPLACED, e.block(), "belongs to stream " + index.header().file(),
        () -> ChunkArchiveReader.readChunk(tape, other, index.start(), e, Optional.empty()));
  }

  @Test
  void anUnfinishedArchiveIsTruncated() throws Exception {
    BlockAddress start;
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options())) {
      start = w.start();
      for (Chunk c : chunks(5, PAYLOAD / 2, PAYLOAD, SEED + 5)) {
        w.add(c.digest(), c.buffer());
      }
    } // closed without finish: a filemark, no end-of-stream block
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> {
      try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, start, Optional.empty())) {
        while (r.nextEntry() != null) {
          r.data();
        }
      }
    });
    assertEquals(Kind.TRUNCATED, e.kind(), e.getMessage());
    assertEquals(Kind.TRUNCATED, assertThrows(TapeFormatException.class,
        () -> ChunkArchiveReader.readIndex(tape, start)).kind());
  }

  @Test
  void aWrongKeyFailsAuthenticationNamingTapeFileAndChunk() throws Exception {
    try (TapeKey right = TapeKey.generate(); TapeKey wrong = TapeKey.generate();
        MediaSetKey rightKey = right.mediaSetKey(MEDIA_SET); MediaSetKey wrongKey = wrong.mediaSetKey(MEDIA_SET)) {
      ChunkArchiveIndex sealed = write(tape, options().withEncryption(rightKey), chunks);
      ChunkArchiveIndex.Entry e = sealed.find(chunks.get(1).digest()).orElseThrow();
      PayloadAuthenticationException x = assertThrows(PayloadAuthenticationException.class,
          () -> ChunkArchiveReader.readChunk(tape, sealed.header(), sealed.start(), e, Optional.of(wrongKey)));
      assertEquals("TAPE07", x.where().tape());
      assertEquals(2, x.where().file());
      assertEquals(e.digestHex(), x.where().chunkDigest());
      assertEquals(sealed.header().archiveKeyId().orElseThrow(), x.where().archive());
      assertEquals(MEDIA_SET, x.where().mediaSet());
      try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, sealed.start(), Optional.of(wrongKey))) {
        assertNotNull(r.nextEntry(), "entries are read and checked without the right key");
        assertThrows(PayloadAuthenticationException.class, r::data);
      }
    }
  }

  @Test
  void anEncryptedChunkWithoutKeyIsACallerError() throws Exception {
    try (TapeKey key = TapeKey.generate(); MediaSetKey setKey = key.mediaSetKey(MEDIA_SET)) {
      ChunkArchiveIndex sealed = write(tape, options().withEncryption(setKey), chunks);
      IllegalStateException x = assertThrows(IllegalStateException.class, () -> ChunkArchiveReader.readChunk(tape,
          sealed.header(), sealed.start(), sealed.entry(0), Optional.empty()));
      assertTrue(x.getMessage().contains("read it with the media set's key"), x.getMessage());
    }
  }

  @Test
  void anUnencryptedEntryInAnEncryptedArchiveIsInvalid() throws Exception {
    try (TapeKey key = TapeKey.generate(); MediaSetKey setKey = key.mediaSetKey(MEDIA_SET)) {
      ChunkArchiveIndex sealed = write(tape, options().withEncryption(setKey), chunks);
      // the header of chunk 4 (5 bytes) rewritten as a plain entry of 34 bytes: fields possible, CRCs right
      ChunkArchiveIndex.Entry e = sealed.find(chunks.get(4).digest()).orElseThrow();
      byte[] header = readStream(tape, sealed.start(), streamOffset(e), EntryHeader.LENGTH);
      ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0).putInt(44, e.storedLength());
      resealEntryHeader(header);
      overwriteStream(tape, sealed.start(), streamOffset(e), header);
      TapeFormatException x = assertThrows(TapeFormatException.class, () -> {
        try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, sealed.start(), Optional.of(setKey))) {
          while (r.nextEntry() != null) {
            r.data();
          }
        }
      });
      assertEquals(Kind.INVALID, x.kind(), x.getMessage());
      assertTrue(x.getMessage().contains("not encrypted in a software-encrypted archive"), x.getMessage());
    }
  }

  @Test
  void headerDataIsChecked() throws Exception {
    assertEquals(Kind.TOO_NEW, openWithHeaderData("{\"store\":\"main\",\"encryption\":\"quantum\"}"));
    assertEquals(Kind.INVALID, openWithHeaderData("{\"encryption\":\"none\"}"));
    assertEquals(Kind.INVALID, openWithHeaderData("{\"store\":\"main\",\"store\":\"x\",\"encryption\":\"none\"}"));
    assertEquals(Kind.INVALID, openWithHeaderData("{\"store\":\"main\",\"encryption\":\"software\"}"));
    assertEquals(Kind.INVALID, openWithHeaderData("[1]"));
    assertEquals(Kind.MISPLACED, openWith(ContentType.MEDIA_LABEL, "{}"));
  }

  Kind openWithHeaderData(String json) throws Exception {
    return openWith(ContentType.CHUNK_ARCHIVE, json);
  }

  Kind openWith(ContentType type, String json) throws Exception {
    MemoryTape t = new MemoryTape("TAPE08");
    ContentHeader h = new ContentHeader(type, 1, UUID.randomUUID(), ChunkFixtures.CLOCK.instant(), MEDIA_SET, 0, 0,
        json.getBytes(StandardCharsets.UTF_8));
    try (TapeFileWriter w = TapeFileWriter.begin(t, BLOCK, h)) {
      w.finish(0, false);
    }
    return assertThrows(TapeFormatException.class,
        () -> ChunkArchiveReader.open(t, new BlockAddress(0, 0, 0), Optional.empty())).kind();
  }
}
