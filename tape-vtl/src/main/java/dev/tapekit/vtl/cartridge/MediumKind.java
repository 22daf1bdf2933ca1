package dev.tapekit.vtl.cartridge;

/** What a cartridge is for. The code is stored in the cartridge file header. */
public enum MediumKind {
  /** Rewritable data cartridge. */
  DATA(0),
  /** Write-once cartridge: appends only, never overwrite or erase. */
  WORM(1),
  /**
   * Cleaning cartridge: a drive loads it, cleans (one use), and reports NOT READY 02/30/03 to data
   * commands; an expired one (no uses left) cleans nothing and sets TapeAlert flag 16h until it is
   * unloaded.
   */
  CLEANING(2);

  private final int code;

  MediumKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The SPC MAM MEDIUM TYPE attribute (0x0408): 00h data, 01h cleaning, 80h write-once. */
  public int mamMediumType() {
    return switch (this) {
      case DATA -> 0x00;
      case CLEANING -> 0x01;
      case WORM -> 0x80;
    };
  }

  static MediumKind ofCode(int code) {
    for (MediumKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown medium kind code " + code);
  }
}
