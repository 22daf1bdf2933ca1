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
  private final List<String> originalLines;

  public ToolFailure(ExitCode exitCode, List<String> lines, Throwable cause) {
    this(exitCode, lines, List.of(), cause);
  }

  /**
   * @param originalLines what mt or mtx prints for the same failure, printed instead of {@code lines}
   *     when the tool runs under that program's name ({@link DropIn}); empty when {@code lines} already
   *     start with it
   */
  public ToolFailure(ExitCode exitCode, List<String> lines, List<String> originalLines, Throwable cause) {
    super(String.join("\n", lines), cause);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
    this.originalLines = List.copyOf(originalLines);
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

  /** What mt or mtx prints for this failure, when it differs from the start of {@link #lines()}; may be empty. */
  public List<String> originalLines() {
    return originalLines;
  }
}
