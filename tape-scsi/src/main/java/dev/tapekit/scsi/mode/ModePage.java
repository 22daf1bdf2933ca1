package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One mode page as sent by the device, undecoded (SPC-5 7.5.7). Typed views such as {@link
 * DataCompressionPage} wrap it; pages tapekit has no type for stay in this form and round-trip
 * unchanged through MODE SELECT.
 *
 * <pre>
 *  page_0 format (SPF=0)                  sub_page format (SPF=1)
 *  0    PS(7) | SPF(6) | page code(5-0)    0    PS(7) | SPF(6) | page code(5-0)
 *  1    page length n                      1    subpage code
 *  2..  n parameter bytes                  2-3  page length n
 *                                          4..  n parameter bytes
 * </pre>
 *
 * @param parametersSavable PS: the device can save this page (always sent as 0 in MODE SELECT)
 * @param subpageFormat SPF: the page uses the sub_page format
 * @param pageCode 0x00..0x3F
 * @param subpageCode the subpage code (0 in page_0 format)
 * @param parameters the bytes after the page header
 */
public record ModePage(
    boolean parametersSavable, boolean subpageFormat, int pageCode, int subpageCode, byte[] parameters) {

  public ModePage {
    Checks.range("page code", pageCode, 0, 0x3F);
    Checks.range("subpage code", subpageCode, 0, subpageFormat ? 0xFF : 0);
    Checks.range("page length", parameters.length, 0, subpageFormat ? 0xFFFF : 0xFF);
    parameters = parameters.clone();
  }

  @Override
  public byte[] parameters() {
    return parameters.clone();
  }

  /** Header size: 2 in page_0 format, 4 in sub_page format. */
  public int headerLength() {
    return subpageFormat ? 4 : 2;
  }

  /** Bytes on the wire: header plus parameters. */
  public int length() {
    return headerLength() + parameters.length;
  }

  /** The same page with PS cleared, as MODE SELECT requires. */
  public ModePage forSelect() {
    return parametersSavable ? new ModePage(false, subpageFormat, pageCode, subpageCode, parameters) : this;
  }

  /** The page in wire form, header included. */
  public byte[] encode() {
    byte[] out = new byte[length()];
    out[0] = (byte) ((parametersSavable ? 0x80 : 0) | (subpageFormat ? 0x40 : 0) | pageCode);
    if (subpageFormat) {
      out[1] = (byte) subpageCode;
      Bytes.put16(out, 2, parameters.length);
    } else {
      out[1] = (byte) parameters.length;
    }
    System.arraycopy(parameters, 0, out, headerLength(), parameters.length);
    return out;
  }

  /**
   * Decodes the page starting at {@code off}; it must end at or before {@code end}.
   *
   * @throws MalformedResponseException when the header or the announced parameters do not fit
   */
  public static ModePage parse(byte[] d, int off, int end, String what) throws MalformedResponseException {
    if (off + 2 > end) {
      throw new MalformedResponseException(what + ": mode page header at offset " + off + " is cut off at " + end);
    }
    boolean spf = (d[off] & 0x40) != 0;
    int headerLength = spf ? 4 : 2;
    if (off + headerLength > end) {
      throw new MalformedResponseException(what + ": sub_page header at offset " + off + " is cut off at " + end);
    }
    int length = spf ? (int) Bytes.getUnsigned(d, off + 2, 2) : d[off + 1] & 0xFF;
    if (off + headerLength + length > end) {
      throw new MalformedResponseException(
          String.format(
              "%s: mode page 0x%02x at offset %d announces %d parameter bytes but only %d remain",
              what, d[off] & 0x3F, off, length, end - off - headerLength));
    }
    return new ModePage(
        (d[off] & 0x80) != 0,
        spf,
        d[off] & 0x3F,
        spf ? d[off + 1] & 0xFF : 0,
        Bytes.slice(d, off + headerLength, length, what));
  }

  /** Decodes one page that fills {@code bytes} exactly. */
  public static ModePage parse(byte[] bytes) throws MalformedResponseException {
    ModePage page = parse(bytes, 0, bytes.length, "mode page");
    if (page.length() != bytes.length) {
      throw new MalformedResponseException(
          "mode page: " + bytes.length + " bytes given but the page length announces " + page.length());
    }
    return page;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModePage p
        && p.parametersSavable == parametersSavable
        && p.subpageFormat == subpageFormat
        && p.pageCode == pageCode
        && p.subpageCode == subpageCode
        && Arrays.equals(p.parameters, parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parameters) * 31 + pageCode * 257 + subpageCode;
  }

  @Override
  public String toString() {
    return String.format(
        "ModePage[0x%02x%s%s, %s]",
        pageCode, subpageFormat ? String.format("/0x%02x", subpageCode) : "", parametersSavable ? " PS" : "",
        HexFormat.ofDelimiter(" ").formatHex(parameters));
  }
}
