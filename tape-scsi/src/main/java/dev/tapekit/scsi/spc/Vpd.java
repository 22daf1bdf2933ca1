package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * Page codes of the vital product data pages tapekit decodes, and the 4-byte header all of them
 * share (SPC-5 7.7.1):
 *
 * <pre>
 *  0    peripheral qualifier(7-5) | peripheral device type(4-0)
 *  1    page code
 *  2-3  page length n (bytes that follow)
 * </pre>
 *
 * A reply longer than {@code 4 + n} is cut to that length; a shorter one is "truncated" and each
 * page decoder says what it does with it.
 */
public final class Vpd {
  public static final int SUPPORTED_PAGES = 0x00;
  public static final int UNIT_SERIAL_NUMBER = 0x80;
  public static final int DEVICE_IDENTIFICATION = 0x83;
  public static final int EXTENDED_INQUIRY_DATA = 0x86;
  public static final int SEQUENTIAL_ACCESS_CAPABILITIES = 0xB0;
  public static final int MANUFACTURER_SERIAL_NUMBER = 0xB1;

  private Vpd() {}

  /**
   * The decoded header.
   *
   * @param qualifier the peripheral qualifier (0 = connected)
   * @param deviceType the peripheral device type
   * @param pageLength what the device says follows the header
   * @param end the offset where decoding stops: {@code min(reply length, 4 + pageLength)}
   */
  record Header(int qualifier, PeripheralDeviceType deviceType, int pageLength, int end) {
    boolean truncated() {
      return end < 4 + pageLength;
    }
  }

  /** Checks the header of a {@code pageCode} reply. */
  static Header header(byte[] reply, int pageCode, String what) throws MalformedResponseException {
    Bytes.require(reply, 0, 4, what);
    int code = reply[1] & 0xFF;
    if (code != pageCode) {
      throw new MalformedResponseException(
          String.format("%s: page code at offset 1 is 0x%02x, expected 0x%02x", what, code, pageCode));
    }
    int pageLength = Bytes.u16(reply, 2, what);
    return new Header(
        (reply[0] & 0xE0) >>> 5,
        PeripheralDeviceType.of(reply[0]),
        pageLength,
        Math.min(reply.length, 4 + pageLength));
  }

  /** Throws unless the reply holds the whole page its header announces. */
  static void requireComplete(Header h, byte[] reply, String what) throws MalformedResponseException {
    if (h.truncated()) {
      throw new MalformedResponseException(
          what + ": page length " + h.pageLength() + " needs " + (4 + h.pageLength())
              + " bytes but the reply has " + reply.length + " (re-issue with a larger allocation length)");
    }
  }
}
