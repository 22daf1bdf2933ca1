package dev.tapekit.sgio.discovery;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/** The SCSI peripheral device types tapekit drives (INQUIRY byte 0 bits 4..0, sysfs {@code type}). */
public enum DeviceType {
  /** Sequential-access device (SSC): a tape drive. */
  TAPE(1),
  /** Medium changer (SMC): a tape library or autoloader robot. */
  CHANGER(8);

  private static final CodeTable<DeviceType> BY_PERIPHERAL_TYPE = CodeTable.of(values(), DeviceType::peripheralType);

  private final int peripheralType;

  DeviceType(int peripheralType) {
    this.peripheralType = peripheralType;
  }

  /** The peripheral device type code: 1 or 8. */
  public int peripheralType() {
    return peripheralType;
  }

  /** The type for a peripheral device type code, empty for the ones tapekit does not drive (disks, ...). */
  public static Optional<DeviceType> of(int peripheralType) {
    return BY_PERIPHERAL_TYPE.find(peripheralType);
  }
}
