package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;

/**
 * The Sequential-Access Device Capabilities VPD page (0xB0 on tape drives, SSC-5 6.3.2).
 *
 * <pre>
 *  0-3    VPD header, page code 0xB0, page length n (at least 1)
 *  4      reserved(7-2) | TSMC(1) | WORM(0)
 *  5..    reserved
 * </pre>
 *
 * <p>Contract: only byte 4 carries fields; a reply that has it decodes even if the page length
 * announces more (the rest is reserved). Without byte 4 the reply is malformed. The whole byte is
 * kept in {@link #flags()} so bits defined by later SSC revisions are not lost.
 *
 * @param deviceType the peripheral device type of the header
 * @param flags byte 4 as sent
 */
public record SequentialAccessCapabilities(PeripheralDeviceType deviceType, int flags) {
  private static final String WHAT = "Sequential-Access Device Capabilities page";

  public static SequentialAccessCapabilities parse(byte[] reply) throws MalformedResponseException {
    Vpd.Header h = Vpd.header(reply, Vpd.SEQUENTIAL_ACCESS_CAPABILITIES, WHAT);
    if (h.pageLength() < 1 || h.end() < 5) {
      throw new MalformedResponseException(
          WHAT + ": needs byte 4 but the page length is " + h.pageLength() + " and the reply has " + reply.length + " bytes");
    }
    return new SequentialAccessCapabilities(h.deviceType(), reply[4] & 0xFF);
  }

  /** WORM: the drive supports write-once-read-many media. */
  public boolean worm() {
    return (flags & 0x01) != 0;
  }

  /** TSMC: the drive is tape stream mirroring capable. */
  public boolean tapeStreamMirroring() {
    return (flags & 0x02) != 0;
  }
}
