package dev.tapekit.benchmarks;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.chunk.FastCdc;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * tape-backup's content-defined chunker on one core, next to two passes over the same 64 MiB of
 * random bytes in the same run. One operation is the whole buffer:
 *
 * <ul>
 *   <li>{@code cut}: {@link FastCdc#cut} with {@link ChunkerParams#DEFAULT}, chunk after chunk to the
 *       end of the buffer (the chunks are not copied).
 *   <li>{@code sum}, the limit: a loop that reads every byte once and adds it up. No chunker can pass
 *       over the bytes faster; {@code cut / sum} says how much of that the gear hash's serial chain
 *       (each step needs the previous hash) and the cut test cost.
 *   <li>{@code sha256}, for scale: the JCE's SHA-256 of the same bytes, the other pass every chunk
 *       needs (its name). Chunking should not be the slower of the two.
 * </ul>
 *
 * On random bytes the chunks come near the average and the first min bytes of each (about a fifth of
 * all) are skipped, not hashed. {@code benchmarks/chunking.sh} prints GB/s and the ratios from one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class ChunkingBenchmark {
  static final int BYTES = 64 << 20;

  private byte[] data;
  private FastCdc cdc;
  private MessageDigest sha256;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    data = new byte[BYTES];
    new SplittableRandom(7).nextBytes(data);
    cdc = new FastCdc(ChunkerParams.DEFAULT);
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  @Benchmark
  public int cut() {
    int chunks = 0;
    for (int from = 0; from < data.length; chunks++) {
      int end = cdc.cut(data, from, data.length);
      from = end < 0 ? data.length : end;
    }
    return chunks;
  }

  @Benchmark
  public int sum() {
    int sum = 0;
    for (byte b : data) {
      sum += b;
    }
    return sum;
  }

  @Benchmark
  public byte[] sha256() {
    return sha256.digest(data);
  }
}
