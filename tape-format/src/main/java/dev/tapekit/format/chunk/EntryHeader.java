package dev.tapekit.format.chunk;

import dev.tapekit.crypto.PayloadEncryptor;
import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The 64-byte header in front of each chunk's stored bytes (chunk-archive.md, "Entries"). Integers
 * little-endian, magic and digest in tape order.
 *
 * <pre>
 * offset size field
 *  0     8    magic          SHA-256("tapekit chunk entry v1")[0..8] = {@link #MAGIC}
 *  8    32    digest         SHA-256 of the chunk's plain bytes
 * 40     4    flags          bit 0 ZSTD, bit 1 ENCRYPTED; others 0
 * 44     4    plain length   at most 16 MiB
 * 48     4    stored length  bytes that follow this header
 * 52     4    stored CRC32C  over the stored bytes
 * 56     4    reserved       0
 * 60     4    CRC32C         over bytes 0..59
 * </pre>
 */
record EntryHeader(byte[] digest, int flags, int plainLength, int storedLength, int storedCrc) {
  static final long MAGIC = Magic.of("tapekit chunk entry v1");
  static final int LENGTH = 64;
  static final int DIGEST = 32;
  /** The stored bytes are one zstd frame of the plain bytes (or, with ENCRYPTED, the sealed bytes are). */
  static final int ZSTD = 1;
  /** The stored bytes are a tape-crypto sealed payload bound to the digest. */
  static final int ENCRYPTED = 2;
  static final int KNOWN_FLAGS = ZSTD | ENCRYPTED;
  /** The largest chunk the format holds. */
  static final int MAX_PLAIN = 16 << 20;

  /** Writes the 64 bytes at {@code out}'s position, which advances. */
  void encode(ByteBuffer out) {
    ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, Long.reverseBytes(MAGIC));
    b.put(8, digest);
    b.putInt(40, flags).putInt(44, plainLength).putInt(48, storedLength).putInt(52, storedCrc).putInt(56, 0);
    b.putInt(60, crc(b));
    out.position(out.position() + LENGTH);
  }

  private static int crc(ByteBuffer header) {
    CRC32C c = new CRC32C();
    c.update(header.duplicate().position(0).limit(60));
    return (int) c.getValue();
  }

  /**
   * Decodes and checks the 64 bytes at {@code in}'s position (which does not move), in the order
   * chunk-archive.md gives: magic (CORRUPT), CRC (CORRUPT), fields (INVALID).
   *
   * @param where the block the header starts in
   * @param offset its offset in that block's payload, for messages
   */
  static EntryHeader decode(ByteBuffer in, TapeLocation where, int offset) throws TapeFormatException {
    ByteBuffer b = in.slice().order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no chunk entry at offset " + offset + " (magic "
          + Magic.hex(magic) + "): the archive's body is damaged, or the index or catalog points to the wrong place");
    }
    byte[] digest = new byte[DIGEST];
    b.get(8, digest);
    if (crc(b) != b.getInt(60)) {
      throw new TapeFormatException(Kind.CORRUPT, where, "checksum of the entry header at offset " + offset
          + " failed (chunk " + hex(digest) + " if the digest is intact)");
    }
    EntryHeader h = new EntryHeader(digest, b.getInt(40), b.getInt(44), b.getInt(48), b.getInt(52));
    String problem = fieldsProblem(h.flags, h.plainLength, h.storedLength);
    if (problem == null && b.getInt(56) != 0) {
      problem = "reserved field " + b.getInt(56);
    }
    if (problem != null) {
      throw new TapeFormatException(Kind.INVALID, where, "the entry header of chunk " + hex(digest) + " at offset "
          + offset + " is impossible although its checksum is right (" + problem + "): written by a faulty writer");
    }
    return h;
  }

  /**
   * What is wrong with these fields of an entry (or index entry), or null. The stored length follows
   * from the flags: plain length (no flags); plain + 29 (ENCRYPTED); for ZSTD a frame shorter than
   * the plain bytes, plus 29 with ENCRYPTED.
   */
  static String fieldsProblem(int flags, int plain, int stored) {
    if ((flags & ~KNOWN_FLAGS) != 0) {
      return "unknown flags 0x" + Integer.toHexString(flags);
    }
    if (plain < 0 || plain > MAX_PLAIN) {
      return "plain length " + Integer.toUnsignedString(plain) + ", more than " + MAX_PLAIN;
    }
    int frame = (flags & ENCRYPTED) != 0 ? stored - PayloadEncryptor.OVERHEAD : stored;
    boolean ok = stored >= 0 && ((flags & ZSTD) != 0 ? frame > 0 && frame < plain : frame == plain);
    return ok ? null : "stored length " + Integer.toUnsignedString(stored) + " for plain length " + plain
        + " and flags " + flags;
  }

  boolean compressed() {
    return (flags & ZSTD) != 0;
  }

  boolean encrypted() {
    return (flags & ENCRYPTED) != 0;
  }

  String digestHex() {
    return hex(digest);
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
