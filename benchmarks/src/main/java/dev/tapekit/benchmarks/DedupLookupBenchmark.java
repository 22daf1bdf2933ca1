package dev.tapekit.benchmarks;

import dev.tapekit.catalog.ChunkSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dedup decisions of a running backup: {@link ChunkSet#contains} on a set of {@code size} random
 * digests, one thread (one core), half of the lookups for digests in the set and half for digests
 * not in it, drawn from a pool of 64 Ki prepared digests so that making them costs nothing.
 *
 * <p>{@code randomRead} is the limit: reading 32 bytes at a random place of an array as large as the
 * set's table, the memory latency every lookup of a table larger than the caches pays at least once.
 * Target: {@code lookup} at least 5,000,000 per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@State(Scope.Thread)
public class DedupLookupBenchmark {
  private static final int PROBES = 1 << 16;

  @Param({"1000000"})
  public int size;

  private ChunkSet set;
  private long[] table;
  private byte[][] probes;
  private int next;
  private final SplittableRandom random = new SplittableRandom(7);

  @Setup(Level.Trial)
  public void fill() {
    set = new ChunkSet(size);
    probes = new byte[PROBES][];
    for (int i = 0; i < size; i++) {
      byte[] d = new byte[32];
      random.nextBytes(d);
      set.add(d);
      if (i < PROBES / 2) {
        probes[2 * i] = d;
      }
    }
    for (int i = 1; i < PROBES; i += 2) {
      probes[i] = new byte[32];
      random.nextBytes(probes[i]);
    }
    table = new long[(int) (set.tableBytes() / Long.BYTES)];
    for (int i = 0; i < table.length; i++) {
      table[i] = random.nextLong();
    }
  }

  @Benchmark
  public boolean lookup() {
    return set.contains(probes[next++ & (PROBES - 1)]);
  }

  @Benchmark
  public long randomRead() {
    byte[] p = probes[next++ & (PROBES - 1)];
    int slot = (int) ((p[0] & 0xffL) << 16 | (p[1] & 0xffL) << 8 | (p[2] & 0xffL)) % (table.length / 4) * 4;
    return table[slot] ^ table[slot + 1] ^ table[slot + 2] ^ table[slot + 3];
  }
}
