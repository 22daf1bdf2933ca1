package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import java.util.List;

/**
 * Tape data encryption IN pages 0000h (Tape Data Encryption In Support) and 0001h (Out Support),
 * SSC-5 8.5.2.2 and 8.5.2.3: which pages the drive serves and accepts. Immutable.
 *
 * <pre>
 *  0..1 PAGE CODE (0000h or 0001h)
 *  2..3 PAGE LENGTH (n - 3)
 *  4..n PAGE CODE (u16), repeated
 * </pre>
 *
 * @param pageCode 0000h (in support) or 0001h (out support)
 * @param pages the page codes listed
 */
public record EncryptionPageList(int pageCode, List<Integer> pages) {
  public static final int IN_SUPPORT = 0x0000;
  public static final int OUT_SUPPORT = 0x0001;

  public EncryptionPageList {
    pages = List.copyOf(pages);
  }

  /** Decodes page {@code pageCode} (0000h or 0001h). */
  public static EncryptionPageList parse(byte[] data, int pageCode) throws MalformedResponseException {
    String name = pageCode == IN_SUPPORT ? "tape data encryption in support page" : "tape data encryption out support page";
    int end = SspPages.body(data, pageCode, 0, name);
    return new EncryptionPageList(pageCode, SspPages.u16List(data, 4, end, name));
  }

  public boolean supports(int page) {
    return pages.contains(page);
  }
}
