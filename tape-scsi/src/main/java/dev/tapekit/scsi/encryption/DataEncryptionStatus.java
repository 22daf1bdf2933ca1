package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.List;

/**
 * Tape data encryption IN page 0020h, Data Encryption Status (SSC-5 8.5.2.5): the drive's current
 * encryption parameters. Key bytes are never reported by a drive. Immutable.
 *
 * <pre>
 *  0..1   PAGE CODE 0020h
 *  2..3   PAGE LENGTH (n - 3)
 *  4      bits 7..5 I_T NEXUS SCOPE, bits 2..0 KEY SCOPE
 *  5      ENCRYPTION MODE
 *  6      DECRYPTION MODE
 *  7      ALGORITHM INDEX
 *  8..11  KEY INSTANCE COUNTER (u32, changes whenever a key is set)
 *  12     bits 6..4 PARAMETERS CONTROL, bit 3 VCELB, bits 2..1 CEEMS, bit 0 RDMD
 *  13     KAD FORMAT
 *  14..15 ASDK COUNT (available supplemental decryption keys)
 *  16..23 reserved
 *  24..n  key-associated data descriptors (see {@link KeyAssociatedData})
 * </pre>
 *
 * <p>PBS's reading of the mode pair: (DISABLE, DISABLE) off, (ENCRYPT, RAW) raw read, (ENCRYPT,
 * DECRYPT) on, (ENCRYPT, MIXED) mixed.
 */
public record DataEncryptionStatus(
    EncryptionScope itNexusScope,
    EncryptionScope keyScope,
    int encryptionModeCode,
    int decryptionModeCode,
    int algorithmIndex,
    long keyInstanceCounter,
    int parametersControl,
    boolean vcelb,
    int ceems,
    boolean rdmd,
    int kadFormat,
    int asdkCount,
    List<KeyAssociatedData> kads) {
  public static final int PAGE_CODE = 0x0020;
  private static final String NAME = "data encryption status page";

  public DataEncryptionStatus {
    kads = List.copyOf(kads);
  }

  public static ScsiCommand command() {
    return SecurityProtocolCommands.tapeEncryptionIn(PAGE_CODE);
  }

  public static DataEncryptionStatus parse(byte[] data) throws MalformedResponseException {
    int end = SspPages.body(data, PAGE_CODE, 20, NAME);
    int b4 = data[4] & 0xFF;
    int b12 = data[12] & 0xFF;
    return new DataEncryptionStatus(
        EncryptionScope.of(b4 >> 5),
        EncryptionScope.of(b4 & 7),
        data[5] & 0xFF,
        data[6] & 0xFF,
        data[7] & 0xFF,
        Bytes.u32(data, 8, NAME),
        (b12 >> 4) & 7,
        (b12 & 0x08) != 0,
        (b12 >> 1) & 3,
        (b12 & 1) != 0,
        data[13] & 0xFF,
        Bytes.u16(data, 14, NAME),
        SspPages.kads(data, 24, end, NAME));
  }

  public EncryptionMode encryptionMode() {
    return EncryptionMode.of(encryptionModeCode);
  }

  public DecryptionMode decryptionMode() {
    return DecryptionMode.of(decryptionModeCode);
  }

  /** Encryption on (ENCRYPT with RAW, DECRYPT or MIXED reads), as PBS's assert_encryption_mode checks. */
  public boolean isEncrypting() {
    return encryptionMode() == EncryptionMode.ENCRYPT && decryptionMode() != DecryptionMode.DISABLE
        && decryptionMode() != DecryptionMode.RESERVED;
  }

  /** Both modes DISABLE. */
  public boolean isOff() {
    return encryptionMode() == EncryptionMode.DISABLE && decryptionMode() == DecryptionMode.DISABLE;
  }
}
