package dev.tapekit.format;

/**
 * Where something is on tape, for messages: the tape's label (barcode, or the device when the label
 * is not known), the tape file number (0 = first file after BOT) and the block number within that
 * file (0-based; -1 when not about a block).
 */
public record TapeLocation(String volume, long file, long block) {
  /** The same file, block {@code block}. */
  public TapeLocation atBlock(long block) {
    return new TapeLocation(volume, file, block);
  }

  @Override
  public String toString() {
    return "tape " + volume + ", file " + file + (block >= 0 ? ", block " + block : "");
  }
}
