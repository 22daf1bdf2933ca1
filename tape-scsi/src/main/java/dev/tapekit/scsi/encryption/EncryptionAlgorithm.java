package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/**
 * Security algorithm codes of the tape encryption algorithms (SFSC, INCITS 501-2016, referenced by
 * SSC-5): the code in an algorithm descriptor of the Data Encryption Capabilities page. Codes
 * 80010400h..8001FFFFh are vendor specific.
 */
public enum EncryptionAlgorithm {
  AES_256_CBC_HMAC_SHA_1(0x0001000C, "AES-256-CBC-HMAC-SHA-1"),
  /** AES-256-CCM with a 128-bit tag. */
  AES_256_CCM(0x00010010, "AES-256-CCM"),
  /** AES-256-GCM with a 128-bit tag: what LTO-4 and later drives implement, and what PBS requires. */
  AES_256_GCM(0x00010014, "AES-256-GCM"),
  AES_256_XTS_HMAC_SHA_512(0x00010016, "AES-256-XTS-HMAC-SHA-512");

  private static final CodeTable<EncryptionAlgorithm> BY_CODE = CodeTable.of(values(), EncryptionAlgorithm::code);

  private final int code;
  private final String displayName;

  EncryptionAlgorithm(int code, String displayName) {
    this.code = code;
    this.displayName = displayName;
  }

  public int code() {
    return code;
  }

  /** The name as SFSC spells it, e.g. "AES-256-GCM". */
  public String displayName() {
    return displayName;
  }

  public static Optional<EncryptionAlgorithm> of(int code) {
    return BY_CODE.find(code);
  }

  /** The name of a code, "vendor specific 8001xxxxh" or "unknown xxxxxxxxh". */
  public static String describe(int code) {
    Optional<EncryptionAlgorithm> known = of(code);
    if (known.isPresent()) {
      return known.get().displayName;
    }
    boolean vendor = Integer.compareUnsigned(code, 0x80010400) >= 0 && Integer.compareUnsigned(code, 0x8001FFFF) <= 0;
    return String.format("%s %08Xh", vendor ? "vendor specific" : "unknown", code);
  }
}
