package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.MediumGeneration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a virtual drive model looks like and accepts: INQUIRY strings, its native medium generation,
 * which generations it reads and writes, which it only reads, and its block size limit.
 *
 * <p>LTO rules (LTO Consortium compatibility): a generation-n drive writes n and n-1 and reads n-2,
 * except LTO-8 (writes 7 and 8, reads nothing older) and LTO-9 (writes 8 and 9). T10000B reads and
 * writes T10000A and T10000B formats; T10000C writes C and reads A and B.
 *
 * @param vendor INQUIRY vendor identification (8 characters)
 * @param product INQUIRY product identification (16 characters)
 * @param revision INQUIRY product revision level (4 characters)
 * @param nativeGeneration the generation this drive writes by default
 * @param readWrite generations it reads and writes
 * @param readOnly generations it reads only
 * @param maxBlockLength READ BLOCK LIMITS maximum
 */
public record DrivePersonality(
    String vendor,
    String product,
    String revision,
    MediumGeneration nativeGeneration,
    Set<MediumGeneration> readWrite,
    Set<MediumGeneration> readOnly,
    int maxBlockLength) {

  /** How a drive treats a cartridge of some generation. */
  public enum Compatibility {
    READ_WRITE,
    READ_ONLY,
    UNSUPPORTED
  }

  public DrivePersonality {
    readWrite = Set.copyOf(readWrite);
    readOnly = Set.copyOf(readOnly);
  }

  /** How this drive treats {@code g}. */
  public Compatibility compatibility(MediumGeneration g) {
    if (readWrite.contains(g)) {
      return Compatibility.READ_WRITE;
    }
    return readOnly.contains(g) ? Compatibility.READ_ONLY : Compatibility.UNSUPPORTED;
  }

  /** IBM ULT3580-TD{gen} (full-height LTO), revision {@code 2160} as in mhvtl's default. */
  public static DrivePersonality ibmLto(int generation) {
    return lto("IBM", "ULT3580-TD" + generation, "2160", generation);
  }

  /** HP Ultrium {gen}-SCSI. */
  public static DrivePersonality hpLto(int generation) {
    return lto("HP", "Ultrium " + generation + "-SCSI", "R9B4", generation);
  }

  /** StorageTek T10000B, revision {@code 550V} as in mhvtl's default. */
  public static DrivePersonality stkT10000B() {
    return new DrivePersonality("STK", "T10000B", "550V", MediumGeneration.T10000B,
        EnumSet.of(MediumGeneration.T10000A, MediumGeneration.T10000B), EnumSet.noneOf(MediumGeneration.class), 2 << 20);
  }

  /** StorageTek T10000C. */
  public static DrivePersonality stkT10000C() {
    return new DrivePersonality("STK", "T10000C", "550V", MediumGeneration.T10000C,
        EnumSet.of(MediumGeneration.T10000C), EnumSet.of(MediumGeneration.T10000A, MediumGeneration.T10000B), 2 << 20);
  }

  /**
   * Finds a personality by model name as written in layouts: {@code IBM ULT3580-TD8}, {@code HP Ultrium
   * 7-SCSI}, {@code STK T10000B} (case-insensitive; vendor optional).
   *
   * @throws IllegalArgumentException for unknown models
   */
  public static DrivePersonality byModel(String model) {
    String m = model.trim().toUpperCase(Locale.ROOT).replaceFirst("^(IBM|HP|STK)\\s+", "");
    if (m.matches("ULT3580-TD[1-9]")) {
      return ibmLto(m.charAt(m.length() - 1) - '0');
    }
    if (m.matches("ULTRIUM [1-9]-SCSI")) {
      return hpLto(m.charAt(8) - '0');
    }
    if (m.equals("T10000B")) {
      return stkT10000B();
    }
    if (m.equals("T10000C")) {
      return stkT10000C();
    }
    throw new IllegalArgumentException(
        "unknown drive model '" + model + "' (known: IBM ULT3580-TD1..TD9, HP Ultrium 1..9-SCSI, STK T10000B/C)");
  }

  private static DrivePersonality lto(String vendor, String product, String revision, int gen) {
    if (gen < 1 || gen > 9) {
      throw new IllegalArgumentException("LTO generation " + gen + " is not 1..9");
    }
    MediumGeneration[] lto = {
      MediumGeneration.LTO1, MediumGeneration.LTO2, MediumGeneration.LTO3, MediumGeneration.LTO4, MediumGeneration.LTO5,
      MediumGeneration.LTO6, MediumGeneration.LTO7, MediumGeneration.LTO8, MediumGeneration.LTO9
    };
    EnumSet<MediumGeneration> rw = EnumSet.of(lto[gen - 1]);
    EnumSet<MediumGeneration> ro = EnumSet.noneOf(MediumGeneration.class);
    if (gen >= 2) {
      rw.add(lto[gen - 2]);
    }
    if (gen >= 3 && gen <= 7) {
      ro.add(lto[gen - 3]);
    }
    return new DrivePersonality(vendor, product, revision, lto[gen - 1], rw, ro, 8 << 20);
  }
}
