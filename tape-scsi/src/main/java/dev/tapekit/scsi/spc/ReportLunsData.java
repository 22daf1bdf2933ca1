package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * REPORT LUNS parameter data (SPC-5 6.33): the logical units behind a target.
 *
 * <pre>
 *  0-3    LUN list length n (bytes of LUNs, a multiple of 8)
 *  4-7    reserved
 *  8..    n / 8 LUNs of 8 bytes (SAM-5 4.7: four 2-byte levels, first level first)
 * </pre>
 *
 * <p>Contract: a reply cut short by the allocation length (typical when only the first 16 bytes
 * were asked for to learn {@code n}) yields the complete LUNs that arrived and {@link #truncated()}
 * is true. A list length that is not a multiple of 8 is malformed. Immutable.
 *
 * @param lunListLength the LUN LIST LENGTH field
 * @param luns the complete LUNs that arrived
 * @param truncated fewer LUNs arrived than the list length announces
 */
public record ReportLunsData(long lunListLength, List<Lun> luns, boolean truncated) {
  private static final String WHAT = "REPORT LUNS data";

  public ReportLunsData {
    luns = List.copyOf(luns);
  }

  public static ReportLunsData parse(byte[] reply) throws MalformedResponseException {
    long listLength = Bytes.u32(reply, 0, WHAT);
    Bytes.require(reply, 0, 8, WHAT);
    if (listLength % 8 != 0) {
      throw new MalformedResponseException(WHAT + ": LUN list length " + listLength + " at offset 0 is not a multiple of 8");
    }
    long end = Math.min(reply.length, 8 + listLength);
    List<Lun> luns = new ArrayList<>();
    for (int off = 8; off + 8 <= end; off += 8) {
      luns.add(new Lun(Bytes.slice(reply, off, 8, WHAT)));
    }
    return new ReportLunsData(listLength, luns, luns.size() < listLength / 8);
  }

  /**
   * One 8-byte LUN.
   *
   * <p>First-level addressing (byte 0 bits 7-6): 00 peripheral device (bus identifier in bits
   * 5-0 of byte 0, LUN in byte 1), 01 flat space (14-bit LUN in byte 0 bits 5-0 and byte 1), 10
   * logical unit (target, bus, LUN), 11 extended.
   *
   * @param bytes the 8 LUN bytes
   */
  public record Lun(byte[] bytes) {
    public Lun {
      if (bytes.length != 8) {
        throw new IllegalArgumentException("a LUN has 8 bytes, not " + bytes.length);
      }
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The first-level address method: 0 peripheral, 1 flat space, 2 logical unit, 3 extended. */
    public int addressMethod() {
      return (bytes[0] & 0xC0) >>> 6;
    }

    /** True when only the first level is used (bytes 2..7 are zero), as on every tape device. */
    public boolean singleLevel() {
      for (int i = 2; i < 8; i++) {
        if (bytes[i] != 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * The LUN number of a single-level peripheral or flat space address: for peripheral
     * addressing with bus 0 the byte 1 value, otherwise the 14-bit value of bytes 0..1 without
     * the method bits. -1 for other methods or multi-level LUNs.
     */
    public int number() {
      int method = addressMethod();
      if (!singleLevel() || (method != 0 && method != 1)) {
        return -1;
      }
      return ((bytes[0] & 0x3F) << 8) | (bytes[1] & 0xFF);
    }

    /**
     * The number Linux shows in {@code [h:c:t:L]} ({@code scsilun_to_int}): the 2-byte levels
     * packed low level first, so a single-level peripheral LUN 5 is 5 and a flat space LUN 5 is
     * 0x4005.
     */
    public long linuxLun() {
      long lun = 0;
      for (int i = 0; i < 8; i += 2) {
        lun |= (long) (((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)) << (i * 8);
      }
      return lun;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Lun l && Arrays.equals(l.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Lun[" + HexFormat.of().formatHex(bytes) + (number() >= 0 ? ", " + number() : "") + "]";
    }
  }
}
