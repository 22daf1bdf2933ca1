package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders for the REPORT DENSITY SUPPORT reply: a 4-byte header, then fixed-size descriptors.
 *
 * <pre>
 *  0-1  AVAILABLE DENSITY SUPPORT LENGTH   bytes that follow this field (n - 2)
 *  2-3  reserved
 *  4-   descriptors: 52 bytes each (density form) or 56 bytes each (medium type form)
 * </pre>
 *
 * Contract: descriptors are decoded up to the smaller of the stated length and the bytes received
 * (a small allocation length legitimately truncates the list). Some drives (Quantum HH7) state the
 * allocation length instead of the real length and pad with zeros: an all-zero descriptor ends the
 * list and zero padding is ignored. A partial descriptor with data in it, or a stated length below
 * the header, is a {@link MalformedResponseException}.
 */
public final class DensitySupport {
  private static final int HEADER = 4;

  private DensitySupport() {}

  /**
   * One density support data block descriptor (52 bytes).
   *
   * <pre>
   *  0      PRIMARY DENSITY CODE        1 SECONDARY DENSITY CODE
   *  2      WRTOK(7) DUP(6) DEFLT(5) rsvd(4..1) DLV(0)
   *  3-4    DESCRIPTOR LENGTH (31h; valid when DLV)
   *  5-7    BITS PER MM                 8-9 MEDIA WIDTH (0.1 mm)
   *  10-11  TRACKS                      12-15 CAPACITY (megabytes, 10^6 bytes)
   *  16-23  ASSIGNING ORGANIZATION      24-31 DENSITY NAME
   *  32-51  DESCRIPTION                 (ASCII, space padded)
   * </pre>
   *
   * @param primaryCode the density code the drive reports in mode parameters
   * @param secondaryCode an alternative code for the same density (often equal)
   * @param writable WRTOK: the drive can write this density (on this medium, for the MEDIA form)
   * @param duplicate DUP: another descriptor reports the same primary code
   * @param isDefault DEFLT: the density the drive uses by default
   * @param descriptorLength the DESCRIPTOR LENGTH when DLV is set, else -1
   * @param bitsPerMm linear density
   * @param mediaWidth media width in tenths of millimetres
   * @param tracks number of tracks
   * @param capacityMegabytes native capacity in 10^6-byte units
   * @param assigningOrganization e.g. "LTO-CVE"
   * @param densityName e.g. "U-832"
   * @param description e.g. "Ultrium 9/16T"
   */
  public record DensityDescriptor(
      int primaryCode,
      int secondaryCode,
      boolean writable,
      boolean duplicate,
      boolean isDefault,
      int descriptorLength,
      int bitsPerMm,
      int mediaWidth,
      int tracks,
      long capacityMegabytes,
      String assigningOrganization,
      String densityName,
      String description) {
    /** Descriptor size. */
    public static final int LENGTH = 52;

    static DensityDescriptor decode(byte[] d, int off) throws MalformedResponseException {
      String what = "density support descriptor";
      int flags = Bytes.u8(d, off + 2, what);
      return new DensityDescriptor(
          Bytes.u8(d, off, what),
          Bytes.u8(d, off + 1, what),
          (flags & 0x80) != 0,
          (flags & 0x40) != 0,
          (flags & 0x20) != 0,
          (flags & 0x01) != 0 ? Bytes.u16(d, off + 3, what) : -1,
          Bytes.u24(d, off + 5, what),
          Bytes.u16(d, off + 8, what),
          Bytes.u16(d, off + 10, what),
          Bytes.u32(d, off + 12, what),
          Bytes.ascii(d, off + 16, 8, what),
          Bytes.ascii(d, off + 24, 8, what),
          Bytes.ascii(d, off + 32, 20, what));
    }

    /** Native capacity in bytes. */
    public long capacityBytes() {
      return capacityMegabytes * 1_000_000L;
    }
  }

