package dev.tapekit.crypto;

/**
 * A key opened, but the fingerprint stored next to it is not the fingerprint of the key: the file was
 * edited or assembled from two keys. The key is refused, as PBS refuses it.
 */
public class FingerprintMismatchException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;
  private final Fingerprint stored;
  private final Fingerprint actual;

  public FingerprintMismatchException(String message, Fingerprint stored, Fingerprint actual) {
    super(message);
    this.stored = stored;
    this.actual = actual;
  }

  public Fingerprint stored() {
    return stored;
  }

  public Fingerprint actual() {
    return actual;
  }
}
