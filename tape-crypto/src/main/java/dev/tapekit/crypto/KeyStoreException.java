package dev.tapekit.crypto;

/**
 * The key store cannot be used safely: a file readable by others (mode wider than 0600), a lock that
 * cannot be taken, an I/O error, or an operation on a key it does not hold.
 */
public class KeyStoreException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;

  public KeyStoreException(String message) {
    super(message);
  }

  public KeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
