package dev.tapekit.format.catalog;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.catalog.CatalogRecord.Chunks;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.catalog.CatalogRecord.Snapshot;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The binary records of a catalog archive's body (FORMAT.md 7.3.2). Integers little-endian.
 *
 * <pre>
 * record    = magic (8) || type u16 || reserved u16 (0) || length u32 L || payload (L − 20) || CRC32C u32
 * magic     = SHA-256("tapekit catalog record v1")[0..8]; L from 20 to 1 MiB; CRC over bytes 0 .. L − 5
 *
 * TAPE_FILE (1), L = 100:  16 sequence u32, 20 reserved u32, 24 file u64, 32 first logical object u64,
 *     40 content type magic (8), 48 content version u16, 50 flags u16 (bit 0 CONTINUED), 52 part u32,
 *     56 file UUID (16), 72 ctime i64, 80 body length u64, 88 items u64
 * CHUNKS (2), L = 44 + 56n: 16 sequence u32, 20 n u32, 24 file u64, 32 first u64,
 *     40 n × (digest 32, block u64, offset u32, flags u32, plain length u32, stored length u32)
 * SNAPSHOT (3), L = 64 + a + b: 16 sequence u32, 20 index offset u32, 24 file u64, 32 entries u64,
 *     40 index block u64, 48 created i64, 56 name (u16 a, UTF-8), source (u16 b, UTF-8)
 * END (4), L = 60: 16 tape files u64, 24 chunk records u64, 32 chunks u64, 40 snapshots u64,
 *     48 skipped u64
 * </pre>
 */
final class RecordFormat {
  static final long MAGIC = Magic.of("tapekit catalog record v1");
  static final int HEAD = 16;
  static final int MIN_LENGTH = HEAD + 4;
  static final int MAX_LENGTH = 1 << 20;
  static final int TAPE_FILE = 1;
  static final int CHUNKS = 2;
  static final int SNAPSHOT = 3;
  static final int END = 4;
  static final int TAPE_FILE_LENGTH = 100;
  static final int CHUNKS_FIXED = 44;
  static final int CHUNK_ENTRY = 56;
  static final int SNAPSHOT_FIXED = 64;
  static final int END_LENGTH = 60;

  private RecordFormat() {}

  static byte[] encode(CatalogRecord r) {
    if (r instanceof TapeFile f) {
      ByteBuffer b = start(TAPE_FILE, TAPE_FILE_LENGTH);
      b.putInt(f.tapeSequence()).putInt(0).putLong(f.fileNumber()).putLong(f.firstLogicalObject())
          .putLong(Long.reverseBytes(f.contentType())).putShort((short) f.contentVersion())
          .putShort((short) (f.continued() ? 1 : 0)).putInt(f.part())
          .putLong(Long.reverseBytes(f.file().getMostSignificantBits()))
          .putLong(Long.reverseBytes(f.file().getLeastSignificantBits()))
          .putLong(f.ctime().getEpochSecond()).putLong(f.bodyLength()).putLong(f.items());
      return seal(b);
    } else if (r instanceof Chunks c) {
      ByteBuffer b = start(CHUNKS, CHUNKS_FIXED + CHUNK_ENTRY * c.entries().size());
      b.putInt(c.tapeSequence()).putInt(c.entries().size()).putLong(c.fileNumber()).putLong(c.first());
      for (ChunkArchiveIndex.Entry e : c.entries()) {
        b.put(e.digest()).putLong(e.block()).putInt(e.offset()).putInt(e.flags()).putInt(e.plainLength())
            .putInt(e.storedLength());
      }
      return seal(b);
    } else if (r instanceof Snapshot s) {
      byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
      byte[] source = s.source().getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = start(SNAPSHOT, SNAPSHOT_FIXED + name.length + source.length);
      b.putInt(s.tapeSequence()).putInt(s.indexOffset()).putLong(s.fileNumber()).putLong(s.entries())
          .putLong(s.indexBlock()).putLong(s.created().getEpochSecond())
          .putShort((short) name.length).put(name).putShort((short) source.length).put(source);
      return seal(b);
    } else {
      End e = (End) r;
      ByteBuffer b = start(END, END_LENGTH);
      b.putLong(e.tapeFiles()).putLong(e.chunkRecords()).putLong(e.chunks()).putLong(e.snapshots())
          .putLong(e.skipped());
      return seal(b);
    }
  }

