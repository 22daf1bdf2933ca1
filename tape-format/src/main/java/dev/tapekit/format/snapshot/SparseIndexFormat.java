package dev.tapekit.format.snapshot;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The sparse index at the end of a snapshot archive's body (FORMAT.md 7.2.4): every {@link
 * #INTERVAL}-th entry's path and position, then a trailer that says where the index starts.
 * Integers little-endian.
 *
 * <pre>
 * index header   0  8  magic          SHA-256("tapekit snapshot index v1")[0..8]
 *                8  8  count          n = ceil(entries / 256)
 *               16  4  interval       256
 *               20  4  reserved       0
 * index entry    0  8  ordinal        i * 256: the entry's number in the archive (0 = first)
 *                8  8  block          block number within the tape file where the entry starts
 *               16  4  offset         its offset in that block's payload
 *               20  2  path length    p
 *               22  p  path           UTF-8
 * trailer        0  8  magic          SHA-256("tapekit snapshot index trailer v1")[0..8]
 *                8  8  entries        the archive's entry count
 *               16  8  body offset    where the index header starts, from the first byte of the body
 *               24  8  block          block number of the index header
 *               32  4  offset         its offset in that block's payload
 *               36  4  index length   bytes of index header and entries
 *               40  4  index CRC32C   over those bytes
 *               44  4  CRC32C         over trailer bytes 0..43
 * </pre>
 */
final class SparseIndexFormat {
  static final long MAGIC = Magic.of("tapekit snapshot index v1");
  static final long TRAILER_MAGIC = Magic.of("tapekit snapshot index trailer v1");
  /** Every 256th entry (0, 256, 512, …) is in the index; fixed in content version 1. */
  static final int INTERVAL = 256;
  static final int HEADER = 24;
  static final int ENTRY_FIXED = 22;
  static final int TRAILER = 48;
  /** The most bytes of index a reader accepts (header and entries). */
  static final int MAX_LENGTH = 1 << 30;

  private SparseIndexFormat() {}

  /** The trailer's fields. */
  record Trailer(long entries, long bodyOffset, long block, int offset, int indexLength, int indexCrc) {
    /** Decodes and checks the trailer at {@code at}: magic and CRC (CORRUPT), fields (INVALID). */
    static Trailer decode(byte[] bytes, int at, TapeLocation where) throws TapeFormatException {
      ByteBuffer b = ByteBuffer.wrap(bytes, at, TRAILER).slice().order(ByteOrder.LITTLE_ENDIAN);
      long magic = Long.reverseBytes(b.getLong(0));
      if (magic != TRAILER_MAGIC) {
        throw new TapeFormatException(Kind.CORRUPT, where, "no snapshot index trailer where the archive's body ends "
            + "(magic " + Magic.hex(magic) + "): the archive is damaged or was not finished");
      }
      if (EntryFormat.crc(bytes, at, 44) != b.getInt(44)) {
        throw new TapeFormatException(Kind.CORRUPT, where, "snapshot index trailer checksum failed");
      }
      Trailer t = new Trailer(b.getLong(8), b.getLong(16), b.getLong(24), b.getInt(32), b.getInt(36), b.getInt(40));
      if (t.entries < 0 || t.bodyOffset < 0 || t.block < 0 || t.offset < 0 || t.indexLength < HEADER
          || t.indexLength > MAX_LENGTH) {
        throw invalid(where, "snapshot index trailer fields are impossible (entries " + t.entries + ", body offset "
            + t.bodyOffset + ", block " + t.block + ", offset " + t.offset + ", index length "
            + Integer.toUnsignedString(t.indexLength) + ")");
      }
      return t;
    }
  }

  /** The number of index entries of an archive of {@code entries} entries. */
  static long count(long entries) {
    return (entries + INTERVAL - 1) / INTERVAL;
  }

