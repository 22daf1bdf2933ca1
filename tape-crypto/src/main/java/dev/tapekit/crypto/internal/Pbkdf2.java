package dev.tapekit.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018 5.2) over the JCE's HMAC. The JCE's own {@code
 * PBKDF2WithHmacSHA256} takes the password as characters and encodes them itself; PBS derives key
 * fingerprints and drive keys with binary passwords (the 32 key bytes), so the loop is here.
 */
public final class Pbkdf2 {
  private Pbkdf2() {}

  /** {@code length} bytes derived from {@code password} (non-empty) and {@code salt}. */
  public static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
    if (iterations < 1) {
      throw new IllegalArgumentException("PBKDF2 needs at least one iteration, not " + iterations);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(password, "HmacSHA256"));
      int hLen = mac.getMacLength();
      byte[] out = new byte[length];
      byte[] u = new byte[hLen];
      byte[] t = new byte[hLen];
      try {
        for (int block = 1, done = 0; done < length; block++, done += hLen) {
          mac.update(salt);
          mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
          mac.doFinal(u, 0);
          System.arraycopy(u, 0, t, 0, hLen);
          for (int i = 1; i < iterations; i++) {
            mac.update(u);
            mac.doFinal(u, 0);
            for (int j = 0; j < hLen; j++) {
              t[j] ^= u[j];
            }
          }
          System.arraycopy(t, 0, out, done, Math.min(hLen, length - done));
        }
        return out;
      } finally {
        Secrets.wipe(u, t);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
