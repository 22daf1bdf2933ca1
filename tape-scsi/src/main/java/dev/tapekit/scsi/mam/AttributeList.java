package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reply of READ ATTRIBUTE service action 00h (attribute values), SPC-5 6.17.2. Unknown
 * identifiers are kept. Immutable.
 *
 * <pre>
 *  0..3 AVAILABLE DATA (u32, n - 3)
 *  4..n attributes, each: id u16, flags u8 (READ ONLY, FORMAT), length u16, value (see {@link Attribute})
 * </pre>
 *
 * <p>Contract of {@link #parse}:
 *
 * <ul>
 *   <li>Bytes after {@code 4 + AVAILABLE DATA} are ignored.
 *   <li>Quantum HH7 (and others) report the allocation length as AVAILABLE DATA and pad the rest
 *       with zeros. A header of five zero bytes (identifier 0000h, length 0, which no real
 *       attribute has: 0000h is 8 bytes long), or fewer than five zero bytes at the end, therefore
 *       ends the list.
 *   <li>A reply shorter than AVAILABLE DATA keeps the complete attributes; an attribute cut in half
 *       is a {@link MalformedResponseException} that names the allocation length to read it all.
 * </ul>
 *
 * @param availableData the AVAILABLE DATA field
 * @param attributes the attributes in reply order
 * @param truncated the reply was shorter than AVAILABLE DATA
 */
public record AttributeList(long availableData, List<Attribute> attributes, boolean truncated) {

  public AttributeList {
    attributes = List.copyOf(attributes);
  }

  public static AttributeList parse(byte[] data) throws MalformedResponseException {
    long available = Bytes.u32(data, 0, "READ ATTRIBUTE available data");
    long declaredEnd = 4 + available;
    int end = (int) Math.min(data.length, declaredEnd);
    List<Attribute> list = new ArrayList<>();
    int off = 4;
    while (off < end) {
      if (off + 5 > end) {
        if (allZero(data, off, end)) {
          break; // zero padding shorter than a header
        }
        throw cut(data, off, declaredEnd, "attribute header");
      }
      int id = Bytes.u16(data, off, "attribute identifier");
      int flags = data[off + 2] & 0xFF;
      int length = Bytes.u16(data, off + 3, "attribute length");
      if (id == 0 && flags == 0 && length == 0) {
        break; // zero padding after the last attribute
      }
      long valueEnd = (long) off + 5 + length;
      if (valueEnd > declaredEnd) {
        throw new MalformedResponseException(String.format(
            "MAM attribute %04Xh at offset %d: %d value bytes run past the available data %d",
            id, off, length, available));
      }
      if (valueEnd > end) {
        throw cut(data, off, declaredEnd, String.format("attribute %04Xh", id));
      }
      list.add(new Attribute(id, (flags & 0x80) != 0, AttributeFormat.of(flags), Bytes.slice(data, off + 5, length, "attribute value")));
      off = (int) valueEnd;
    }
    return new AttributeList(available, list, data.length < declaredEnd);
  }

  private static boolean allZero(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static MalformedResponseException cut(byte[] data, int off, long declaredEnd, String what) {
    return new MalformedResponseException(String.format(
        "READ ATTRIBUTE: %s at offset %d is cut off by the end of the reply (%d bytes); read again with allocation"
            + " length >= %d",
        what, off, data.length, declaredEnd));
  }

  /** The first attribute with this identifier. */
  public Optional<Attribute> get(int id) {
    for (Attribute a : attributes) {
      if (a.id() == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public Optional<Attribute> get(MamAttribute attribute) {
    return get(attribute.id());
  }

  /** Builds a reply (for virtual drives and tests), READ ONLY as each attribute says. */
  public static byte[] encode(List<Attribute> attributes) {
    return AttributeParameterList.encode(attributes, true);
  }
}
