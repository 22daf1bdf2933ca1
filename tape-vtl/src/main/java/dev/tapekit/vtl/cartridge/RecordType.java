package dev.tapekit.vtl.cartridge;

/** The kind of a logical object on a virtual tape, with its on-disk record type code. */
public enum RecordType {
  /** A data block whose bytes are stored in the record. */
  DATA(1),
  /** A data block of all zero bytes, stored without payload. */
  ZERO(2),
  /** A filemark. */
  FILEMARK(3),
  /**
   * A data block encrypted by the drive: the stored payload is nonce(12) + key check value(8) +
   * AES-256-GCM ciphertext with its 16-byte tag; the logical length is the plaintext length.
   */
  ENCRYPTED(4);

  /** Bytes an encrypted record stores beyond its plaintext length. */
  public static final int ENCRYPTION_OVERHEAD = 12 + 8 + 16;

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** True for {@link #DATA} and {@link #ZERO}: a logical block the host can read. */
  public boolean isBlock() {
    return this != FILEMARK;
  }

  static RecordType ofCode(int code) {
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
