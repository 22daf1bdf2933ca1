package dev.tapekit.format.chunk;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The index at the end of a chunk archive's body (chunk-archive.md, "Index"): a 16-byte header, one
 * 56-byte entry per chunk sorted by digest, and a 48-byte trailer. Integers little-endian.
 *
 * <pre>
 * index header   0  8  magic        SHA-256("tapekit chunk index v1")[0..8]
 *                8  8  count        n
 * index entry    0 32  digest       entries sorted by digest (unsigned bytes), no two equal
 *               32  8  block        block number within the tape file where the entry header starts
 *               40  4  offset       offset of the entry header in that block's payload
 *               44  4  flags        as in the entry header
 *               48  4  plain length
 *               52  4  stored length
 * trailer        0  8  magic        SHA-256("tapekit chunk index trailer v1")[0..8]
 *                8  8  count        n
 *               16  8  body offset  where the index header starts, counted from the start of the body
 *               24  8  block        block number of the index header
 *               32  4  offset       its offset in that block's payload
 *               36  4  index CRC32C over the index header and the n entries
 *               40  4  reserved     0
 *               44  4  CRC32C       over trailer bytes 0..43
 * </pre>
 */
final class IndexFormat {
  static final long MAGIC = Magic.of("tapekit chunk index v1");
  static final long TRAILER_MAGIC = Magic.of("tapekit chunk index trailer v1");
  static final int HEADER = 16;
  static final int ENTRY = 56;
  static final int TRAILER = 48;
  /** The most entries an index may have: its bytes must fit in one Java array. */
  static final long MAX_ENTRIES = (Integer.MAX_VALUE - 64 - HEADER - TRAILER) / ENTRY;

  private IndexFormat() {}

  /** The trailer's fields. */
  record Trailer(long count, long bodyOffset, long block, int offset, int indexCrc) {
    /** Decodes and checks the trailer at {@code at}: magic and CRC (CORRUPT), fields (INVALID). */
    static Trailer decode(byte[] bytes, int at, TapeLocation where) throws TapeFormatException {
      ByteBuffer b = ByteBuffer.wrap(bytes, at, TRAILER).slice().order(ByteOrder.LITTLE_ENDIAN);
      long magic = Long.reverseBytes(b.getLong(0));
      if (magic != TRAILER_MAGIC) {
        throw new TapeFormatException(Kind.CORRUPT, where, "no chunk index trailer where the archive's body ends (magic "
            + Magic.hex(magic) + "): the archive is damaged or was not finished");
      }
      if (crc(bytes, at, 44) != b.getInt(44)) {
        throw new TapeFormatException(Kind.CORRUPT, where, "chunk index trailer checksum failed");
      }
      Trailer t = new Trailer(b.getLong(8), b.getLong(16), b.getLong(24), b.getInt(32), b.getInt(36));
      if (t.count < 0 || t.count > MAX_ENTRIES || t.bodyOffset < 0 || t.block < 0 || t.offset < 0 || b.getInt(40) != 0) {
        throw new TapeFormatException(Kind.INVALID, where, "chunk index trailer fields are impossible although its "
            + "checksum is right (count " + t.count + ", body offset " + t.bodyOffset + ", block " + t.block
            + ", offset " + t.offset + "): written by a faulty writer");
      }
      return t;
    }
  }

  /**
   * The whole index: header, the entries of {@code sortedTable} ({@code count} × 56 bytes), trailer.
   *
   * @param bodyOffset where the index header starts in the body
   * @param block the block number it starts in
   * @param offset its offset in that block's payload
   */
  static byte[] encode(byte[] sortedTable, int count, long bodyOffset, long block, int offset) {
    int entries = count * ENTRY;
    ByteBuffer b = ByteBuffer.allocate(HEADER + entries + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(Long.reverseBytes(MAGIC)).putLong(count).put(sortedTable, 0, entries);
    int indexCrc = crc(b.array(), 0, HEADER + entries);
    int t = HEADER + entries;
    b.putLong(Long.reverseBytes(TRAILER_MAGIC)).putLong(count).putLong(bodyOffset).putLong(block).putInt(offset)
        .putInt(indexCrc).putInt(0);
    b.putInt(crc(b.array(), t, 44));
    return b.array();
  }

  /** The count in an index header ({@code header} holds at least its 16 bytes); CORRUPT without the index magic. */
  static long count(byte[] header, TapeLocation where, int offset) throws TapeFormatException {
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no chunk index at offset " + offset + " (magic "
          + Magic.hex(magic) + "): the archive is damaged, or the catalog points to the wrong place");
    }
    long count = b.getLong(8);
    if (count < 0 || count > MAX_ENTRIES) {
      throw new TapeFormatException(Kind.INVALID, where, "the chunk index claims " + Long.toUnsignedString(count)
          + " entries, more than an index can hold");
    }
    return count;
  }

