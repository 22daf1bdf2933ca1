package dev.tapekit.iscsi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * CHAP as iSCSI uses it (RFC 7143 §12.1.3, RFC 1994): the response is the hash of the one-byte
 * identifier, the secret and the challenge. Binary values are written as {@code 0x} followed by hex
 * digits (what libiscsi and Linux accept) and read as hex ({@code 0x}) or base64 ({@code 0b}).
 */
final class Chap {
  /** The CHAP_A algorithms; 5 is the one every initiator offers. */
  enum Algorithm {
    MD5(5, "MD5"),
    SHA1(6, "SHA-1"),
    SHA256(7, "SHA-256"),
    SHA3_256(8, "SHA3-256");

    final int code;
    final String jca;

    Algorithm(int code, String jca) {
      this.code = code;
      this.jca = jca;
    }

    static Algorithm of(int code) {
      for (Algorithm a : values()) {
        if (a.code == code) {
          return a;
        }
      }
      return null;
    }

    int digestLength() {
      return this == MD5 ? 16 : this == SHA1 ? 20 : 32;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private Chap() {}

  static byte[] response(Algorithm algorithm, int identifier, byte[] secret, byte[] challenge) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm.jca);
      md.update((byte) identifier);
      md.update(secret);
      md.update(challenge);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm.jca, e);
    }
  }

  static byte[] challenge(Algorithm algorithm) {
    byte[] c = new byte[Math.max(16, algorithm.digestLength())];
    RANDOM.nextBytes(c);
    return c;
  }

  static int identifier() {
    return RANDOM.nextInt(256);
  }

  static String encode(byte[] value) {
    return "0x" + HexFormat.of().formatHex(value);
  }

  /** Decodes a binary value; throws {@link IllegalArgumentException} naming what is wrong. */
  static byte[] decode(String value) {
    if (value.length() > 2 && (value.startsWith("0x") || value.startsWith("0X"))) {
      String hex = value.substring(2);
      if (hex.length() % 2 != 0) {
        hex = "0" + hex; // RFC 7143 §6.1: a leading zero digit may be omitted
      }
      return HexFormat.of().parseHex(hex);
    }
    if (value.length() > 2 && (value.startsWith("0b") || value.startsWith("0B"))) {
      return Base64.getDecoder().decode(value.substring(2));
    }
    throw new IllegalArgumentException("not a binary value (0x... or 0b...): " + value);
  }

  static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
