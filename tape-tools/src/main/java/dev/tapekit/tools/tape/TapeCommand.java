package dev.tapekit.tools.tape;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.OutputFormat;
import dev.tapekit.tools.ToolFailure;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A {@code tape} command that does something: it takes {@code --output-format} and {@code --quiet},
 * gets a {@link Session} for its run, and returns the exit status (failures are thrown as {@link
 * dev.tapekit.tools.ToolFailure}s or library exceptions, which the tool maps to exit statuses).
 */
abstract class TapeCommand implements Callable<Integer> {
  /** The options every command takes. */
  static final class Output {
    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "text",
        converter = OutputFormat.Converter.class, description = "text (default), json or json-pretty")
    OutputFormat format;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;
  }

  @Spec
  CommandSpec spec;

  @Mixin
  Output output = new Output();

  /** The root command's environment. */
  TapeEnvironment environment() {
    return ((Tape) spec.root().userObject()).environment();
  }

  @Override
  public final Integer call() throws Exception {
    try (Session s = new Session(environment(), spec.commandLine().getOut(), spec.commandLine().getErr(),
        output.format, output.quiet)) {
      return run(s);
    } catch (IllegalArgumentException e) {
      // the libraries check what they are given and say what is wrong: here that is the user's input
      throw new ToolFailure(ExitCode.USAGE, List.of(String.valueOf(e.getMessage())), e);
    }
  }

  /** Runs the command; its exit status. */
  abstract int run(Session session) throws Exception;
}
