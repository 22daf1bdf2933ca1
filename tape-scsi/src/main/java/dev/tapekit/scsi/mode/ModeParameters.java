package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A MODE SENSE reply decoded: the mode parameter header, block descriptors and mode pages (SPC-5
 * 7.5), with the SSC meaning of the device-specific parameter (SSC-5 8.3.3).
 *
 * <pre>
 *  header(6), 4 bytes                       header(10), 8 bytes
 *  0    mode data length (n - 1)            0-1  mode data length (n - 2)
 *  1    medium type                         2    medium type
 *  2    device-specific parameter           3    device-specific parameter
 *  3    block descriptor length             4    reserved(7-1) | LONGLBA(0)
 *                                           5    reserved
 *                                           6-7  block descriptor length
 *  then block descriptors (8 bytes, or 16 with LONGLBA), then mode pages up to n
 *
 *  device-specific parameter (sequential access): WP(7) | buffered mode(6-4) | speed(3-0)
 * </pre>
 *
 * <p>Contract: the mode data length decides where the reply ends; extra bytes after it are
 * ignored. When fewer bytes arrived than it announces, the header and every block descriptor must
 * still be complete and the pages that arrived whole are kept ({@link #truncated()} is true); a
 * page cut in the middle is a {@link MalformedResponseException}, because writing half a page back
 * with MODE SELECT would change parameters nobody asked to change. Use {@code FullReply} or {@link
 * ModePageAccess} to get the whole reply. Immutable.
 *
 * @param form which header the reply has
 * @param modeDataLength the MODE DATA LENGTH field as sent
 * @param mediumType the medium type byte
 * @param deviceSpecificParameter the device-specific parameter byte
 * @param longLba LONGLBA (10-byte header only): block descriptors are 16 bytes
 * @param blockDescriptors the block descriptors
 * @param pages the complete mode pages, in the device's order
 * @param truncated fewer bytes arrived than the mode data length announces
 */
public record ModeParameters(
    Form form,
    int modeDataLength,
    int mediumType,
    int deviceSpecificParameter,
    boolean longLba,
    List<BlockDescriptor> blockDescriptors,
    List<ModePage> pages,
    boolean truncated) {

  /** The two header forms: MODE SENSE/SELECT(6) and (10). */
  public enum Form {
    SIX(4),
    TEN(8);

    private final int headerLength;

    Form(int headerLength) {
      this.headerLength = headerLength;
    }

    /** 4 or 8. */
    public int headerLength() {
      return headerLength;
    }
  }

  public ModeParameters {
    blockDescriptors = List.copyOf(blockDescriptors);
    pages = List.copyOf(pages);
  }

  /** Decodes a MODE SENSE(6) reply. */
  public static ModeParameters parse6(byte[] reply) throws MalformedResponseException {
    String what = "MODE SENSE(6) data";
    Bytes.require(reply, 0, 4, what);
    int mdl = reply[0] & 0xFF;
    return decode(reply, Form.SIX, mdl, mdl + 1, reply[1] & 0xFF, reply[2] & 0xFF, false, reply[3] & 0xFF, what);
  }

  /** Decodes a MODE SENSE(10) reply. */
  public static ModeParameters parse10(byte[] reply) throws MalformedResponseException {
    String what = "MODE SENSE(10) data";
    Bytes.require(reply, 0, 8, what);
    int mdl = (int) Bytes.getUnsigned(reply, 0, 2);
    return decode(
        reply, Form.TEN, mdl, mdl + 2, reply[2] & 0xFF, reply[3] & 0xFF, (reply[4] & 1) != 0,
        (int) Bytes.getUnsigned(reply, 6, 2), what);
  }

  /** Decodes a reply of the given form. */
  public static ModeParameters parse(Form form, byte[] reply) throws MalformedResponseException {
    return form == Form.SIX ? parse6(reply) : parse10(reply);
  }

  private static ModeParameters decode(
      byte[] d, Form form, int mdl, int total, int mediumType, int dsp, boolean longLba, int bdl, String what)
      throws MalformedResponseException {
    int header = form.headerLength();
    if (total < header) {
      throw new MalformedResponseException(
          what + ": mode data length " + mdl + " at offset 0 is shorter than the " + header + "-byte header");
    }
    int end = Math.min(d.length, total);
    int descriptorLength = longLba ? BlockDescriptor.LONG_LENGTH : BlockDescriptor.SHORT_LENGTH;
    if (bdl % descriptorLength != 0) {
      throw new MalformedResponseException(
          what + ": block descriptor length " + bdl + " is not a multiple of " + descriptorLength);
    }
    if (header + bdl > end) {
      throw new MalformedResponseException(
          what + ": block descriptors end at offset " + (header + bdl) + " but the data ends at " + end);
    }
    List<BlockDescriptor> descriptors = new ArrayList<>();
    for (int off = header; off < header + bdl; off += descriptorLength) {
      descriptors.add(longLba ? BlockDescriptor.parseLong(d, off, what) : BlockDescriptor.parseShort(d, off, what));
    }
    List<ModePage> pages = new ArrayList<>();
    for (int off = header + bdl; off < end; ) {
      ModePage page = ModePage.parse(d, off, end, what);
      pages.add(page);
      off += page.length();
    }
    return new ModeParameters(form, mdl, mediumType, dsp, longLba, descriptors, pages, end < total);
  }

  /** WP: the medium is write protected. */
  public boolean writeProtected() {
    return (deviceSpecificParameter & 0x80) != 0;
  }

  /** Buffered mode, 0..7: 0 unbuffered, 1 buffered (PBS sets 1), 2 buffered per initiator. */
  public int bufferedMode() {
    return (deviceSpecificParameter & 0x70) >>> 4;
  }

  /** Speed, 0..15: 0 the drive's default speed. */
  public int speed() {
    return deviceSpecificParameter & 0x0F;
  }

  /** The first block descriptor, if the device returned one. */
  public Optional<BlockDescriptor> blockDescriptor() {
    return blockDescriptors.isEmpty() ? Optional.empty() : Optional.of(blockDescriptors.get(0));
  }

  /** The page with this code in page_0 format, or in sub_page format with this subpage code. */
  public Optional<ModePage> page(int pageCode, int subpageCode) {
    return pages.stream()
        .filter(p -> p.pageCode() == pageCode && p.subpageCode() == subpageCode && (p.subpageFormat() || subpageCode == 0))
        .findFirst();
  }

  /** The page_0 page with this code. */
  public Optional<ModePage> page(int pageCode) {
    return page(pageCode, 0);
  }

  /** These parameters with {@code page} replacing the page of the same code and subpage, or added. */
  public ModeParameters withPage(ModePage page) {
    List<ModePage> out = new ArrayList<>(pages);
    boolean replaced = false;
    for (int i = 0; i < out.size(); i++) {
      ModePage p = out.get(i);
      if (p.pageCode() == page.pageCode() && p.subpageCode() == page.subpageCode()) {
        out.set(i, page);
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      out.add(page);
    }
    return new ModeParameters(form, modeDataLength, mediumType, deviceSpecificParameter, longLba, blockDescriptors, out, truncated);
  }

  /** These parameters with one block descriptor (short form). */
  public ModeParameters withBlockDescriptor(BlockDescriptor descriptor) {
    return new ModeParameters(
        form, modeDataLength, mediumType, deviceSpecificParameter, false, List.of(descriptor), pages, truncated);
  }

  /** These parameters with another buffered mode (0..7). */
  public ModeParameters withBufferedMode(int mode) {
    Checks.range("buffered mode", mode, 0, 7);
    int dsp = (deviceSpecificParameter & ~0x70) | (mode << 4);
    return new ModeParameters(form, modeDataLength, mediumType, dsp, longLba, blockDescriptors, pages, truncated);
  }

  /**
   * The MODE SELECT parameter list for these parameters in the same header form: see {@link
   * ModeSelectParameterList#build}.
   */
  public byte[] toSelectParameterList() {
    return ModeSelectParameterList.build(form, mediumType, deviceSpecificParameter, blockDescriptor(), pages);
  }
}
