package dev.tapekit.catalog;

import java.io.IOException;

/**
 * A catalog operation failed. The message says what, in which catalog, and what to do. Nothing of
 * a failed write is kept: every write is one transaction.
 */
public class CatalogException extends IOException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A label text that another tape of the inventory already has. */
  public static final class DuplicateLabel extends CatalogException {
    public DuplicateLabel(String message) {
      super(message);
    }
  }

  /** The catalog was written by a newer tapekit: its schema version is higher than this one knows. */
  public static final class SchemaTooNew extends CatalogException {
    public SchemaTooNew(String message) {
      super(message);
    }
  }

  /** The catalog's database could not be reached, or the connection was lost during an operation. */
  public static final class Unavailable extends CatalogException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A lock was not granted in time; the message names who holds it. */
  public static final class LockTimeout extends CatalogException {
    public LockTimeout(String message) {
      super(message);
    }
  }

  /** No tape, pool or media set of that name or UUID. */
  public static final class NotFound extends CatalogException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** What was asked contradicts the catalog (a sequence number taken, a pool still in use, …). */
  public static final class Conflict extends CatalogException {
    public Conflict(String message) {
      super(message);
    }
  }
}
