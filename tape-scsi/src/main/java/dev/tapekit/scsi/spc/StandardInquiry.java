package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Standard INQUIRY data (SPC-5 6.7.2): who the logical unit is and which standards it claims.
 *
 * <pre>
 *  0      peripheral qualifier(7-5) | peripheral device type(4-0)
 *  1      RMB(7) | LU_CONG(6)
 *  2      version (3 SPC, 4 SPC-2, 5 SPC-3, 6 SPC-4, 7 SPC-5)
 *  3      NORMACA(5) | HISUP(4) | response data format(3-0), 2 for every current device
 *  4      additional length n (total = n + 5)
 *  5      SCCS(7) | ACC(6) | TPGS(5-4) | 3PC(3) | PROTECT(0)
 *  6      ENCSERV(6) | MULTIP(4)
 *  7      CMDQUE(1)
 *  8-15   T10 vendor identification (ASCII, space padded)
 *  16-31  product identification
 *  32-35  product revision level
 *  36-55  vendor specific (IBM LTO drives: the drive serial number)
 *  58-73  version descriptors, 8 x 2 bytes, 0 = unused
 * </pre>
 *
 * <p>Contract: {@link #parse} needs at least {@code min(36, n + 5)} bytes; replies shorter than the
 * announced {@code n + 5} (the allocation length was too small) decode what is there and report
 * {@link #truncated()}: version descriptors are taken only when their two bytes arrived. Extra bytes
 * beyond {@code n + 5} are ignored. Instances are immutable and thread-safe.
 */
public final class StandardInquiry {
  private static final String WHAT = "standard INQUIRY data";

  private final byte[] raw;
  private final int end;

  private StandardInquiry(byte[] raw, int end) {
    this.raw = raw;
    this.end = end;
  }

  /**
   * Decodes standard INQUIRY data.
   *
   * @throws MalformedResponseException when fewer than {@code min(36, n + 5)} bytes arrived, or
   *     the reply is VPD data (response data format not 0..2 is accepted; byte 1 is not checked)
   */
  public static StandardInquiry parse(byte[] reply) throws MalformedResponseException {
    Bytes.require(reply, 0, 5, WHAT);
    int total = (reply[4] & 0xFF) + 5;
    Bytes.require(reply, 0, Math.min(36, total), WHAT);
    return new StandardInquiry(reply.clone(), Math.min(reply.length, total));
  }

  private boolean bit(int offset, int bit) {
    return offset < end && (raw[offset] & (1 << bit)) != 0;
  }

  private String text(int offset, int length) {
    if (offset >= end) {
      return "";
    }
    int len = Math.min(length, end - offset);
    try {
      return Bytes.ascii(raw, offset, len, WHAT);
    } catch (MalformedResponseException impossible) {
      throw new AssertionError(impossible);
    }
  }

  public int peripheralQualifier() {
    return (raw[0] & 0xE0) >>> 5;
  }

  public PeripheralDeviceType deviceType() {
    return PeripheralDeviceType.of(raw[0]);
  }

  /** The raw 5-bit peripheral device type. */
  public int deviceTypeCode() {
    return raw[0] & 0x1F;
  }

  /** RMB: the medium is removable. */
  public boolean removable() {
    return bit(1, 7);
  }

  public boolean luCongregate() {
    return bit(1, 6);
  }

  /** The VERSION byte: which SPC the device claims (see {@link #versionName()}). */
  public int version() {
    return raw[2] & 0xFF;
  }

  /** "SPC-4" for version 6 and so on; "none" for 0. */
  public String versionName() {
    switch (version()) {
      case 0:
        return "none";
      case 3:
        return "SPC";
      case 4:
        return "SPC-2";
      case 5:
        return "SPC-3";
      case 6:
        return "SPC-4";
      case 7:
        return "SPC-5";
      default:
        return String.format("0x%02x", version());
    }
  }

  public boolean normAca() {
    return bit(3, 5);
  }

  public boolean hiSup() {
    return bit(3, 4);
  }

  public int responseDataFormat() {
    return raw[3] & 0x0F;
  }

  /** The ADDITIONAL LENGTH byte: the device has {@code additionalLength() + 5} bytes to send. */
  public int additionalLength() {
    return raw[4] & 0xFF;
  }

  /** True when fewer bytes arrived than the additional length announces. */
  public boolean truncated() {
    return end < additionalLength() + 5;
  }

  public boolean sccs() {
    return bit(5, 7);
  }

  public boolean acc() {
    return bit(5, 6);
  }

  /** Target port group support, 0..3. */
  public int tpgs() {
    return end > 5 ? (raw[5] & 0x30) >>> 4 : 0;
  }

  /** 3PC: third-party copy commands are supported. */
  public boolean thirdPartyCopy() {
    return bit(5, 3);
  }

  /** PROTECT: the logical unit supports protection information (logical block protection on LTO). */
  public boolean protect() {
    return bit(5, 0);
  }

  public boolean encServ() {
    return bit(6, 6);
  }

  public boolean multiP() {
    return bit(6, 4);
  }

  public boolean cmdQue() {
    return bit(7, 1);
  }

  /** T10 vendor identification, trailing blanks removed ("IBM", "HP", "QUANTUM"). */
  public String vendor() {
    return text(8, 8);
  }

  /** Product identification, trailing blanks removed ("ULT3580-TD9"). */
  public String product() {
    return text(16, 16);
  }

  /** Product revision level (firmware), trailing blanks removed. */
  public String revision() {
    return text(32, 4);
  }

  /** Bytes 36..55 (vendor specific), as far as they arrived. */
  public byte[] vendorSpecific() {
    return end <= 36 ? new byte[0] : Arrays.copyOfRange(raw, 36, Math.min(56, end));
  }

  /** The non-zero version descriptors that arrived, in order. */
  public List<VersionDescriptor> versionDescriptors() {
    List<VersionDescriptor> out = new ArrayList<>();
    for (int off = 58; off + 2 <= Math.min(end, 74); off += 2) {
      int code = (int) Bytes.getUnsigned(raw, off, 2);
      if (code != 0) {
        out.add(new VersionDescriptor(code));
      }
    }
    return List.copyOf(out);
  }

  /** The bytes this record was decoded from, cut to the announced length (a copy). */
  public byte[] raw() {
    return Arrays.copyOf(raw, end);
  }

  @Override
  public String toString() {
    return String.format(
        "StandardInquiry[%s, vendor=%s, product=%s, revision=%s, %s%s]",
        deviceType().text(), vendor(), product(), revision(), versionName(), truncated() ? ", truncated" : "");
  }
}
