package dev.tapekit.format.chunk;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.crypto.PayloadDecryptor;
import dev.tapekit.crypto.PayloadEncryptor;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * Turns the stored bytes of a checked entry back into the chunk, with the checks of chunk-archive.md
 * in their order: stored CRC (CORRUPT); authentication of encrypted bytes ({@link
 * PayloadAuthenticationException}); the zstd frame (INVALID: every checksum passed, so the writer
 * wrote it); the SHA-256 of the result against the digest (CORRUPT). Not thread-safe.
 */
final class ChunkDecoder implements AutoCloseable {
  private static final AtomicBoolean WARM = new AtomicBoolean();
  private final ChunkArchiveHeader header;
  private final Optional<MediaSetKey> key;
  private final String volume;
  private final long fileNumber;
  private final MessageDigest sha256 = ChunkArchiveWriter.sha256();
  private PayloadDecryptor decryptor;
  private ZstdDecompressCtx zstd;

  /**
   * @param volume the tape, and {@code fileNumber} the tape file, for messages
   */
  ChunkDecoder(ChunkArchiveHeader header, Optional<MediaSetKey> key, String volume, long fileNumber) {
    this.header = header;
    this.key = key;
    this.volume = volume;
    this.fileNumber = fileNumber;
  }

  /** An entry's ENCRYPTED flag must say what the archive's header says: INVALID otherwise. */
  void checkEncryption(EntryHeader e, TapeLocation where, int offset) throws TapeFormatException {
    checkEncryption(header, e, where, offset);
  }

  /** As {@link #checkEncryption(EntryHeader, TapeLocation, int)}, against {@code header}. */
  static void checkEncryption(ChunkArchiveHeader header, EntryHeader e, TapeLocation where, int offset)
      throws TapeFormatException {
    if (e.encrypted() != header.encrypted()) {
      throw new TapeFormatException(Kind.INVALID, where, "chunk " + e.digestHex() + " at offset " + offset + " is "
          + (e.encrypted() ? "encrypted in an archive without encryption" : "not encrypted in a software-encrypted "
          + "archive") + ": written by a faulty writer, or altered");
    }
  }

  /** The stored bytes against the entry's CRC32C: CORRUPT when it fails. */
  static void checkStored(EntryHeader e, byte[] stored, TapeLocation where, int offset) throws TapeFormatException {
    CRC32C c = new CRC32C();
    c.update(stored, 0, e.storedLength());
    if ((int) c.getValue() != e.storedCrc()) {
      throw new TapeFormatException(Kind.CORRUPT, where, "checksum of the stored bytes of chunk " + e.digestHex()
          + " (entry at offset " + offset + ") failed: the chunk is damaged");
    }
  }

  /**
   * The chunk's plain bytes from its checked stored bytes ({@code stored}, exactly {@code
   * e.storedLength()} bytes, which the result may share).
   *
   * @throws IllegalStateException when the archive is encrypted and no key was given
   */
  ByteBuffer decode(EntryHeader e, byte[] stored, TapeLocation where, int offset)
      throws TapeFormatException, PayloadAuthenticationException {
    byte[] frame = stored;
    if (e.encrypted()) {
      ByteBuffer out = ByteBuffer.allocate(e.storedLength() - PayloadEncryptor.OVERHEAD);
      decryptor().decrypt(e.digest(), ByteBuffer.wrap(stored), out, volume, fileNumber);
      frame = out.array();
    }
    byte[] plain = frame;
    if (e.compressed()) {
      plain = new byte[e.plainLength()];
      int n;
      try {
        n = zstd().decompressByteArray(plain, 0, plain.length, frame, 0, frame.length);
      } catch (ZstdException x) {
        throw new TapeFormatException(Kind.INVALID, where, "the zstd frame of chunk " + e.digestHex() + " (entry at "
            + "offset " + offset + ") does not decompress (" + x.getMessage() + ") although its checksum is right: "
            + "written by a faulty writer");
      }
      if (n != plain.length) {
        throw new TapeFormatException(Kind.INVALID, where, "the zstd frame of chunk " + e.digestHex() + " (entry at "
            + "offset " + offset + ") holds " + n + " bytes, its entry says " + plain.length);
      }
    }
    byte[] actual = sha256.digest(plain);
    if (!MessageDigest.isEqual(actual, e.digest())) {
      throw new TapeFormatException(Kind.CORRUPT, where, "chunk " + e.digestHex() + " (entry at offset " + offset
          + ") is not what its digest names: its data hashes to " + HexFormat.of().formatHex(actual) + " (every "
          + "checksum passed, so it was stored under a wrong digest; restore it from another copy)");
    }
    return ByteBuffer.wrap(plain);
  }

  /**
   * Runs tape-crypto's AES-GCM warm-up once per JVM, before the first chunk is sealed or opened:
   * until the JIT has compiled it, GCM on a 4 MiB chunk runs at ~60 MB/s on JDK 17 and takes tens of
   * seconds of such calls to speed up (shared/research/java-deps-limits.md 2.2).
   */
  static void warmUpCryptoOnce() {
    if (WARM.compareAndSet(false, true)) {
      PayloadEncryptor.warmUp();
    }
  }

  private PayloadDecryptor decryptor() {
    if (decryptor == null) {
      warmUpCryptoOnce();
      MediaSetKey k = key.orElseThrow(() -> new IllegalStateException("chunk archive " + header.file() + " on tape "
          + volume + ", file " + fileNumber + " is software-encrypted (archive key id " + header.archiveKeyId().get()
          + ", media set " + header.mediaSet() + "): read it with the media set's key"));
      decryptor = k.archive(header.archiveKeyId().get());
    }
    return decryptor;
  }

  private ZstdDecompressCtx zstd() {
    if (zstd == null) {
      zstd = new ZstdDecompressCtx();
    }
    return zstd;
  }

  @Override
  public void close() {
    if (zstd != null) {
      zstd.close();
    }
    if (decryptor != null) {
      decryptor.close();
    }
  }
}
