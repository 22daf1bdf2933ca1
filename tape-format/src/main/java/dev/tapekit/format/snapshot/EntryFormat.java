package dev.tapekit.format.snapshot;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import dev.tapekit.format.snapshot.SnapshotEntry.Xattr;
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
import java.util.zip.CRC32C;

/**
 * The binary record of one {@link SnapshotEntry} (FORMAT.md 7.2.2). Integers little-endian.
 *
 * <pre>
 * offset size field
 *  0     8    magic          SHA-256("tapekit snapshot entry v1")[0..8]
 *  8     4    length L       bytes of the whole record, magic to CRC, 104 to 64 MiB
 * 12     1    type           1 regular … 8 socket
 * 13     3    reserved       0
 * 16     4    mode           at most 07777
 * 20     4    uid
 * 24     4    gid
 * 28     4    device major   0 unless a device
 * 32     4    device minor
 * 36    12    mtime          i64 seconds, u32 nanoseconds (below 10^9)
 * 48    12    atime
 * 60    12    ctime
 * 72     8    size           u64, at most 2^63 - 1
 * 80     …    path, user, group, link target: each u16 length + UTF-8 bytes
 *        …    holes: u32 count, then per hole offset u64, length u64
 *        …    xattrs: u32 count, then per xattr u8 name length, name, u32 value length, value
 *        …    chunks: u32 count, then per chunk digest (32 bytes), plain length u32
 * L-4    4    CRC32C         over bytes 0 .. L-5
 * </pre>
 */
final class EntryFormat {
  static final long MAGIC = Magic.of("tapekit snapshot entry v1");
  static final int FIXED = 80;
  /** The fixed part, four empty texts, three zero counts and the CRC. */
  static final int MIN_LENGTH = FIXED + 4 * 2 + 3 * 4 + 4;
  static final int MAX_LENGTH = 64 << 20;
  private static final int NANOS = 1_000_000_000;

  private EntryFormat() {}

  /** The record of {@code e}; {@link IllegalArgumentException} if it would exceed {@link #MAX_LENGTH}. */
  static byte[] encode(SnapshotEntry e) {
    byte[][] texts = {e.pathBytes(), SnapshotEntry.utf8(e.user()), SnapshotEntry.utf8(e.group()),
        SnapshotEntry.utf8(e.linkTarget())};
    long length = FIXED + 3 * 4L + e.holes().size() * 16L + e.chunks().size() * 36L + 4;
    for (byte[] t : texts) {
      length += 2 + t.length;
    }
    List<byte[]> names = new ArrayList<>();
    for (Xattr x : e.xattrs()) {
      byte[] n = SnapshotEntry.utf8(x.name());
      names.add(n);
      length += 1 + n.length + 4 + x.value().length;
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("snapshot entry '" + e.path() + "' needs a record of " + length
          + " bytes; the format allows " + MAX_LENGTH + " (fewer, larger chunks or fewer xattrs)");
    }
    ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(Long.reverseBytes(MAGIC)).putInt((int) length).put((byte) e.type().code()).put(new byte[3]);
    b.putInt(e.mode()).putInt((int) e.uid()).putInt((int) e.gid()).putInt((int) e.deviceMajor())
        .putInt((int) e.deviceMinor());
    for (Instant t : new Instant[] {e.mtime(), e.atime(), e.ctime()}) {
      b.putLong(t.getEpochSecond()).putInt(t.getNano());
    }
    b.putLong(e.size());
    for (byte[] t : texts) {
      b.putShort((short) t.length).put(t);
    }
    b.putInt(e.holes().size());
    for (Hole h : e.holes()) {
      b.putLong(h.offset()).putLong(h.length());
    }
    b.putInt(e.xattrs().size());
    for (int i = 0; i < names.size(); i++) {
      byte[] v = e.xattrs().get(i).value();
      b.put((byte) names.get(i).length).put(names.get(i)).putInt(v.length).put(v);
    }
    b.putInt(e.chunks().size());
    for (ChunkRef c : e.chunks()) {
      b.put(c.digest()).putInt(c.length());
    }
    b.putInt(crc(b.array(), b.position()));
    return b.array();
  }

