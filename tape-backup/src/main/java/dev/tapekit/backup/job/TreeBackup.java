package dev.tapekit.backup.job;

import dev.tapekit.backup.chunk.ChunkStream;
import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.chunk.HashedChunk;
import dev.tapekit.backup.chunk.ParallelCompressor;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backs up a directory tree or a byte stream as one snapshot through a {@link PoolWriter}: each
 * regular file's data is cut into content-defined chunks, hashed (SHA-256) and written unless the
 * media set has the chunk; the entries are spooled to a temporary file and written as the snapshot
 * archive once all their chunks are on tape. A snapshot is named {@code <source>/<UTC time>}.
 *
 * <p>A pipeline of three threads and two pools of workers: one thread reads and chunks; a {@link
 * ParallelHasher} hashes on all cores and hands the chunks, in file order, to its thread, which
 * records each in the file's chunk list and passes it on; a {@link ParallelCompressor} drops on its
 * thread the chunks the media set has, compresses the others (zstd) on all cores, and writes them in
 * order through the {@link PoolWriter}, which only that thread touches. So reading, hashing,
 * compression and writing overlap. A file's chunk list is complete once its chunks are hashed, before
 * its entry is recorded: small files wait for their hashing, not for their writing. Memory: at most
 * {@code 4 × cores} chunks in flight (of at most {@code params.max()} bytes each) and their frames.
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
   * written, the rate; for a tree, once a listing of the tree made beside the backup has it, the total
   * and the time left, {@link TreeReader#estimateBytes}).
   */
  public TreeBackup progress(Progress.Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Files up to this size are hashed on the reading thread: a tree of small files would otherwise
   * wait for a hand-off to the hasher's threads and back for every file.
   */
  static final int INLINE_HASH = 64 << 10;

  /** What happens to each named chunk, in file order: counted, referenced by the file, compressed and written. */
  private static void named(HashedChunk chunk, ParallelCompressor compressor, AtomicLong chunksCut,
      AtomicLong bytesRead, ProgressMeter meter, List<SnapshotEntry.ChunkRef> refs)
      throws IOException, InterruptedException {
    chunksCut.incrementAndGet();
    bytesRead.addAndGet(chunk.data().length);
    meter.add(chunk.data().length, 0);
    refs.add(new SnapshotEntry.ChunkRef(chunk.digest(), chunk.data().length));
    compressor.submit(chunk);
  }

  /** Backs up the tree at {@code root} as source {@code source} (e.g. {@code host1/etc}). */
  public Result tree(String source, Path root, TreeReaderOptions options) throws IOException, InterruptedException {
    Estimate estimate = listener == Progress.Listener.NONE ? null : () -> TreeReader.estimateBytes(root, options);
    return run(source, root.toString(), estimate, sink -> TreeReader.read(root, options, sink));
  }

  /** Backs up the bytes of {@code in} as a one-file snapshot: file {@code name} under source {@code source}. */
  public Result stream(String source, String name, InputStream in) throws IOException, InterruptedException {
    Instant now = clock.instant();
    return run(source, "stream:" + name, null, sink -> {
      StreamSnapshot.read(name, in, now, sink);
      return List.of();
    });
  }

  /** The bytes a walk will read, for the progress display; taken on a thread of its own. */
  @FunctionalInterface
  private interface Estimate {
    long bytes() throws IOException;
  }

  @FunctionalInterface
  private interface Walk {
    List<TreeProblem> walk(TreeSink sink) throws IOException, InterruptedException;
  }

  private Result run(String source, String path, Estimate estimate, Walk walk)
      throws IOException, InterruptedException {
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String name = source + "/" + created;
    AtomicLong chunksCut = new AtomicLong(); // counted on the hasher's thread
    AtomicLong bytesRead = new AtomicLong();
    AtomicLong chunksWritten = new AtomicLong(); // on the compressor's thread
    List<SnapshotEntry.ChunkRef> refs = new ArrayList<>(); // the current file's, filled on the hasher's thread
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ProgressMeter meter = new ProgressMeter(listener, clock);
    meter.phase("backup", OptionalLong.empty());
    // The total is only for the display: walked beside the backup (a second walk before it cost a
    // tree of small files several per cent), and the display has it when this walk is done.
    Thread estimating = estimate == null ? null : new Thread(() -> {
      try {
        meter.total(estimate.bytes());
      } catch (IOException | RuntimeException e) {
        // no total: the display shows bytes and rate without the time left
      }
    }, "tapekit-backup-estimate");
    if (estimating != null) {
      estimating.setDaemon(true);
      estimating.start();
    }
    String[] tape = {writer.tapeLabel().orElse("")}; // then only the compressor's thread touches the writer
    if (!tape[0].isEmpty()) {
      meter.tape(tape[0]);
    }
    try (EntrySpool spool = new EntrySpool(spoolDirectory);
        ParallelCompressor compressor = new ParallelCompressor(writer.compressionLevel(), threads,
            2 * threads, writer::has, (chunk, compression) -> {
              if (writer.addChunk(source, chunk.digest(), ByteBuffer.wrap(chunk.data()), compression)) {
                chunksWritten.incrementAndGet();
              }
              String now = writer.tapeLabel().orElse("");
              if (!now.equals(tape[0])) {
                tape[0] = now;
                meter.tape(now);
              }
            });
        ParallelHasher hasher = new ParallelHasher(threads, 2 * threads, chunk -> named(chunk, compressor, chunksCut,
            bytesRead, meter, refs))) {
      List<TreeProblem> problems = walk.walk(new TreeSink() {
        @Override
        public List<SnapshotEntry.ChunkRef> data(String file, FileData data) throws IOException, InterruptedException {
          ChunkStream chunks = new ChunkStream(data, params);
          ByteBuffer chunk = chunks.next();
          if (chunk != null && chunk.remaining() <= INLINE_HASH && chunk.remaining() < params.min()) {
            // the whole file, and small (a chunk below min is the input's last): hashed here, as a
            // round trip through the hasher's threads costs more, and the hasher is idle between files
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            named(HashedChunk.of(0, copy), compressor, chunksCut, bytesRead, meter, refs);
            chunk = chunks.next();
          }
          for (; chunk != null; chunk = chunks.next()) {
            hasher.submit(chunks.offset(), chunk);
          }
          hasher.finish(); // every chunk of the file hashed and passed on: refs is complete
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
      hasher.finish();
      compressor.finish(); // every chunk written: the writer is the snapshot's
      CatalogRecord.Snapshot snapshot;
      try {
        snapshot = writer.snapshot(name, path, created, spool);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (estimating != null) {
        estimating.join(1000); // the estimate walks what the backup walked, without reading: done by now, usually
      }
      meter.tell();
      return new Result(snapshot, spool.count(), chunksCut.get(), chunksWritten.get(), bytesRead.get(), List.copyOf(problems));
    } finally {
      if (estimating != null) {
        estimating.interrupt(); // a walk still estimating is no longer wanted (it stops at its next directory)
      }
    }
  }
}
