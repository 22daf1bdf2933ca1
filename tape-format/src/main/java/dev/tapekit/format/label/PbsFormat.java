package dev.tapekit.format.label;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Just enough of Proxmox Backup Server's tape format to read its labels (research pbs-tape.md §1-2):
 * a label is a one-block file of 256 KiB blocks, integers little-endian.
 *
 * <pre>
 * block   = magic (8) | flags (1: bit 0 END_OF_STREAM, bit 1 INCOMPLETE) | size (3, u24: payload bytes used)
 *         | seq_nr (u32) | payload (262128, zero-filled after size)
 * payload = content header (48) | header data (JSON, data size bytes) | …
 * content header = magic (8) | content magic (8) | uuid (16) | ctime (i64) | data size (u32)
 *         | part_number (u8) | reserved (3)
 * </pre>
 */
final class PbsFormat {
  /** SHA-256("Proxmox Tape Block Header v1.0")[0..8] = dc bd af ca eb a0 a5 28. */
  static final long BLOCK_MAGIC = Magic.of("Proxmox Tape Block Header v1.0");
  /** SHA-256("Proxmox Backup Content Header v1.0")[0..8] = 63 ee 14 9f cd f2 9b 0c. */
  static final long CONTENT_HEADER_MAGIC = Magic.of("Proxmox Backup Content Header v1.0");
  /** SHA-256("Proxmox Backup Tape Label v1.0")[0..8] = 2a 05 bf 3c b0 30 aa 39. */
  static final long MEDIA_LABEL_MAGIC = Magic.of("Proxmox Backup Tape Label v1.0");
  /** SHA-256("Proxmox Backup MediaSet Label v1.0")[0..8] = 08 60 63 f9 2f 97 53 d8. */
  static final long MEDIA_SET_LABEL_MAGIC = Magic.of("Proxmox Backup MediaSet Label v1.0");
  static final int BLOCK_SIZE = 256 * 1024;
  static final int BLOCK_HEADER = 16;
  static final int CONTENT_HEADER = 48;
  /** PBS reads labels with at most 64 KiB of header data. */
  static final int MAX_LABEL_DATA = 64 * 1024;
  static final int END_OF_STREAM = 1;
  static final int INCOMPLETE = 2;

  private PbsFormat() {}

  /** Whether {@code data} (position 0) starts with PBS's block magic. */
  static boolean isPbsBlock(ByteBuffer data) {
    return data.limit() >= 8 && data.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(0) == BLOCK_MAGIC;
  }

  /**
   * The JSON of the one-block PBS label file whose block is {@code block} (position 0, limit the
   * bytes read; {@code blockLength} its length on tape).
   *
   * @param contentMagic the label's content magic
   * @param what the label, for messages
   * @throws TapeFormatException INVALID, saying what does not fit PBS's format
   */
  static byte[] labelData(ByteBuffer block, long blockLength, long contentMagic, String what, TapeLocation where)
      throws TapeFormatException {
    if (blockLength != BLOCK_SIZE || block.limit() != BLOCK_SIZE || !isPbsBlock(block)) {
      throw invalid(where, what + ": a block of " + blockLength + " bytes" + (isPbsBlock(block) ? "" : " without PBS's "
          + "block magic") + "; PBS writes " + BLOCK_SIZE + "-byte blocks with magic " + Magic.hex(BLOCK_MAGIC));
    }
    ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int flags = b.get(8) & 0xFF;
    int size = (b.get(9) & 0xFF) | (b.get(10) & 0xFF) << 8 | (b.get(11) & 0xFF) << 16;
    long seq = b.getInt(12) & 0xFFFF_FFFFL;
    if (seq != 0 || flags != END_OF_STREAM || size > BLOCK_SIZE - BLOCK_HEADER) {
      throw invalid(where, what + ": block flags " + flags + ", size " + size + ", sequence " + seq + "; a PBS label "
          + "is one block with sequence 0, flags END_OF_STREAM (1) and at most " + (BLOCK_SIZE - BLOCK_HEADER)
          + " bytes");
    }
    if (size < CONTENT_HEADER) {
      throw invalid(where, what + ": the block holds " + size + " bytes, less than a content header (48)");
    }
    long magic = b.order(ByteOrder.BIG_ENDIAN).getLong(BLOCK_HEADER);
    long type = b.getLong(BLOCK_HEADER + 8);
    b.order(ByteOrder.LITTLE_ENDIAN);
    if (magic != CONTENT_HEADER_MAGIC) {
      throw invalid(where, what + ": no PBS content header (magic " + Magic.hex(magic) + ")");
    }
    if (type != contentMagic) {
      throw invalid(where, what + ": a PBS file of content type " + Magic.hex(type) + " where the label ("
          + Magic.hex(contentMagic) + ") should be");
    }
    long dataSize = b.getInt(BLOCK_HEADER + 40) & 0xFFFF_FFFFL;
    if (dataSize < 1 || dataSize > MAX_LABEL_DATA || CONTENT_HEADER + dataSize > size) {
      throw invalid(where, what + ": " + dataSize + " bytes of label data in a block holding " + size
          + " bytes; PBS labels have 1 to 65536 bytes of data");
    }
    byte[] json = new byte[(int) dataSize];
    b.get(BLOCK_HEADER + CONTENT_HEADER, json);
    return json;
  }

  private static TapeFormatException invalid(TapeLocation where, String message) {
    return new TapeFormatException(Kind.INVALID, where, message);
  }
}
