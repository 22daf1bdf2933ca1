package dev.tapekit.benchmarks;

import dev.tapekit.backup.chunk.HashedChunk;
import dev.tapekit.backup.chunk.ParallelCompressor;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.chunk.ChunkCompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What compressing on all cores buys a backup: the chunks a media set lacks go into a chunk archive
 * (written to a sink that discards its blocks), compressed either on the writer's thread or by
 * tape-backup's {@link ParallelCompressor} on every core, in the same run:
 *
 * <ul>
 *   <li>{@code compressOnly}: {@link ChunkCompressor#compress} alone on one thread, the limit of one
 *       core (zstd level 1, the 1/32 rule, the frame copied out).
 *   <li>{@code oneThread}: {@link ChunkArchiveWriter#add(byte[], ByteBuffer)}, which compresses on the
 *       caller's thread and then frames and checksums (as tapekit wrote before compression moved to
 *       the workers).
 *   <li>{@code allCores}: the same chunks through a {@link ParallelCompressor} with one worker per
 *       core, its consumer adding each result with {@link ChunkArchiveWriter#add(byte[], ByteBuffer,
 *       ChunkCompressor.Result)} on the compressor's thread, in order. Dedup finds nothing (every chunk
 *       is new), so every chunk is compressed.
 * </ul>
 *
 * <p>One operation is a batch of {@value #BATCH} chunks of 1 MiB (tape-backup's default average);
 * for {@code allCores} the batch is submitted and waited for, so the pipeline's fill and drain count.
 * The secondary result {@code :bytes} is plain bytes per second. {@code benchmarks/compression.sh}
 * prints {@code allCores} as a ratio to {@code cores × compressOnly}, the most all cores can give.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
@State(Scope.Thread)
public class ParallelCompressionBenchmark {
  static final int CHUNK = 1 << 20;
  static final int DISTINCT = 16;
  static final int BATCH = 32;
  static final int PER_ARCHIVE = 256;
  static final UUID SET = new UUID(0x7a9e3b, 0x43);

  /** {@code text} (about 2.8:1 at zstd 1) or {@code random} (stored as it is after zstd gives up). */
  @Param({"text", "random"})
  public String data;

  private final byte[][] chunks = new byte[DISTINCT][];
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final BlockSink discard = new DiscardingSink();
  private ChunkArchiveOptions options;
  private ChunkArchiveWriter writer;
  private ChunkCompressor compressor;
  private ParallelCompressor parallel;
  private long added;

  /** Plain bytes compressed or added, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Written {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void setUp() throws IOException {
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < DISTINCT; i++) {
      chunks[i] = ChunkArchiveBenchmark.chunk(data, random, CHUNK);
    }
    options = ChunkArchiveOptions.of("bench", SET, 0, Clock.systemUTC());
    writer = ChunkArchiveWriter.begin(discard, BlockHeader.DEFAULT_BLOCK, options);
    compressor = new ChunkCompressor(options.compressionLevel());
    parallel = new ParallelCompressor(options.compressionLevel(), cores, 2 * cores, digest -> false,
        (chunk, compression) -> {
          rotate();
          writer.add(chunk.digest(), ByteBuffer.wrap(chunk.data()), compression);
        });
  }

  @TearDown
  public void tearDown() throws IOException {
    parallel.close();
    compressor.close();
    writer.finish();
  }

  /** A new digest each time (the archive refuses none as a duplicate), 32 bytes. */
  private byte[] nextDigest() {
    long n = added++;
    byte[] digest = new byte[32];
    for (int i = 0; i < 8; i++) {
      digest[i] = (byte) (n >>> (8 * i));
    }
    return digest;
  }

  /** Keeps the archive's index and digest set small. */
  private void rotate() throws IOException {
    if (writer.chunks() == PER_ARCHIVE) {
      writer.finish();
      writer = ChunkArchiveWriter.begin(discard, BlockHeader.DEFAULT_BLOCK, options);
    }
  }

  @Benchmark
  public int compressOnly(Written written) {
    int stored = 0;
    for (int i = 0; i < BATCH; i++) {
      stored += compressor.compress(ByteBuffer.wrap(chunks[i % DISTINCT])).storedLength();
    }
    written.bytes += (long) BATCH * CHUNK;
    return stored;
  }

  @Benchmark
  public void oneThread(Written written) throws IOException {
    for (int i = 0; i < BATCH; i++) {
      rotate();
      writer.add(nextDigest(), ByteBuffer.wrap(chunks[i % DISTINCT]));
    }
    written.bytes += (long) BATCH * CHUNK;
  }

  @Benchmark
  public void allCores(Written written) throws IOException, InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      parallel.submit(new HashedChunk(i, chunks[i % DISTINCT], nextDigest()));
    }
    parallel.finish();
    written.bytes += (long) BATCH * CHUNK;
  }
}
