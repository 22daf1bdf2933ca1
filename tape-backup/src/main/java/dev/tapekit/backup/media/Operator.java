package dev.tapekit.backup.media;

import java.io.PrintStream;
import java.util.Objects;

/**
 * The person at a standalone drive: asked to put a tape in ({@link StandaloneDrive}). A request returns
 * at once; the drive is watched for the tape meanwhile. Implementations may mail, page or print.
 */
@FunctionalInterface
public interface Operator {
  /** Asks for something to be done; {@code message} says what, where, and what tape. */
  void request(String message);

  /** An operator reading {@code out}, e.g. {@code System.err} of an interactive command. */
  static Operator printingTo(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return message -> {
      out.println(message);
      out.flush();
    };
  }
}
