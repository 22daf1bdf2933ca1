package dev.tapekit.scsi;

import dev.tapekit.scsi.codec.CodeTable;

/**
 * SAM status byte values a target returns at the end of a command.
 *
 * <p>Reserved and obsolete bits are masked ({@code status & 0xFE}) before lookup, as sg3_utils does; a
 * value that matches no constant maps to {@link #UNKNOWN} while {@link ScsiResult#status()} keeps the raw
 * byte.
 */
public enum ScsiStatus {
  GOOD(0x00, "Good"),
  CHECK_CONDITION(0x02, "Check Condition"),
  CONDITION_MET(0x04, "Condition Met"),
  BUSY(0x08, "Busy"),
  INTERMEDIATE(0x10, "Intermediate"),
  INTERMEDIATE_CONDITION_MET(0x14, "Intermediate-Condition Met"),
  RESERVATION_CONFLICT(0x18, "Reservation Conflict"),
  COMMAND_TERMINATED(0x22, "Command Terminated"),
  TASK_SET_FULL(0x28, "Task Set Full"),
  ACA_ACTIVE(0x30, "ACA Active"),
  TASK_ABORTED(0x40, "Task Aborted"),
  UNKNOWN(-1, "Unknown status");

  private static final CodeTable<ScsiStatus> BY_CODE = CodeTable.of(values(), ScsiStatus::code);

  private final int code;
  private final String text;

  ScsiStatus(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The status byte, or -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The SAM name, e.g. "Check Condition". */
  public String text() {
    return text;
  }

  /** Looks up a raw status byte. */
  public static ScsiStatus of(int status) {
    return BY_CODE.getOrDefault(status & 0xFE, UNKNOWN);
  }
}
