package dev.tapekit.format.chunk;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.BlockStreamReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads chunks of one chunk archive by their index entries, in position order, without decoding
 * them ({@link StoredChunk#decode} does that, on any thread). The first read locates to the entry's
 * block, as {@link ChunkArchiveReader#readChunk} does; a later entry that starts where the previous
 * one ended, or a little further on (within {@value #MAX_GAP_BLOCKS} blocks), is read on from the
 * blocks already under the head, without a LOCATE and without reading again the block two entries
 * share. An entry before the cursor's position, or further on, is located to.
 *
 * <p>Checks, as {@link ChunkArchiveReader#readChunk}: the blocks; the entry header (CORRUPT,
 * INVALID); its encryption flag against the archive's (INVALID); that it is the entry asked for
 * (MISPLACED). After a failure the next read locates afresh; the cursor never repeats a read.
 * Not thread-safe.
 */
public final class ChunkArchiveCursor {
  /** The most blocks read and dropped to reach an entry further on, rather than a LOCATE. */
  static final int MAX_GAP_BLOCKS = 4;

  private final BlockSource source;
  private final ChunkArchiveHeader header;
  private final BlockAddress start;
  private BlockStreamReader blocks;
  /** The stream offset (block × payload per block + offset) the reader is at; -1 when it must locate. */
  private long position = -1;
  private int payloadPerBlock;

  /**
   * @param header the archive's header (from the catalog or {@link ChunkArchiveReader#readHeader})
   * @param start the archive's first block
   */
  public ChunkArchiveCursor(BlockSource source, ChunkArchiveHeader header, BlockAddress start) {
    this.source = source;
    this.header = header;
    this.start = start;
  }

  /** Reads the entry {@code entry} names: its header, checked, and its stored bytes. */
  public StoredChunk read(ChunkArchiveIndex.Entry entry) throws IOException {
    long at = -1;
    if (position >= 0) {
      at = (long) entry.block() * payloadPerBlock + entry.offset();
      if (entry.offset() >= payloadPerBlock || at < position
          || at - position > (long) MAX_GAP_BLOCKS * payloadPerBlock) {
        at = -1;
      }
    }
    long from = position;
    position = -1; // until this read succeeds
    TapeLocation where = new TapeLocation(source.volume(), start.file(), entry.block());
    if (at < 0) {
      blocks = BlockStreamReader.locatedAt(source, start, header.file(), entry.block());
      ChunkArchiveReader.skip(blocks, entry.offset());
    } else if (at > from) {
      ChunkArchiveReader.skip(blocks, (int) (at - from)); // at most MAX_GAP_BLOCKS blocks
    }
    ByteBuffer head = ByteBuffer.allocate(EntryHeader.LENGTH);
    blocks.readFully(head, "the entry header of chunk " + entry.digestHex());
    if (at < 0) {
      ChunkArchiveReader.checkOffset(entry.offset(), blocks);
      payloadPerBlock = blocks.blockSize() - BlockHeader.LENGTH;
      at = (long) entry.block() * payloadPerBlock + entry.offset();
    }
    head.flip();
    EntryHeader e = EntryHeader.decode(head, where, entry.offset());
    ChunkDecoder.checkEncryption(header, e, where, entry.offset());
    if (!entry.hasDigest(e.digest()) || e.flags() != entry.flags() || e.plainLength() != entry.plainLength()
        || e.storedLength() != entry.storedLength()) {
      throw new TapeFormatException(Kind.MISPLACED, where, "the entry at offset " + entry.offset() + " is chunk "
          + e.digestHex() + " (flags " + e.flags() + ", " + e.plainLength() + " bytes, " + e.storedLength()
          + " stored), not the " + entry + " asked for: the index or catalog entry belongs to another archive");
    }
    byte[] stored = new byte[e.storedLength()];
    blocks.readFully(ByteBuffer.wrap(stored), "the data of chunk " + e.digestHex());
    position = at + EntryHeader.LENGTH + stored.length;
    return new StoredChunk(header, e, stored, where, entry.offset());
  }
}
