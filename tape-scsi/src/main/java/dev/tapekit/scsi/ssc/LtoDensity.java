package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/**
 * The density codes of LTO (Ultrium) generations, as reported in mode parameter block descriptors,
 * REPORT DENSITY SUPPORT and MAM attribute 0405h. Code 0x00 means "default/no medium" and is not a
 * constant here: {@link #of(int)} returns empty for it and for any non-LTO code.
 */
public enum LtoDensity {
  LTO_1(0x40, "LTO-1", 100, 20),
  LTO_2(0x42, "LTO-2", 200, 40),
  LTO_3(0x44, "LTO-3", 400, 80),
  LTO_4(0x46, "LTO-4", 800, 120),
  LTO_5(0x58, "LTO-5", 1_500, 140),
  LTO_6(0x5A, "LTO-6", 2_500, 160),
  LTO_7(0x5C, "LTO-7", 6_000, 300),
  /** An LTO-7 Type M cartridge formatted by an LTO-8 drive to 9 TB. */
  LTO_7_M8(0x5D, "LTO-7 M8", 9_000, 300),
  LTO_8(0x5E, "LTO-8", 12_000, 360),
  LTO_9(0x60, "LTO-9", 18_000, 400);

  private static final CodeTable<LtoDensity> BY_CODE = CodeTable.of(values(), LtoDensity::code);

  private final int code;
  private final String displayName;
  private final long nativeGigabytes;
  private final int nativeMegabytesPerSecond;

  LtoDensity(int code, String displayName, long nativeGigabytes, int nativeMegabytesPerSecond) {
    this.code = code;
    this.displayName = displayName;
    this.nativeGigabytes = nativeGigabytes;
    this.nativeMegabytesPerSecond = nativeMegabytesPerSecond;
  }

  /** The density code byte. */
  public int code() {
    return code;
  }

  /** The generation's usual name, e.g. "LTO-7 M8". */
  public String displayName() {
    return displayName;
  }

  /** Native (uncompressed) capacity in bytes (10^9-byte gigabytes, as the LTO program states them). */
  public long nativeCapacityBytes() {
    return nativeGigabytes * 1_000_000_000L;
  }

  /**
   * Native (uncompressed) data rate in bytes per second, as the LTO program states it for full-height
   * drives (10^6-byte megabytes): what a restore plan estimates with.
   */
  public long nativeBytesPerSecond() {
    return nativeMegabytesPerSecond * 1_000_000L;
  }

  /** The LTO generation for a density code, empty for 0x00 and non-LTO codes. */
  public static Optional<LtoDensity> of(int code) {
    return BY_CODE.find(code & 0xFF);
  }

  /** True when this generation is {@code other} or newer. */
  public boolean atLeast(LtoDensity other) {
    return ordinal() >= other.ordinal();
  }

  /** A display text for any code: the LTO name, "default" for 0x00, else the hex code. */
  public static String describe(int code) {
    if ((code & 0xFF) == 0) {
      return "default (0x00)";
    }
    return of(code).map(d -> d.displayName + String.format(" (0x%02x)", d.code))
        .orElse(String.format("unknown density 0x%02x", code & 0xFF));
  }
}
