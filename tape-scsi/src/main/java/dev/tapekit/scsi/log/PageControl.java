package dev.tapekit.scsi.log;

/**
 * The PC field of LOG SENSE and LOG SELECT (SPC-5 6.7, 6.8): which set of parameter values a
 * command addresses. Drives report live counters under {@link #CUMULATIVE_CURRENT}.
 */
public enum PageControl {
  /** 00b: current threshold values. */
  THRESHOLD_CURRENT(0),
  /** 01b: current cumulative values (the usual choice for reading counters). */
  CUMULATIVE_CURRENT(1),
  /** 10b: default threshold values. */
  THRESHOLD_DEFAULT(2),
  /** 11b: default cumulative values. */
  CUMULATIVE_DEFAULT(3);

  private final int code;

  PageControl(int code) {
    this.code = code;
  }

  /** The two-bit field value. */
  public int code() {
    return code;
  }
}
