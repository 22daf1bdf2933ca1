package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The Supported Log Pages page (00h/00h) or the Supported Log Pages and Subpages page (00h/FFh),
 * SPC-5 7.3.18 and 7.3.19. These pages do not use the parameter format. Immutable.
 *
 * <pre>
 * 00h/00h: header (SPF=0), then one byte per page: bits 5..0 PAGE CODE
 * 00h/FFh: header (SPF=1, subpage FFh), then two bytes per entry: PAGE CODE, SUBPAGE CODE
 * </pre>
 *
 * <p>A reply shorter than the page length decodes the entries present ({@link #truncated()}); a
 * 00h/FFh entry cut in half is a {@link MalformedResponseException}.
 *
 * @param withSubpages the reply was the 00h/FFh form
 * @param pages the listed pages in reply order
 * @param truncated the reply held fewer bytes than the page length
 */
public record SupportedLogPages(boolean withSubpages, List<Entry> pages, boolean truncated) {

  /** One supported page/subpage. */
  public record Entry(int pageCode, int subpageCode) {
    @Override
    public String toString() {
      return subpageCode == 0
          ? String.format("%02Xh", pageCode)
          : String.format("%02Xh/%02Xh", pageCode, subpageCode);
    }
  }

  public SupportedLogPages {
    pages = List.copyOf(pages);
  }

  /** LOG SENSE asking for the 00h/00h list. */
  public static ScsiCommand command() {
    return LogCommands.logSense(0x00, 0x00, 1024);
  }

  /** LOG SENSE asking for the 00h/FFh list. */
  public static ScsiCommand commandWithSubpages() {
    return LogCommands.logSense(0x00, 0xFF, 4096);
  }

  public static SupportedLogPages parse(byte[] data) throws MalformedResponseException {
    LogPageHeader h = LogPageHeader.read(data);
    if (h.pageCode() != 0 || (h.subpageCode() != 0 && h.subpageCode() != 0xFF)) {
      h.expect(0x00, 0x00, "supported log pages");
    }
    boolean pairs = h.subpageCode() == 0xFF;
    List<Entry> list = new ArrayList<>();
    int off = LogPageHeader.SIZE;
    if (pairs) {
      if ((h.pageLength() & 1) != 0) {
        throw new MalformedResponseException(
            "supported log pages and subpages: odd page length " + h.pageLength());
      }
      for (; off + 1 < h.bodyEnd(); off += 2) {
        list.add(new Entry(data[off] & 0x3F, data[off + 1] & 0xFF));
      }
      if (off < h.bodyEnd()) {
        throw new MalformedResponseException(
            "supported log pages and subpages: entry at offset " + off + " is cut in half; read again"
                + " with allocation length >= " + h.fullLength());
      }
    } else {
      for (; off < h.bodyEnd(); off++) {
        list.add(new Entry(data[off] & 0x3F, 0));
      }
    }
    return new SupportedLogPages(pairs, list, h.truncated());
  }

  /** True if the device listed this page/subpage. */
  public boolean supports(int pageCode, int subpageCode) {
    return pages.contains(new Entry(pageCode, subpageCode));
  }
}
