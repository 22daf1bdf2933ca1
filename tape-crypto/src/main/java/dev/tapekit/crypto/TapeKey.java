package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Secrets;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * A 256-bit tape encryption key: the secret a media set is encrypted under, named by its {@link
 * Fingerprint}. From it come the per-media-set keys that actually encrypt: the drive key for
 * hardware encryption ({@link #driveKey(UUID)}, PBS's derivation) and the subkey for software
 * encryption of payloads ({@link #mediaSetKey(UUID)}).
 *
 * <p>The bytes live in one array, wiped by {@link #close()}; {@link #copyBytes()} hands out a copy
 * the caller wipes. {@code toString()} shows only the short fingerprint. Thread-safe for reading;
 * closing while another thread derives from it is the caller's error.
 */
public final class TapeKey implements AutoCloseable {
  /** Bytes in a key. */
  public static final int LENGTH = 32;

  private final byte[] key;
  private final Fingerprint fingerprint;
  private volatile boolean closed;

  private TapeKey(byte[] key) {
    this.key = key;
    this.fingerprint = Fingerprint.ofKey(key);
  }

  /** A new key from a {@link SecureRandom} (the platform's default CSPRNG, /dev/urandom on Linux). */
  public static TapeKey generate() {
    return generate(Random.INSTANCE);
  }

  /** A new key from {@code random}. */
  public static TapeKey generate(SecureRandom random) {
    byte[] k = new byte[LENGTH];
    random.nextBytes(k);
    return new TapeKey(k);
  }

  /** A key from a copy of its 32 bytes; the caller wipes {@code bytes}. */
  public static TapeKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a tape key has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new TapeKey(bytes.clone());
  }

  /** Takes ownership of {@code bytes} (32, already a private copy). */
  static TapeKey adopt(byte[] bytes) {
    return new TapeKey(bytes);
  }

  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** A copy of the 32 key bytes; the caller wipes it ({@code Arrays.fill(b, (byte) 0)}). */
  public byte[] copyBytes() {
    check();
    return key.clone();
  }

  /** The array itself, for this package's derivations. */
  byte[] bytes() {
    check();
    return key;
  }

  /**
   * The key a drive's hardware encryption uses for media set {@code mediaSet}, as PBS derives it
   * ({@code SgTape::set_encryption}): PBKDF2-HMAC-SHA256(password = this key, salt = the set's UUID as
   * 16 bytes, 10 iterations, 32 bytes). Each media set gets its own drive key.
   */
  public DriveKey driveKey(UUID mediaSet) {
    return DriveKey.derive(this, mediaSet);
  }

  /** The subkey for software encryption of the payloads of media set {@code mediaSet}. */
  public MediaSetKey mediaSetKey(UUID mediaSet) {
    return MediaSetKey.derive(this, mediaSet);
  }

  /** Wipes the key bytes; the key cannot be used after. */
  @Override
  public void close() {
    closed = true;
    Secrets.wipe(key);
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("tape key " + fingerprint.shortForm() + " already closed");
    }
  }

  @Override
  public String toString() {
    return "TapeKey[" + fingerprint.shortForm() + "]";
  }

  /** One SecureRandom, made on first use (seeding costs start-up time tools without keys should not pay). */
  static final class Random {
    static final SecureRandom INSTANCE = new SecureRandom();

    private Random() {}
  }
}
