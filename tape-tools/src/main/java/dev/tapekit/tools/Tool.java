package dev.tapekit.tools;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

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
    String name = cl.getCommandName();
    cl.setExecutionExceptionHandler((e, failed, parseResult) -> {
      PrintWriter w = failed.getErr();
      if (e instanceof ToolFailure f) {
        f.lines().forEach(w::println);
      } else if (e instanceof RuntimeException) {
        w.println(name + ": internal error: " + e);
      } else {
        w.println(name + ": " + e.getMessage());
      }
      w.flush();
      failed.getOut().flush();
      return Failures.exitCode(e).code();
    });
    return cl;
  }

  /** Runs {@code command} on the process's stdout/stderr and exits with its status. */
  public static void main(Object command, String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int status = commandLine(command, out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(status);
  }
}
