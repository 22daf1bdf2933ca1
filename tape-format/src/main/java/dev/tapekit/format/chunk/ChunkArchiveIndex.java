package dev.tapekit.format.chunk;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.BlockHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where every chunk of one chunk archive is: the archive's header, the address of its first block,
 * where its index starts, and per chunk an {@link Entry}, sorted by digest. What {@link
 * ChunkArchiveWriter#finish()} returns for a catalog to record, and what {@link ChunkArchiveReader}
 * reads back from tape. Kept as the on-tape table (56 bytes per chunk), not an object per chunk.
 * Immutable.
 */
public final class ChunkArchiveIndex {
  private final ChunkArchiveHeader header;
  private final BlockAddress start;
  private final long indexBlock;
  private final int indexOffset;
  private final byte[] table;

  ChunkArchiveIndex(ChunkArchiveHeader header, BlockAddress start, long indexBlock, int indexOffset, byte[] table) {
    this.header = header;
    this.start = start;
    this.indexBlock = indexBlock;
    this.indexOffset = indexOffset;
    this.table = table;
  }

  /**
   * One chunk in the archive.
   *
   * @param digest SHA-256 of the chunk's plain bytes (32 bytes)
   * @param block the block number within the tape file where the chunk's entry header starts: the
   *     block is at logical object {@code start().logicalObject() + block}
   * @param offset the entry header's offset in that block's payload (after the 64-byte block header)
   * @param flags {@link #COMPRESSED}, {@link #ENCRYPTED}
   * @param plainLength the chunk's length
   * @param storedLength the bytes after the entry header (compressed and/or sealed)
   */
  public record Entry(byte[] digest, long block, int offset, int flags, int plainLength, int storedLength) {
    /** The stored bytes are a zstd frame. */
    public static final int COMPRESSED = EntryHeader.ZSTD;
    /** The stored bytes are software-encrypted. */
    public static final int ENCRYPTED = EntryHeader.ENCRYPTED;

    public Entry {
      if (digest.length != EntryHeader.DIGEST) {
        throw new IllegalArgumentException("a chunk digest has 32 bytes (SHA-256), not " + digest.length);
      }
      if (block < 0 || offset < 0 || offset >= BlockHeader.MAX_BLOCK - BlockHeader.LENGTH
          || EntryHeader.fieldsProblem(flags, plainLength, storedLength) != null) {
        throw new IllegalArgumentException("no chunk archive has an entry at block " + block + " offset " + offset
            + " with flags " + flags + ", plain length " + plainLength + " and stored length " + storedLength);
      }
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    public boolean compressed() {
      return (flags & COMPRESSED) != 0;
    }

    public boolean encrypted() {
      return (flags & ENCRYPTED) != 0;
    }

    /** The digest as 64 lowercase hex digits. */
    public String digestHex() {
      return HexFormat.of().formatHex(digest);
    }

    boolean hasDigest(byte[] other) {
      return Arrays.equals(digest, other);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && Arrays.equals(digest, e.digest) && block == e.block && offset == e.offset
          && flags == e.flags && plainLength == e.plainLength && storedLength == e.storedLength;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(digest), block, offset, flags, plainLength, storedLength);
    }

    @Override
    public String toString() {
      return "Entry[" + digestHex() + " at block " + block + " offset " + offset + ", flags " + flags + ", plain "
          + plainLength + ", stored " + storedLength + "]";
    }
  }

  public ChunkArchiveHeader header() {
    return header;
  }

  /** The archive's first block: its tape file number and logical object. */
  public BlockAddress start() {
    return start;
  }

  /** The block number (within the tape file) where the index starts: for {@link ChunkArchiveReader#readIndex}. */
  public long indexBlock() {
    return indexBlock;
  }

  /** The index's offset in that block's payload. */
  public int indexOffset() {
    return indexOffset;
  }

  /** The number of chunks. */
  public int size() {
    return table.length / IndexFormat.ENTRY;
  }

  /** Entry {@code i} in digest order. */
  public Entry entry(int i) {
    Objects.checkIndex(i, size());
    ByteBuffer b = ByteBuffer.wrap(table, i * IndexFormat.ENTRY, IndexFormat.ENTRY).slice()
        .order(ByteOrder.LITTLE_ENDIAN);
    byte[] digest = new byte[EntryHeader.DIGEST];
    b.get(digest);
    return new Entry(digest, b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
  }

  /** All entries in digest order (a view). */
  public List<Entry> entries() {
    return new AbstractList<>() {
      @Override
      public Entry get(int i) {
        return entry(i);
      }

      @Override
      public int size() {
        return ChunkArchiveIndex.this.size();
      }
    };
  }

  /** The entry of the chunk with {@code digest}, by binary search. */
  public Optional<Entry> find(byte[] digest) {
    if (digest.length != EntryHeader.DIGEST) {
      throw new IllegalArgumentException("a chunk digest has 32 bytes (SHA-256), not " + digest.length);
    }
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int at = mid * IndexFormat.ENTRY;
      int c = Arrays.compareUnsigned(table, at, at + EntryHeader.DIGEST, digest, 0, EntryHeader.DIGEST);
      if (c == 0) {
        return Optional.of(entry(mid));
      }
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ChunkArchiveIndex[file " + header.file() + " at " + start + ", " + size() + " chunks, index at block "
        + indexBlock + " offset " + indexOffset + "]";
  }
}
