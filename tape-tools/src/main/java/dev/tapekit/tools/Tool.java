package dev.tapekit.tools;

import dev.tapekit.scsi.ScsiException;
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
      failed.getOut().flush();
      return failure(e, name, failed.getErr(), dropIn);
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

  /** Prints {@code e} as the tool (or the original under its name) does and returns the exit status. */
  private static int failure(Exception e, String name, PrintWriter w, Optional<DropIn> dropIn) {
    ExitCode code = Failures.exitCode(e);
    if (e instanceof ToolFailure f) {
      dropIn.map(d -> d.lines(f)).orElse(f.lines()).forEach(w::println);
    } else if (dropIn.equals(Optional.of(DropIn.MT)) && e instanceof ScsiException s && s.device() != null
        && DropIn.MT.exitStatus(code) == 2) {
      w.println(DropIn.mtCommandFailed(s.device()));
    } else if (e instanceof RuntimeException) {
      w.println(name + ": internal error: " + e);
    } else {
      w.println(name + ": " + e.getMessage());
    }
    w.flush();
    return dropIn.map(d -> d.exitStatus(code)).orElse(code.code());
  }

  /**
   * A command that takes the command lines scripts use most without picocli, whose ~170 classes (too
   * old a class file version for class-data sharing) and reflection cost about 0.1 s at every start.
   * Anything else — help, version, errors, unusual spellings — goes to picocli as before, so both
   * parsers agree on what the quick one accepts.
   */
  public interface QuickStart {
    /** The tool's name, for messages. */
    String name();

    /**
     * Takes {@code args} when they are simple enough and returns true; false leaves them to picocli.
     * {@code out} is where the command's output goes then.
     */
    boolean parseQuickly(String[] args, PrintWriter out);

    /** Runs the command {@link #parseQuickly} took; its exit status. */
    int runQuickly() throws Exception;
  }

  /**
   * Runs {@code command} with {@code args} and returns its exit status; under the original's name when
   * {@code dropIn} is set, which first parses the options as the original does.
   */
  public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err, Optional<DropIn> dropIn) {
    if (command instanceof QuickStart quick && quick.parseQuickly(args, out)) {
      try {
        int status = quick.runQuickly();
        out.flush();
        return status;
      } catch (Exception e) {
        out.flush();
        return failure(e, dropIn.map(DropIn::programName).orElse(quick.name()), err, dropIn);
      }
    }
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
