package dev.tapekit.format;

import java.io.IOException;

/**
 * What is on tape is not what the format allows. {@link #kind()} says which of the cases a reader
 * tells apart, {@link #location()} where it was found; the message says both and what to do.
 */
public class TapeFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The cases a reader tells apart. */
  public enum Kind {
    /** A checksum failed: the medium or the path to it damaged the data. */
    CORRUPT,
    /** The data stops before the format says it ends (no end-of-stream block, a cut-off structure). */
    TRUNCATED,
    /** Not tapekit data: wrong magic, or a block of a size tapekit never writes. */
    FOREIGN,
    /** tapekit data of a newer format version than this reader knows. */
    TOO_NEW,
    /** Blocks out of sequence: a gap or a repeated block. */
    OUT_OF_ORDER,
    /** A checked structure in the wrong place: a block or part of another file, tape or media set. */
    MISPLACED,
    /** A structure whose checksum is right but whose fields are impossible: a writer bug. */
    INVALID
  }

  private final Kind kind;
  private final TapeLocation location;

  public TapeFormatException(Kind kind, TapeLocation location, String message) {
    super(location + ": " + message);
    this.kind = kind;
    this.location = location;
  }

  public TapeFormatException(Kind kind, TapeLocation location, String message, Throwable cause) {
    super(location + ": " + message, cause);
    this.kind = kind;
    this.location = location;
  }

  public Kind kind() {
    return kind;
  }

  public TapeLocation location() {
    return location;
  }
}
