package dev.tapekit.vtl.cartridge;

import java.util.Optional;

/**
 * A cartridge's volume tag and what it says about the medium, following the conventions of mhvtl's
 * {@code make_vtl_media}: the last two characters pick the {@link MediumGeneration}, a {@code CLN}
 * prefix marks a cleaning cartridge, a {@code W} prefix (or a WORM suffix such as {@code LY}) marks
 * WORM. Barcodes are 1..32 printable ASCII characters without spaces.
 *
 * @param label the volume tag as printed on the cartridge
 * @param generation the medium generation its suffix names
 * @param kind data, WORM or cleaning
 */
public record Barcode(String label, MediumGeneration generation, MediumKind kind) {

  public Barcode {
    if (label.isEmpty() || label.length() > 32 || !label.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("barcode must be 1..32 printable ASCII characters: '" + label + "'");
    }
  }

  /**
   * Parses a barcode.
   *
   * @throws IllegalArgumentException when the suffix names no known medium generation
   */
  public static Barcode parse(String label) {
    return tryParse(label)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "barcode '" + label + "' does not end in a known medium suffix (L1..L9, LT..LZ, TA..TC)"));
  }

  /** Parses a barcode, or returns empty when its suffix names no known generation. */
  public static Optional<Barcode> tryParse(String label) {
    if (label == null || label.length() < 3) {
      return Optional.empty();
    }
    boolean[] worm = new boolean[1];
    return MediumGeneration.bySuffix(label.substring(label.length() - 2), worm)
        .map(
            g -> {
              MediumKind kind =
                  label.startsWith("CLN")
                      ? MediumKind.CLEANING
                      : worm[0] || label.startsWith("W") ? MediumKind.WORM : MediumKind.DATA;
              return new Barcode(label, g, kind);
            });
  }

  @Override
  public String toString() {
    return label;
  }
}
