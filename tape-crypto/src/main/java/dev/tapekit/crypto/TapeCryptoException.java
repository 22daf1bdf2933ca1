package dev.tapekit.crypto;

/**
 * A key or an encrypted payload could not be used. The message says what, where and what to do;
 * it never contains key material or passphrases. Subclasses name the cases a caller treats
 * differently.
 */
public class TapeCryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  public TapeCryptoException(String message) {
    super(message);
  }

  public TapeCryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
