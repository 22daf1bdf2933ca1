package dev.tapekit.backup.media;

import java.io.IOException;

/** A tape cannot be had, or is not what the catalog says. The message says what to do. */
public class MediaException extends IOException {
  public MediaException(String message) {
    super(message);
  }

  /** The tape is not in the library. */
  public static final class NotInLibrary extends MediaException {
    public NotInLibrary(String message) {
      super(message);
    }
  }

  /** Nobody put the wanted tape into a standalone drive in time. */
  public static final class OperatorTimeout extends MediaException {
    public OperatorTimeout(String message) {
      super(message);
    }
  }

  /** The tape's labels are not what the catalog says (another tape with the same barcode, or blank). */
  public static final class WrongTape extends MediaException {
    public WrongTape(String message) {
      super(message);
    }
  }

  /**
   * The changer refused to load the tape outright (ILLEGAL REQUEST: a cartridge this drive cannot take,
   * such as another LTO generation): nothing moved, so another tape may be tried. The message is the
   * changer's.
   */
  public static final class CannotLoad extends MediaException {
    public CannotLoad(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }
  }
}
