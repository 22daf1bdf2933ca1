package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Hkdf;
import dev.tapekit.crypto.internal.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The subkey that software-encrypts the payloads of one media set: HKDF-SHA256 (RFC 5869) with the
 * tape key as input key material, the media set UUID (16 bytes) as salt and {@code "tapekit media
 * set payload key v1"} as info. Each archive written to the set then gets its own key from this one
 * ({@link #newArchive()}, {@link #archive(UUID)}); see {@link PayloadEncryptor} for why nonces never
 * repeat. Unrelated to the {@link DriveKey} of the same set (different derivations), so a payload key
 * reveals nothing about what a drive was given, and the other way round.
 *
 * <p>Wiped by {@link #close()}; encryptors and decryptors made from it keep working (they hold their
 * own archive keys). Thread-safe.
 */
public final class MediaSetKey implements AutoCloseable {
  private static final byte[] INFO = "tapekit media set payload key v1".getBytes(StandardCharsets.US_ASCII);
  private final byte[] key;
  private final UUID mediaSet;
  private final Fingerprint tapeKey;
  private volatile boolean closed;

  private MediaSetKey(byte[] key, UUID mediaSet, Fingerprint tapeKey) {
    this.key = key;
    this.mediaSet = mediaSet;
    this.tapeKey = tapeKey;
  }

  static MediaSetKey derive(TapeKey key, UUID mediaSet) {
    return new MediaSetKey(Hkdf.sha256(key.bytes(), DriveKey.uuidBytes(mediaSet), INFO, 32), mediaSet,
        key.fingerprint());
  }

  /**
   * An encryptor for a new archive of this set, under a fresh random archive UUID ({@link
   * PayloadEncryptor#archive()}) that the caller records with the archive. There is no way to make
   * an encryptor for an existing UUID: that is what keeps nonces from repeating.
   */
  public PayloadEncryptor newArchive() {
    UUID archive = UUID.randomUUID();
    return new PayloadEncryptor(mediaSet, archive, archiveKey(archive));
  }

  /** A decryptor for the archive {@code archive} of this set. */
  public PayloadDecryptor archive(UUID archive) {
    return new PayloadDecryptor(mediaSet, archive, archiveKey(archive));
  }

  private byte[] archiveKey(UUID archive) {
    if (closed) {
      throw new IllegalStateException("media set key already closed");
    }
    return Hkdf.sha256(key, DriveKey.uuidBytes(archive), PayloadCodec.ARCHIVE_INFO, 32);
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
    return "MediaSetKey[media set " + mediaSet + ", key " + tapeKey.shortForm() + "]";
  }
}
