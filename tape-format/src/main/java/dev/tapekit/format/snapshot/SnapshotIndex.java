package dev.tapekit.format.snapshot;

import dev.tapekit.format.BlockAddress;
import java.util.Objects;

/**
 * Where a snapshot archive is and how to find one path in it: its header, its first block, where
 * its sparse index starts (block and offset within the file: what a catalog records to read the
 * index with one LOCATE), its entry count, and the sparse index itself (every 256th entry's path and
 * position). Returned by {@link SnapshotArchiveWriter#finish()} and the readers. Immutable.
 */
public final class SnapshotIndex {
  private final SnapshotArchiveHeader header;
  private final BlockAddress start;
  private final long indexBlock;
  private final int indexOffset;
  private final SparseIndex sparse;

  SnapshotIndex(SnapshotArchiveHeader header, BlockAddress start, long indexBlock, int indexOffset,
      SparseIndex sparse) {
    this.header = Objects.requireNonNull(header);
    this.start = Objects.requireNonNull(start);
    this.indexBlock = indexBlock;
    this.indexOffset = indexOffset;
    this.sparse = sparse;
  }

  public SnapshotArchiveHeader header() {
    return header;
  }

  /** The archive's first block (its file number and logical object). */
  public BlockAddress start() {
    return start;
  }

  /** The block within the file where the sparse index starts. */
  public long indexBlock() {
    return indexBlock;
  }

  /** The sparse index's offset in that block's payload. */
  public int indexOffset() {
    return indexOffset;
  }

  /** The number of entries in the archive. */
  public long entries() {
    return sparse.entries();
  }

  /** The number of entries of the sparse index (entries / 256, rounded up). */
  public int sparseEntries() {
    return sparse.size();
  }

  SparseIndex sparse() {
    return sparse;
  }

  @Override
  public String toString() {
    return "snapshot archive " + header.snapshot() + " (" + entries() + " entries) at " + start + ", index at block "
        + indexBlock + " offset " + indexOffset;
  }
}
