package dev.tapekit.vtl.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte array for building response data. */
public final class Out {
  private byte[] buf = new byte[64];
  private int len;

  public Out u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  public Out u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  public Out u24(int v) {
    return u8(v >>> 16).u16(v);
  }

  public Out u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  public Out u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  /** An unsigned value in {@code n} big-endian bytes (1..8). */
  public Out uN(long v, int n) {
    for (int i = n - 1; i >= 0; i--) {
      u8((int) (v >>> (8 * i)));
    }
    return this;
  }

  public Out bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** ASCII, padded with spaces (or cut) to {@code n} bytes. */
  public Out ascii(String s, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) ' ');
    byte[] src = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(src, 0, b, 0, Math.min(n, src.length));
    return bytes(b);
  }

  public Out zeros(int n) {
    ensure(n);
    len += n;
    return this;
  }

  public int length() {
    return len;
  }

  /** Overwrites a 16-bit value at {@code at}. */
  public Out set16(int at, int v) {
    buf[at] = (byte) (v >>> 8);
    buf[at + 1] = (byte) v;
    return this;
  }

  public Out set8(int at, int v) {
    buf[at] = (byte) v;
    return this;
  }

  public Out set24(int at, int v) {
    buf[at] = (byte) (v >>> 16);
    return set16(at + 1, v);
  }

  public Out set32(int at, long v) {
    set16(at, (int) (v >>> 16));
    return set16(at + 2, (int) v);
  }

  public byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
