package dev.tapekit.tools;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Shared wiring of {@code pmt} and {@code pmtx}: the picocli {@link CommandLine} with the given stdout
 * and stderr, the exit-code table in the help, usage errors as {@link ExitCode#USAGE}, and failures
 * printed on stderr and mapped by {@link Failures}.
 */
public final class Tool {
  private Tool() {}

  /**
   * A command line for {@code command} writing to {@code out} and {@code err}, subcommands abbreviable
   * to an unambiguous prefix. {@link CommandLine#execute} then returns the exit status.
   */
  public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
    return commandLine(command, out, err, Optional.empty());
  }

  /** As {@link #commandLine(Object, PrintWriter, PrintWriter)}, under the original's name when {@code dropIn} is set. */
  static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err, Optional<DropIn> dropIn) {
    CommandLine cl = new CommandLine(command);
    cl.setAbbreviatedSubcommandsAllowed(true);   // mt accepts any unambiguous prefix of a command
    cl.setOut(out);
    cl.setErr(err);
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
    cl.getCommandSpec().exitCodeOnExecutionException(ExitCode.FAILED.code());
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode c : ExitCode.values()) {
      codes.put(String.valueOf(c.code()), c.meaning());
    }
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
    String name = dropIn.map(DropIn::programName).orElse(cl.getCommandName());
    cl.setExecutionExceptionHandler((e, failed, parseResult) -> {
      PrintWriter w = failed.getErr();
      if (e instanceof ToolFailure f) {
        dropIn.map(d -> d.lines(f)).orElse(f.lines()).forEach(w::println);
      } else if (e instanceof RuntimeException) {
        w.println(name + ": internal error: " + e);
      } else {
        w.println(name + ": " + e.getMessage());
      }
      w.flush();
      failed.getOut().flush();
      ExitCode code = Failures.exitCode(e);
      return dropIn.map(d -> d.exitStatus(code)).orElse(code.code());
    });
    dropIn.ifPresent(d -> cl.setParameterExceptionHandler((e, args) -> {
      CommandLine where = e.getCommandLine();
      String message = e instanceof UnmatchedArgumentException && where != cl
          ? "too many arguments for the command '" + where.getCommandName() + "'."
          : e.getMessage();
      return d.usageError(message, where.getErr());
    }));
    return cl;
  }

  /**
   * Runs {@code command} with {@code args} and returns its exit status; under the original's name when
   * {@code dropIn} is set, which first parses the options as the original does.
   */
  public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err, Optional<DropIn> dropIn) {
    CommandLine cl = commandLine(command, out, err, dropIn);
    String[] toolArgs = args;
    if (dropIn.isPresent()) {
      DropIn.Parsed parsed = dropIn.get().parse(args, cl.getSubcommands().keySet(), out, err);
      if (parsed.exit().isPresent()) {
        return parsed.exit().getAsInt();
      }
      toolArgs = parsed.args();
    }
    return cl.execute(toolArgs);
  }

  /** Runs {@code command} on the process's stdout/stderr and exits with its status. */
  public static void main(Object command, String[] args, Optional<DropIn> dropIn) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int status = execute(command, args, out, err, dropIn);
    out.flush();
    err.flush();
    System.exit(status);
  }
}
