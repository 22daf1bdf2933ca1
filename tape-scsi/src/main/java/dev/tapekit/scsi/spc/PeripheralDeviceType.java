package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.codec.CodeTable;

/**
 * The PERIPHERAL DEVICE TYPE field of INQUIRY data and VPD page headers (SPC-5 table 148): what
 * kind of logical unit answered. Values without a name map to {@link #UNKNOWN}; {@link #code()} of
 * the decoded record keeps the raw number.
 */
public enum PeripheralDeviceType {
  DIRECT_ACCESS(0x00, "disk"),
  SEQUENTIAL_ACCESS(0x01, "tape"),
  PRINTER(0x02, "printer"),
  PROCESSOR(0x03, "processor"),
  WRITE_ONCE(0x04, "write once optical disk"),
  CD_DVD(0x05, "cd/dvd"),
  SCANNER(0x06, "scanner"),
  OPTICAL_MEMORY(0x07, "optical memory device"),
  MEDIUM_CHANGER(0x08, "medium changer"),
  COMMUNICATIONS(0x09, "communications"),
  STORAGE_ARRAY_CONTROLLER(0x0C, "storage array controller"),
  ENCLOSURE_SERVICES(0x0D, "enclosure services device"),
  SIMPLIFIED_DIRECT_ACCESS(0x0E, "simplified direct access device"),
  OPTICAL_CARD(0x0F, "optical card reader/writer device"),
  BRIDGE_CONTROLLER(0x10, "bridge controller commands"),
  OBJECT_STORAGE(0x11, "object based storage"),
  AUTOMATION_DRIVE_INTERFACE(0x12, "automation/driver interface"),
  SECURITY_MANAGER(0x13, "security manager device"),
  HOST_MANAGED_ZONED(0x14, "host managed zoned block"),
  WELL_KNOWN_LOGICAL_UNIT(0x1E, "well known logical unit"),
  NO_DEVICE(0x1F, "unknown or no device type"),
  UNKNOWN(-1, "unknown");

  private static final CodeTable<PeripheralDeviceType> BY_CODE =
      CodeTable.of(values(), PeripheralDeviceType::code);

  private final int code;
  private final String text;

  PeripheralDeviceType(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The 5-bit value, or -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** A short lowercase name as sg3_utils prints it, e.g. "tape". */
  public String text() {
    return text;
  }

  /** The type for the low 5 bits of {@code value} (higher bits, the qualifier, are ignored). */
  public static PeripheralDeviceType of(int value) {
    return BY_CODE.getOrDefault(value & 0x1F, UNKNOWN);
  }
}
