package dev.tapekit.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Software AES-256-GCM for the payloads (chunks) of one archive, for drives without hardware
 * encryption or by the user's choice. Made only by {@link MediaSetKey#newArchive()}.
 *
 * <p>Why a nonce never repeats under one key: the key is derived from the media set key and the
 * archive UUID, which {@code newArchive()} draws fresh (122 random bits) for each encryptor and which
 * cannot be chosen by a caller; within the encryptor the nonce is a 64-bit counter taken with one
 * atomic increment per payload, so concurrent callers get distinct values, and it refuses to wrap.
 * Two encryptors share a key only if two random archive UUIDs collide (probability below 2^-60 even
 * after 2^30 archives). An archive rewritten after a crash is a new archive with a new UUID, so a
 * payload written again is sealed under a new key, never the old key with an old nonce.
 *
 * <p>Each payload is bound to its chunk digest, archive and media set through the associated data
 * ({@link PayloadCodec}): a chunk moved to another position, archive or set fails authentication.
 * Thread-safe; ciphers come from a shared pool. See {@link PayloadCodec} for the byte layout.
 */
public final class PayloadEncryptor extends PayloadCodec {
  /** Bytes a sealed payload adds: version, nonce, tag. */
  public static final int OVERHEAD = PayloadCodec.OVERHEAD;
  private final AtomicLong counter = new AtomicLong();

  PayloadEncryptor(UUID mediaSet, UUID archive, byte[] archiveKey) {
    super(mediaSet, archive, archiveKey);
  }

  /**
   * Seals {@code plain} (position to limit) into {@code out}, which needs {@code plain.remaining() +
   * OVERHEAD} bytes free; both positions advance.
   *
   * @param chunkDigest the chunk's SHA-256 (32 bytes), bound to the payload
   * @return bytes written to {@code out}
   */
  public int encrypt(byte[] chunkDigest, ByteBuffer plain, ByteBuffer out) {
    checkDigest(chunkDigest);
    int needed = plain.remaining() + OVERHEAD;
    if (out.remaining() < needed) {
      throw new IllegalArgumentException("output has " + out.remaining() + " bytes free; " + needed + " needed");
    }
    long n = counter.getAndIncrement();
    if (n < 0) {
      throw new IllegalStateException("archive " + archive + " has sealed 2^63 payloads; start a new archive");
    }
    byte[] nonce = new byte[NONCE];
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    Cipher c = take();
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      aad(c, chunkDigest);
      out.put(VERSION).put(nonce);
      int sealed = c.doFinal(plain, out);
      give(c);
      return 1 + NONCE + sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
    }
  }

  /** {@code plain} sealed into a new array. */
  public byte[] encrypt(byte[] chunkDigest, byte[] plain) {
    ByteBuffer out = ByteBuffer.allocate(plain.length + OVERHEAD);
    encrypt(chunkDigest, ByteBuffer.wrap(plain), out);
    return out.array();
  }

  /** How many payloads were sealed. */
  public long sealed() {
    return counter.get();
  }

  /**
   * Runs AES-GCM over a throwaway key a few dozen times so the JIT has compiled it and the cipher
   * pool is filled: call once before timing a stream or starting a drive.
   */
  public static void warmUp() {
    PayloadCodec.warmUp();
  }

  @Override
  public String toString() {
    return "PayloadEncryptor[archive " + archive + ", media set " + mediaSet + "]";
  }
}
