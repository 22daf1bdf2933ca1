package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.codec.Checks;
import java.util.Map;

/**
 * One VERSION DESCRIPTOR of standard INQUIRY data (bytes 58..73, SPC-5 7.7.2 and table 149): a
 * standard the device claims to conform to. The upper 11 bits name the standard, the low 5 bits a
 * particular revision (0 = "no version claimed").
 *
 * @param code the 16-bit descriptor value
 */
public record VersionDescriptor(int code) {
  private static final Map<Integer, String> FAMILIES =
      Map.ofEntries(
          Map.entry(0x0020, "SAM"),
          Map.entry(0x0040, "SAM-2"),
          Map.entry(0x0060, "SAM-3"),
          Map.entry(0x0080, "SAM-4"),
          Map.entry(0x00A0, "SAM-5"),
          Map.entry(0x00C0, "SAM-6"),
          Map.entry(0x0120, "SPC"),
          Map.entry(0x0260, "SPC-2"),
          Map.entry(0x0300, "SPC-3"),
          Map.entry(0x0460, "SPC-4"),
          Map.entry(0x05C0, "SPC-5"),
          Map.entry(0x0180, "SBC"),
          Map.entry(0x0320, "SBC-2"),
          Map.entry(0x04C0, "SBC-3"),
          Map.entry(0x0600, "SBC-4"),
          Map.entry(0x0200, "SSC"),
          Map.entry(0x0360, "SSC-2"),
          Map.entry(0x0400, "SSC-3"),
          Map.entry(0x0520, "SSC-4"),
          Map.entry(0x05A0, "SSC-5"),
          Map.entry(0x01A0, "SMC"),
          Map.entry(0x02E0, "SMC-2"),
          Map.entry(0x0480, "SMC-3"),
          Map.entry(0x03C0, "ADC"),
          Map.entry(0x04A0, "ADC-2"),
          Map.entry(0x0500, "ADC-3"),
          Map.entry(0x0640, "ADC-4"),
          Map.entry(0x01C0, "SES"),
          Map.entry(0x03E0, "SES-2"),
          Map.entry(0x0580, "SES-3"),
          Map.entry(0x08C0, "FCP"),
          Map.entry(0x0900, "FCP-2"),
          Map.entry(0x0A00, "FCP-3"),
          Map.entry(0x0A40, "FCP-4"),
          Map.entry(0x1300, "FC-Tape"),
          Map.entry(0x0940, "SRP"),
          Map.entry(0x0960, "iSCSI"),
          Map.entry(0x08E0, "SBP-2"),
          Map.entry(0x0980, "SBP-3"),
          Map.entry(0x09E0, "ADT"),
          Map.entry(0x0A20, "ADT-2"),
          Map.entry(0x0A60, "ADT-3"),
          Map.entry(0x0AA0, "SPI"),
          Map.entry(0x0AE0, "SPI-2"),
          Map.entry(0x0B00, "SPI-3"),
          Map.entry(0x0B40, "SPI-4"),
          Map.entry(0x0B60, "SPI-5"),
          Map.entry(0x0BE0, "SAS"),
          Map.entry(0x0C00, "SAS-1.1"),
          Map.entry(0x0C20, "SAS-2"),
          Map.entry(0x0C40, "SAS-2.1"),
          Map.entry(0x0C60, "SAS-3"),
          Map.entry(0x0C80, "SAS-4"),
          Map.entry(0x20A0, "SPL"),
          Map.entry(0x20C0, "SPL-2"),
          Map.entry(0x20E0, "SPL-3"),
          Map.entry(0x2100, "SPL-4"),
          Map.entry(0x2120, "SPL-5"),
          Map.entry(0x1740, "UAS"),
          Map.entry(0x1780, "UAS-2"),
          Map.entry(0x1EA0, "SAT"),
          Map.entry(0x1EC0, "SAT-2"),
          Map.entry(0x1EE0, "SAT-3"),
          Map.entry(0x1F00, "SAT-4"));

  public VersionDescriptor {
    Checks.range("version descriptor", code, 0, 0xFFFF);
  }

  /** The standard's short name ("SSC-4"), or empty when this table does not know it. */
  public String standard() {
    return FAMILIES.getOrDefault(code & 0xFFE0, "");
  }

  /**
   * A readable name: {@code "SPC-4 (no version claimed)"}, {@code "SSC-3 (revision code 0x0403)"}
   * or {@code "unknown version descriptor 0x1234"}.
   */
  public String name() {
    String family = standard();
    if (family.isEmpty()) {
      return String.format("unknown version descriptor 0x%04x", code);
    }
    return (code & 0x1F) == 0 ? family + " (no version claimed)" : family + String.format(" (revision code 0x%04x)", code);
  }

  @Override
  public String toString() {
    return name();
  }
}
