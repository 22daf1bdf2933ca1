package dev.tapekit.format.snapshot;

import dev.tapekit.format.BlockSink;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.TapeFileWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes one snapshot archive (FORMAT.md 7.2): the manifest of a snapshot, its entries in path
 * order, then a sparse index (every 256th entry's path and position) so that one path is found by
 * a LOCATE and a scan of at most 256 entries.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #add} streams each entry to tape; the writer keeps only the last path and the sparse
 *       index (about 30 bytes plus the path per 256 entries), so a manifest of millions of files
 *       needs no more heap than a few of them.
 *   <li>Entries are added in strictly ascending order of their paths' UTF-8 bytes ({@link
 *       SnapshotEntry#comparePaths}); an entry out of order, repeated, or (for a hard link) whose
 *       target was not added before it is refused with {@link IllegalArgumentException}, writing
 *       nothing, and the archive stays usable.
 *   <li><b>Early warning</b> does not stop the writer: a snapshot archive is not spanned, so every
 *       entry, the index and the footer go on into the early-warning zone (many MiB on real drives).
 *       {@link #earlyWarning()} reports it after {@link #finish()} so that the caller changes tapes
 *       before the next file. Callers keep manifests well below the zone, e.g. by writing one
 *       snapshot archive per snapshot right after its chunks.
 *   <li>{@link #finish()} writes the index, the footer, the end-of-stream block and the filemark
 *       (synchronously) and returns the {@link SnapshotIndex} a catalog records.
 *   <li>An {@link IOException} from the sink leaves the archive unusable: {@link #close()} it (the
 *       file ends without end-of-stream block and readers report it truncated) and write it again.
 *   <li>Not thread-safe.
 * </ul>
 *
 * <pre>{@code
 * try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(sink, BlockHeader.DEFAULT_BLOCK, options)) {
 *   for (SnapshotEntry e : walkInPathOrder(root)) {
 *     w.add(e);
 *   }
 *   catalog.record(w.finish());
 * }
 * }</pre>
 */
public final class SnapshotArchiveWriter implements AutoCloseable {
  private final TapeFileWriter file;
  private final SnapshotArchiveHeader header;
  private final String volume;
  private ByteBuffer sparse = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
  private byte[] lastPath;
  private long entries;
  private boolean finished;
  private boolean broken;

  private SnapshotArchiveWriter(TapeFileWriter file, SnapshotArchiveHeader header, String volume) {
    this.file = file;
    this.header = header;
    this.volume = volume;
  }

  /** Starts a snapshot archive at the sink's position (a new tape file) and writes its header. */
  public static SnapshotArchiveWriter begin(BlockSink sink, int blockSize, SnapshotArchiveOptions options)
      throws IOException {
    return begin(sink, blockSize, options, UUID.randomUUID());
  }

  /** As {@link #begin(BlockSink, int, SnapshotArchiveOptions)} with a given file UUID (golden images). */
  static SnapshotArchiveWriter begin(BlockSink sink, int blockSize, SnapshotArchiveOptions options, UUID fileUuid)
      throws IOException {
    SnapshotArchiveHeader header = new SnapshotArchiveHeader(fileUuid, options.mediaSet(), options.tapeSequence(),
        options.clock().instant(), options.snapshot(), options.source(), options.created());
    ContentHeader content = header.contentHeader();
    return new SnapshotArchiveWriter(TapeFileWriter.begin(sink, blockSize, content), header, sink.volume());
  }

  /**
   * Appends {@code entry}.
   *
   * @throws IllegalArgumentException when its path does not sort after the previous entry's, or its
   *     record would exceed 64 MiB
   */
  public void add(SnapshotEntry entry) throws IOException {
    check();
    byte[] path = entry.pathBytes();
    if (lastPath != null && Arrays.compareUnsigned(lastPath, path) >= 0) {
      throw new IllegalArgumentException("snapshot entry '" + entry.path() + "' is added after '"
          + new String(lastPath, StandardCharsets.UTF_8) + "': entries are added in ascending order "
          + "of their paths' UTF-8 bytes, each path once");
    }
    byte[] record = EntryFormat.encode(entry);
    if (entries % SparseIndexFormat.INTERVAL == 0) {
      int need = SparseIndexFormat.ENTRY_FIXED + path.length;
      if (sparse.remaining() < need) {
        sparse = ByteBuffer.allocate(Math.max(2 * sparse.capacity(), sparse.position() + need))
            .order(ByteOrder.LITTLE_ENDIAN).put(sparse.flip());
      }
      SparseIndexFormat.putEntry(sparse, entries, file.currentBlock(), file.offsetInBlock(), path);
    }
    broken = true; // until the write has returned
    file.write(record);
    broken = false;
    lastPath = path;
    entries++;
  }

  /** Whether the drive has reported early warning (the writer goes on; see the class contract). */
  public boolean earlyWarning() {
    return file.earlyWarning();
  }

  /** The number of entries written. */
  public long entries() {
    return entries;
  }

  public SnapshotArchiveHeader header() {
    return header;
  }

  /**
   * Writes the sparse index, the footer (items = number of entries), the end-of-stream block and the
   * filemark.
   *
   * @return where the archive and its index are, for the catalog
   */
  public SnapshotIndex finish() throws IOException {
    check();
    long indexBlock = file.currentBlock();
    int indexOffset = file.offsetInBlock();
    long count = SparseIndexFormat.count(entries);
    byte[] index = SparseIndexFormat.encode(sparse.array(), sparse.position(), count, entries, file.bodyBytes(),
        indexBlock, indexOffset);
    broken = true;
    file.write(index);
    file.finish(entries, false);
    broken = false;
    finished = true;
    SparseIndex parsed = SparseIndexFormat.parse(index, file.payloadPerBlock(), indexBlock, indexOffset,
        new TapeLocation(volume, file.start().file(), indexBlock));
    return new SnapshotIndex(header, file.start(), indexBlock, indexOffset, parsed);
  }

  /** The archive's TAPE_FILE record, for the catalog, once {@link #finish()} wrote it. */
  public CatalogRecord.TapeFile tapeFile() {
    return file.tapeFile();
  }

  /** Without {@link #finish()}: ends the file with a filemark only (readers report it truncated). */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      file.close();
    }
  }

  private void check() {
    if (finished) {
      throw new IllegalStateException("snapshot archive " + header.file() + " is already finished or closed");
    }
    if (broken) {
      throw new IllegalStateException("snapshot archive " + header.file() + " failed while writing; close it and "
          + "write the snapshot again");
    }
  }
}
