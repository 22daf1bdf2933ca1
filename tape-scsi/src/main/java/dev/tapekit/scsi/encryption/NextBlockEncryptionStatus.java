package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.List;

/**
 * Tape data encryption IN page 0021h, Next Block Encryption Status (SSC-5 8.5.2.6): whether the
 * logical object at the current position is encrypted and whether the drive can decrypt it.
 * Immutable.
 *
 * <pre>
 *  0..1   PAGE CODE 0021h
 *  2..3   PAGE LENGTH (n - 3)
 *  4..11  LOGICAL OBJECT NUMBER (u64)
 *  12     bits 7..4 COMPRESSION STATUS, bits 3..0 ENCRYPTION STATUS
 *  13     ALGORITHM INDEX
 *  14     bit 1 EMES, bit 0 RDMDS
 *  15     KAD FORMAT
 *  16..n  key-associated data descriptors
 * </pre>
 *
 * <p>ENCRYPTION STATUS: 0 cannot determine, 1 cannot determine now, 2 not at a logical block, 3
 * not encrypted, 4 encrypted with an unsupported algorithm, 5 encrypted and the drive holds the
 * key, 6 encrypted but the key is missing or wrong.
 */
public record NextBlockEncryptionStatus(
    long logicalObjectNumber,
    int compressionStatus,
    int encryptionStatus,
    int algorithmIndex,
    boolean emes,
    boolean rdmds,
    int kadFormat,
    List<KeyAssociatedData> kads) {
  public static final int PAGE_CODE = 0x0021;
  private static final String NAME = "next block encryption status page";

  public NextBlockEncryptionStatus {
    kads = List.copyOf(kads);
  }

  public static ScsiCommand command() {
    return SecurityProtocolCommands.tapeEncryptionIn(PAGE_CODE);
  }

  public static NextBlockEncryptionStatus parse(byte[] data) throws MalformedResponseException {
    int end = SspPages.body(data, PAGE_CODE, 12, NAME);
    int b12 = data[12] & 0xFF;
    return new NextBlockEncryptionStatus(
        Bytes.u64(data, 4, NAME),
        b12 >> 4,
        b12 & 0x0F,
        data[13] & 0xFF,
        (data[14] & 0x02) != 0,
        (data[14] & 0x01) != 0,
        data[15] & 0xFF,
        SspPages.kads(data, 16, end, NAME));
  }

  /** Encryption status 5 or 6. */
  public boolean isEncrypted() {
    return encryptionStatus == 5 || encryptionStatus == 6;
  }

  /** Encryption status 6: encrypted, and the key the drive holds does not open it. */
  public boolean isKeyMissing() {
    return encryptionStatus == 6;
  }
}
