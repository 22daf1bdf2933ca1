package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A decoded READ ELEMENT STATUS reply (SMC-3 7.5).
 *
 * <pre>
 *  0-1 first element address reported
 *  2-3 number of elements available
 *  4   reserved
 *  5-7 byte count of report available (all pages, excluding this 8-byte header)
 *  8   element status pages (see {@link ElementStatusPage}), back to back
 * </pre>
 *
 * <p>Rules, as Proxmox Backup Server applies them to real libraries:
 *
 * <ul>
 *   <li>number of elements 0: an empty report, whatever follows;
 *   <li>a report byte count smaller than the bytes received: the rest is ignored (trailing garbage);
 *   <li>a report byte count larger than the bytes received: malformed (the caller asks again with a
 *       larger allocation or fewer elements, see {@link #reportLength(byte[])});
 *   <li>a page descriptor length of 0: malformed;
 *   <li>a page byte count running past the report: clamped to the report;
 *   <li>the page data is cut into descriptors of exactly the descriptor length; a partial last one is
 *       ignored.
 * </ul>
 *
 * Immutable.
 *
 * @param firstAddress first element address reported
 * @param numberAvailable number of elements available, as the header says
 * @param byteCount byte count of report available, as the header says
 * @param pages the element status pages
 */
public record ElementStatusData(int firstAddress, int numberAvailable, int byteCount, List<ElementStatusPage> pages) {
  /** Size of the element status data header and of each page header. */
  public static final int HEADER_LENGTH = 8;

  public ElementStatusData {
    pages = List.copyOf(pages);
  }

  /**
   * The number of bytes the whole report needs ({@code 8 + byte count}), from the first 8 bytes.
   *
   * @throws MalformedResponseException when fewer than 8 bytes were received
   */
  public static int reportLength(byte[] data) throws MalformedResponseException {
    return HEADER_LENGTH + Bytes.u24(data, 5, "element status data header");
  }

  /** Decodes a reply; see the class comment for the rules. */
  public static ElementStatusData decode(byte[] data) throws MalformedResponseException {
    String what = "element status data header";
    Bytes.require(data, 0, HEADER_LENGTH, what);
    int first = Bytes.u16(data, 0, what);
    int number = Bytes.u16(data, 2, what);
    int byteCount = Bytes.u24(data, 5, what);
    if (number == 0) {
      return new ElementStatusData(first, 0, byteCount, List.of());
    }
    int limit = HEADER_LENGTH + byteCount;
    if (limit > data.length) {
      throw new MalformedResponseException(
          what + ": byte count of report available " + byteCount + " at offset 5 needs " + limit
              + " bytes but only " + data.length + " were received");
    }
    List<ElementStatusPage> pages = new ArrayList<>();
    int off = HEADER_LENGTH;
    while (off < limit) {
      String pageWhat = "element status page at offset " + off;
      if (off + HEADER_LENGTH > limit) {
        throw new MalformedResponseException(
            pageWhat + ": " + (limit - off) + " byte(s) left in the report, a page header needs 8");
      }
      ElementType type = ElementType.ofReplyCode(data[off] & 0x0F, pageWhat);
      boolean pVolTag = (data[off + 1] & 0x80) != 0;
      boolean aVolTag = (data[off + 1] & 0x40) != 0;
      int descriptorLength = Bytes.u16(data, off + 2, pageWhat);
      if (descriptorLength == 0) {
        throw new MalformedResponseException(pageWhat + ": element descriptor length 0 at offset " + (off + 2));
      }
      int declared = Bytes.u24(data, off + 5, pageWhat);
      int available = Math.min(declared, limit - off - HEADER_LENGTH);
      List<ElementDescriptor> descriptors = new ArrayList<>();
      int start = off + HEADER_LENGTH;
      for (int d = start; d + descriptorLength <= start + available; d += descriptorLength) {
        descriptors.add(ElementDescriptor.decode(data, d, descriptorLength, type, pVolTag, aVolTag));
      }
      pages.add(new ElementStatusPage(type, pVolTag, aVolTag, descriptorLength, declared, descriptors));
      off = start + available;
    }
    return new ElementStatusData(first, number, byteCount, pages);
  }

  /**
   * Decodes a reply from a changer that transfers only "byte count of report available" bytes, as if
   * that count included the 8-byte header (Linux tgt 1.0.85 does: 536 bytes announced, 528 sent). The
   * missing 8 bytes are the end of the last descriptor; they are taken as zeros only when they carry
   * nothing this decoder reads as text or identity: past the last volume tag's 32 characters (its
   * reserved bytes and sequence number), and where a drive's device identifier would be only when it
   * is empty. Otherwise, or when the reply is short by any other amount, there is no decoding.
   */
  public static Optional<ElementStatusData> decodeEightBytesShort(byte[] data) {
    ElementStatusData whole;
    try {
      if (data.length < HEADER_LENGTH || Bytes.u24(data, 5, "header") != data.length
          || Bytes.u16(data, 2, "header") == 0) {
        return Optional.empty();
      }
      whole = decode(Arrays.copyOf(data, data.length + HEADER_LENGTH));
    } catch (MalformedResponseException e) {
      return Optional.empty();
    }
    if (whole.pages.isEmpty()) {
      return Optional.empty();
    }
    int used = HEADER_LENGTH;
    for (ElementStatusPage p : whole.pages) {
      used += HEADER_LENGTH + p.descriptors().size() * p.descriptorLength();
    }
    ElementStatusPage last = whole.pages.get(whole.pages.size() - 1);
    boolean primary = last.primaryVolumeTags();
    boolean alternate = last.alternateVolumeTags();
    int identifier = 12 + (primary ? VolumeTag.LENGTH : 0) + (alternate ? VolumeTag.LENGTH : 0);
    int textEnd = primary || alternate ? identifier - VolumeTag.LENGTH + VolumeTag.IDENTIFIER_LENGTH : 12;
    int length = last.descriptorLength();
    boolean cutLastDescriptorOnly = used == data.length + HEADER_LENGTH && !last.descriptors().isEmpty();
    if (!cutLastDescriptorOnly || length - HEADER_LENGTH < textEnd || length > identifier + 4) {
      return Optional.empty();
    }
    return Optional.of(whole);
  }

  /** Every descriptor of every page, in reply order. */
  public List<ElementDescriptor> descriptors() {
    List<ElementDescriptor> all = new ArrayList<>();
    for (ElementStatusPage p : pages) {
      all.addAll(p.descriptors());
    }
    return all;
  }
}
