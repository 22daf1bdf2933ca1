package dev.tapekit.tools.tape;

import dev.tapekit.scsi.Sleeper;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code tape} takes from its process, so that tests can give it other values: the environment
 * variables, the paths they lead to, the clock, how it sleeps, standard input, and where an operator
 * of a standalone drive is told what to do.
 */
public record TapeEnvironment(Map<String, String> env, TapePaths paths, Clock clock, Sleeper sleeper,
    InputStream stdin, PrintStream operatorStream) {
  public TapeEnvironment {
    env = Map.copyOf(env);
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(operatorStream, "operatorStream");
  }

  /** This process's. */
  public static TapeEnvironment ofProcess() {
    return new TapeEnvironment(System.getenv(), TapePaths.ofProcess(), Clock.systemDefaultZone(), Sleeper.SYSTEM,
        System.in, System.err);
  }

  public TapeEnvironment withClock(Clock c) {
    return new TapeEnvironment(env, paths, c, sleeper, stdin, operatorStream);
  }

  public TapeEnvironment withStdin(InputStream in) {
    return new TapeEnvironment(env, paths, clock, sleeper, in, operatorStream);
  }
}
