package dev.tapekit.vtl;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/** Seeds for randomized tests: {@code -Dtests.seed=N} replays one seed, otherwise {@code count} fresh ones. */
public final class Seeds {
  private Seeds() {}

  /** A test body that takes a seeded generator. */
  @FunctionalInterface
  public interface SeededRun {
    void run(SplittableRandom random) throws Exception;
  }

  /** Runs {@code body} with a generator seeded by {@code seed}; a failure names the seed and how to replay it. */
  public static void replayable(Class<?> test, long seed, SeededRun body) {
    try {
      body.run(new SplittableRandom(seed));
    } catch (AssertionError | Exception e) {
      throw new AssertionError(
          "reproduce with: ./mvnw -pl tape-vtl -am test -Dtest=" + test.getSimpleName() + " -Dtests.seed=" + seed, e);
    }
  }

  public static LongStream of(int count) {
    String fixed = System.getProperty("tests.seed", "");
    if (!fixed.isEmpty()) {
      return LongStream.of(Long.parseLong(fixed));
    }
    long base = new SplittableRandom().nextLong();
    return LongStream.range(0, count).map(i -> base + i);
  }
}
