package dev.tapekit.scsi.codec;

import dev.tapekit.scsi.MalformedResponseException;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian field access for CDBs and device replies. Reads are bounds-checked and fail with a
 * {@link MalformedResponseException} naming the structure and offset, never an
 * ArrayIndexOutOfBoundsException.
 */
public final class Bytes {
  private Bytes() {}

  /** Throws unless {@code data} has {@code length} bytes at {@code offset}. */
  public static void require(byte[] data, int offset, int length, String what)
      throws MalformedResponseException {
    if (offset < 0 || length < 0 || (long) offset + length > data.length) {
      throw new MalformedResponseException(
          what + ": needs " + length + " byte(s) at offset " + offset + " but the reply has " + data.length);
    }
  }

  public static int u8(byte[] d, int off, String what) throws MalformedResponseException {
    require(d, off, 1, what);
    return d[off] & 0xFF;
  }

  public static int u16(byte[] d, int off, String what) throws MalformedResponseException {
    require(d, off, 2, what);
    return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
  }

  public static int u24(byte[] d, int off, String what) throws MalformedResponseException {
    require(d, off, 3, what);
    return ((d[off] & 0xFF) << 16) | ((d[off + 1] & 0xFF) << 8) | (d[off + 2] & 0xFF);
  }

  public static long u32(byte[] d, int off, String what) throws MalformedResponseException {
    require(d, off, 4, what);
    return getU32(d, off);
  }

  /** An unsigned 64-bit value; values above Long.MAX_VALUE come back negative (use Long.toUnsignedString). */
  public static long u64(byte[] d, int off, String what) throws MalformedResponseException {
    require(d, off, 8, what);
    return getUnsigned(d, off, 8);
  }

  /** An unsigned big-endian value of 1..8 bytes. */
  public static long unsigned(byte[] d, int off, int len, String what) throws MalformedResponseException {
    if (len < 1 || len > 8) {
      throw new MalformedResponseException(what + ": integer field of " + len + " bytes at offset " + off);
    }
    require(d, off, len, what);
    return getUnsigned(d, off, len);
  }

  /** A sub-array copy. */
  public static byte[] slice(byte[] d, int off, int len, String what) throws MalformedResponseException {
    require(d, off, len, what);
    byte[] out = new byte[len];
    System.arraycopy(d, off, out, 0, len);
    return out;
  }

  /** ASCII text with trailing spaces and NULs removed (leading spaces kept). */
  public static String ascii(byte[] d, int off, int len, String what) throws MalformedResponseException {
    require(d, off, len, what);
    int end = off + len;
    while (end > off && (d[end - 1] == ' ' || d[end - 1] == 0)) {
      end--;
    }
    return new String(d, off, end - off, StandardCharsets.US_ASCII);
  }

  // Unchecked accessors for code that has already validated the length.

  public static long getU32(byte[] d, int off) {
    return getUnsigned(d, off, 4);
  }

  public static long getUnsigned(byte[] d, int off, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (d[off + i] & 0xFF);
    }
    return v;
  }

  /** Writes the low {@code len} bytes of {@code value} big-endian at {@code off}. */
  public static void put(byte[] d, int off, int len, long value) {
    for (int i = len - 1; i >= 0; i--) {
      d[off + i] = (byte) value;
      value >>>= 8;
    }
  }

  public static void put16(byte[] d, int off, int value) {
    put(d, off, 2, value);
  }

  public static void put24(byte[] d, int off, int value) {
    put(d, off, 3, value);
  }

  public static void put32(byte[] d, int off, long value) {
    put(d, off, 4, value);
  }

  public static void put64(byte[] d, int off, long value) {
    put(d, off, 8, value);
  }
}
