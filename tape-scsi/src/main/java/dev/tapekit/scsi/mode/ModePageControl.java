package dev.tapekit.scsi.mode;

/**
 * The PC field of MODE SENSE (SPC-5 table 145): which set of mode parameter values to return. LOG
 * SENSE's field of the same name has other values: {@link dev.tapekit.scsi.log.LogPageControl}.
 */
public enum ModePageControl {
  /** 00b: the values in effect now. */
  CURRENT,
  /** 01b: a mask of the bits MODE SELECT may change (1 = changeable). */
  CHANGEABLE,
  /** 10b: the manufacturer's defaults. */
  DEFAULT,
  /** 11b: the values saved with SP=1, used after power-on. */
  SAVED;

  /** The 2-bit field value. */
  public int code() {
    return ordinal();
  }
}
