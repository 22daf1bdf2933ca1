package dev.tapekit.crypto;

/**
 * A software-encrypted payload failed AES-GCM authentication: the bytes on tape, the chunk digest,
 * the archive or the media set do not match what was encrypted (tampering, damage, or a payload read
 * as part of the wrong archive). {@link #where()} says which payload.
 */
public class PayloadAuthenticationException extends TapeCryptoException {
  private static final long serialVersionUID = 1L;
  private final PayloadLocation where;

  public PayloadAuthenticationException(String message, PayloadLocation where) {
    super(message);
    this.where = where;
  }

  public PayloadLocation where() {
    return where;
  }
}
