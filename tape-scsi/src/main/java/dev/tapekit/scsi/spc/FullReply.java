package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.codec.Bytes;
import java.util.function.IntFunction;

/**
 * Reads a data-in reply whole when the first allocation length was too small: the allocation-length
 * quirk every SCSI tool meets. Many replies start with a length field (INQUIRY additional length,
 * VPD page length, mode data length, LUN list length, command data length); a device truncates its
 * reply to the allocation length without error, so a reader has to look at that field and ask again
 * with the length the device says it has.
 *
 * <p>Contract: {@link #read} issues the command built for {@code initialLength}; while the reply's
 * own length field announces more bytes than were asked for and less than {@code maxLength}
 * allows, it re-issues the command with the announced length (at most {@value #MAX_ATTEMPTS}
 * commands in all, and only with a growing allocation length, so a device whose length keeps
 * changing cannot loop). The last reply is returned as received; it may still be truncated when the
 * device announces more than {@code maxLength} or sends less than it announces, and the decoders
 * handle that (each documents whether it decodes the prefix or rejects it). Failures of the
 * command itself propagate as {@link ScsiException}. Stateless and thread-safe.
 *
 * <p>Example: {@code FullReply.read(t, len -> SpcCommands.inquiryVpd(0x83, len), 252, 0xFFFF,
 * FullReply.VPD)}.
 */
public final class FullReply {
  /** Upper bound of commands one {@link #read} issues. */
  public static final int MAX_ATTEMPTS = 3;

  /** How many bytes a reply says the device has, computed from its first bytes. */
  @FunctionalInterface
  public interface ReplyLength {
    /** The total reply length the header announces, or -1 when the header itself did not arrive. */
    long of(byte[] reply);
  }

  /** Standard INQUIRY: additional length (byte 4) + 5. */
  public static final ReplyLength INQUIRY = d -> d.length < 5 ? -1 : (d[4] & 0xFF) + 5L;

  /** VPD pages and log pages: page length (bytes 2-3) + 4. */
  public static final ReplyLength VPD = d -> d.length < 4 ? -1 : Bytes.getUnsigned(d, 2, 2) + 4;

  /** MODE SENSE(6): mode data length (byte 0) + 1. */
  public static final ReplyLength MODE_SENSE_6 = d -> d.length < 1 ? -1 : (d[0] & 0xFF) + 1L;

  /** MODE SENSE(10): mode data length (bytes 0-1) + 2. */
  public static final ReplyLength MODE_SENSE_10 = d -> d.length < 2 ? -1 : Bytes.getUnsigned(d, 0, 2) + 2;

  /** REPORT LUNS: LUN list length (bytes 0-3) + 8. */
  public static final ReplyLength REPORT_LUNS = d -> d.length < 4 ? -1 : Bytes.getU32(d, 0) + 8;

  /** REPORT SUPPORTED OPERATION CODES, all commands: command data length (bytes 0-3) + 4. */
  public static final ReplyLength ALL_OPERATION_CODES = d -> d.length < 4 ? -1 : Bytes.getU32(d, 0) + 4;

  /** REPORT SUPPORTED OPERATION CODES, one command: 4 + CDB size + 12 when CTDP is set. */
  public static final ReplyLength ONE_OPERATION_CODE =
      d -> d.length < 4 ? -1 : 4 + Bytes.getUnsigned(d, 2, 2) + ((d[1] & 0x80) != 0 ? CommandTimeouts.LENGTH : 0);

  private FullReply() {}

  /**
   * Runs {@code command} until its reply is complete or cannot grow (see the class contract).
   *
   * @param transport the device
   * @param command builds the command for an allocation length
   * @param initialLength the first allocation length
   * @param maxLength the largest allocation length the command accepts (255 for 6-byte CDBs with a
   *     one-byte field, 0xFFFF for two-byte fields)
   * @param length reads the announced length from a reply
   * @return the bytes of the last reply
   */
  public static byte[] read(
      ScsiTransport transport, IntFunction<ScsiCommand> command, int initialLength, int maxLength, ReplyLength length)
      throws ScsiException {
    if (initialLength < 1 || initialLength > maxLength) {
      throw new IllegalArgumentException("initial length " + initialLength + " outside 1.." + maxLength);
    }
    int allocation = initialLength;
    byte[] reply = command.apply(allocation).readData(transport);
    for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      long announced = length.of(reply);
      if (announced <= allocation || allocation >= maxLength) {
        break;
      }
      allocation = (int) Math.min(announced, maxLength);
      reply = command.apply(allocation).readData(transport);
    }
    return reply;
  }

  /**
   * Standard INQUIRY data, whole: first 36 bytes, then what the additional length announces. The
   * allocation length stays at most 255, which SPC-2 devices (one-byte field) read correctly.
   */
  public static StandardInquiry standardInquiry(ScsiTransport transport) throws ScsiException {
    return StandardInquiry.parse(
        read(transport, SpcCommands::inquiry, SpcCommands.STANDARD_INQUIRY_LENGTH, 0xFF, INQUIRY));
  }

  /** A VPD page, whole: first 252 bytes (what sg_vpd asks), then what the page length announces. */
  public static byte[] vpdPage(ScsiTransport transport, int pageCode) throws ScsiException {
    return read(transport, len -> SpcCommands.inquiryVpd(pageCode, len), 252, 0xFFFF, VPD);
  }

  /** REPORT LUNS (select report 0), whole. */
  public static ReportLunsData reportLuns(ScsiTransport transport) throws ScsiException {
    return ReportLunsData.parse(read(transport, len -> SpcCommands.reportLuns(0, len), 256, 1 << 20, REPORT_LUNS));
  }

  /**
   * REPORT SUPPORTED OPERATION CODES for all commands, whole (first 8 KiB, then what the command
   * data length announces, at most 1 MiB).
   *
   * @param returnTimeouts RCTD: include each command's timeouts
   */
  public static SupportedOperationCodes supportedOperationCodes(ScsiTransport transport, boolean returnTimeouts)
      throws ScsiException {
    return SupportedOperationCodes.parse(
        read(transport, len -> SpcCommands.reportAllOperationCodes(returnTimeouts, len), 8192, 1 << 20, ALL_OPERATION_CODES));
  }

  /**
   * REPORT SUPPORTED OPERATION CODES for one command with its timeouts (RCTD set).
   *
   * @param serviceAction the service action, or -1 for a command without one
   */
  public static OneCommandSupport operationCode(ScsiTransport transport, int opcode, int serviceAction)
      throws ScsiException {
    return OneCommandSupport.parse(
        read(transport, len -> SpcCommands.reportOneOperationCode(opcode, serviceAction, true, len), 64, 0xFFFF, ONE_OPERATION_CODE));
  }
}
