package dev.tapekit.scsi.log;

/**
 * The PC field of LOG SENSE and LOG SELECT (SPC-5 6.7, 6.8): which set of parameter values a
 * command addresses. Drives report live counters under {@link #CUMULATIVE_CURRENT}.
 *
 * <p>MODE SENSE has a field of the same name and width whose four values mean something else
 * (current, changeable, default, saved): that is {@link dev.tapekit.scsi.mode.ModePageControl}, a
 * separate type so neither command can be sent the other's values.
 */
public enum LogPageControl {
  /** 00b: current threshold values. */
  THRESHOLD_CURRENT(0),
  /** 01b: current cumulative values (the usual choice for reading counters). */
  CUMULATIVE_CURRENT(1),
  /** 10b: default threshold values. */
  THRESHOLD_DEFAULT(2),
  /** 11b: default cumulative values. */
  CUMULATIVE_DEFAULT(3);

  private final int code;

  LogPageControl(int code) {
    this.code = code;
  }

  /** The two-bit field value. */
  public int code() {
    return code;
  }
}
