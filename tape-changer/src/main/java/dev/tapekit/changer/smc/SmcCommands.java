package dev.tapekit.changer.smc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;

/**
 * CDB builders for the SMC commands that move media and manage elements (SMC-3 clause 6). All
 * addresses are element addresses (0..65535), not mtx slot numbers. Thread-safe (stateless).
 */
public final class SmcCommands {
  /** Timeout for moves: a picker may need minutes on big libraries (PBS: 300 s). */
  public static final Duration MOVE_TIMEOUT = Duration.ofSeconds(300);
  /** Timeout for INITIALIZE ELEMENT STATUS: a full barcode scan; mtx and PBS allow 30 minutes. */
  public static final Duration INVENTORY_TIMEOUT = Duration.ofMinutes(30);
  /** Timeout for quick commands (PREVENT ALLOW, INQUIRY, mail slot door). */
  public static final Duration SHORT_TIMEOUT = Duration.ofSeconds(60);

  private SmcCommands() {}

  private static int address(int a, String what) {
    Checks.range(what + " element address", a, 0, 0xFFFF);
    return a;
  }

  private static byte eeposControl(int eepos) {
    Checks.range("eepos", eepos, 0, 3);
    return (byte) (eepos << 6);
  }

  private static ScsiCommand noData(String name, byte[] cdb, Duration timeout) {
    return new ScsiCommand(name, cdb, DataDirection.NONE, 0, timeout);
  }

  /**
   * MOVE MEDIUM (0xA5), 12 bytes: {@code A5 00 TT TT SS SS DD DD 00 00 INVERT(10.0) control}.
   *
   * @param transport the medium transport element address (0 lets the changer choose)
   * @param invert rotate the medium (two-sided media)
   */
  public static ScsiCommand moveMedium(int transport, int source, int destination, boolean invert) {
    return moveMedium(transport, source, destination, invert, 0);
  }

  /**
   * MOVE MEDIUM with mtx's {@code eepos} (0..3) in the vendor bits 7..6 of the control byte, which some
   * libraries use to extend or retract a mail slot tray.
   */
  public static ScsiCommand moveMedium(int transport, int source, int destination, boolean invert, int eepos) {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xA5;
    Bytes.put16(cdb, 2, address(transport, "transport"));
    Bytes.put16(cdb, 4, address(source, "source"));
    Bytes.put16(cdb, 6, address(destination, "destination"));
    cdb[10] = (byte) (invert ? 0x01 : 0);
    cdb[11] = eeposControl(eepos);
    return noData("MOVE MEDIUM", cdb, MOVE_TIMEOUT);
  }

  /**
   * EXCHANGE MEDIUM (0xA6), 12 bytes: {@code A6 00 TT TT SS SS D1 D1 D2 D2 INV2(10.1)|INV1(10.0) control}
   * (INV1 rotates the first medium, INV2 the second; Linux {@code ch.c} and mtx agree on the bits).
   * The medium in {@code source} goes to {@code firstDestination}; the medium that was there goes to
   * {@code secondDestination} (equal to {@code source} for a plain swap).
   */
  public static ScsiCommand exchangeMedium(
      int transport, int source, int firstDestination, int secondDestination, boolean invert1, boolean invert2) {
    return exchangeMedium(transport, source, firstDestination, secondDestination, invert1, invert2, 0);
  }

  /** EXCHANGE MEDIUM with mtx's {@code eepos} (0..3) in bits 7..6 of the control byte. */
  public static ScsiCommand exchangeMedium(
      int transport, int source, int firstDestination, int secondDestination, boolean invert1, boolean invert2,
      int eepos) {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xA6;
    Bytes.put16(cdb, 2, address(transport, "transport"));
    Bytes.put16(cdb, 4, address(source, "source"));
    Bytes.put16(cdb, 6, address(firstDestination, "first destination"));
    Bytes.put16(cdb, 8, address(secondDestination, "second destination"));
    cdb[10] = (byte) ((invert1 ? 0x01 : 0) | (invert2 ? 0x02 : 0));
    cdb[11] = eeposControl(eepos);
    return noData("EXCHANGE MEDIUM", cdb, MOVE_TIMEOUT);
  }

