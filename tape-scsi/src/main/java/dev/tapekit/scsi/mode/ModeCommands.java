package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;

/**
 * CDB builders for MODE SENSE(6)/(10) and MODE SELECT(6)/(10) (SPC-5 6.13..6.16).
 *
 * <pre>
 *  MODE SENSE(6)    1A | DBD(1.3) | PC(2.7-6) page code(2.5-0) | subpage(3) | alloc(4) | control
 *  MODE SENSE(10)   5A | LLBAA(1.4) DBD(1.3) | PC page code(2) | subpage(3) | 0 0 0 | alloc(7-8) | control
 *  MODE SELECT(6)   15 | PF(1.4) SP(1.0) | 0 0 | parameter list length(4) | control
 *  MODE SELECT(10)  55 | PF(1.4) SP(1.0) | 0 0 0 0 0 | parameter list length(7-8) | control
 * </pre>
 *
 * <p>Contract: arguments are checked against the field widths ({@link IllegalArgumentException});
 * MODE SENSE gets {@link #SENSE_TIMEOUT}, MODE SELECT {@link #SELECT_TIMEOUT} because a drive may
 * flush its buffer or reposition before applying new parameters. Stateless and thread-safe.
 */
public final class ModeCommands {
  public static final Duration SENSE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration SELECT_TIMEOUT = Duration.ofSeconds(600);

  /** Page code 0x3F: return all pages. */
  public static final int ALL_PAGES = 0x3F;
  /** Subpage code 0xFF with a page code: return all subpages. */
  public static final int ALL_SUBPAGES = 0xFF;

  private ModeCommands() {}

  /** MODE SENSE(6); {@code allocationLength} 1..255. */
  public static ScsiCommand modeSense6(
      boolean disableBlockDescriptors, ModePageControl pc, int pageCode, int subpageCode, int allocationLength) {
    Checks.range("allocation length", allocationLength, 1, 0xFF);
    byte[] cdb = new byte[6];
    cdb[0] = 0x1A;
    cdb[1] = (byte) (disableBlockDescriptors ? 0x08 : 0);
    pageFields(cdb, pc, pageCode, subpageCode);
    cdb[4] = (byte) allocationLength;
    return new ScsiCommand("MODE SENSE(6)", cdb, DataDirection.FROM_DEVICE, allocationLength, SENSE_TIMEOUT);
  }

  /**
   * MODE SENSE(10); {@code allocationLength} 1..65535.
   *
   * @param longLbaAccepted LLBAA: the device may return 16-byte block descriptors
   */
  public static ScsiCommand modeSense10(
      boolean longLbaAccepted,
      boolean disableBlockDescriptors,
      ModePageControl pc,
      int pageCode,
      int subpageCode,
      int allocationLength) {
    Checks.range("allocation length", allocationLength, 1, 0xFFFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x5A;
    cdb[1] = (byte) ((longLbaAccepted ? 0x10 : 0) | (disableBlockDescriptors ? 0x08 : 0));
    pageFields(cdb, pc, pageCode, subpageCode);
    Bytes.put16(cdb, 7, allocationLength);
    return new ScsiCommand("MODE SENSE(10)", cdb, DataDirection.FROM_DEVICE, allocationLength, SENSE_TIMEOUT);
  }

  /**
   * MODE SELECT(6).
   *
   * @param pageFormat PF: the pages follow the SPC page format (always true for SSC devices)
   * @param savePages SP: also save the parameters to survive power cycles
   * @param parameterListLength 0..255 bytes of parameter list
   */
  public static ScsiCommand modeSelect6(boolean pageFormat, boolean savePages, int parameterListLength) {
    Checks.range("parameter list length", parameterListLength, 0, 0xFF);
    byte[] cdb = new byte[6];
    cdb[0] = 0x15;
    cdb[1] = selectFlags(pageFormat, savePages);
    cdb[4] = (byte) parameterListLength;
    return select("MODE SELECT(6)", cdb, parameterListLength);
  }

  /** MODE SELECT(10); {@code parameterListLength} 0..65535. */
  public static ScsiCommand modeSelect10(boolean pageFormat, boolean savePages, int parameterListLength) {
    Checks.range("parameter list length", parameterListLength, 0, 0xFFFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x55;
    cdb[1] = selectFlags(pageFormat, savePages);
    Bytes.put16(cdb, 7, parameterListLength);
    return select("MODE SELECT(10)", cdb, parameterListLength);
  }

  private static ScsiCommand select(String name, byte[] cdb, int length) {
    return new ScsiCommand(name, cdb, length == 0 ? DataDirection.NONE : DataDirection.TO_DEVICE, length, SELECT_TIMEOUT);
  }

  private static byte selectFlags(boolean pageFormat, boolean savePages) {
    return (byte) ((pageFormat ? 0x10 : 0) | (savePages ? 0x01 : 0));
  }

  private static void pageFields(byte[] cdb, ModePageControl pc, int pageCode, int subpageCode) {
    Checks.range("page code", pageCode, 0, 0x3F);
    Checks.range("subpage code", subpageCode, 0, 0xFF);
    cdb[2] = (byte) ((pc.code() << 6) | pageCode);
    cdb[3] = (byte) subpageCode;
  }
}
