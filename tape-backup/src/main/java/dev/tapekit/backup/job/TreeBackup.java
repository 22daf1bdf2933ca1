package dev.tapekit.backup.job;

import dev.tapekit.backup.chunk.ChunkStream;
import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.chunk.ParallelHasher;
import dev.tapekit.backup.tree.FileData;
import dev.tapekit.backup.tree.StreamSnapshot;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeReader;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.tree.TreeSink;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.snapshot.SnapshotEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Backs up a directory tree or a byte stream as one snapshot through a {@link PoolWriter}: each
 * regular file's data is cut into content-defined chunks, hashed (SHA-256) and written unless the
 * media set has the chunk; the entries are spooled to a temporary file and written as the snapshot
 * archive once all their chunks are on tape. A snapshot is named {@code <source>/<UTC time>}.
 *
 * <p>One thread reads and chunks; a {@link ParallelHasher} hashes on the other cores and hands the
 * chunks, in file order, to the writer on its own thread, so reading, hashing and writing overlap
 * within a file (a file's chunk list is complete before its entry is recorded, so small files gain
 * little). Memory: at most {@code 2 × cores} chunks in flight.
 */
public final class TreeBackup {
  /**
   * What a backup did.
   *
   * @param snapshot the snapshot's catalog record
   * @param entries entries recorded
   * @param chunks chunks the data was cut into
   * @param chunksWritten chunks written (the others the media set had)
   * @param bytesRead data bytes read (holes not counted)
   * @param problems paths skipped or changed while read
   */
  public record Result(CatalogRecord.Snapshot snapshot, long entries, long chunks, long chunksWritten, long bytesRead,
      List<TreeProblem> problems) {}

  private final PoolWriter writer;
  private final ChunkerParams params;
  private final Path spoolDirectory;
  private final Clock clock;
  private Progress.Listener listener = Progress.Listener.NONE;

  /**
   * @param spoolDirectory where the entries wait while the chunks are written (a temporary file)
   */
  public TreeBackup(PoolWriter writer, ChunkerParams params, Path spoolDirectory, Clock clock) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.params = Objects.requireNonNull(params, "params");
    this.spoolDirectory = Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Sends progress to {@code listener} (phase "backup": data bytes read, entries, the tape being
   * written, the rate; for a tree, the total and the time left from an estimate made by listing the
   * tree first, {@link TreeReader#estimateBytes}).
   */
  public TreeBackup progress(Progress.Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Backs up the tree at {@code root} as source {@code source} (e.g. {@code host1/etc}). */
  public Result tree(String source, Path root, TreeReaderOptions options) throws IOException, InterruptedException {
    OptionalLong total = listener == Progress.Listener.NONE ? OptionalLong.empty()
        : OptionalLong.of(TreeReader.estimateBytes(root, options));
    return run(source, root.toString(), total, sink -> TreeReader.read(root, options, sink));
  }

  /** Backs up the bytes of {@code in} as a one-file snapshot: file {@code name} under source {@code source}. */
  public Result stream(String source, String name, InputStream in) throws IOException, InterruptedException {
    Instant now = clock.instant();
    return run(source, "stream:" + name, OptionalLong.empty(), sink -> {
      StreamSnapshot.read(name, in, now, sink);
      return List.of();
    });
  }

  @FunctionalInterface
  private interface Walk {
    List<TreeProblem> walk(TreeSink sink) throws IOException, InterruptedException;
  }

  private Result run(String source, String path, OptionalLong total, Walk walk)
      throws IOException, InterruptedException {
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String name = source + "/" + created;
    long[] counts = new long[3]; // chunks, written, bytes
    List<SnapshotEntry.ChunkRef> refs = new ArrayList<>(); // the current file's, filled on the hasher's thread
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ProgressMeter meter = new ProgressMeter(listener, clock);
    meter.phase("backup", total);
    String[] tape = {""};
    try (EntrySpool spool = new EntrySpool(spoolDirectory);
        ParallelHasher hasher = new ParallelHasher(threads, 2 * threads, chunk -> {
          if (writer.addChunk(source, chunk.digest(), ByteBuffer.wrap(chunk.data()))) {
            counts[1]++;
          }
          counts[0]++;
          counts[2] += chunk.data().length;
          String now = writer.tapeLabel().orElse("");
          if (!now.equals(tape[0])) {
            tape[0] = now;
            meter.tape(now);
          }
          meter.add(chunk.data().length, 0);
          refs.add(new SnapshotEntry.ChunkRef(chunk.digest(), chunk.data().length));
        })) {
      List<TreeProblem> problems = walk.walk(new TreeSink() {
        @Override
        public List<SnapshotEntry.ChunkRef> data(String file, FileData data) throws IOException, InterruptedException {
          ChunkStream chunks = new ChunkStream(data, params);
          ByteBuffer chunk;
          while ((chunk = chunks.next()) != null) {
            hasher.submit(chunks.offset(), chunk);
          }
          hasher.finish(); // every chunk of the file consumed: refs is complete
          List<SnapshotEntry.ChunkRef> done = List.copyOf(refs);
          refs.clear();
          return done;
        }

        @Override
        public void entry(SnapshotEntry entry) throws IOException {
          spool.add(entry);
          meter.add(0, 1);
        }
      });
      CatalogRecord.Snapshot snapshot;
      try {
        snapshot = writer.snapshot(name, path, created, spool);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      meter.tell();
      return new Result(snapshot, spool.count(), counts[0], counts[1], counts[2], List.copyOf(problems));
    }
  }
}