  /**
   * The whole index: header, the index entries already encoded in {@code table} ({@code count} of
   * them), trailer.
   */
  static byte[] encode(byte[] table, int tableLength, long count, long entries, long bodyOffset, long block,
      int offset) {
    int length = HEADER + tableLength;
    ByteBuffer b = ByteBuffer.allocate(length + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(Long.reverseBytes(MAGIC)).putLong(count).putInt(INTERVAL).putInt(0).put(table, 0, tableLength);
    int indexCrc = EntryFormat.crc(b.array(), length);
    b.putLong(Long.reverseBytes(TRAILER_MAGIC)).putLong(entries).putLong(bodyOffset).putLong(block).putInt(offset)
        .putInt(length).putInt(indexCrc);
    b.putInt(EntryFormat.crc(b.array(), length, 44));
    return b.array();
  }

  /** Appends one index entry to {@code out}. */
  static void putEntry(ByteBuffer out, long ordinal, long block, int offset, byte[] path) {
    out.putLong(ordinal).putLong(block).putInt(offset).putShort((short) path.length).put(path);
  }

  /**
   * Decodes and checks a whole index ({@code bytes}: header, entries, trailer, nothing else) read at
   * {@code block}/{@code offset}, in the order FORMAT.md 7.2.6 gives: magics, trailer CRC, index CRC
   * (CORRUPT); then INVALID: lengths and counts, the trailer's position, the interval, and every
   * index entry (ordinal i × 256, paths strictly ascending, positions ascending and before the index,
   * offsets inside a block's payload).
   */
  static SparseIndex parse(byte[] bytes, int payloadPerBlock, long block, int offset, TapeLocation where)
      throws TapeFormatException {
    if (bytes.length < HEADER + TRAILER) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "a snapshot index of " + bytes.length
          + " bytes, shorter than its header and trailer");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no snapshot index at offset " + offset + " (magic "
          + Magic.hex(magic) + "): the archive is damaged, or the catalog points to the wrong place");
    }
    Trailer t = Trailer.decode(bytes, bytes.length - TRAILER, where);
    if (t.indexLength() != bytes.length - TRAILER) {
      throw invalid(where, "the trailer gives an index of " + t.indexLength() + " bytes; "
          + (bytes.length - TRAILER) + " precede it");
    }
    if (EntryFormat.crc(bytes, t.indexLength()) != t.indexCrc()) {
      throw new TapeFormatException(Kind.CORRUPT, where, "snapshot index checksum failed");
    }
    long count = b.getLong(8);
    if (count != count(t.entries()) || b.getInt(16) != INTERVAL || b.getInt(20) != 0) {
      throw invalid(where, "the index header counts " + count + " index entries at interval " + b.getInt(16)
          + " for " + t.entries() + " entries (version 1: every " + INTERVAL + "th entry)");
    }
    if (t.block() != block || t.offset() != offset) {
      throw invalid(where, "the trailer places the index at block " + t.block() + " offset " + t.offset()
          + ", but it was read at block " + block + " offset " + offset);
    }
    long indexStart = block * payloadPerBlock + offset;
    int[] at = new int[(int) Math.min(count, t.indexLength() / ENTRY_FIXED)];
    b.position(HEADER).limit(t.indexLength());
    long previous = -1;
    for (int i = 0; i < count; i++) {
      if (i >= at.length || b.remaining() < ENTRY_FIXED) {
        throw invalid(where, "the index ends inside index entry " + i + " of " + count);
      }
      at[i] = b.position();
      long ordinal = b.getLong();
      long entryBlock = b.getLong();
      int entryOffset = b.getInt();
      int pathLength = b.getShort() & 0xFFFF;
      long position = entryBlock * payloadPerBlock + entryOffset;
      if (ordinal != (long) i * INTERVAL || entryBlock < 0 || entryBlock > block || entryOffset < 0
          || entryOffset >= payloadPerBlock || position <= previous || position >= indexStart
          || pathLength > b.remaining()) {
        throw invalid(where, "index entry " + i + " is impossible (ordinal " + ordinal + ", block " + entryBlock
            + ", offset " + Integer.toUnsignedString(entryOffset) + ", path of " + pathLength + " bytes)");
      }
      previous = position;
      b.position(b.position() + pathLength);
      if (i > 0 && SparseIndex.comparePath(bytes, at[i - 1], bytes, at[i]) >= 0) {
        throw invalid(where, "index entry " + i + " is not in path order after entry " + (i - 1));
      }
    }
    if (b.hasRemaining()) {
      throw invalid(where, b.remaining() + " bytes after the last index entry");
    }
    return new SparseIndex(Arrays.copyOf(bytes, t.indexLength()), at, t.entries());
  }

  private static TapeFormatException invalid(TapeLocation where, String what) {
    return new TapeFormatException(Kind.INVALID, where, what + " although the index checksum is right: written by a "
        + "faulty writer");
  }
}
