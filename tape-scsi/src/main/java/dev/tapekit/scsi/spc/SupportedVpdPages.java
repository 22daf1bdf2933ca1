package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Supported VPD Pages page (0x00, SPC-5 7.7.18): which VPD page codes the device answers.
 *
 * <pre>
 *  0-3    VPD header, page code 0x00, page length n
 *  4..    one page code per byte, ascending
 * </pre>
 *
 * <p>Contract: a truncated reply yields the page codes that arrived and {@link #truncated()} is
 * true. Immutable.
 *
 * @param deviceType the peripheral device type of the header
 * @param pageCodes the supported page codes, in the device's order
 * @param truncated fewer codes arrived than the page length announces
 */
public record SupportedVpdPages(PeripheralDeviceType deviceType, List<Integer> pageCodes, boolean truncated) {
  public SupportedVpdPages {
    pageCodes = List.copyOf(pageCodes);
  }

  public static SupportedVpdPages parse(byte[] reply) throws MalformedResponseException {
    Vpd.Header h = Vpd.header(reply, Vpd.SUPPORTED_PAGES, "Supported VPD Pages page");
    List<Integer> codes = new ArrayList<>();
    for (int off = 4; off < h.end(); off++) {
      codes.add(reply[off] & 0xFF);
    }
    return new SupportedVpdPages(h.deviceType(), codes, h.truncated());
  }

  public boolean supports(int pageCode) {
    return pageCodes.contains(pageCode);
  }
}
