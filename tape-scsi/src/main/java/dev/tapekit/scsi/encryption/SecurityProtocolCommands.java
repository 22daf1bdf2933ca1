package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;

/**
 * CDB builders for SECURITY PROTOCOL IN (A2h) and SECURITY PROTOCOL OUT (B5h), SPC-5 6.40 and
 * 6.41, with the constants of the two protocols tape drives use. Stateless and thread safe.
 *
 * <pre>
 * SECURITY PROTOCOL IN / OUT (12 bytes)
 *  0     A2h / B5h
 *  1     SECURITY PROTOCOL
 *  2..3  SECURITY PROTOCOL SPECIFIC (for protocol 20h: the page code)
 *  4     bit 7 INC_512 (0: lengths count bytes)
 *  5     reserved
 *  6..9  ALLOCATION LENGTH / TRANSFER LENGTH (u32)
 *  10    reserved
 *  11    CONTROL
 * </pre>
 *
 * <p>Example: the capabilities query PBS sends is {@code A2 20 00 10 00 00 00 00 20 04 00 00}
 * ({@code in(TAPE_DATA_ENCRYPTION, 0x0010, 8196)}).
 */
public final class SecurityProtocolCommands {
  /** Security protocol 00h: security protocol information (SPC-5 7.7.1). */
  public static final int SECURITY_PROTOCOL_INFORMATION = 0x00;
  /** Security protocol 20h: tape data encryption (SSC-5 8.5). */
  public static final int TAPE_DATA_ENCRYPTION = 0x20;
  /** Default timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Allocation length large enough for every tape data encryption page. */
  public static final int DEFAULT_ALLOCATION_LENGTH = 8192;

  private SecurityProtocolCommands() {}

  /** SECURITY PROTOCOL IN of {@code allocationLength} bytes. */
  public static ScsiCommand in(int protocol, int protocolSpecific, int allocationLength) {
    check(protocol, protocolSpecific, allocationLength);
    return new ScsiCommand("SECURITY PROTOCOL IN", cdb(0xA2, protocol, protocolSpecific, allocationLength),
        DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /** SECURITY PROTOCOL IN of a tape data encryption page (0000h, 0001h, 0010h, 0020h, 0021h, ...). */
  public static ScsiCommand tapeEncryptionIn(int page) {
    return in(TAPE_DATA_ENCRYPTION, page, DEFAULT_ALLOCATION_LENGTH);
  }

  /** SECURITY PROTOCOL IN for protocol 00h page 0000h (supported security protocols). */
  public static ScsiCommand supportedProtocols() {
    return in(SECURITY_PROTOCOL_INFORMATION, 0x0000, 512);
  }

  /** SECURITY PROTOCOL OUT sending {@code transferLength} bytes. */
  public static ScsiCommand out(int protocol, int protocolSpecific, int transferLength) {
    check(protocol, protocolSpecific, transferLength);
    return new ScsiCommand("SECURITY PROTOCOL OUT", cdb(0xB5, protocol, protocolSpecific, transferLength),
        DataDirection.TO_DEVICE, transferLength, DEFAULT_TIMEOUT);
  }

  /** SECURITY PROTOCOL OUT carrying a Set Data Encryption page. */
  public static ScsiCommand setDataEncryption(SetDataEncryption page) {
    return out(TAPE_DATA_ENCRYPTION, SetDataEncryption.PAGE_CODE, page.encodedLength());
  }

  private static byte[] cdb(int opcode, int protocol, int protocolSpecific, int length) {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) opcode;
    cdb[1] = (byte) protocol;
    Bytes.put16(cdb, 2, protocolSpecific);
    Bytes.put32(cdb, 6, length);
    return cdb;
  }

  private static void check(int protocol, int protocolSpecific, int length) {
    Checks.range("security protocol", protocol, 0, 0xFF);
    Checks.range("protocol specific field", protocolSpecific, 0, 0xFFFF);
    if (length < 1) {
      throw new IllegalArgumentException("length " + length + " must be positive");
    }
  }
}
