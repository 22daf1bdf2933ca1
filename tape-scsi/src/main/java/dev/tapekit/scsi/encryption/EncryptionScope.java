package dev.tapekit.scsi.encryption;

/**
 * SCOPE of Set Data Encryption and I_T NEXUS SCOPE / KEY SCOPE of Data Encryption Status (SSC-5
 * 8.5.3.2): which initiators share the encryption parameters. Codes 3..7 are reserved.
 */
public enum EncryptionScope {
  /** 0: use the parameters shared with other I_T nexuses (none of our own). */
  PUBLIC(0),
  /** 1: parameters of this I_T nexus only. */
  LOCAL(1),
  /** 2: parameters for every I_T nexus (what PBS sets). */
  ALL_I_T_NEXUS(2),
  RESERVED(-1);

  private final int code;

  EncryptionScope(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static EncryptionScope of(int code) {
    return code >= 0 && code <= 2 ? values()[code] : RESERVED;
  }
}