  /** INITIALIZE ELEMENT STATUS (0x07), 6 bytes of zeros after the opcode: re-inventory everything. */
  public static ScsiCommand initializeElementStatus() {
    return noData("INITIALIZE ELEMENT STATUS", new byte[] {0x07, 0, 0, 0, 0, 0}, INVENTORY_TIMEOUT);
  }

  /**
   * INITIALIZE ELEMENT STATUS WITH RANGE (0xE7), 12 bytes: {@code E7 FAST(1.1)|RANGE(1.0) AA AA 00 00
   * NN NN 00 00 00 control}. With {@code range} false the address and count are ignored by the device
   * (all elements); {@code fast} asks to scan only elements whose status is unknown.
   */
  public static ScsiCommand initializeElementStatusWithRange(boolean fast, boolean range, int start, int count) {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xE7;
    cdb[1] = (byte) ((fast ? 0x02 : 0) | (range ? 0x01 : 0));
    Bytes.put16(cdb, 2, address(start, "starting"));
    Checks.range("number of elements", count, 0, 0xFFFF);
    Bytes.put16(cdb, 6, count);
    return noData("INITIALIZE ELEMENT STATUS WITH RANGE", cdb, INVENTORY_TIMEOUT);
  }

  /**
   * POSITION TO ELEMENT (0x2B), 10 bytes: {@code 2B 00 TT TT DD DD 00 00 INVERT(8.0) control}: move the
   * picker in front of {@code destination}.
   */
  public static ScsiCommand positionToElement(int transport, int destination, boolean invert) {
    byte[] cdb = new byte[10];
    cdb[0] = 0x2B;
    Bytes.put16(cdb, 2, address(transport, "transport"));
    Bytes.put16(cdb, 4, address(destination, "destination"));
    cdb[8] = (byte) (invert ? 0x01 : 0);
    return noData("POSITION TO ELEMENT", cdb, MOVE_TIMEOUT);
  }

  /**
   * PREVENT ALLOW MEDIUM REMOVAL (0x1E), 6 bytes: {@code 1E 00 00 00 PREVENT(4.1..0) control}; prevent
   * = 01b locks the library's doors and mail slots against operator removal.
   */
  public static ScsiCommand preventAllowMediumRemoval(boolean prevent) {
    return noData("PREVENT ALLOW MEDIUM REMOVAL", new byte[] {0x1E, 0, 0, 0, (byte) (prevent ? 1 : 0), 0}, SHORT_TIMEOUT);
  }

  /**
   * OPEN/CLOSE IMPORT/EXPORT ELEMENT (0x1B), 6 bytes: {@code 1B 00 AA AA ACTION(4.4..0) control}, action
   * 0 opens, 1 closes the mail slot at {@code address}.
   */
  public static ScsiCommand openCloseImportExportElement(int address, boolean open) {
    byte[] cdb = new byte[6];
    cdb[0] = 0x1B;
    Bytes.put16(cdb, 2, address(address, "import/export"));
    cdb[4] = (byte) (open ? 0 : 1);
    return noData(open ? "OPEN IMPORT/EXPORT ELEMENT" : "CLOSE IMPORT/EXPORT ELEMENT", cdb, MOVE_TIMEOUT);
  }

  /** INQUIRY (0x12) standard data, 6 bytes: {@code 12 00 00 AL AL 00}, allocation length 96 as mtx. */
  public static ScsiCommand inquiry() {
    return new ScsiCommand("INQUIRY", new byte[] {0x12, 0, 0, 0, 96, 0}, DataDirection.FROM_DEVICE, 96, SHORT_TIMEOUT);
  }

  /** TEST UNIT READY (0x00). */
  public static ScsiCommand testUnitReady() {
    return noData("TEST UNIT READY", new byte[6], SHORT_TIMEOUT);
  }
}
