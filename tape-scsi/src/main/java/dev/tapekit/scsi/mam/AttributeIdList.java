package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply of READ ATTRIBUTE service actions 01h (attribute list) and 05h (supported
 * attributes), SPC-5 6.17.3 and 6.17.6: a list of identifiers. Immutable.
 *
 * <pre>
 *  0..3 AVAILABLE DATA (u32, n - 3)
 *  4..n ATTRIBUTE IDENTIFIER (u16), repeated
 * </pre>
 *
 * <p>A reply shorter than AVAILABLE DATA keeps the identifiers present ({@link #truncated()}); an
 * odd byte left over is a {@link MalformedResponseException}.
 *
 * @param ids the identifiers in reply order
 * @param truncated the reply was shorter than AVAILABLE DATA
 */
public record AttributeIdList(List<Integer> ids, boolean truncated) {
  public AttributeIdList {
    ids = List.copyOf(ids);
  }

  public static AttributeIdList parse(byte[] data) throws MalformedResponseException {
    long available = Bytes.u32(data, 0, "READ ATTRIBUTE available data");
    if ((available & 1) != 0) {
      throw new MalformedResponseException("READ ATTRIBUTE attribute list: odd available data " + available);
    }
    int end = (int) Math.min(data.length, 4 + available);
    if (((end - 4) & 1) != 0) {
      throw new MalformedResponseException(
          "READ ATTRIBUTE attribute list: identifier at offset " + (end - 1) + " is cut in half");
    }
    List<Integer> ids = new ArrayList<>();
    for (int off = 4; off < end; off += 2) {
      ids.add(Bytes.u16(data, off, "attribute identifier"));
    }
    return new AttributeIdList(ids, data.length < 4 + available);
  }
}
