package dev.tapekit.scsi.testing;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for randomized tests, shared by every module (published in the tape-scsi test-jar): {@code
 * -Dtests.seed=N} replays one seed, otherwise fresh ones are drawn; failures name the seed as {@code
 * reproduce with: -Dtest=... -Dtests.seed=N}.
 */
public final class Seeds {
  private Seeds() {}

  /** A test body that takes a seeded generator. */
  @FunctionalInterface
  public interface SeededRun {
    void run(SplittableRandom random) throws Exception;
  }

  /** The seed given with {@code -Dtests.seed}, if any (surefire passes an empty value when unset). */
  private static String fixed() {
    return System.getProperty("tests.seed", "").trim();
  }

  /** One seed: the one given with {@code -Dtests.seed}, else a fresh one. */
  public static long draw() {
    String fixed = fixed();
    return fixed.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(fixed);
  }

  /** The seed given with {@code -Dtests.seed}, else {@code defaultSeed} (for tests with a fixed corpus). */
  public static long orDefault(long defaultSeed) {
    String fixed = fixed();
    return fixed.isEmpty() ? defaultSeed : Long.parseLong(fixed);
  }

  /** {@code count} consecutive seeds from a fresh base, or just the one given with {@code -Dtests.seed}. */
  public static LongStream of(int count) {
    String fixed = fixed();
    if (!fixed.isEmpty()) {
      return LongStream.of(Long.parseLong(fixed));
    }
    long base = new SplittableRandom().nextLong();
    return LongStream.range(0, count).map(i -> base + i);
  }

  /** The line a failure prints so that it can be replayed. */
  public static String reproduceLine(String test, long seed) {
    return "reproduce with: -Dtest=" + test + " -Dtests.seed=" + seed;
  }

  /** Runs {@code body} with a generator seeded by {@code seed}; a failure names the seed and how to replay it. */
  public static void replayable(Class<?> test, long seed, SeededRun body) {
    try {
      body.run(new SplittableRandom(seed));
    } catch (AssertionError | Exception e) {
      throw new AssertionError(reproduceLine(test.getSimpleName(), seed), e);
    }
  }
}
