package dev.tapekit.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 8-byte magic values of the format. Each is the first 8 bytes of SHA-256 of a short ASCII text
 * (the text is its documentation: {@code tapekit block v1}), written to tape in digest order, and
 * handled here as a big-endian {@code long} so that {@code 0x…L} literals read like the bytes.
 */
public final class Magic {
  private Magic() {}

  /** The magic of {@code text}. */
  public static long of(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (d[i] & 0xFF);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The magic as 16 lowercase hex digits, in tape order. */
  public static String hex(long magic) {
    return String.format("%016x", magic);
  }
}
