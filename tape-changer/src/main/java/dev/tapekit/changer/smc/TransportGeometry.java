package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Mode page 0x1E, transport geometry parameters: per medium transport element, whether it can rotate
 * (flip) media, for two-sided optical media (SMC-3 7.3.5).
 *
 * <p>Page grammar: {@code 0} PS/SPF/page code 0x1E, {@code 1} page length (2 × number of transports),
 * then one 2-byte descriptor per transport: {@code reserved(7..1) ROTATE(0)}, member number in the
 * transport element set. A trailing odd byte is ignored. Immutable.
 *
 * @param transports one entry per transport element, in member order
 */
public record TransportGeometry(List<Transport> transports) {

  /** One transport's geometry: whether it can rotate media and its member number. */
  public record Transport(boolean canRotate, int memberNumber) {}

  public TransportGeometry {
    transports = List.copyOf(transports);
  }

  /** Decodes the page (starting with its page code byte). */
  public static TransportGeometry decodePage(byte[] page) throws MalformedResponseException {
    String what = "transport geometry page";
    int length = SmcModeSense.checkedPageLength(page, SmcModeSense.TRANSPORT_GEOMETRY, 0, what);
    List<Transport> list = new ArrayList<>();
    for (int off = 2; off + 2 <= 2 + length; off += 2) {
      list.add(new Transport((page[off] & 0x01) != 0, page[off + 1] & 0xFF));
    }
    return new TransportGeometry(list);
  }

  /** Decodes a whole MODE SENSE(6) reply for page 0x1E. */
  public static TransportGeometry decodeModeSense(byte[] reply) throws MalformedResponseException {
    return decodePage(SmcModeSense.page(reply, SmcModeSense.TRANSPORT_GEOMETRY));
  }
}