  /** The decoded index: its entry table (sorted, checked) and trailer. */
  record Parsed(byte[] table, Trailer trailer) {
    int count() {
      return (int) trailer.count();
    }
  }

  /**
   * Decodes and checks a whole index ({@code bytes}: header, entries, trailer, nothing else) read
   * from block {@code where}, in the order chunk-archive.md gives: magics, trailer CRC, index CRC
   * (CORRUPT); counts and the trailer's position (INVALID); then every entry (INVALID): sorted
   * without repeats, fields possible, starting before the index and inside a block's payload.
   *
   * @param payloadPerBlock the file's block size - 64
   * @param block the block number the index header was read from
   * @param offset its offset in that block's payload
   */
  static Parsed parse(byte[] bytes, int payloadPerBlock, long block, int offset, TapeLocation where)
      throws TapeFormatException {
    if (bytes.length < HEADER + TRAILER) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "a chunk index of " + bytes.length + " bytes, shorter than "
          + "its header and trailer");
    }
    long count = count(bytes, where, offset);
    Trailer t = Trailer.decode(bytes, bytes.length - TRAILER, where);
    if (crc(bytes, 0, bytes.length - TRAILER) != t.indexCrc()) {
      throw new TapeFormatException(Kind.CORRUPT, where, "chunk index checksum failed");
    }
    if (t.count() != count || bytes.length != HEADER + count * ENTRY + TRAILER) {
      throw invalid(where, "the index header counts " + count + " entries, the trailer " + t.count()
          + ", in an index of " + bytes.length + " bytes");
    }
    if (t.block() != block || t.offset() != offset) {
      throw invalid(where, "the trailer places the index at block " + t.block() + " offset " + t.offset()
          + ", but it was read at block " + block + " offset " + offset);
    }
    byte[] table = Arrays.copyOfRange(bytes, HEADER, bytes.length - TRAILER);
    long indexStart = block * payloadPerBlock + offset;
    ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int e = i * ENTRY;
      if (i > 0 && Arrays.compareUnsigned(table, e - ENTRY, e - ENTRY + EntryHeader.DIGEST, table, e,
          e + EntryHeader.DIGEST) >= 0) {
        throw invalid(where, "index entry " + i + " is not in digest order after entry " + (i - 1));
      }
      long entryBlock = b.getLong(e + 32);
      int entryOffset = b.getInt(e + 40);
      String problem = EntryHeader.fieldsProblem(b.getInt(e + 44), b.getInt(e + 48), b.getInt(e + 52));
      if (problem == null && (entryBlock < 0 || entryBlock > block || entryOffset < 0
          || entryOffset >= payloadPerBlock || entryBlock * payloadPerBlock + entryOffset >= indexStart)) {
        problem = "block " + entryBlock + " offset " + Integer.toUnsignedString(entryOffset)
            + " is not a place before the index";
      }
      if (problem != null) {
        throw invalid(where, "index entry " + i + " is impossible (" + problem + ")");
      }
    }
    return new Parsed(table, t);
  }

  private static TapeFormatException invalid(TapeLocation where, String what) {
    return new TapeFormatException(Kind.INVALID, where, what + " although the index checksum is right: written by a "
        + "faulty writer");
  }

  static int crc(byte[] bytes, int from, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, from, length);
    return (int) c.getValue();
  }
}
