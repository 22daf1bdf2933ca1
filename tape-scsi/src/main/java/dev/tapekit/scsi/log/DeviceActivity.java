package dev.tapekit.scsi.log;

/**
 * The DT DEVICE ACTIVITY code of the VHF data on log page 11h (SSC-5 8.2.4), byte 2 of parameter
 * 0000h. Codes 11h..7Fh are reserved and 80h..FFh vendor specific; {@link #of} maps them to
 * {@link #RESERVED} and {@link #VENDOR_SPECIFIC}.
 */
public enum DeviceActivity {
  NONE(0x00, "No DT device activity"),
  CLEANING(0x01, "Cleaning operation in progress"),
  LOADING(0x02, "Volume is being loaded"),
  UNLOADING(0x03, "Volume is being unloaded"),
  OTHER_MEDIUM_ACTIVITY(0x04, "Other medium activity"),
  READING(0x05, "Reading from medium"),
  WRITING(0x06, "Writing to medium"),
  LOCATING(0x07, "Locating medium"),
  REWINDING(0x08, "Rewinding medium"),
  ERASING(0x09, "Erasing volume"),
  FORMATTING(0x0A, "Formatting volume"),
  CALIBRATING(0x0B, "Calibrating"),
  OTHER_DEVICE_ACTIVITY(0x0C, "Other DT device activity"),
  MICROCODE_UPDATE(0x0D, "Microcode update in progress"),
  READING_ENCRYPTED(0x0E, "Reading encrypted from medium"),
  WRITING_ENCRYPTED(0x0F, "Writing encrypted to medium"),
  DIAGNOSTIC(0x10, "Diagnostic operation in progress"),
  RESERVED(-1, "Reserved"),
  VENDOR_SPECIFIC(-2, "Vendor specific");

  private final int code;
  private final String description;

  DeviceActivity(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The code, or -1/-2 for the reserved/vendor-specific ranges. */
  public int code() {
    return code;
  }

  public String description() {
    return description;
  }

  /** True while the medium moves (PBS skips slow log pages then: they may block for hours). */
  public boolean isMediumMoving() {
    switch (this) {
      case LOADING:
      case UNLOADING:
      case READING:
      case WRITING:
      case LOCATING:
      case REWINDING:
      case ERASING:
      case FORMATTING:
      case CALIBRATING:
      case READING_ENCRYPTED:
      case WRITING_ENCRYPTED:
      case CLEANING:
        return true;
      default:
        return false;
    }
  }

  /** Maps a code byte (0..255). */
  public static DeviceActivity of(int code) {
    if (code >= 0 && code <= 0x10) {
      return values()[code];
    }
    return code >= 0x80 ? VENDOR_SPECIFIC : RESERVED;
  }
}
