package dev.tapekit.scsi.ssc;

/**
 * The ALLOW OVERWRITE field of the SSC-4 ALLOW OVERWRITE command (82h, CDB byte 2 bits 3..0): what
 * the drive may overwrite next on a drive that enforces append-only writing.
 */
public enum AllowOverwrite {
  /** 0: withdraw an earlier permission. */
  DISABLED(0),
  /** 1: the next write may overwrite at the current position, named by partition and logical object. */
  CURRENT_POSITION(1),
  /** 2: the next FORMAT MEDIUM may proceed. */
  FORMAT(2);

  private final int code;

  AllowOverwrite(int code) {
    this.code = code;
  }

  /** The 4-bit field value. */
  public int code() {
    return code;
  }
}
