package dev.tapekit.crypto;

/** No source could supply the key with a given fingerprint; the message lists what was tried. */
public class KeyNotFoundException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;
  private final Fingerprint fingerprint;

  public KeyNotFoundException(String message, Fingerprint fingerprint) {
    super(message);
    this.fingerprint = fingerprint;
  }

  public Fingerprint fingerprint() {
    return fingerprint;
  }
}
