package dev.tapekit.format.content;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The last 48 bytes of every tape file's stream (FORMAT.md, "Content footer"): how much body there
 * was, how many items, the body's checksum, and whether the content goes on in another part.
 *
 * <pre>
 * offset size field
 *  0     8    magic        SHA-256("tapekit content footer v1")[0..8]
 *  8     8    body length  bytes between the header data and the footer
 * 16     8    items        the type's item count (chunks, entries; 0 for labels)
 * 24     4    body CRC32C
 * 28     4    flags        bit 0 CONTINUED: the content goes on in the next part
 * 32     8    reserved     0
 * 40     4    CRC32C       over bytes 0..39
 * 44     4    reserved     0
 * </pre>
 */
public record ContentFooter(long bodyLength, long items, int bodyCrc, boolean continued) {
  public static final long MAGIC = Magic.of("tapekit content footer v1");
  public static final int LENGTH = 48;

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, Long.reverseBytes(MAGIC)).putLong(8, bodyLength).putLong(16, items).putInt(24, bodyCrc)
        .putInt(28, continued ? 1 : 0);
    CRC32C c = new CRC32C();
    c.update(b.array(), 0, 40);
    b.putInt(40, (int) c.getValue());
    return b.array();
  }

  static ContentFooter decode(byte[] bytes, TapeLocation where) throws TapeFormatException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (Long.reverseBytes(b.getLong(0)) != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no content footer at the end of the file's stream");
    }
    CRC32C c = new CRC32C();
    c.update(bytes, 0, 40);
    if ((int) c.getValue() != b.getInt(40)) {
      throw new TapeFormatException(Kind.CORRUPT, where, "content footer checksum failed");
    }
    int flags = b.getInt(28);
    if ((flags & ~1) != 0 || b.getLong(8) < 0 || b.getLong(16) < 0) {
      throw new TapeFormatException(Kind.INVALID, where, "content footer fields are impossible");
    }
    return new ContentFooter(b.getLong(8), b.getLong(16), b.getInt(24), (flags & 1) != 0);
  }
}
