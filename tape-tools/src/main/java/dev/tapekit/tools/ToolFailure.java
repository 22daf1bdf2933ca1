package dev.tapekit.tools;

import java.util.List;

/**
 * A failure the tool has already put into words: the lines to print on stderr (without newlines) and
 * the exit status. Commands throw it; the tool's error handler prints it and exits with {@link
 * #exitCode()}.
 */
public class ToolFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;
  private final List<String> lines;

  public ToolFailure(ExitCode exitCode, List<String> lines, Throwable cause) {
    super(String.join("\n", lines), cause);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  public ToolFailure(ExitCode exitCode, String line) {
    this(exitCode, List.of(line), null);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** What to print on stderr, one entry per line. */
  public List<String> lines() {
    return lines;
  }
}
