package dev.tapekit.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Wiping and encoding of secret bytes and characters without passing through a {@code String}. */
public final class Secrets {
  private Secrets() {}

  /** Overwrites each array with zeros; null arrays are skipped. */
  public static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  /** Overwrites {@code chars} with zeros. */
  public static void wipe(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * {@code chars[off, off+len)} as UTF-8 in a new array of exactly the encoded length; the encoder's
   * intermediate buffer is wiped. Unpaired surrogates are an error (a passphrase that cannot be
   * encoded is refused rather than altered).
   */
  public static byte[] utf8(char[] chars, int off, int len) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = ByteBuffer.allocate(len * 3);
    try {
      CoderResult r = encoder.encode(CharBuffer.wrap(chars, off, len), buffer, true);
      if (r.isError()) {
        throw new IllegalArgumentException("text cannot be encoded as UTF-8 (an unpaired surrogate)");
      }
      encoder.flush(buffer);
      return Arrays.copyOf(buffer.array(), buffer.position());
    } finally {
      wipe(buffer.array());
    }
  }

  /** Lowercase hex of {@code bytes} as characters (for secrets: the caller wipes the result). */
  public static char[] hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xF, 16);
      out[2 * i + 1] = Character.forDigit(bytes[i] & 0xF, 16);
    }
    return out;
  }

  /**
   * The bytes of hex digits {@code chars[off, off+len)} (either case).
   *
   * @throws IllegalArgumentException on an odd length or a non-hex character
   */
  public static byte[] unhex(char[] chars, int off, int len) {
    if (len % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits (" + len + ")");
    }
    byte[] out = new byte[len / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(chars[off + 2 * i], 16);
      int lo = Character.digit(chars[off + 2 * i + 1], 16);
      if (hi < 0 || lo < 0) {
        wipe(out);
        throw new IllegalArgumentException("not a hex digit at position " + (2 * i + (hi < 0 ? 0 : 1)));
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
