package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.CodeTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The Device Identification VPD page (0x83, SPC-5 7.7.6): world-wide names of the logical unit,
 * its target ports and the target device, as a list of designation descriptors.
 *
 * <pre>
 *  0-3    VPD header, page code 0x83, page length n
 *  4..    designation descriptors, each:
 *    0    protocol identifier(7-4) | code set(3-0)      1 binary, 2 ASCII, 3 UTF-8
 *    1    PIV(7) | association(5-4) | designator type(3-0)
 *    2    reserved
 *    3    designator length m
 *    4..  designator, m bytes
 * </pre>
 *
 * <p>Contract: descriptors are decoded in the device's order. When the reply is shorter than the
 * page length (or a descriptor claims more bytes than the page has), the complete descriptors are
 * kept, the cut one is dropped and {@link #truncated()} is true. Immutable.
 *
 * @param deviceType the peripheral device type of the header
 * @param designators the complete designation descriptors, in order
 * @param truncated the page was cut short
 */
public record DeviceIdentification(
    PeripheralDeviceType deviceType, List<Designator> designators, boolean truncated) {

  private static final String WHAT = "Device Identification page";

  public DeviceIdentification {
    designators = List.copyOf(designators);
  }

  public static DeviceIdentification parse(byte[] reply) throws MalformedResponseException {
    Vpd.Header h = Vpd.header(reply, Vpd.DEVICE_IDENTIFICATION, WHAT);
    List<Designator> out = new ArrayList<>();
    boolean cut = h.truncated();
    int off = 4;
    while (off < h.end()) {
      if (off + 4 > h.end() || off + 4 + (reply[off + 3] & 0xFF) > h.end()) {
        cut = true;
        break;
      }
      int len = reply[off + 3] & 0xFF;
      out.add(
          new Designator(
              (reply[off] & 0xF0) >>> 4,
              reply[off] & 0x0F,
              (reply[off + 1] & 0x80) != 0,
              (reply[off + 1] & 0x30) >>> 4,
              reply[off + 1] & 0x0F,
              Bytes.slice(reply, off + 4, len, WHAT)));
      off += 4 + len;
    }
    return new DeviceIdentification(h.deviceType(), out, cut);
  }

  /** The designators with the given association. */
  public List<Designator> designators(Association association) {
    return designators.stream().filter(d -> d.association() == association.code()).toList();
  }

  /**
   * The logical unit's NAA name, the identifier SPC-5 makes mandatory and libraries use for drive
   * serial mapping.
   */
  public Optional<Designator> logicalUnitNaa() {
    return designators(Association.LOGICAL_UNIT).stream()
        .filter(d -> d.designatorType() == DesignatorType.NAA.code())
        .findFirst();
  }

  /**
   * A text rendering in the layout of {@code sg_vpd --page=0x83}: descriptors grouped by
   * association (logical unit, target port, target device), each with its type, code set, transport
   * (when PIV is set) and value.
   */
  public String render() {
    StringBuilder sb = new StringBuilder("Device Identification VPD page:\n");
    for (Association a : Association.values()) {
      List<Designator> group = designators(a);
      if (group.isEmpty()) {
        continue;
      }
      sb.append("  ").append(a.text()).append(":\n");
      for (Designator d : group) {
        d.render(sb);
      }
    }
    if (truncated) {
      sb.append("  [page truncated]\n");
    }
    return sb.toString();
  }

  /** ASSOCIATION: what a designator names. */
  public enum Association {
    LOGICAL_UNIT(0, "Addressed logical unit"),
    TARGET_PORT(1, "Target port"),
    TARGET_DEVICE(2, "Target device that contains addressed lu"),
    RESERVED(3, "Reserved [0x3]");

    private final int code;
    private final String text;

    Association(int code, String text) {
      this.code = code;
      this.text = text;
    }

    public int code() {
      return code;
    }

    public String text() {
      return text;
    }

    public static Association of(int code) {
      return values()[code & 3];
    }
  }

  /** DESIGNATOR TYPE (SPC-5 table 667). */
  public enum DesignatorType {
    VENDOR_SPECIFIC(0x0, "vendor specific [0x0]"),
    T10_VENDOR_ID(0x1, "T10 vendor identification"),
    EUI_64(0x2, "EUI-64 based"),
    NAA(0x3, "NAA"),
    RELATIVE_TARGET_PORT(0x4, "Relative target port"),
    TARGET_PORT_GROUP(0x5, "Target port group"),
    LOGICAL_UNIT_GROUP(0x6, "Logical unit group"),
    MD5_LOGICAL_UNIT(0x7, "MD5 logical unit identifier"),
    SCSI_NAME_STRING(0x8, "SCSI name string"),
    PROTOCOL_SPECIFIC_PORT(0x9, "Protocol specific port identifier"),
    UUID(0xA, "UUID identifier"),
    RESERVED(-1, "reserved");

    private static final CodeTable<DesignatorType> BY_CODE = CodeTable.of(values(), DesignatorType::code);

    private final int code;
    private final String text;

    DesignatorType(int code, String text) {
      this.code = code;
      this.text = text;
    }

    public int code() {
      return code;
    }

    public String text() {
      return text;
    }

    public static DesignatorType of(int code) {
      return BY_CODE.getOrDefault(code, RESERVED);
    }
  }

  /**
   * One designation descriptor.
   *
   * @param protocolIdentifier the transport (0 FCP, 1 SPI, 5 iSCSI, 6 SAS, ...), meaningful when
   *     {@code piv} is set and the association is a port or the target device
   * @param codeSet 1 binary, 2 ASCII, 3 UTF-8
   * @param piv protocol identifier valid
   * @param association 0 logical unit, 1 target port, 2 target device
   * @param designatorType see {@link DesignatorType}
   * @param designator the designator bytes
   */
  public record Designator(
      int protocolIdentifier, int codeSet, boolean piv, int association, int designatorType, byte[] designator) {
    private static final String[] PROTOCOLS = {
      "FCP", "SPI", "SSA", "SBP", "SRP", "iSCSI", "SAS", "ADT", "ATA", "UAS", "SOP", "PCIe"
    };

    public Designator {
      designator = designator.clone();
    }

    @Override
    public byte[] designator() {
      return designator.clone();
    }

    public DesignatorType type() {
      return DesignatorType.of(designatorType);
    }

    public Association associationKind() {
      return Association.of(association);
    }

    /** "Binary", "ASCII", "UTF-8" or "Reserved [0xN]". */
    public String codeSetName() {
      switch (codeSet) {
        case 1:
          return "Binary";
        case 2:
          return "ASCII";
        case 3:
          return "UTF-8";
        default:
          return String.format("Reserved [0x%x]", codeSet);
      }
    }

    /** The transport name when the protocol identifier is valid for this descriptor. */
    public Optional<String> transport() {
      if (!piv || association == 0) {
        return Optional.empty();
      }
      if (protocolIdentifier == 0xF) {
        return Optional.of("none");
      }
      return Optional.of(
          protocolIdentifier < PROTOCOLS.length ? PROTOCOLS[protocolIdentifier] : String.format("reserved [0x%x]", protocolIdentifier));
    }

    /** For NAA designators, the NAA field (2, 3, 5 or 6); -1 for other types. */
    public int naaType() {
      return designatorType == DesignatorType.NAA.code() && designator.length > 0 ? (designator[0] & 0xF0) >>> 4 : -1;
    }

    /** The designator as hex ("0x500123456789abcd"), the usual form of NAA and EUI-64 names. */
    public String hex() {
      return "0x" + HexFormat.of().formatHex(designator);
    }

    /** The designator as text for ASCII and UTF-8 code sets (up to the first NUL), else empty. */
    public Optional<String> text() {
      if (codeSet != 2 && codeSet != 3) {
        return Optional.empty();
      }
      int len = 0;
      while (len < designator.length && designator[len] != 0) {
        len++;
      }
      return Optional.of(new String(designator, 0, len, codeSet == 2 ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8));
    }

    /** The 16-bit number of relative target port, target port group and logical unit group designators. */
    public Optional<Integer> number() {
      DesignatorType t = type();
      boolean numeric =
          t == DesignatorType.RELATIVE_TARGET_PORT
              || t == DesignatorType.TARGET_PORT_GROUP
              || t == DesignatorType.LOGICAL_UNIT_GROUP;
      return numeric && designator.length >= 4 ? Optional.of((int) Bytes.getUnsigned(designator, 2, 2)) : Optional.empty();
    }

    /** One line with the designator's value, as sg_vpd shows it. */
    public String valueText() {
      DesignatorType t = type();
      Optional<Integer> number = number();
      if (number.isPresent()) {
        return t.text() + ": 0x" + Integer.toHexString(number.get());
      }
      switch (t) {
        case T10_VENDOR_ID:
          {
            String all = new String(designator, StandardCharsets.US_ASCII);
            String vendor = all.substring(0, Math.min(8, all.length()));
            return "vendor id: " + vendor + (all.length() > 8 ? ", vendor specific: " + all.substring(8) : "");
          }
        case SCSI_NAME_STRING:
          return "SCSI name string: " + text().orElse(hex());
        case UUID:
          if (designator.length == 18) {
            String h = HexFormat.of().formatHex(designator, 2, 18);
            return "Locally assigned UUID: " + h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16)
                + '-' + h.substring(16, 20) + '-' + h.substring(20);
          }
          return hex();
        default:
          return text().filter(s -> t == DesignatorType.VENDOR_SPECIFIC).map(s -> "vendor specific: " + s).orElse(hex());
      }
    }

    void render(StringBuilder sb) {
      sb.append("    designator type: ").append(type().text()).append(",  code set: ").append(codeSetName()).append('\n');
      transport().ifPresent(p -> sb.append("     transport: ").append(p).append('\n'));
      sb.append("      ").append(valueText()).append('\n');
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Designator d
          && d.protocolIdentifier == protocolIdentifier
          && d.codeSet == codeSet
          && d.piv == piv
          && d.association == association
          && d.designatorType == designatorType
          && Arrays.equals(d.designator, designator);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(designator) * 31 + designatorType;
    }

    @Override
    public String toString() {
      return associationKind().text() + " " + type().text() + " " + valueText();
    }
  }
}
