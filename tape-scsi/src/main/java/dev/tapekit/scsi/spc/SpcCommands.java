package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import dev.tapekit.scsi.sense.SenseData;
import java.time.Duration;

/**
 * CDB builders for the generic SPC-5 commands every tape drive and changer implements: TEST UNIT
 * READY, REQUEST SENSE, INQUIRY (standard data and VPD pages), REPORT LUNS and REPORT SUPPORTED
 * OPERATION CODES.
 *
 * <p>Contract: every method returns a new {@link ScsiCommand} with {@link #DEFAULT_TIMEOUT} (these
 * commands never touch the medium) and checks its arguments against the CDB field widths, throwing
 * {@link IllegalArgumentException} for values that do not fit. Stateless and thread-safe.
 *
 * <pre>
 *  TEST UNIT READY   00 | 0 0 0 0 | control
 *  REQUEST SENSE     03 | DESC(1.0) | 0 0 | alloc(4) | control
 *  INQUIRY           12 | EVPD(1.0) | page(2) | alloc(3-4, BE) | control
 *  REPORT LUNS       A0 | 0 | select report(2) | 0 0 0 | alloc(6-9) | 0 | control
 *  REPORT SUPPORTED  A3 | SA 0C(1.4-0) | RCTD(2.7) reporting options(2.2-0) | opcode(3)
 *  OPERATION CODES        | service action(4-5) | alloc(6-9) | 0 | control
 * </pre>
 */
public final class SpcCommands {
  /** Timeout of the commands built here: they are answered from the drive's memory. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Allocation length that fits any fixed or descriptor sense (SPC-5 allows up to 252). */
  public static final int SENSE_ALLOCATION_LENGTH = 252;

  /** Allocation length of a first INQUIRY: the 36 bytes every device must return. */
  public static final int STANDARD_INQUIRY_LENGTH = 36;

  private SpcCommands() {}

  /** TEST UNIT READY: GOOD when a medium is loaded and ready, CHECK CONDITION otherwise. */
  public static ScsiCommand testUnitReady() {
    return new ScsiCommand("TEST UNIT READY", new byte[6], DataDirection.NONE, 0, DEFAULT_TIMEOUT);
  }

  /**
   * REQUEST SENSE: returns (and clears) pending sense, e.g. a deferred error or a unit attention.
   *
   * @param allocationLength 1..255 bytes, usually {@link #SENSE_ALLOCATION_LENGTH}
   * @param descriptorFormat ask for descriptor-format sense (DESC bit); tape drives may refuse it
   */
  public static ScsiCommand requestSense(int allocationLength, boolean descriptorFormat) {
    Checks.range("REQUEST SENSE allocation length", allocationLength, 1, 0xFF);
    byte[] cdb = new byte[6];
    cdb[0] = 0x03;
    cdb[1] = (byte) (descriptorFormat ? 1 : 0);
    cdb[4] = (byte) allocationLength;
    return new ScsiCommand("REQUEST SENSE", cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /**
   * Decodes a REQUEST SENSE reply. Unlike autosense, a reply with sense key NO SENSE and ASC/ASCQ
   * 00/00 is normal here: nothing was pending.
   *
   * @throws MalformedResponseException when the reply is empty or not sense data
   */
  public static SenseData decodeRequestSense(byte[] reply) throws MalformedResponseException {
    return SenseData.parse(reply);
  }

  /**
   * INQUIRY for the standard data.
   *
   * @param allocationLength 1..65535 (36 returns the mandatory part); keep it at most 255 for SPC-2
   *     era devices, which read byte 4 only (see {@link FullReply})
   */
  public static ScsiCommand inquiry(int allocationLength) {
    return inquiry(false, 0, allocationLength, "INQUIRY");
  }

  /**
   * INQUIRY with EVPD=1 for one vital product data page.
   *
   * @param pageCode 0x00..0xFF, e.g. {@link Vpd#DEVICE_IDENTIFICATION}
   * @param allocationLength 1..65535 (4 returns the header with the page length)
   */
  public static ScsiCommand inquiryVpd(int pageCode, int allocationLength) {
    Checks.range("VPD page code", pageCode, 0, 0xFF);
    return inquiry(true, pageCode, allocationLength, String.format("INQUIRY VPD 0x%02x", pageCode));
  }

  private static ScsiCommand inquiry(boolean evpd, int pageCode, int allocationLength, String name) {
    Checks.range(name + " allocation length", allocationLength, 1, 0xFFFF);
    byte[] cdb = new byte[6];
    cdb[0] = 0x12;
    cdb[1] = (byte) (evpd ? 1 : 0);
    cdb[2] = (byte) pageCode;
    Bytes.put16(cdb, 3, allocationLength);
    return new ScsiCommand(name, cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /**
   * REPORT LUNS.
   *
   * @param selectReport 0 all logical units with addressing methods the device supports, 1 well
   *     known logical units only, 2 all; 0x10..0x12 and 0xF8..0xFF per SPC-5
   * @param allocationLength at least 16 (SPC-5 requirement); 16 is enough to learn the list length
   */
  public static ScsiCommand reportLuns(int selectReport, int allocationLength) {
    Checks.range("REPORT LUNS select report", selectReport, 0, 0xFF);
    Checks.range("REPORT LUNS allocation length", allocationLength, 16, Integer.MAX_VALUE);
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xA0;
    cdb[2] = (byte) selectReport;
    Bytes.put32(cdb, 6, allocationLength);
    return new ScsiCommand("REPORT LUNS", cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /**
   * REPORT SUPPORTED OPERATION CODES, reporting option 000b: every command the device supports.
   * Decode the reply with {@link SupportedOperationCodes#parse}.
   *
   * @param returnTimeouts RCTD: append a command timeouts descriptor to every entry
   * @param allocationLength 4..2^31-1
   */
  public static ScsiCommand reportAllOperationCodes(boolean returnTimeouts, int allocationLength) {
    return rsoc(0, 0, 0, returnTimeouts, allocationLength);
  }

  /**
   * REPORT SUPPORTED OPERATION CODES for one command. Decode the reply with {@link
   * OneCommandSupport#parse}.
   *
   * @param opcode the operation code asked about
   * @param serviceAction the service action, or -1 for a command without one; sent with reporting
   *     option 011b (SPC-4 and later) when given, else 001b
   * @param returnTimeouts RCTD: append the command timeouts descriptor
   * @param allocationLength 4..2^31-1; 4 + CDB size + 12 suffices
   */
  public static ScsiCommand reportOneOperationCode(
      int opcode, int serviceAction, boolean returnTimeouts, int allocationLength) {
    Checks.range("operation code", opcode, 0, 0xFF);
    Checks.range("service action", serviceAction, -1, 0xFFFF);
    return serviceAction < 0
        ? rsoc(1, opcode, 0, returnTimeouts, allocationLength)
        : rsoc(3, opcode, serviceAction, returnTimeouts, allocationLength);
  }

  private static ScsiCommand rsoc(
      int reportingOptions, int opcode, int serviceAction, boolean rctd, int allocationLength) {
    Checks.range("REPORT SUPPORTED OPERATION CODES allocation length", allocationLength, 4, Integer.MAX_VALUE);
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xA3;
    cdb[1] = 0x0C;
    cdb[2] = (byte) ((rctd ? 0x80 : 0) | reportingOptions);
    cdb[3] = (byte) opcode;
    Bytes.put16(cdb, 4, serviceAction);
    Bytes.put32(cdb, 6, allocationLength);
    return new ScsiCommand(
        "REPORT SUPPORTED OPERATION CODES", cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }
}
