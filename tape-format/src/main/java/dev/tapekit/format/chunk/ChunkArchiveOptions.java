package dev.tapekit.format.chunk;

import com.github.luben.zstd.Zstd;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.format.content.ContentHeader;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How to write chunk archives. The file UUID is not among the options: the writer draws a new one
 * for every archive ({@link ChunkArchiveWriter#header()}), so options can be reused for the next
 * archive without two files sharing a UUID.
 *
 * @param mediaSet the media set the tape belongs to, or {@link ContentHeader#NO_SET}
 * @param tapeSequence the tape's number within the media set (0 for the first)
 * @param clock gives the creation time recorded in each archive's content header (whole seconds)
 * @param store the chunk store or backup source the chunks come from, recorded in the header
 * @param compressionLevel the zstd level per chunk, or {@link #NO_COMPRESSION}; default {@link
 *     #DEFAULT_COMPRESSION_LEVEL}
 * @param encryption the media set's payload key for software encryption of every chunk, or empty;
 *     it must belong to {@code mediaSet}
 * @param verifyDigests whether {@code add} hashes every chunk (SHA-256, about 1.2 GB/s per core) and
 *     refuses one whose digest does not match; off by default, because the caller named the chunk by
 *     that hash a moment before, and readers check every digest on restore
 */
public record ChunkArchiveOptions(UUID mediaSet, int tapeSequence, Clock clock, String store,
    int compressionLevel, Optional<MediaSetKey> encryption, boolean verifyDigests) {
  /** Level 0 stores every chunk as it is (zstd itself reads 0 as its default level; tapekit does not). */
  public static final int NO_COMPRESSION = 0;
  /** zstd level 1: about 0.4 GB/s per core on text, and incompressible chunks are recognised at ~6 GB/s. */
  public static final int DEFAULT_COMPRESSION_LEVEL = 1;

  public ChunkArchiveOptions {
    Objects.requireNonNull(mediaSet, "mediaSet");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(encryption, "encryption");
    if (store == null || store.isEmpty()) {
      throw new IllegalArgumentException("a chunk archive names its store (the backup source): empty store name");
    }
    if (tapeSequence < 0) {
      throw new IllegalArgumentException("tape sequence " + tapeSequence + " is negative");
    }
    checkCompressionLevel(compressionLevel);
    if (encryption.isPresent() && !encryption.get().mediaSet().equals(mediaSet)) {
      throw new IllegalArgumentException("the payload key is for media set " + encryption.get().mediaSet()
          + ", the archive belongs to media set " + mediaSet);
    }
  }

  static void checkCompressionLevel(int level) {
    if (level != NO_COMPRESSION && (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel())) {
      throw new IllegalArgumentException("zstd level " + level + " is outside " + Zstd.minCompressionLevel()
          + " to " + Zstd.maxCompressionLevel() + " (0: no compression)");
    }
  }

  /** zstd level 1, no encryption, digests not verified. */
  public static ChunkArchiveOptions of(String store, UUID mediaSet, int tapeSequence, Clock clock) {
    return new ChunkArchiveOptions(mediaSet, tapeSequence, clock, store, DEFAULT_COMPRESSION_LEVEL, Optional.empty(),
        false);
  }

  /** For the next tape of the set. */
  public ChunkArchiveOptions withTapeSequence(int sequence) {
    return new ChunkArchiveOptions(mediaSet, sequence, clock, store, compressionLevel, encryption, verifyDigests);
  }

  public ChunkArchiveOptions withCompressionLevel(int level) {
    return new ChunkArchiveOptions(mediaSet, tapeSequence, clock, store, level, encryption, verifyDigests);
  }

  /** Software-encrypts every chunk under a new archive key derived from {@code key}. */
  public ChunkArchiveOptions withEncryption(MediaSetKey key) {
    return new ChunkArchiveOptions(mediaSet, tapeSequence, clock, store, compressionLevel, Optional.of(key),
        verifyDigests);
  }

  public ChunkArchiveOptions withVerifyDigests(boolean verify) {
    return new ChunkArchiveOptions(mediaSet, tapeSequence, clock, store, compressionLevel, encryption, verify);
  }
}
