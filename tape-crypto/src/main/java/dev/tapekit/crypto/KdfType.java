package dev.tapekit.crypto;

import java.util.Locale;

/** The key derivation function of a key config, as PBS names it ({@code scrypt}, {@code pbkdf2}, {@code none}). */
public enum KdfType {
  /** scrypt N=65536 r=8 p=1: the default, as PBS. */
  SCRYPT,
  /** PBKDF2-HMAC-SHA256, 65535 iterations. */
  PBKDF2,
  /** No passphrase: the key is stored in the clear. Read from PBS files; never written by tapekit. */
  NONE;

  /** The lowercase name PBS uses. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type named {@code text} (either case).
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static KdfType parse(String text) {
    for (KdfType t : values()) {
      if (t.text().equalsIgnoreCase(text.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown key derivation function '" + text + "' (scrypt, pbkdf2)");
  }
}
