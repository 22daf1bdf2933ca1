package dev.tapekit.scsi.ssc;

/** What SPACE(6)/SPACE(16) counts (the CODE field, SSC-5 table "SPACE code field"). */
public enum SpaceCode {
  /** Logical blocks (code 0). */
  BLOCKS(0),
  /** Filemarks (code 1). */
  FILEMARKS(1),
  /** A run of {@code count} consecutive filemarks (code 2); many LTO drives reject it. */
  SEQUENTIAL_FILEMARKS(2),
  /** End of data (code 3); the count is ignored and sent as zero. */
  END_OF_DATA(3);

  private final int code;

  SpaceCode(int code) {
    this.code = code;
  }

  /** The value of the CODE field. */
  public int code() {
    return code;
  }
}
