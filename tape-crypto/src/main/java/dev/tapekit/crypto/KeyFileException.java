package dev.tapekit.crypto;

/**
 * A key file, key store file or paper key is damaged: not JSON, a missing or malformed field, bad
 * base64 or hex, wrong lengths, impossible KDF parameters. The message names the source and the
 * field. A file that is well formed but does not open with the passphrase is a {@link
 * WrongPassphraseException} instead.
 */
public class KeyFileException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
