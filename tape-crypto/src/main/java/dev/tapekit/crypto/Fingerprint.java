package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Pbkdf2;
import dev.tapekit.crypto.internal.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The public name of a tape key, computed as PBS computes it (pbs-tools {@code CryptConfig}):
 *
 * <pre>
 * id_key      = PBKDF2-HMAC-SHA256(password = key (32 bytes), salt = "_id_key", 10 iterations, 32 bytes)
 * fingerprint = SHA-256( SHA-256("Proxmox Backup Encryption Key Fingerprint") || id_key )
 * </pre>
 *
 * <p>Text form: the 32 bytes as lowercase hex pairs joined by {@code :}
 * ({@code 6e:d0:ef:…}, 95 characters); {@link #shortForm()} is the first 8 bytes, for tables. It
 * reveals nothing about the key. Immutable; equal when the bytes are equal.
 */
public final class Fingerprint {
  /** Bytes in a fingerprint. */
  public static final int LENGTH = 32;
  private static final byte[] ID_SALT = "_id_key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INPUT = sha256("Proxmox Backup Encryption Key Fingerprint".getBytes(StandardCharsets.US_ASCII));

  private final byte[] bytes;

  private Fingerprint(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The fingerprint of the 32 key bytes {@code key}. */
  static Fingerprint ofKey(byte[] key) {
    byte[] idKey = Pbkdf2.hmacSha256(key, ID_SALT, 10, 32);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(INPUT);
      sha.update(idKey);
      return new Fingerprint(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      Secrets.wipe(idKey);
    }
  }

  /** A fingerprint from its 32 bytes. */
  public static Fingerprint of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a fingerprint has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new Fingerprint(bytes.clone());
  }

  /**
   * Parses the text form ({@code xx:xx:…}, 32 pairs) or 64 hex digits without separators, either case.
   *
   * @throws IllegalArgumentException with what is wrong
   */
  public static Fingerprint parse(String text) {
    String hex = text.strip().replace(":", "");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("not a key fingerprint: '" + text.strip()
          + "' (expected 32 hex pairs joined by ':', like 6e:d0:ef:…)");
    }
    try {
      return new Fingerprint(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a key fingerprint: '" + text.strip() + "' (" + e.getMessage() + ")");
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The first 8 bytes in text form ({@code 6e:d0:ef:77:47:1f:ff:4d}), as PBS shows keys in tables. */
  public String shortForm() {
    return HexFormat.ofDelimiter(":").formatHex(bytes, 0, 8);
  }

  /** Whether {@code prefix} (hex digits, with or without {@code :}, either case) starts this fingerprint. */
  public boolean startsWith(String prefix) {
    return HexFormat.of().formatHex(bytes).startsWith(prefix.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT));
  }

  /** The text form: 32 lowercase hex pairs joined by {@code :}. */
  @Override
  public String toString() {
    return HexFormat.ofDelimiter(":").formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f && Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
