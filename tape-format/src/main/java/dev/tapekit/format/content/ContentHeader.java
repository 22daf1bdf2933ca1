package dev.tapekit.format.content;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The first bytes of every tape file's stream (FORMAT.md, "Content header"): what the file is, which
 * media set and tape it belongs to, and typed header data (UTF-8 JSON in every version-1 type).
 *
 * <pre>
 * offset size field
 *  0     8    magic              SHA-256("tapekit content header v1")[0..8]
 *  8     8    content type       {@link ContentType#magic()}
 * 16     2    content version    the type's format version
 * 18     2    header length      80
 * 20     4    header data length at most 16 MiB
 * 24    16    file UUID          = the stream UUID of the file's blocks
 * 40     8    ctime              seconds since 1970-01-01T00:00:00Z
 * 48    16    media set UUID     zeros when the file belongs to no set
 * 64     4    tape sequence      the tape's number within the media set (0 for the first)
 * 68     4    part               0, or the part number of a spanned file
 * 72     4    CRC32C             over bytes 0..71 and the header data
 * 76     4    reserved           0
 * 80     n    header data
 * </pre>
 */
public record ContentHeader(ContentType type, int version, UUID file, Instant ctime, UUID mediaSet, int tapeSequence,
    int part, byte[] data) {
  public static final long MAGIC = Magic.of("tapekit content header v1");
  public static final int LENGTH = 80;
  public static final int MAX_DATA = 16 << 20;
  /** The media set UUID of files that belong to no set. */
  public static final UUID NO_SET = new UUID(0, 0);
  /** The latest ctime a reader accepts: 9999-12-31T23:59:59Z. */
  static final long MAX_CTIME = 253_402_300_799L;

  public ContentHeader {
    data = data.clone();
    if (data.length > MAX_DATA) {
      throw new IllegalArgumentException("header data of " + data.length + " bytes (at most 16 MiB)");
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The encoded header and its data. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, Long.reverseBytes(MAGIC)).putLong(8, Long.reverseBytes(type.magic()));
    b.putShort(16, (short) version).putShort(18, (short) LENGTH).putInt(20, data.length);
    uuid(b, 24, file);
    b.putLong(40, ctime.getEpochSecond());
    uuid(b, 48, mediaSet);
    b.putInt(64, tapeSequence).putInt(68, part);
    b.position(LENGTH);
    b.put(data);
    b.putInt(72, crc(b.array(), data.length));
    return b.array();
  }

  static void uuid(ByteBuffer b, int at, UUID u) {
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    be.putLong(at, u.getMostSignificantBits()).putLong(at + 8, u.getLeastSignificantBits());
  }

  static UUID uuid(ByteBuffer b, int at) {
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    return new UUID(be.getLong(at), be.getLong(at + 8));
  }

  private static int crc(byte[] all, int dataLength) {
    CRC32C c = new CRC32C();
    c.update(all, 0, 72);
    c.update(all, LENGTH, dataLength);
    return (int) c.getValue();
  }

  /**
   * Decodes the fixed part (80 bytes) of a header: magic (FOREIGN), content type (FOREIGN for an
   * unknown one), data length. The CRC is checked by {@link #complete} once the data is read.
   */
  static Fixed fixed(byte[] first, TapeLocation where) throws TapeFormatException {
    ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.FOREIGN, where, "no tapekit content header (magic " + Magic.hex(magic) + ")");
    }
    int dataLength = b.getInt(20);
    int headerLength = b.getShort(18) & 0xFFFF;
    if (headerLength != LENGTH || dataLength < 0 || dataLength > MAX_DATA) {
      throw new TapeFormatException(Kind.CORRUPT, where, "content header lengths are impossible (header "
          + headerLength + ", data " + dataLength + ")");
    }
    return new Fixed(first, dataLength);
  }

  record Fixed(byte[] bytes, int dataLength) {}

  /** Checks the CRC over the fixed part and {@code data}, then the type and version. */
  static ContentHeader complete(Fixed fixed, byte[] data, TapeLocation where) throws TapeFormatException {
    byte[] all = new byte[LENGTH + data.length];
    System.arraycopy(fixed.bytes(), 0, all, 0, LENGTH);
    System.arraycopy(data, 0, all, LENGTH, data.length);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (crc(all, data.length) != b.getInt(72)) {
      throw new TapeFormatException(Kind.CORRUPT, where, "content header checksum failed");
    }
    long typeMagic = Long.reverseBytes(b.getLong(8));
    ContentType type = ContentType.byMagic(typeMagic).orElseThrow(() -> new TapeFormatException(Kind.TOO_NEW, where,
        "unknown kind of tapekit file (type " + Magic.hex(typeMagic) + "): written by a newer tapekit"));
    int version = b.getShort(16) & 0xFFFF;
    if (version > type.writes()) {
      throw new TapeFormatException(Kind.TOO_NEW, where, type + " version " + version + " is newer than this tapekit reads ("
          + type.writes() + "): use a newer tapekit");
    }
    if (version < type.readsFrom()) {
      throw new TapeFormatException(Kind.INVALID, where, type + " version " + version + " does not exist");
    }
    long ctime = b.getLong(40);
    int tapeSequence = b.getInt(64);
    int part = b.getInt(68);
    // Writers stay within these; a checked header beyond them was written by a faulty writer.
    if (ctime < 0 || ctime > MAX_CTIME || tapeSequence < 0 || part < 0) {
      throw new TapeFormatException(Kind.INVALID, where, "content header fields are impossible although its "
          + "checksum is right (ctime " + ctime + ", tape sequence " + Integer.toUnsignedString(tapeSequence)
          + ", part " + Integer.toUnsignedString(part) + ")");
    }
    return new ContentHeader(type, version, uuid(b, 24), Instant.ofEpochSecond(ctime), uuid(b, 48),
        tapeSequence, part, data);
  }
}
