package dev.tapekit.scsi.encryption;

/**
 * ENCRYPTION MODE of the Set Data Encryption and Data Encryption Status pages (SSC-5 8.5.3.2).
 * Codes 03h..FFh are reserved and decode to {@link #RESERVED}.
 */
public enum EncryptionMode {
  /** 00h: data is written in clear. */
  DISABLE(0x00),
  /** 01h: data arrives already encrypted (external encryption mode). */
  EXTERNAL(0x01),
  /** 02h: the drive encrypts data with the current key. */
  ENCRYPT(0x02),
  RESERVED(-1);

  private final int code;

  EncryptionMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static EncryptionMode of(int code) {
    return code >= 0 && code <= 2 ? values()[code] : RESERVED;
  }
}
