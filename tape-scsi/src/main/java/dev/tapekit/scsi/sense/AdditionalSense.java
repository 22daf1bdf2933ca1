package dev.tapekit.scsi.sense;

import java.util.HashMap;
import java.util.Map;

/**
 * An additional sense code and qualifier (ASC/ASCQ) pair with its T10 description.
 *
 * <p>Every pair T10 assigns that a tape drive, media changer or any SPC device can return is a named
 * constant here; compare decoded sense against these constants, never against raw numbers. Pairs
 * not in the table (vendor-specific or newer) still decode: {@link #of(int, int)} returns an
 * instance whose description says what range the code is in. Instances are equal when their codes
 * are.
 */
public final class AdditionalSense {
  private static final Map<Integer, AdditionalSense> KNOWN = new HashMap<>();

  public static final AdditionalSense NO_ADDITIONAL_SENSE_INFORMATION =
      define(0x00, 0x00, "No additional sense information");
  public static final AdditionalSense FILEMARK_DETECTED = define(0x00, 0x01, "Filemark detected");
  public static final AdditionalSense END_OF_PARTITION_MEDIUM_DETECTED =
      define(0x00, 0x02, "End-of-partition/medium detected");
  public static final AdditionalSense SETMARK_DETECTED = define(0x00, 0x03, "Setmark detected");
  public static final AdditionalSense BEGINNING_OF_PARTITION_MEDIUM_DETECTED =
      define(0x00, 0x04, "Beginning-of-partition/medium detected");
  public static final AdditionalSense END_OF_DATA_DETECTED = define(0x00, 0x05, "End-of-data detected");
  public static final AdditionalSense PROGRAMMABLE_EARLY_WARNING_DETECTED =
      define(0x00, 0x07, "Programmable early warning detected");
  public static final AdditionalSense OPERATION_IN_PROGRESS = define(0x00, 0x16, "Operation in progress");
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE =
      define(0x04, 0x00, "Logical unit not ready, cause not reportable");
  public static final AdditionalSense LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY =
      define(0x04, 0x01, "Logical unit is in process of becoming ready");
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED =
      define(0x04, 0x02, "Logical unit not ready, initializing command required");
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_MANUAL_INTERVENTION_REQUIRED =
      define(0x04, 0x03, "Logical unit not ready, manual intervention required");
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS =
      define(0x04, 0x04, "Logical unit not ready, format in progress");
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS =
      define(0x04, 0x07, "Logical unit not ready, operation in progress");
  public static final AdditionalSense INVALID_COMMAND_OPERATION_CODE =
      define(0x20, 0x00, "Invalid command operation code");
  public static final AdditionalSense LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE =
      define(0x21, 0x00, "Logical block address out of range");
  public static final AdditionalSense INVALID_ELEMENT_ADDRESS = define(0x21, 0x01, "Invalid element address");
  public static final AdditionalSense INVALID_FIELD_IN_CDB = define(0x24, 0x00, "Invalid field in cdb");
  public static final AdditionalSense LOGICAL_UNIT_NOT_SUPPORTED = define(0x25, 0x00, "Logical unit not supported");
  public static final AdditionalSense INVALID_FIELD_IN_PARAMETER_LIST =
      define(0x26, 0x00, "Invalid field in parameter list");
  public static final AdditionalSense WRITE_PROTECTED = define(0x27, 0x00, "Write protected");
  public static final AdditionalSense NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED =
      define(0x28, 0x00, "Not ready to ready change, medium may have changed");
  public static final AdditionalSense POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED =
      define(0x29, 0x00, "Power on, reset, or bus device reset occurred");
  public static final AdditionalSense MODE_PARAMETERS_CHANGED = define(0x2A, 0x01, "Mode parameters changed");
  public static final AdditionalSense CANNOT_WRITE_MEDIUM_INCOMPATIBLE_FORMAT =
      define(0x30, 0x05, "Cannot write medium - incompatible format");
  public static final AdditionalSense CLEANING_CARTRIDGE_INSTALLED =
      define(0x30, 0x03, "Cleaning cartridge installed");
  public static final AdditionalSense MEDIUM_DESTINATION_ELEMENT_FULL =
      define(0x3B, 0x0D, "Medium destination element full");
  public static final AdditionalSense MEDIUM_SOURCE_ELEMENT_EMPTY =
      define(0x3B, 0x0E, "Medium source element empty");
  public static final AdditionalSense MEDIUM_NOT_PRESENT = define(0x3A, 0x00, "Medium not present");
  public static final AdditionalSense MEDIUM_REMOVAL_PREVENTED = define(0x53, 0x02, "Medium removal prevented");

  private final int asc;
  private final int ascq;
  private final String description;

  private AdditionalSense(int asc, int ascq, String description) {
    this.asc = asc;
    this.ascq = ascq;
    this.description = description;
  }

  private static AdditionalSense define(int asc, int ascq, String description) {
    AdditionalSense s = new AdditionalSense(asc, ascq, description);
    if (KNOWN.put(key(asc, ascq), s) != null) {
      throw new IllegalStateException(String.format("duplicate ASC/ASCQ %02x/%02x", asc, ascq));
    }
    return s;
  }

  private static int key(int asc, int ascq) {
    return ((asc & 0xFF) << 8) | (ascq & 0xFF);
  }

  /** The pair for these codes: a named constant when T10 assigns it, otherwise a described unknown. */
  public static AdditionalSense of(int asc, int ascq) {
    AdditionalSense known = KNOWN.get(key(asc, ascq));
    if (known != null) {
      return known;
    }
    return new AdditionalSense(asc & 0xFF, ascq & 0xFF, describeUnknown(asc & 0xFF, ascq & 0xFF));
  }

  private static String describeUnknown(int asc, int ascq) {
    if (asc >= 0x80) {
      return String.format("Vendor specific ASC 0x%02x, ASCQ 0x%02x", asc, ascq);
    }
    if (ascq >= 0x80) {
      return String.format("ASC 0x%02x, vendor specific qualifier 0x%02x", asc, ascq);
    }
    return String.format("Unknown ASC 0x%02x, ASCQ 0x%02x", asc, ascq);
  }

  /** True when T10 assigns this pair (it has a named constant). */
  public boolean isKnown() {
    return KNOWN.get(key(asc, ascq)) == this;
  }

  public int asc() {
    return asc;
  }

  public int ascq() {
    return ascq;
  }

  /** The T10 text, e.g. "Medium not present". */
  public String description() {
    return description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdditionalSense a && a.asc == asc && a.ascq == ascq;
  }

  @Override
  public int hashCode() {
    return key(asc, ascq);
  }

  /** {@code description (ASC/ASCQ hh/hh)}. */
  @Override
  public String toString() {
    return String.format("%s (ASC/ASCQ %02x/%02x)", description, asc, ascq);
  }
}
