package dev.tapekit.crypto;

/**
 * A well-formed key config did not open: AES-GCM authentication of the wrapped key failed under the
 * key derived from the passphrase. Either the passphrase is wrong or the wrapped bytes were altered
 * (the two cannot be told apart cryptographically); the message carries the key's hint when it has
 * one.
 */
public class WrongPassphraseException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;

  public WrongPassphraseException(String message) {
    super(message);
  }
}
