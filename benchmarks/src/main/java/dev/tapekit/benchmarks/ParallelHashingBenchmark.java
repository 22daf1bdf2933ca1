package dev.tapekit.benchmarks;

import dev.tapekit.backup.chunk.ParallelHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 chunk naming as a backup does it, next to the JCE's SHA-256 on one core, in the same run.
 * One operation is a batch of 32 chunks of 1 MiB (tape-backup's default chunk average)
 * taken from one 32 MiB buffer of random bytes:
 *
 * <ul>
 *   <li>{@code oneCore}, the limit of one core: {@link MessageDigest} SHA-256 of each chunk on the
 *       benchmark thread, one digest object reused.
 *   <li>{@code allCores}: tape-backup's {@link ParallelHasher} with one worker per core and at most
 *       two chunks per worker in flight, as {@code TreeBackup} builds it: each chunk is submitted as a
 *       slice of the buffer (the hasher copies it), hashed on a worker and handed, in order, to a
 *       consumer that only counts it; the batch is waited for ({@link ParallelHasher#finish}), so the
 *       pipeline's fill and drain count.
 * </ul>
 *
 * {@code benchmarks/hashing.sh} prints {@code allCores} as a ratio to {@code cores × oneCore}, the
 * most the machine's cores can hash.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Thread)
public class ParallelHashingBenchmark {
  static final int CHUNK = ParallelCompressionBenchmark.CHUNK;
  static final int BATCH = ParallelCompressionBenchmark.BATCH;

  private final int cores = Runtime.getRuntime().availableProcessors();
  private byte[] data;
  private MessageDigest sha256;
  private ParallelHasher hasher;
  private long consumed;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    data = new byte[BATCH * CHUNK];
    new SplittableRandom(5).nextBytes(data);
    sha256 = MessageDigest.getInstance("SHA-256");
    hasher = new ParallelHasher(cores, 2 * cores, chunk -> consumed += chunk.digest()[0]);
  }

  @TearDown
  public void tearDown() {
    hasher.close();
  }

  @Benchmark
  public int oneCore() {
    int first = 0;
    for (int i = 0; i < BATCH; i++) {
      sha256.update(data, i * CHUNK, CHUNK);
      first += sha256.digest()[0];
    }
    return first;
  }

  @Benchmark
  public long allCores() throws IOException, InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      hasher.submit((long) i * CHUNK, ByteBuffer.wrap(data, i * CHUNK, CHUNK));
    }
    hasher.finish();
    return consumed;
  }
}
