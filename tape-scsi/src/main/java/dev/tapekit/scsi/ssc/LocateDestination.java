package dev.tapekit.scsi.ssc;

/** The DEST_TYPE field of LOCATE(16): what the LOGICAL IDENTIFIER counts. */
public enum LocateDestination {
  /** A logical object (block or filemark) number (000b). */
  LOGICAL_OBJECT(0),
  /** A logical file identifier, i.e. a filemark count (001b). */
  LOGICAL_FILE(1),
  /** End of data of the partition; the identifier is ignored (011b). */
  END_OF_DATA(3);

  private final int code;

  LocateDestination(int code) {
    this.code = code;
  }

  /** The 3-bit DEST_TYPE value. */
  public int code() {
    return code;
  }
}