  private static ByteBuffer start(int type, int length) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(Long.reverseBytes(MAGIC)).putShort((short) type).putShort((short) 0).putInt(length);
  }

  private static byte[] seal(ByteBuffer b) {
    b.putInt(crc(b.array(), b.position()));
    if (b.hasRemaining()) {
      throw new IllegalStateException("catalog record encoded short");
    }
    return b.array();
  }

  /**
   * The record length in the first 16 bytes of a record ({@code head}): CORRUPT without the record
   * magic or with a length outside 20 to 1 MiB (the CRC that would tell cannot be found then).
   */
  static int length(byte[] head, TapeLocation where, int offset) throws TapeFormatException {
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no catalog record at offset " + offset + " (magic "
          + Magic.hex(magic) + "): the catalog archive's body is damaged");
    }
    int length = b.getInt(12);
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new TapeFormatException(Kind.CORRUPT, where, "the catalog record at offset " + offset + " claims "
          + Integer.toUnsignedString(length) + " bytes, outside " + MIN_LENGTH + " to " + MAX_LENGTH
          + ": its length field is damaged");
    }
    return length;
  }

  /** The type of a record whose CRC has been checked. */
  static int type(byte[] record) {
    return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF;
  }

  /**
   * Decodes and checks a whole record, in the order of FORMAT.md 7.3.4: magic and length (CORRUPT),
   * CRC32C (CORRUPT), then the fields (INVALID: the checksum is right).
   *
   * @return the record, or null for a record of a type this version does not know (to be skipped)
   */
  static CatalogRecord decode(byte[] record, TapeLocation where, int offset) throws TapeFormatException {
    if (record.length < HEAD || length(record, where, offset) != record.length) {
      throw new TapeFormatException(Kind.CORRUPT, where, "a catalog record at offset " + offset + " of "
          + record.length + " bytes does not match its length field");
    }
    ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    if (crc(record, record.length - 4) != b.getInt(record.length - 4)) {
      throw new TapeFormatException(Kind.CORRUPT, where, "checksum of the catalog record at offset " + offset
          + " failed: the medium or the path to it damaged it");
    }
    int type = type(record);
    if (type < TAPE_FILE || type > END) {
      return null;
    }
    b.limit(record.length - 4).position(HEAD);
    try {
      if (b.getShort(10) != 0) {
        throw new IllegalArgumentException("reserved bytes 10..11 are not 0");
      }
      CatalogRecord r = switch (type) {
        case TAPE_FILE -> tapeFile(b, record.length);
        case CHUNKS -> chunks(b);
        case SNAPSHOT -> snapshot(b);
        default -> end(b, record.length);
      };
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the record's fields, before the CRC");
      }
      return r;
    } catch (IllegalArgumentException | BufferUnderflowException | DateTimeException e) {
      String what = e instanceof BufferUnderflowException ? "its fields run past its length" : e.getMessage();
      throw new TapeFormatException(Kind.INVALID, where, "the catalog record at offset " + offset
          + " is impossible although its checksum is right (" + what + "): written by a faulty writer");
    }
  }

  private static TapeFile tapeFile(ByteBuffer b, int length) {
    requireLength(length, TAPE_FILE_LENGTH, "TAPE_FILE");
    int sequence = b.getInt();
    if (b.getInt() != 0) {
      throw new IllegalArgumentException("reserved bytes 20..23 are not 0");
    }
    long file = b.getLong();
    long first = b.getLong();
    long type = Long.reverseBytes(b.getLong());
    int version = b.getShort() & 0xFFFF;
    int flags = b.getShort() & 0xFFFF;
    if ((flags & ~1) != 0) {
      throw new IllegalArgumentException("unknown flag bits " + flags);
    }
    int part = b.getInt();
    UUID uuid = new UUID(Long.reverseBytes(b.getLong()), Long.reverseBytes(b.getLong()));
    Instant ctime = Instant.ofEpochSecond(b.getLong());
    return new TapeFile(sequence, file, first, type, version, part, flags == 1, uuid, ctime, b.getLong(), b.getLong());
  }

  private static Chunks chunks(ByteBuffer b) {
    int sequence = b.getInt();
    int n = b.getInt();
    long file = b.getLong();
    long first = b.getLong();
    if (n < 0 || (long) n * CHUNK_ENTRY != b.remaining()) {
      throw new IllegalArgumentException("a count of " + Integer.toUnsignedString(n) + " chunks in "
          + b.remaining() + " bytes of entries");
    }
    List<ChunkArchiveIndex.Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] digest = new byte[32];
      b.get(digest);
      entries.add(new ChunkArchiveIndex.Entry(digest, b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt()));
    }
    return new Chunks(sequence, file, first, entries);
  }

  private static Snapshot snapshot(ByteBuffer b) {
    int sequence = b.getInt();
    int indexOffset = b.getInt();
    long file = b.getLong();
    long entries = b.getLong();
    long indexBlock = b.getLong();
    Instant created = Instant.ofEpochSecond(b.getLong());
    String name = text(b);
    String source = text(b);
    return new Snapshot(sequence, file, name, source, created, entries, indexBlock, indexOffset);
  }

  private static End end(ByteBuffer b, int length) {
    requireLength(length, END_LENGTH, "END");
    return new End(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  private static void requireLength(int length, int expected, String type) {
    if (length != expected) {
      throw new IllegalArgumentException("a " + type + " record of " + length + " bytes (it has " + expected + ")");
    }
  }

  private static String text(ByteBuffer b) {
    int n = b.getShort() & 0xFFFF;
    if (n > b.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a text that is not UTF-8");
    }
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static int crc(byte[] bytes, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, 0, length);
    return (int) c.getValue();
  }
}
