package dev.tapekit.scsi.codec;

/** Argument checks for CDB and parameter-list builders. */
public final class Checks {
  private Checks() {}

  /** Throws {@link IllegalArgumentException} unless {@code min <= value <= max}. */
  public static void range(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
    }
  }
}
