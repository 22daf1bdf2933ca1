package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * The 4-byte header every log page starts with (SPC-5 7.3.2.1), and where its body ends in a
 * given reply.
 *
 * <pre>
 *  0    bit 7 DS, bit 6 SPF, bits 5..0 PAGE CODE
 *  1    SUBPAGE CODE
 *  2..3 PAGE LENGTH (n - 3)
 * </pre>
 *
 * @param ds disable save
 * @param spf subpage format (the page is a subpage, or the 00h/FFh list)
 * @param pageCode 00h..3Fh
 * @param subpageCode 00h..FFh
 * @param pageLength the length the header declares
 * @param bodyEnd offset one past the last body byte present: {@code 4 + min(pageLength,
 *     reply - 4)}; bytes beyond {@code 4 + pageLength} are ignored
 * @param truncated the reply holds fewer than {@code pageLength} body bytes (the allocation length
 *     was too small)
 */
public record LogPageHeader(
    boolean ds,
    boolean spf,
    int pageCode,
    int subpageCode,
    int pageLength,
    int bodyEnd,
    boolean truncated) {

  /** Size of the header. */
  public static final int SIZE = 4;

  /** Reads the header of {@code data}; throws if fewer than 4 bytes. */
  public static LogPageHeader read(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, SIZE, "log page header");
    int pageLength = Bytes.u16(data, 2, "log page length");
    int present = data.length - SIZE;
    boolean truncated = present < pageLength;
    return new LogPageHeader(
        (data[0] & 0x80) != 0,
        (data[0] & 0x40) != 0,
        data[0] & 0x3F,
        data[1] & 0xFF,
        pageLength,
        SIZE + Math.min(pageLength, present),
        truncated);
  }

  /** The allocation length that returns the whole page. */
  public int fullLength() {
    return SIZE + pageLength;
  }

  /** Throws unless this is page {@code pageCode}/{@code subpageCode}. */
  public void expect(int pageCode, int subpageCode, String name) throws MalformedResponseException {
    if (this.pageCode != pageCode || this.subpageCode != subpageCode) {
      throw new MalformedResponseException(
          String.format(
              "%s: expected log page %02Xh/%02Xh but the reply is page %02Xh/%02Xh",
              name, pageCode, subpageCode, this.pageCode, this.subpageCode));
    }
  }

  /** Builds the header bytes for a body of {@code bodyLength} bytes. */
  static byte[] encode(boolean ds, boolean spf, int pageCode, int subpageCode, int bodyLength) {
    if (bodyLength > 0xFFFF) {
      throw new IllegalArgumentException("log page body of " + bodyLength + " bytes exceeds 65535");
    }
    byte[] h = new byte[SIZE];
    h[0] = (byte) ((ds ? 0x80 : 0) | (spf ? 0x40 : 0) | (pageCode & 0x3F));
    h[1] = (byte) subpageCode;
    Bytes.put16(h, 2, bodyLength);
    return h;
  }
}
