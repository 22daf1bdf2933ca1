package dev.tapekit.scsi.tape;

/**
 * The outcome of a successful WRITE or WRITE FILEMARKS. A write that did not happen is an exception,
 * never a value of this type.
 */
public enum WriteResult {
  /** Written, the tape is before the early-warning point. */
  OK,
  /**
   * Written, and the tape is at or past early warning (LEOM, sense 00/02, or the programmable
   * early warning 00/07): a few more blocks and filemarks fit, enough to close the current file
   * cleanly. Continue on the next cartridge. Every further write reports this value too.
   */
  EARLY_WARNING
}
