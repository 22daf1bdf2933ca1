package dev.tapekit.format.block;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The 64-byte header at the start of every block (FORMAT.md, "Blocks"). Integers little-endian,
 * magic and UUID in tape order.
 *
 * <pre>
 * offset size field
 *  0     8    magic           first 8 bytes of SHA-256("tapekit block v1") = {@link #MAGIC}
 *  8     2    version         1
 * 10     2    flags           bit 0 END_OF_STREAM, bit 1 CONTINUED; others 0
 * 12     2    header length   64
 * 14     2    reserved        0
 * 16     4    block size      the length of this block on tape (= the application block size)
 * 20     4    payload length  bytes of payload after the header, at most block size - 64
 * 24     8    sequence        0, 1, 2, … within this tape file
 * 32    16    stream          the UUID of the tape file's content (its content header's file UUID)
 * 48     4    part            the part number of the stream on this tape (0 unless spanned)
 * 52     4    reserved        0
 * 56     4    CRC32C          over bytes 0..55 and the payload
 * 60     4    reserved        0
 * 64     n    payload; then zeros up to block size (not covered by the CRC)
 * </pre>
 */
public record BlockHeader(int version, int flags, int blockSize, int payloadLength, long sequence, UUID stream,
    int part) {
  public static final long MAGIC = Magic.of("tapekit block v1");
  public static final int VERSION = 1;
  public static final int LENGTH = 64;
  public static final int END_OF_STREAM = 1;
  public static final int CONTINUED = 2;
  /** The smallest and largest application block sizes, and their granularity. */
  public static final int MIN_BLOCK = 64 * 1024;
  public static final int MAX_BLOCK = 4 * 1024 * 1024;
  public static final int DEFAULT_BLOCK = 256 * 1024;

  /** Checks an application block size: a multiple of 64 KiB from 64 KiB to 4 MiB. */
  public static int checkBlockSize(int size) {
    if (size < MIN_BLOCK || size > MAX_BLOCK || size % MIN_BLOCK != 0) {
      throw new IllegalArgumentException("block size " + size + " is not a multiple of 64 KiB from 64 KiB to 4 MiB");
    }
    return size;
  }

  public boolean endOfStream() {
    return (flags & END_OF_STREAM) != 0;
  }

  public boolean continued() {
    return (flags & CONTINUED) != 0;
  }

  /** Writes this header to {@code block}[0, 64) and the CRC over it and {@code payloadLength} payload bytes. */
  void writeTo(ByteBuffer block) {
    ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, Long.reverseBytes(MAGIC)); // big-endian bytes: tape order
    b.putShort(8, (short) version).putShort(10, (short) flags).putShort(12, (short) LENGTH).putShort(14, (short) 0);
    b.putInt(16, blockSize).putInt(20, payloadLength).putLong(24, sequence);
    b.order(ByteOrder.BIG_ENDIAN).putLong(32, stream.getMostSignificantBits()).putLong(40, stream.getLeastSignificantBits());
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(48, part).putInt(52, 0).putInt(60, 0);
    b.putInt(56, crc(block, payloadLength));
  }

  static int crc(ByteBuffer block, int payloadLength) {
    CRC32C crc = new CRC32C();
    ByteBuffer b = block.duplicate();
    b.position(0).limit(56);
    crc.update(b);
    b.limit(LENGTH + payloadLength).position(LENGTH);
    crc.update(b);
    return (int) crc.getValue();
  }

  /**
   * Decodes and checks the block in {@code block}[0, length), in the order FORMAT.md gives: size and
   * magic (foreign), version (too new), CRC (corrupt), fields (invalid).
   */
  static BlockHeader read(ByteBuffer block, int length, TapeLocation where) throws TapeFormatException {
    ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (length < LENGTH || Long.reverseBytes(b.getLong(0)) != MAGIC) {
      throw new TapeFormatException(Kind.FOREIGN, where, "not a tapekit block (" + length
          + " bytes" + (length >= 8 ? ", magic " + Magic.hex(Long.reverseBytes(b.getLong(0))) : "")
          + "): this tape file was not written by tapekit");
    }
    int version = b.getShort(8) & 0xFFFF;
    int payload = b.getInt(20);
    boolean payloadFits = payload >= 0 && payload <= length - LENGTH;
    boolean crcOk = payloadFits && crc(block, payload) == b.getInt(56);
    if (version > VERSION) {
      throw new TapeFormatException(crcOk ? Kind.TOO_NEW : Kind.CORRUPT, where, crcOk
          ? "block format version " + version + " is newer than this tapekit reads (" + VERSION + "): use a newer tapekit"
          : "checksum failed (and the version field reads " + version + ", newer than " + VERSION + ")");
    }
    if (!crcOk) {
      throw new TapeFormatException(Kind.CORRUPT, where, "block checksum failed: the block was damaged on tape or on the way");
    }
    int flags = b.getShort(10) & 0xFFFF;
    int headerLength = b.getShort(12) & 0xFFFF;
    int blockSize = b.getInt(16);
    boolean last = (flags & END_OF_STREAM) != 0;
    if (version < 1 || headerLength != LENGTH || blockSize != length || (flags & ~(END_OF_STREAM | CONTINUED)) != 0
        || (!last && payload != length - LENGTH) || (!last && (flags & CONTINUED) != 0)) {
      throw new TapeFormatException(Kind.INVALID, where, "block header fields are impossible although its checksum "
          + "is right (version " + version + ", flags " + flags + ", header length " + headerLength + ", block size "
          + blockSize + " read as " + length + " bytes, payload " + payload + "): written by a faulty writer");
    }
    long sequence = b.getLong(24);
    ByteBuffer be = block.duplicate().order(ByteOrder.BIG_ENDIAN);
    UUID stream = new UUID(be.getLong(32), be.getLong(40));
    return new BlockHeader(version, flags, blockSize, payload, sequence, stream, b.getInt(48));
  }
}
