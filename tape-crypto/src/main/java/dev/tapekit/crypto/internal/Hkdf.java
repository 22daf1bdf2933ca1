package dev.tapekit.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869) over the JCE's HMAC; the JDK 17 has no HKDF of its own. */
public final class Hkdf {
  private Hkdf() {}

  /** Extract-then-expand: {@code length} (at most 8160) bytes from {@code ikm}, {@code salt} and {@code info}. */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * 32) {
      throw new IllegalArgumentException("HKDF-SHA256 output of " + length + " bytes");
    }
    byte[] prk = null;
    byte[] t = new byte[0];
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      for (int i = 1, done = 0; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        Secrets.wipe(t);
        t = mac.doFinal();
        System.arraycopy(t, 0, out, done, Math.min(t.length, length - done));
        done += t.length;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    } finally {
      Secrets.wipe(prk, t);
    }
  }
}
