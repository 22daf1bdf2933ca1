package dev.tapekit.scsi.encryption;

/**
 * DECRYPTION MODE of the Set Data Encryption and Data Encryption Status pages (SSC-5 8.5.3.2).
 * Codes 04h..FFh are reserved and decode to {@link #RESERVED}.
 *
 * <p>PBS sets {@link #MIXED} with a key, because its label files at the start of a tape are not
 * encrypted.
 */
public enum DecryptionMode {
  /** 00h: no decryption; reading an encrypted block fails. */
  DISABLE(0x00),
  /** 01h: encrypted blocks are returned still encrypted. */
  RAW(0x01),
  /** 02h: encrypted blocks are decrypted; a clear block fails. */
  DECRYPT(0x02),
  /** 03h: encrypted blocks are decrypted, clear blocks are read as they are. */
  MIXED(0x03),
  RESERVED(-1);

  private final int code;

  DecryptionMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static DecryptionMode of(int code) {
    return code >= 0 && code <= 3 ? values()[code] : RESERVED;
  }
}
