package dev.tapekit.changer.testing;

import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.testing.FixedSense;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Test-side encoder of READ ELEMENT STATUS replies and SMC mode pages, written from the SMC-3 field tables. */
public final class ElementStatusEncoder {
  private ElementStatusEncoder() {}

  /** 36-byte volume tag: text blank-filled to 32 bytes, 4 zero bytes. */
  public static byte[] tag(String text) {
    byte[] t = new byte[36];
    Arrays.fill(t, 0, 32, (byte) ' ');
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, t, 0, b.length);
    return t;
  }

  /** The DVCID identification bytes a drive sends (4-byte header + identifier). */
  public static byte[] identification(SimElement e) {
    if (e.serial == null) {
      return new byte[4];
    }
    byte[] id;
    int type;
    if (e.t10VendorForm) {
      String s = String.format("%-8s%-16s%-10s", "IBM", "ULT3580-TD8", e.serial);
      id = s.getBytes(StandardCharsets.US_ASCII);
      type = 1;
    } else {
      id = e.serial.getBytes(StandardCharsets.US_ASCII);
      type = 0;
    }
    byte[] out = new byte[4 + id.length];
    out[0] = 2;
    out[1] = (byte) type;
    out[3] = (byte) id.length;
    System.arraycopy(id, 0, out, 4, id.length);
    return out;
  }

  /** One element descriptor of {@code length} bytes (zero padded). */
  public static byte[] descriptor(SimElement e, boolean voltag, boolean avoltag, boolean dvcid, int length) {
    byte[] d = new byte[length];
    d[0] = (byte) (e.address >> 8);
    d[1] = (byte) e.address;
    d[2] = (byte) ((e.full ? 0x01 : 0) | (e.asc != 0 ? 0x04 : 0) | (e.access ? 0x08 : 0)
        | (e.type == ElementType.IMPORT_EXPORT ? 0x30 : 0));
    d[4] = (byte) e.asc;
    d[5] = (byte) e.ascq;
    if (length >= 12) {
      d[9] = (byte) ((e.sourceValid ? 0x80 : 0) | (e.full ? 1 : 0));
      d[10] = (byte) (e.sourceAddress >> 8);
      d[11] = (byte) e.sourceAddress;
    }
    int off = 12;
    if (voltag) {
      byte[] t = e.rawTag != null ? e.rawTag : e.tag != null && e.full ? tag(e.tag) : new byte[36];
      System.arraycopy(t, 0, d, off, 36);
      off += 36;
    }
    if (avoltag) {
      byte[] t = e.alternateTag != null ? tag(e.alternateTag) : new byte[36];
      System.arraycopy(t, 0, d, off, 36);
      off += 36;
    }
    if (dvcid && e.type == ElementType.DATA_TRANSFER) {
      byte[] id = identification(e);
      System.arraycopy(id, 0, d, off, Math.min(id.length, length - off));
    }
    return d;
  }

  /** Descriptor length for a page of these elements. */
  public static int descriptorLength(List<SimElement> elements, boolean voltag, boolean avoltag, boolean dvcid) {
    int base = 12 + (voltag ? 36 : 0) + (avoltag ? 36 : 0);
    int id = 4;
    if (dvcid) {
      for (SimElement e : elements) {
        id = Math.max(id, identification(e).length);
      }
    }
    return base + id;
  }

  /** An element status page: 8-byte page header + descriptors. */
  public static byte[] page(ElementType type, List<SimElement> elements, boolean voltag, boolean avoltag, boolean dvcid) {
    int len = descriptorLength(elements, voltag, avoltag, dvcid);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = len * elements.size();
    out.writeBytes(new byte[] {
      (byte) type.code(), (byte) ((voltag ? 0x80 : 0) | (avoltag ? 0x40 : 0)), (byte) (len >> 8), (byte) len,
      0, (byte) (count >> 16), (byte) (count >> 8), (byte) count});
    for (SimElement e : elements) {
      out.writeBytes(descriptor(e, voltag, avoltag, dvcid, len));
    }
    return out.toByteArray();
  }

  /** The 8-byte data header + pages. */
  public static byte[] report(int firstAddress, int elements, byte[]... pages) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : pages) {
      body.writeBytes(p);
    }
    int n = body.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {
      (byte) (firstAddress >> 8), (byte) firstAddress, (byte) (elements >> 8), (byte) elements,
      0, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A MODE SENSE(6) reply carrying page 0x1D. */
  public static byte[] assignmentPage(int mtStart, int mt, int stStart, int st, int ieStart, int ie, int dtStart, int dt) {
    byte[] r = new byte[24];
    r[0] = 23;
    r[4] = 0x1D;
    r[5] = 0x12;
    int[] v = {mtStart, mt, stStart, st, ieStart, ie, dtStart, dt};
    for (int i = 0; i < v.length; i++) {
      r[6 + 2 * i] = (byte) (v[i] >> 8);
      r[7 + 2 * i] = (byte) v[i];
    }
    return r;
  }

  /** Fixed-format sense: key, ASC, ASCQ, optional 3 sense-key specific bytes. */
  public static byte[] sense(int key, int asc, int ascq, int... sks) {
    FixedSense s = FixedSense.of(SenseKey.of(key), asc, ascq);
    return (sks.length == 0 ? s : s.senseKeySpecific(sks[0], sks[1], sks[2])).bytes();
  }
}