  /**
   * The record length in the first 12 bytes of a record ({@code head}): CORRUPT without the entry
   * magic or with a length outside 104 to 64 MiB (the CRC that would tell cannot be found then).
   */
  static int length(byte[] head, TapeLocation where, int offset) throws TapeFormatException {
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    long magic = Long.reverseBytes(b.getLong(0));
    if (magic != MAGIC) {
      throw new TapeFormatException(Kind.CORRUPT, where, "no snapshot entry at offset " + offset + " (magic "
          + Magic.hex(magic) + "): the archive's body is damaged, or the index or catalog points to the wrong place");
    }
    int length = b.getInt(8);
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new TapeFormatException(Kind.CORRUPT, where, "the snapshot entry at offset " + offset + " claims "
          + Integer.toUnsignedString(length) + " bytes, outside " + MIN_LENGTH + " to " + MAX_LENGTH
          + ": its length field is damaged");
    }
    return length;
  }

  /**
   * Decodes and checks a whole record, in the order FORMAT.md 7.2.6 gives: magic and length
   * (CORRUPT), CRC32C (CORRUPT), then the fields (INVALID: the checksum is right).
   *
   * @param where the block the record starts in
   * @param offset its offset in that block's payload, for messages
   */
  static SnapshotEntry decode(byte[] record, TapeLocation where, int offset) throws TapeFormatException {
    if (record.length < 12 || length(record, where, offset) != record.length) {
      throw new TapeFormatException(Kind.CORRUPT, where, "a snapshot entry at offset " + offset + " of "
          + record.length + " bytes does not match its length field");
    }
    ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    if (crc(record, record.length - 4) != b.getInt(record.length - 4)) {
      throw new TapeFormatException(Kind.CORRUPT, where, "checksum of the snapshot entry at offset " + offset
          + " failed: the medium or the path to it damaged it");
    }
    b.limit(record.length - 4);
    try {
      int code = b.get(12) & 0xFF;
      Type type = Type.of(code);
      if (type == null) {
        throw new IllegalArgumentException("unknown type " + code);
      }
      if (b.get(13) != 0 || b.getShort(14) != 0) {
        throw new IllegalArgumentException("reserved bytes 13..15 are not 0");
      }
      b.position(16);
      int mode = b.getInt();
      long uid = Integer.toUnsignedLong(b.getInt());
      long gid = Integer.toUnsignedLong(b.getInt());
      long major = Integer.toUnsignedLong(b.getInt());
      long minor = Integer.toUnsignedLong(b.getInt());
      Instant mtime = time(b);
      Instant atime = time(b);
      Instant ctime = time(b);
      long size = b.getLong();
      String path = text(b);
      String user = text(b);
      String group = text(b);
      String target = text(b);
      List<Hole> holes = new ArrayList<>();
      for (int i = count(b, 16); i > 0; i--) {
        holes.add(new Hole(b.getLong(), b.getLong()));
      }
      List<Xattr> xattrs = new ArrayList<>();
      for (int i = count(b, 5); i > 0; i--) {
        String name = utf8(bytes(b, b.get() & 0xFF));
        xattrs.add(new Xattr(name, bytes(b, b.getInt())));
      }
      List<ChunkRef> chunks = new ArrayList<>();
      for (int i = count(b, 36); i > 0; i--) {
        chunks.add(new ChunkRef(bytes(b, 32), b.getInt()));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the chunk list, before the CRC");
      }
      return new SnapshotEntry(path, type, mode, uid, gid, user, group, mtime, atime, ctime, size, target, major,
          minor, holes, xattrs, chunks);
    } catch (IllegalArgumentException | BufferUnderflowException | DateTimeException e) {
      String what = e instanceof BufferUnderflowException ? "its fields run past its length" : e.getMessage();
      throw new TapeFormatException(Kind.INVALID, where, "the snapshot entry at offset " + offset
          + " is impossible although its checksum is right (" + what + "): written by a faulty writer");
    }
  }

  private static Instant time(ByteBuffer b) {
    long seconds = b.getLong();
    int nanos = b.getInt();
    if (nanos < 0 || nanos >= NANOS) {
      throw new IllegalArgumentException("nanoseconds " + Integer.toUnsignedString(nanos) + " (at most 999999999)");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** A u32 count of items of at least {@code itemBytes} bytes each, which must fit in what is left. */
  private static int count(ByteBuffer b, int itemBytes) {
    int n = b.getInt();
    if (n < 0 || (long) n * itemBytes > b.remaining()) {
      throw new BufferUnderflowException();
    }
    return n;
  }

  private static byte[] bytes(ByteBuffer b, int n) {
    if (n < 0 || n > b.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static String text(ByteBuffer b) {
    return utf8(bytes(b, b.getShort() & 0xFFFF));
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a text that is not UTF-8");
    }
  }

  static int crc(byte[] bytes, int length) {
    return crc(bytes, 0, length);
  }

  static int crc(byte[] bytes, int from, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, from, length);
    return (int) c.getValue();
  }
}
