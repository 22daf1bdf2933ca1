package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/** Shared checks for tape data encryption pages: a u16 page code and u16 page length header. */
final class SspPages {
  private SspPages() {}

  /**
   * Checks the header of {@code data} and returns the offset one past the page body ({@code 4 +
   * page length}); the whole body must be present (these pages are small and read with 8 KiB) and
   * the page length at least {@code minimumLength}, the bytes of the page's fixed fields.
   */
  static int body(byte[] data, int pageCode, int minimumLength, String name) throws MalformedResponseException {
    int code = Bytes.u16(data, 0, name + " page code");
    int length = Bytes.u16(data, 2, name + " page length");
    if (code != pageCode) {
      throw new MalformedResponseException(
          String.format("%s: expected page %04Xh but the reply is page %04Xh", name, pageCode, code));
    }
    if (4 + length > data.length) {
      throw new MalformedResponseException(String.format(
          "%s: page length %d needs %d bytes but the reply has %d; read again with allocation length >= %d",
          name, length, 4 + length, data.length, 4 + length));
    }
    if (length < minimumLength) {
      throw new MalformedResponseException(name + ": page length " + length + " is below " + minimumLength);
    }
    return 4 + length;
  }

  /** Reads key-associated data descriptors from {@code off} to {@code end}. */
  static List<KeyAssociatedData> kads(byte[] data, int off, int end, String name)
      throws MalformedResponseException {
    List<KeyAssociatedData> list = new ArrayList<>();
    while (off < end) {
      if (off + 4 > end) {
        throw new MalformedResponseException(name + ": KAD descriptor header at offset " + off + " is cut off");
      }
      int length = Bytes.u16(data, off + 2, name + " KAD length");
      if (off + 4 + length > end) {
        throw new MalformedResponseException(String.format(
            "%s: KAD descriptor at offset %d has %d bytes, past the page end %d", name, off, length, end));
      }
      list.add(new KeyAssociatedData(
          data[off] & 0xFF, data[off + 1] & 0x07, Bytes.slice(data, off + 4, length, name + " KAD")));
      off += 4 + length;
    }
    return list;
  }

  /** Reads a list of u16 values from {@code off} to {@code end}. */
  static List<Integer> u16List(byte[] data, int off, int end, String name) throws MalformedResponseException {
    if (((end - off) & 1) != 0) {
      throw new MalformedResponseException(name + ": odd list length " + (end - off));
    }
    List<Integer> list = new ArrayList<>();
    for (; off < end; off += 2) {
      list.add(Bytes.u16(data, off, name));
    }
    return list;
  }
}
