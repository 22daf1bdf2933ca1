package dev.tapekit.format.chunk;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A chunk's entry as read from tape by {@link ChunkArchiveCursor}: its checked entry header and its
 * stored bytes, not yet checked further. {@link #decode} does the rest of the checks of {@link
 * ChunkArchiveReader#readChunk} (stored CRC, authentication, zstd frame, digest) and may run on
 * another thread than the reading: reading and decoding split so that a restore decodes on all
 * cores while one thread reads the drive. Thread-safe: {@link #decode} uses a decoder of its own.
 */
public final class StoredChunk {
  private final ChunkArchiveHeader header;
  private final EntryHeader entry;
  private final byte[] stored;
  private final TapeLocation where;
  private final int offset;

  StoredChunk(ChunkArchiveHeader header, EntryHeader entry, byte[] stored, TapeLocation where, int offset) {
    this.header = header;
    this.entry = entry;
    this.stored = stored;
    this.where = where;
    this.offset = offset;
  }

  /** Bytes as stored on tape (compressed, encrypted). */
  public int storedLength() {
    return stored.length;
  }

  /** Where the entry starts: tape, file and block. */
  public TapeLocation location() {
    return where;
  }

  /**
   * The chunk's plain bytes, checked as {@link ChunkArchiveReader#readChunk} checks them.
   *
   * @param key the media set's payload key if the archive is software-encrypted
   * @throws TapeFormatException CORRUPT when the stored CRC or the digest fails, INVALID for a zstd
   *     frame that does not decompress
   * @throws PayloadAuthenticationException when an encrypted chunk fails authentication
   */
  public ByteBuffer decode(Optional<MediaSetKey> key) throws TapeFormatException, PayloadAuthenticationException {
    ChunkDecoder.checkStored(entry, stored, where, offset);
    try (ChunkDecoder decoder = new ChunkDecoder(header, key, where.volume(), where.file())) {
      return decoder.decode(entry, stored, where, offset);
    }
  }
}
