package dev.tapekit.scsi.sense;

/** The 4-bit sense key of SPC-5 table 50 (what class of condition the device reports). */
public enum SenseKey {
  NO_SENSE("No Sense"),
  RECOVERED_ERROR("Recovered Error"),
  NOT_READY("Not Ready"),
  MEDIUM_ERROR("Medium Error"),
  HARDWARE_ERROR("Hardware Error"),
  ILLEGAL_REQUEST("Illegal Request"),
  UNIT_ATTENTION("Unit Attention"),
  DATA_PROTECT("Data Protect"),
  BLANK_CHECK("Blank Check"),
  VENDOR_SPECIFIC("Vendor Specific"),
  COPY_ABORTED("Copy Aborted"),
  ABORTED_COMMAND("Aborted Command"),
  RESERVED_0C("Reserved (0xc)"),
  VOLUME_OVERFLOW("Volume Overflow"),
  MISCOMPARE("Miscompare"),
  COMPLETED("Completed");

  private final String text;

  SenseKey(String text) {
    this.text = text;
  }

  /** The T10 name, e.g. "Not Ready". */
  public String text() {
    return text;
  }

  /** The key's numeric value, 0..15. */
  public int code() {
    return ordinal();
  }

  /** The key for a value; only the low 4 bits are used. */
  public static SenseKey of(int code) {
    return values()[code & 0x0F];
  }
}
