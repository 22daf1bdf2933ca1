package dev.tapekit.benchmarks;

import dev.tapekit.catalog.ChunkSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;

/**
 * The memory a {@link ChunkSet} takes per million digests, measured: heap in use after a full GC
 * with the set alive, minus before it was made, for sets loaded the way a backup session loads them
 * (grown from empty, digest by digest). Prints one line per size. Run with {@code java -cp
 * benchmarks/target/benchmarks.jar dev.tapekit.benchmarks.ChunkSetMemory [millions...]}.
 */
public final class ChunkSetMemory {
  private ChunkSetMemory() {}

  public static void main(String[] args) {
    String[] sizes = args.length == 0 ? new String[] {"1", "2", "3"} : args;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (String s : sizes) {
      int n = (int) (Double.parseDouble(s) * 1_000_000);
      long before = used(memory);
      ChunkSet set = new ChunkSet();
      SplittableRandom random = new SplittableRandom(n);
      byte[] d = new byte[32];
      for (int i = 0; i < n; i++) {
        random.nextBytes(d);
        set.add(d);
      }
      long after = used(memory);
      double perMillion = (after - before) / (n / 1e6) / (1 << 20);
      System.out.printf("%,d digests: heap %.1f MiB, table %.1f MiB, %.1f MiB per million (%.1f bytes a digest)%n",
          set.size(), (after - before) / 1048576.0, set.tableBytes() / 1048576.0, perMillion,
          (after - before) / (double) n);
    }
  }

  private static long used(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
