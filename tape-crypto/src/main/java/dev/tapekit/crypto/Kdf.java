package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Secrets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * How a key config turns a passphrase into the 32-byte key that wraps the tape key: PBS's {@code
 * KeyDerivationConfig}, with the same parameters in the key file ({@code {"Scrypt": {n, r, p,
 * salt}}} or {@code {"PBKDF2": {iter, salt}}}, salt in base64).
 *
 * <p>New keys use scrypt N=65536, r=8, p=1 (64 MiB, about a quarter of a second here) with a random
 * 32-byte salt, as PBS. Existing files are accepted with any PBKDF2 iteration count and any scrypt
 * parameters whose memory (about {@code 128 * r * (N + p)} bytes) stays within PBS's limit of 1025 MiB.
 */
public sealed interface Kdf permits Kdf.Scrypt, Kdf.Pbkdf2 {
  /** Bytes of salt in new key configs. */
  int SALT_LENGTH = 32;
  /** PBS's memory limit for scrypt ({@code openssl::pkcs5::scrypt(..., 1025 MiB)}). */
  long SCRYPT_MAX_MEMORY = 1025L * 1024 * 1024;

  /** The derived 32 bytes for {@code passphrase}; the caller wipes them. */
  byte[] derive(Passphrase passphrase);

  /** Which function. */
  KdfType type();

  /** A copy of the salt. */
  byte[] salt();

  /** The defaults PBS writes for {@code type}, with a fresh salt from {@code random}. */
  static Kdf fresh(KdfType type, SecureRandom random) {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return switch (type) {
      case SCRYPT -> new Scrypt(65536, 8, 1, salt);
      case PBKDF2 -> new Pbkdf2(65535, salt);
      case NONE -> throw new IllegalArgumentException("no key derivation function: the key would be stored in the clear");
    };
  }

  /** scrypt (RFC 7914) through Bouncy Castle. */
  record Scrypt(long n, long r, long p, byte[] salt) implements Kdf {
    /**
     * @throws IllegalArgumentException when N is not a power of two above 1, r or p is not positive,
     *     or the memory needed exceeds {@link #SCRYPT_MAX_MEMORY}
     */
    public Scrypt {
      if (n < 2 || (n & (n - 1)) != 0 || n > (1L << 30)) {
        throw new IllegalArgumentException("scrypt N must be a power of two from 2 to 2^30, not " + n);
      }
      if (r < 1 || p < 1 || r > Integer.MAX_VALUE || p > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("scrypt r and p must be positive 32-bit numbers, not r=" + r + " p=" + p);
      }
      // Memory as OpenSSL counts it for PBS: 128 * r * (N + 2) for V plus 128 * r * p for B.
      if (r > SCRYPT_MAX_MEMORY / (128 * (n + 2 + p)) || r * p >= (1 << 30)) {
        throw new IllegalArgumentException("scrypt N=" + n + " r=" + r + " p=" + p
            + " needs more than PBS's limit of 1025 MiB");
      }
      salt = salt.clone();
    }

    @Override
    public byte[] derive(Passphrase passphrase) {
      byte[] pw = passphrase.utf8();
      try {
        return SCrypt.generate(pw, salt, (int) n, (int) r, (int) p, 32);
      } finally {
        Secrets.wipe(pw);
      }
    }

    @Override
    public KdfType type() {
      return KdfType.SCRYPT;
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Scrypt s && s.n == n && s.r == r && s.p == p && Arrays.equals(s.salt, salt);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(n) * 31 + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
      return "scrypt(N=" + n + ", r=" + r + ", p=" + p + ")";
    }
  }

  /** PBKDF2 with HMAC-SHA256 (RFC 8018) through the JCE's HMAC. */
  record Pbkdf2(long iterations, byte[] salt) implements Kdf {
    /** @throws IllegalArgumentException unless 1 <= iterations <= 2^31-1 */
    public Pbkdf2 {
      if (iterations < 1 || iterations > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("PBKDF2 iterations must be from 1 to 2^31-1, not " + iterations);
      }
      salt = salt.clone();
    }

    @Override
    public byte[] derive(Passphrase passphrase) {
      byte[] pw = passphrase.utf8();
      try {
        return dev.tapekit.crypto.internal.Pbkdf2.hmacSha256(pw, salt, (int) iterations, 32);
      } finally {
        Secrets.wipe(pw);
      }
    }

    @Override
    public KdfType type() {
      return KdfType.PBKDF2;
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pbkdf2 k && k.iterations == iterations && Arrays.equals(k.salt, salt);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(iterations) * 31 + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
      return "PBKDF2-HMAC-SHA256(" + iterations + " iterations)";
    }
  }
}