  /**
   * One medium type descriptor (56 bytes), the reply form selected by MEDIUM_TYPE.
   *
   * <pre>
   *  0      MEDIUM TYPE                 1 reserved
   *  2-3    DESCRIPTOR LENGTH (34h)     4 NUMBER OF DENSITY CODES (0..9)
   *  5-13   PRIMARY DENSITY CODE list   14-15 MEDIA WIDTH (0.1 mm)
   *  16-17  MEDIUM LENGTH (m)           18-19 reserved
   *  20-27  ASSIGNING ORGANIZATION      28-35 MEDIUM TYPE NAME
   *  36-55  DESCRIPTION
   * </pre>
   *
   * @param mediumType the medium type code of mode parameter headers
   * @param descriptorLength the DESCRIPTOR LENGTH field
   * @param densityCodes the primary density codes this medium supports (at most 9)
   * @param mediaWidth width in tenths of millimetres
   * @param mediumLength length in metres
   * @param assigningOrganization e.g. "LTO-CVE"
   * @param mediumTypeName e.g. "Ultrium"
   * @param description e.g. "Ultrium 9/16T"
   */
  public record MediumTypeDescriptor(
      int mediumType,
      int descriptorLength,
      List<Integer> densityCodes,
      int mediaWidth,
      int mediumLength,
      String assigningOrganization,
      String mediumTypeName,
      String description) {
    /** Descriptor size. */
    public static final int LENGTH = 56;

    /** At most this many density codes fit the descriptor. */
    public static final int MAX_DENSITY_CODES = 9;

    public MediumTypeDescriptor {
      densityCodes = List.copyOf(densityCodes);
    }

    static MediumTypeDescriptor decode(byte[] d, int off) throws MalformedResponseException {
      String what = "medium type descriptor";
      int count = Bytes.u8(d, off + 4, what);
      if (count > MAX_DENSITY_CODES) {
        throw new MalformedResponseException(
            what + ": " + count + " density codes at offset " + (off + 4) + ", at most " + MAX_DENSITY_CODES + " fit");
      }
      List<Integer> codes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        codes.add(Bytes.u8(d, off + 5 + i, what));
      }
      return new MediumTypeDescriptor(
          Bytes.u8(d, off, what),
          Bytes.u16(d, off + 2, what),
          codes,
          Bytes.u16(d, off + 14, what),
          Bytes.u16(d, off + 16, what),
          Bytes.ascii(d, off + 20, 8, what),
          Bytes.ascii(d, off + 28, 8, what),
          Bytes.ascii(d, off + 36, 20, what));
    }
  }

  /** Decodes the density-code form of the reply (MEDIUM_TYPE clear). */
  public static List<DensityDescriptor> decode(byte[] data) throws MalformedResponseException {
    return descriptors(data, DensityDescriptor.LENGTH, "REPORT DENSITY SUPPORT", DensityDescriptor::decode);
  }

  /** Decodes the medium-type form of the reply (MEDIUM_TYPE set). */
  public static List<MediumTypeDescriptor> decodeMediumTypes(byte[] data) throws MalformedResponseException {
    return descriptors(
        data, MediumTypeDescriptor.LENGTH, "REPORT DENSITY SUPPORT (medium types)", MediumTypeDescriptor::decode);
  }

  private interface DescriptorParser<T> {
    T parse(byte[] data, int offset) throws MalformedResponseException;
  }

  private static <T> List<T> descriptors(byte[] data, int size, String what, DescriptorParser<T> parser)
      throws MalformedResponseException {
    Bytes.require(data, 0, HEADER, what);
    int stated = Bytes.u16(data, 0, what) + 2;
    if (stated < HEADER) {
      throw new MalformedResponseException(
          what + ": available length " + (stated - 2) + " at offset 0 is shorter than the header");
    }
    int end = Math.min(stated, data.length);
    List<T> out = new ArrayList<>();
    int off = HEADER;
    for (; off + size <= end; off += size) {
      if (isZero(data, off, off + size)) {
        return out;
      }
      out.add(parser.parse(data, off));
    }
    if (off < end && !isZero(data, off, end)) {
      throw new MalformedResponseException(
          what + ": " + (end - off) + " byte(s) at offset " + off + " are a partial " + size + "-byte descriptor");
    }
    return out;
  }

  private static boolean isZero(byte[] d, int from, int to) {
    for (int i = from; i < to; i++) {
      if (d[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
