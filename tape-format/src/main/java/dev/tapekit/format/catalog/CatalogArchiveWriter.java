package dev.tapekit.format.catalog;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.catalog.CatalogRecord.Chunks;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.TapeFileWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes one catalog archive (FORMAT.md 7.3): what the catalog knows about the files of this tape
 * and the earlier tapes of the media set, as a stream of checked records, so that the last tape of a
 * set is enough to rebuild the whole set's catalog.
 *
 * <p>Contract:
 * <ul>
 *   <li>Records are streamed to tape as they are given; the writer keeps a few numbers per described
 *       tape file and at most {@link Chunks#MAX_ENTRIES} chunks, so a set of millions of chunks needs
 *       no more heap than its file count.
 *   <li>{@link #tapeFile} describes a file; it comes before the {@link #chunks} or {@link #snapshot}
 *       of that file, in ascending order of (tape, file). A chunk archive's chunks are given in its
 *       index order (ascending digest), in one or more consecutive {@link #chunks} calls, and they are
 *       exactly its items; a snapshot archive has exactly one {@link #snapshot}. A record that breaks
 *       a rule is refused with {@link IllegalArgumentException} before it is written (the records
 *       before it, also those of the same {@link #chunks} call, stay written).
 *   <li><b>Early warning</b> does not stop the writer: the catalog is what makes the set restorable,
 *       so it is written whole into the early-warning zone, also when it was begun after early
 *       warning. {@link #earlyWarning()} tells the caller to change tapes after it.
 *   <li>{@link #finish()} writes the END record, the footer (items = records), the end-of-stream
 *       block and the filemark (synchronously).
 *   <li>An {@link IOException} from the sink leaves the archive unusable: {@link #close()} it (readers
 *       report it truncated) and write the catalog on the next tape. Not thread-safe.
 * </ul>
 *
 * <pre>{@code
 * try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(sink, blockSize, options)) {
 *   w.tapeFile(fileOfChunkArchive);
 *   w.chunks(index);                  // its ChunkArchiveIndex, split into records of 4096 chunks
 *   w.tapeFile(fileOfSnapshotArchive);
 *   w.snapshot(snapshotRecord);
 *   w.finish();
 * }
 * }</pre>
 */
public final class CatalogArchiveWriter implements AutoCloseable {
  private final TapeFileWriter file;
  private final CatalogArchiveHeader header;
  private final RecordRules rules;
  private long records;
  /** The archive of the last CHUNKS record and the number of its next chunk. */
  private int runTape = -1;
  private long runFile = -1;
  private long runNext;
  private boolean finished;
  private boolean broken;

  private CatalogArchiveWriter(TapeFileWriter file, CatalogArchiveHeader header) {
    this.file = file;
    this.header = header;
    this.rules = new RecordRules(header);
  }

  /** Starts a catalog archive at the sink's position (a new tape file) and writes its header. */
  public static CatalogArchiveWriter begin(BlockSink sink, int blockSize, CatalogArchiveOptions options)
      throws IOException {
    return begin(sink, blockSize, options, UUID.randomUUID());
  }

  /** As {@link #begin(BlockSink, int, CatalogArchiveOptions)} with a given file UUID (golden images). */
  static CatalogArchiveWriter begin(BlockSink sink, int blockSize, CatalogArchiveOptions options, UUID fileUuid)
      throws IOException {
    CatalogArchiveHeader header = new CatalogArchiveHeader(fileUuid, options.mediaSet(), options.tapeSequence(),
        options.clock().instant(), options.pool(), options.tapes());
    return new CatalogArchiveWriter(TapeFileWriter.begin(sink, blockSize, header.contentHeader()), header);
  }

  /** Appends a TAPE_FILE record. */
  public void tapeFile(CatalogRecord.TapeFile f) throws IOException {
    write(f);
  }

  /**
   * Appends CHUNKS records listing {@code entries}, the next chunks (in index order) of the chunk
   * archive {@code fileNumber} on tape {@code tapeSequence}, {@link Chunks#MAX_ENTRIES} per record.
   * The entries are consumed one by one as they are written.
   */
  public void chunks(int tapeSequence, long fileNumber, Iterable<ChunkArchiveIndex.Entry> entries) throws IOException {
    List<ChunkArchiveIndex.Entry> batch = new ArrayList<>(Chunks.MAX_ENTRIES);
    for (ChunkArchiveIndex.Entry e : entries) {
      batch.add(e);
      if (batch.size() == Chunks.MAX_ENTRIES) {
        writeChunks(tapeSequence, fileNumber, batch);
      }
    }
    if (!batch.isEmpty()) {
      writeChunks(tapeSequence, fileNumber, batch);
    }
  }

  /** Appends CHUNKS records listing every chunk of {@code index} (its header gives the tape, its start the file). */
  public void chunks(ChunkArchiveIndex index) throws IOException {
    chunks(index.header().tapeSequence(), index.start().file(), index.entries());
  }

  private void writeChunks(int tapeSequence, long fileNumber, List<ChunkArchiveIndex.Entry> batch)
      throws IOException {
    boolean continues = tapeSequence == runTape && fileNumber == runFile;
    write(new Chunks(tapeSequence, fileNumber, continues ? runNext : 0, batch));
    batch.clear();
  }

  /** Appends a SNAPSHOT record. */
  public void snapshot(CatalogRecord.Snapshot s) throws IOException {
    write(s);
  }

  private void write(CatalogRecord r) throws IOException {
    check();
    String problem = rules.accept(r);
    if (problem != null) {
      throw new IllegalArgumentException("catalog archive " + header.file() + ": " + problem);
    }
    if (r instanceof Chunks c) {
      runTape = c.tapeSequence();
      runFile = c.fileNumber();
      runNext = c.first() + c.entries().size();
    }
    broken = true; // until the write has returned
    file.write(RecordFormat.encode(r));
    broken = false;
    records++;
  }

  /** Whether the drive has reported early warning (the writer goes on; see the class contract). */
  public boolean earlyWarning() {
    return file.earlyWarning();
  }

  public CatalogArchiveHeader header() {
    return header;
  }

  /** Where the archive starts on tape. */
  public BlockAddress start() {
    return file.start();
  }

  /**
   * Writes the END record, the footer (items = the number of records, END included), the
   * end-of-stream block and the filemark.
   *
   * @return the END record written
   * @throws IllegalStateException when a chunk archive's chunks or a snapshot archive's SNAPSHOT
   *     record are missing (FORMAT.md 7.3.3); nothing is written then
   */
  public End finish() throws IOException {
    check();
    End end = rules.end();
    String problem = rules.accept(end);
    if (problem != null) {
      throw new IllegalStateException("catalog archive " + header.file() + " cannot end: " + problem);
    }
    broken = true;
    file.write(RecordFormat.encode(end));
    records++;
    file.finish(records, false);
    broken = false;
    finished = true;
    return end;
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
      throw new IllegalStateException("catalog archive " + header.file() + " is already finished or closed");
    }
    if (broken) {
      throw new IllegalStateException("catalog archive " + header.file() + " failed while writing; close it and "
          + "write the catalog again");
    }
  }
}
