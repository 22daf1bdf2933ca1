package dev.tapekit.scsi.log;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * CDB builders for LOG SENSE (4Dh) and LOG SELECT (4Ch), SPC-5 6.7 and 6.8. Stateless and thread
 * safe; every method returns a new {@link ScsiCommand} and rejects out-of-range fields with
 * {@link IllegalArgumentException}.
 *
 * <pre>
 * LOG SENSE (10 bytes)                       LOG SELECT (10 bytes)
 *  0  4Dh                                      0  4Ch
 *  1  bit 1 PPC, bit 0 SP                      1  bit 1 PCR, bit 0 SP
 *  2  bits 7..6 PC, bits 5..0 PAGE CODE        2  bits 7..6 PC, bits 5..0 PAGE CODE
 *  3  SUBPAGE CODE                             3  SUBPAGE CODE
 *  4  reserved                                 4..6 reserved
 *  5..6 PARAMETER POINTER (u16)                7..8 PARAMETER LIST LENGTH (u16)
 *  7..8 ALLOCATION LENGTH (u16)                9  CONTROL
 *  9  CONTROL
 * </pre>
 *
 * <p>Timeouts: {@link #DEFAULT_TIMEOUT} for both. Some drives hold LOG SENSE while they calibrate;
 * poll the DT Device Status page with {@link #DT_DEVICE_STATUS_TIMEOUT} (what PBS uses) and skip
 * other pages while the tape moves.
 */
public final class LogCommands {
  /** Default timeout of LOG SENSE and LOG SELECT. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Short timeout for polling page 11h (DT Device Status). */
  public static final Duration DT_DEVICE_STATUS_TIMEOUT = Duration.ofSeconds(1);
  /** The largest allocation length the 16-bit field can carry. */
  public static final int MAX_ALLOCATION_LENGTH = 0xFFFF;

  private LogCommands() {}

  /**
   * LOG SENSE with every field given.
   *
   * @param ppc parameter pointer control: return only parameters whose values changed since the
   *     last LOG SELECT/SENSE (rarely supported; false normally)
   * @param sp save parameters (write the page to non-volatile storage after reading)
   * @param pc which value set to read
   * @param pageCode 00h..3Fh
   * @param subpageCode 00h..FFh
   * @param parameterPointer first parameter code to return (0 for all)
   * @param allocationLength 1..65535 bytes
   */
  public static ScsiCommand logSense(
      boolean ppc,
      boolean sp,
      LogPageControl pc,
      int pageCode,
      int subpageCode,
      int parameterPointer,
      int allocationLength) {
    Objects.requireNonNull(pc, "pc");
    checkPage(pageCode, subpageCode);
    Checks.range("parameter pointer", parameterPointer, 0, 0xFFFF);
    Checks.range("allocation length", allocationLength, 1, MAX_ALLOCATION_LENGTH);
    byte[] cdb = new byte[10];
    cdb[0] = 0x4D;
    cdb[1] = (byte) ((ppc ? 0x02 : 0) | (sp ? 0x01 : 0));
    cdb[2] = (byte) ((pc.code() << 6) | pageCode);
    cdb[3] = (byte) subpageCode;
    Bytes.put16(cdb, 5, parameterPointer);
    Bytes.put16(cdb, 7, allocationLength);
    return new ScsiCommand(
        "LOG SENSE", cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /** LOG SENSE of the current cumulative values of one page/subpage, all parameters. */
  public static ScsiCommand logSense(int pageCode, int subpageCode, int allocationLength) {
    return logSense(
        false, false, LogPageControl.CUMULATIVE_CURRENT, pageCode, subpageCode, 0, allocationLength);
  }

  /**
   * LOG SELECT sending a parameter list (to set thresholds or cumulative values).
   *
   * @param parameterListLength length of the data the caller will send (0..65535)
   */
  public static ScsiCommand logSelect(
      boolean pcr, boolean sp, LogPageControl pc, int pageCode, int subpageCode, int parameterListLength) {
    Objects.requireNonNull(pc, "pc");
    checkPage(pageCode, subpageCode);
    Checks.range("parameter list length", parameterListLength, 0, 0xFFFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x4C;
    cdb[1] = (byte) ((pcr ? 0x02 : 0) | (sp ? 0x01 : 0));
    cdb[2] = (byte) ((pc.code() << 6) | pageCode);
    cdb[3] = (byte) subpageCode;
    Bytes.put16(cdb, 7, parameterListLength);
    DataDirection dir = parameterListLength == 0 ? DataDirection.NONE : DataDirection.TO_DEVICE;
    return new ScsiCommand("LOG SELECT", cdb, dir, parameterListLength, DEFAULT_TIMEOUT);
  }

  /**
   * LOG SELECT with PCR=1 and no parameter list: resets the {@code pc} values of every page to
   * their defaults (for cumulative values: clears the counters). SPC-5 requires page and subpage
   * code 0 in this form, meaning "all pages".
   */
  public static ScsiCommand resetCounters(LogPageControl pc) {
    return logSelect(true, false, pc, 0, 0, 0);
  }

  private static void checkPage(int pageCode, int subpageCode) {
    Checks.range("page code", pageCode, 0, 0x3F);
    Checks.range("subpage code", subpageCode, 0, 0xFF);
  }
}
