package dev.tapekit.vtl.cartridge;

import java.util.Optional;

/**
 * A tape medium format (LTO generation or StorageTek T10000 model) with the numbers a drive reports
 * for it: density code (MODE SENSE block descriptor, REPORT DENSITY SUPPORT, MAM 0x0405), MAM medium
 * type for data and WORM cartridges, native capacity and the density name.
 *
 * <p>The two-character barcode suffix selects the generation: {@code L1}..{@code L9} are LTO data
 * media, {@code LT LU LV LW LX LY LZ} are LTO-3..9 WORM media, {@code TA TB TC} are T10000 A/B/C.
 */
public enum MediumGeneration {
  LTO1(Family.LTO, 1, 0x40, 0x18, -1, 100_000_000_000L, "U-18", "L1", null),
  LTO2(Family.LTO, 2, 0x42, 0x28, -1, 200_000_000_000L, "U-28", "L2", null),
  LTO3(Family.LTO, 3, 0x44, 0x38, 0x3C, 400_000_000_000L, "U-316", "L3", "LT"),
  LTO4(Family.LTO, 4, 0x46, 0x48, 0x4C, 800_000_000_000L, "U-416", "L4", "LU"),
  LTO5(Family.LTO, 5, 0x58, 0x58, 0x5C, 1_500_000_000_000L, "U-516", "L5", "LV"),
  LTO6(Family.LTO, 6, 0x5A, 0x68, 0x6C, 2_500_000_000_000L, "U-616", "L6", "LW"),
  LTO7(Family.LTO, 7, 0x5C, 0x78, 0x7C, 6_000_000_000_000L, "U-732", "L7", "LX"),
  LTO8(Family.LTO, 8, 0x5E, 0x88, 0x8C, 12_000_000_000_000L, "U-832", "L8", "LY"),
  LTO9(Family.LTO, 9, 0x60, 0x98, 0x9C, 18_000_000_000_000L, "U-932", "L9", "LZ"),
  T10000A(Family.T10000, 1, 0x4A, 0x00, 0x01, 500_000_000_000L, "T10000A", "TA", null),
  T10000B(Family.T10000, 2, 0x4B, 0x00, 0x01, 1_000_000_000_000L, "T10000B", "TB", null),
  T10000C(Family.T10000, 3, 0x4C, 0x00, 0x01, 5_000_000_000_000L, "T10000C", "TC", null);

  /** Media families; a drive never accepts another family's cartridges. */
  public enum Family {
    LTO,
    T10000
  }

  private final Family family;
  private final int level;
  private final int densityCode;
  private final int dataMediumType;
  private final int wormMediumType;
  private final long nativeCapacity;
  private final String densityName;
  private final String dataSuffix;
  private final String wormSuffix;

  MediumGeneration(
      Family family,
      int level,
      int densityCode,
      int dataMediumType,
      int wormMediumType,
      long nativeCapacity,
      String densityName,
      String dataSuffix,
      String wormSuffix) {
    this.family = family;
    this.level = level;
    this.densityCode = densityCode;
    this.dataMediumType = dataMediumType;
    this.wormMediumType = wormMediumType;
    this.nativeCapacity = nativeCapacity;
    this.densityName = densityName;
    this.dataSuffix = dataSuffix;
    this.wormSuffix = wormSuffix;
  }

  public Family family() {
    return family;
  }

  /** The generation within the family: 1..9 for LTO, 1..3 for T10000 A..C. */
  public int level() {
    return level;
  }

  /** The SSC density code. */
  public int densityCode() {
    return densityCode;
  }

  /** The density-support medium type for data cartridges. */
  public int dataMediumType() {
    return dataMediumType;
  }

  /** The medium type for WORM cartridges, or -1 when the generation has no WORM media. */
  public int wormMediumType() {
    return wormMediumType;
  }

  /** Native (uncompressed) capacity in bytes. */
  public long nativeCapacity() {
    return nativeCapacity;
  }

  /** Density name as REPORT DENSITY SUPPORT gives it, e.g. {@code U-832}. */
  public String densityName() {
    return densityName;
  }

  /** Barcode suffix for data cartridges, e.g. {@code L8}. */
  public String dataSuffix() {
    return dataSuffix;
  }

  /** Looks a generation up by its density code. */
  public static Optional<MediumGeneration> byDensityCode(int code) {
    for (MediumGeneration g : values()) {
      if (g.densityCode == code) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** Looks a generation up by a barcode suffix; the boolean of the result tells WORM. */
  static Optional<MediumGeneration> bySuffix(String suffix, boolean[] worm) {
    for (MediumGeneration g : values()) {
      if (suffix.equals(g.dataSuffix)) {
        worm[0] = false;
        return Optional.of(g);
      }
      if (suffix.equals(g.wormSuffix)) {
        worm[0] = true;
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
