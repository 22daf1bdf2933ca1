package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * The fields of standard INQUIRY data a changer tool needs (SPC-5 6.7.2), with the identification
 * strings kept exactly as sent (blank padding included) because mtx prints them that way.
 *
 * <pre>
 *  0  PERIPHERAL QUALIFIER(7..5) PERIPHERAL DEVICE TYPE(4..0)     8 = medium changer
 *  6  ... MCHNGR(3) ...                                           a changer attached to this device
 *  8-15 T10 vendor identification   16-31 product identification   32-35 product revision level
 * </pre>
 *
 * Immutable.
 *
 * @param peripheralDeviceType bits 4..0 of byte 0
 * @param mediumChangerAttached MCHNGR bit
 * @param vendor bytes 8-15, untrimmed
 * @param product bytes 16-31, untrimmed
 * @param revision bytes 32-35, untrimmed
 */
public record ChangerInquiry(
    int peripheralDeviceType, boolean mediumChangerAttached, String vendor, String product, String revision) {
  /** Peripheral device type 8: medium changer. */
  public static final int MEDIUM_CHANGER = 8;

  /** Decodes standard INQUIRY data; at least 36 bytes are required. */
  public static ChangerInquiry decode(byte[] data) throws MalformedResponseException {
    String what = "standard INQUIRY data";
    Bytes.require(data, 0, 36, what);
    return new ChangerInquiry(
        data[0] & 0x1F,
        (data[6] & 0x08) != 0,
        new String(data, 8, 8, StandardCharsets.ISO_8859_1),
        new String(data, 16, 16, StandardCharsets.ISO_8859_1),
        new String(data, 32, 4, StandardCharsets.ISO_8859_1));
  }

  /** True for a medium changer device (type 8). */
  public boolean isMediumChanger() {
    return peripheralDeviceType == MEDIUM_CHANGER;
  }
}
