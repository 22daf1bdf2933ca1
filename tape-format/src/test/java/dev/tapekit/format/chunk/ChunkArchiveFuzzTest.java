package dev.tapekit.format.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The chunk archive's parsers take any bytes: a decoded structure or a {@link TapeFormatException},
 * never another exception. Inputs are made valid (magic, checksums) by the fuzzer's choice so that
 * the field checks behind the checksums are reached.
 */
class ChunkArchiveFuzzTest {
  static final TapeLocation WHERE = new TapeLocation("FUZZ01", 2, 5);
  static final int PAYLOAD = 65472;

  @FuzzTest(maxDuration = "10s")
  void entryHeader(FuzzedDataProvider data) {
    boolean valid = data.consumeBoolean();
    byte[] h = Arrays.copyOf(data.consumeBytes(EntryHeader.LENGTH), EntryHeader.LENGTH);
    if (valid) {
      ByteBuffer.wrap(h).putLong(0, EntryHeader.MAGIC);
      ChunkFixtures.resealEntryHeader(h);
    }
    try {
      EntryHeader e = EntryHeader.decode(ByteBuffer.wrap(h), WHERE, 7);
      assertNull(EntryHeader.fieldsProblem(e.flags(), e.plainLength(), e.storedLength()));
      ByteBuffer again = ByteBuffer.allocate(EntryHeader.LENGTH);
      e.encode(again);
      assertArrayEquals(h, again.array(), "decoding and encoding give the same bytes");
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void index(FuzzedDataProvider data) {
    int count = data.consumeInt(0, 6);
    long block = data.consumeLong(0, 40);
    int offset = data.consumeInt(0, PAYLOAD - 1);
    byte[] table = Arrays.copyOf(data.consumeBytes(count * IndexFormat.ENTRY), count * IndexFormat.ENTRY);
    byte[] index = IndexFormat.encode(table, count, data.consumeLong(0, 1L << 40), block, offset);
    int damage = data.consumeInt(-1, index.length - 1);
    if (damage >= 0) {
      index[damage] ^= data.consumeByte();
    }
    byte[] bytes = data.consumeBoolean() ? index : Arrays.copyOf(index, data.consumeInt(0, index.length + 8));
    try {
      IndexFormat.Parsed p = IndexFormat.parse(bytes, PAYLOAD, block, offset, WHERE);
      assertEquals(count, p.count());
      assertEquals(count * IndexFormat.ENTRY, p.table().length);
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void headerData(byte[] json) {
    ContentHeader h = new ContentHeader(ContentType.CHUNK_ARCHIVE, 1, UUID.randomUUID(), ChunkFixtures.CLOCK.instant(),
        ChunkFixtures.MEDIA_SET, 0, 0, json);
    try {
      ChunkArchiveHeader header = ChunkArchiveHeader.of(h, WHERE);
      assertTrue(!header.store().isEmpty());
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }

  /** Any stored bytes under a checked entry header: the chunk, or CORRUPT or INVALID, never a zstd exception. */
  @FuzzTest(maxDuration = "10s")
  void storedBytes(FuzzedDataProvider data) throws Exception {
    boolean compressed = data.consumeBoolean();
    int plain = data.consumeInt(0, 1 << 20);
    byte[] stored = data.consumeRemainingAsBytes();
    if (compressed && (stored.length == 0 || stored.length >= plain)) {
      return; // the entry header check refuses these before the data is read
    }
    if (!compressed) {
      plain = stored.length;
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(stored);
    EntryHeader e = new EntryHeader(ChunkFixtures.sha256(stored), compressed ? EntryHeader.ZSTD : 0, plain,
        stored.length, (int) crc.getValue());
    ChunkArchiveHeader header = new ChunkArchiveHeader(UUID.randomUUID(), ChunkFixtures.MEDIA_SET, 0,
        ChunkFixtures.CLOCK.instant(), "main", Optional.empty());
    try (ChunkDecoder decoder = new ChunkDecoder(header, Optional.empty(), "FUZZ01", 2)) {
      ChunkDecoder.checkStored(e, stored, WHERE, 0);
      ByteBuffer out = decoder.decode(e, stored, WHERE, 0);
      assertEquals(plain, out.remaining());
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }
}
