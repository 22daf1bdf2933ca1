package dev.tapekit.vtl;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/** Seeds for randomized tests: {@code -Dtests.seed=N} replays one seed, otherwise {@code count} fresh ones. */
public final class Seeds {
  private Seeds() {}

  public static LongStream of(int count) {
    String fixed = System.getProperty("tests.seed", "");
    if (!fixed.isEmpty()) {
      return LongStream.of(Long.parseLong(fixed));
    }
    long base = new SplittableRandom().nextLong();
    return LongStream.range(0, count).map(i -> base + i);
  }
}
