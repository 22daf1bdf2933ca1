package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Secrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * What encryptor and decryptor share: the byte layout of a sealed payload, the associated data, and
 * a pool of JCE ciphers (getting an AES/GCM {@code Cipher} costs more than sealing a small chunk).
 *
 * <pre>
 * sealed payload = version (1 byte, 1) || nonce (12 bytes) || AES-256-GCM ciphertext (n bytes) || tag (16 bytes)
 * nonce          = 0x00000000 || counter (8 bytes, big-endian, 0, 1, 2, … per archive)
 * associated data = version (1) || media set UUID (16) || archive UUID (16) || chunk digest (32)
 * </pre>
 */
abstract class PayloadCodec implements AutoCloseable {
  static final byte VERSION = 1;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int DIGEST = 32;
  static final byte[] ARCHIVE_INFO = "tapekit archive payload key v1".getBytes(StandardCharsets.US_ASCII);
  /** Bytes a sealed payload adds to the plaintext. */
  static final int OVERHEAD = 1 + NONCE + TAG;

  private static final ConcurrentLinkedDeque<Cipher> POOL = new ConcurrentLinkedDeque<>();
  private static final AtomicInteger POOLED = new AtomicInteger();
  private static final int POOL_LIMIT = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  final UUID mediaSet;
  final UUID archive;
  final SecretKey key;
  private final byte[] aadPrefix;

  PayloadCodec(UUID mediaSet, UUID archive, byte[] archiveKey) {
    this.mediaSet = mediaSet;
    this.archive = archive;
    this.key = new SecretKeySpec(archiveKey, "AES");
    Secrets.wipe(archiveKey);
    this.aadPrefix = ByteBuffer.allocate(1 + 16 + 16).put(VERSION)
        .put(DriveKey.uuidBytes(mediaSet)).put(DriveKey.uuidBytes(archive)).array();
  }

  /** The media set the payloads belong to. */
  public UUID mediaSet() {
    return mediaSet;
  }

  /** The archive the payloads belong to. */
  public UUID archive() {
    return archive;
  }

  static int checkDigest(byte[] digest) {
    if (digest.length != DIGEST) {
      throw new IllegalArgumentException("a chunk digest has 32 bytes (SHA-256), not " + digest.length);
    }
    return DIGEST;
  }

  void aad(Cipher c, byte[] digest) {
    c.updateAAD(aadPrefix);
    c.updateAAD(digest);
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  static Cipher take() {
    Cipher c = POOL.pollFirst();
    if (c != null) {
      POOLED.decrementAndGet();
      return c;
    }
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is missing from this JDK", e);
    }
  }

  static void give(Cipher c) {
    if (POOLED.incrementAndGet() <= POOL_LIMIT) {
      POOL.offerFirst(c);
    } else {
      POOLED.decrementAndGet();
    }
  }

  /** Tries to destroy the JCE key copy (the JDK 17 {@code SecretKeySpec} cannot be destroyed: documented). */
  @Override
  public void close() {
    try {
      key.destroy();
    } catch (DestroyFailedException e) {
      // SecretKeySpec keeps its copy until collected; see the module README's threat model.
    }
  }

  /** Encrypts and decrypts once per pooled cipher slot so the JIT has compiled the AES-GCM paths. */
  static void warmUp() {
    byte[] k = new byte[32];
    byte[] digest = new byte[DIGEST];
    ByteBuffer plain = ByteBuffer.allocate(256 * 1024);
    ByteBuffer sealed = ByteBuffer.allocate(plain.capacity() + OVERHEAD);
    ByteBuffer back = ByteBuffer.allocate(plain.capacity());
    UUID set = new UUID(0, 0);
    try (PayloadEncryptor e = new PayloadEncryptor(set, set, k.clone());
        PayloadDecryptor d = new PayloadDecryptor(set, set, k.clone())) {
      for (int i = 0; i < 64; i++) {
        plain.clear();
        sealed.clear();
        back.clear();
        e.encrypt(digest, plain, sealed);
        sealed.flip();
        d.decrypt(digest, sealed, back, null, -1);
      }
    } catch (PayloadAuthenticationException x) {
      throw new IllegalStateException("AES-GCM does not round-trip on this JDK", x);
    }
  }
}
