package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Pbkdf2;
import dev.tapekit.crypto.internal.Secrets;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The 256-bit key loaded into a drive (SECURITY PROTOCOL OUT, AES-256-GCM) to write or read media
 * set {@link #mediaSet()}: PBKDF2-HMAC-SHA256(password = tape key, salt = media set UUID as 16
 * big-endian bytes, 10 iterations), exactly as PBS, so a PBS drive key and ours are the same for the
 * same key and set. Wiped by {@link #close()}.
 */
public final class DriveKey implements AutoCloseable {
  private final byte[] key;
  private final UUID mediaSet;
  private final Fingerprint tapeKey;
  private volatile boolean closed;

  private DriveKey(byte[] key, UUID mediaSet, Fingerprint tapeKey) {
    this.key = key;
    this.mediaSet = mediaSet;
    this.tapeKey = tapeKey;
  }

  static DriveKey derive(TapeKey key, UUID mediaSet) {
    return new DriveKey(Pbkdf2.hmacSha256(key.bytes(), uuidBytes(mediaSet), 10, 32), mediaSet, key.fingerprint());
  }

  /** The UUID as 16 big-endian bytes (RFC 4122 byte order), as Rust's {@code Uuid::as_bytes}. */
  static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  /** A copy of the 32 key bytes for the SECURITY PROTOCOL OUT parameter list; the caller wipes it. */
  public byte[] copyBytes() {
    if (closed) {
      throw new IllegalStateException("drive key already closed");
    }
    return key.clone();
  }

  public UUID mediaSet() {
    return mediaSet;
  }

  /** The fingerprint of the tape key it was derived from. */
  public Fingerprint tapeKey() {
    return tapeKey;
  }

  @Override
  public void close() {
    closed = true;
    Secrets.wipe(key);
  }

  @Override
  public String toString() {
    return "DriveKey[media set " + mediaSet + ", key " + tapeKey.shortForm() + "]";
  }
}
