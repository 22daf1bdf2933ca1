package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * A serial number VPD page: Unit Serial Number (0x80, SPC-5 7.7.19), the serial the logical unit
 * reports for itself, or Manufacturer-assigned Serial Number (0xB1, SSC-5 6.3.3), the serial
 * printed on the drive, which libraries and {@code /dev/tape/by-id} use.
 *
 * <pre>
 *  0-3    VPD header, page code 0x80 or 0xB1, page length n
 *  4..    serial number, n bytes of ASCII, right-aligned or space/NUL padded
 * </pre>
 *
 * <p>Contract: a serial number cut short would silently name another device, so a truncated reply
 * is a {@link MalformedResponseException}. Leading and trailing spaces and NULs are removed.
 *
 * @param pageCode 0x80 or 0xB1
 * @param deviceType the peripheral device type of the header
 * @param serialNumber the trimmed serial number
 */
public record SerialNumberVpd(int pageCode, PeripheralDeviceType deviceType, String serialNumber) {

  /** Decodes page 0x80. */
  public static SerialNumberVpd parseUnitSerialNumber(byte[] reply) throws MalformedResponseException {
    return parse(reply, Vpd.UNIT_SERIAL_NUMBER, "Unit Serial Number page");
  }

  /** Decodes page 0xB1. */
  public static SerialNumberVpd parseManufacturerSerialNumber(byte[] reply) throws MalformedResponseException {
    return parse(reply, Vpd.MANUFACTURER_SERIAL_NUMBER, "Manufacturer-assigned Serial Number page");
  }

  private static SerialNumberVpd parse(byte[] reply, int pageCode, String what) throws MalformedResponseException {
    Vpd.Header h = Vpd.header(reply, pageCode, what);
    Vpd.requireComplete(h, reply, what);
    return new SerialNumberVpd(pageCode, h.deviceType(), Bytes.ascii(reply, 4, h.pageLength(), what).strip());
  }
}
