package dev.tapekit.scsi.discovery;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.internal.Bytes;

/**
 * Decodes the Unit Serial Number VPD page (0x80, SPC-5 7.7.20), as the kernel exposes it in the
 * sysfs attribute {@code vpd_pg80}.
 *
 * <pre>
 * byte 0      peripheral qualifier (bits 7..5) | peripheral device type (bits 4..0)
 * byte 1      page code = 0x80
 * bytes 2..3  page length n (big-endian)
 * bytes 4..   product serial number, n bytes of ASCII, padded with spaces (some drives right-align)
 * </pre>
 *
 * <p>Leading and trailing spaces and NULs are removed. Stateless and thread-safe.
 */
final class UnitSerialNumber {
  static final int PAGE_CODE = 0x80;
  private static final String WHAT = "Unit Serial Number VPD page";

  private UnitSerialNumber() {}

  /**
   * Returns the serial number, possibly empty (the page may be blank).
   *
   * @throws MalformedResponseException when the page is shorter than its header or its page length, or
   *     is another page
   */
  static String parse(byte[] page) throws MalformedResponseException {
    int code = Bytes.u8(page, 1, WHAT + " page code");
    if (code != PAGE_CODE) {
      throw new MalformedResponseException(WHAT + ": page code 0x" + Integer.toHexString(code) + " at offset 1, expected 0x80");
    }
    int length = Bytes.u16(page, 2, WHAT + " page length");
    return Bytes.ascii(page, 4, length, WHAT + " serial number").strip();
  }
}
