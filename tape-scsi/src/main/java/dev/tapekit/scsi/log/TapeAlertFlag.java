package dev.tapekit.scsi.log;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The 64 TapeAlert flags of a tape drive (SSC-5 Annex A, after the TapeAlert specification v3),
 * with their T10 names and severities. Flags 28h..2Eh were the loader flags of the TapeAlert
 * specification and are obsolete in SSC (changers report them through SMC now); they keep their
 * historical names so PBS's critical mask can be expressed. 3Eh..40h are reserved.
 *
 * <p>Two bit orders exist for a 64-bit flag word, and mixing them up is the classic TapeAlert bug:
 *
 * <ul>
 *   <li>On the wire (TapeAlert Response log page 12h) flag 1 is the most
 *       significant bit of the first byte: read as a big-endian u64, flag N is bit {@code 64 - N}.
 *       Use {@link #fromWireBits(long)} / {@link #toWireBits(Set)}.
 *   <li>PBS and mhvtl keep flags in an integer with flag N at bit {@code N - 1} (what PBS calls
 *       "bit-reversed"): {@link #fromLsbFirstBits(long)} / {@link #toLsbFirstBits(Set)}.
 * </ul>
 */
public enum TapeAlertFlag {
  READ_WARNING(0x01, "Read warning", Severity.WARNING),
  WRITE_WARNING(0x02, "Write warning", Severity.WARNING),
  HARD_ERROR(0x03, "Hard error", Severity.WARNING),
  MEDIA(0x04, "Media", Severity.CRITICAL),
  READ_FAILURE(0x05, "Read failure", Severity.CRITICAL),
  WRITE_FAILURE(0x06, "Write failure", Severity.CRITICAL),
  MEDIA_LIFE(0x07, "Media life", Severity.WARNING),
  NOT_DATA_GRADE(0x08, "Not data grade", Severity.WARNING),
  WRITE_PROTECT(0x09, "Write protect", Severity.CRITICAL),
  NO_REMOVAL(0x0A, "No removal", Severity.INFORMATION),
  CLEANING_MEDIA(0x0B, "Cleaning media", Severity.INFORMATION),
  UNSUPPORTED_FORMAT(0x0C, "Unsupported format", Severity.INFORMATION),
  RECOVERABLE_MECHANICAL_CARTRIDGE_FAILURE(
      0x0D, "Recoverable mechanical cartridge failure", Severity.CRITICAL),
  UNRECOVERABLE_MECHANICAL_CARTRIDGE_FAILURE(
      0x0E, "Unrecoverable mechanical cartridge failure", Severity.CRITICAL),
  MEMORY_CHIP_IN_CARTRIDGE_FAILURE(0x0F, "Memory chip in cartridge failure", Severity.WARNING),
  FORCED_EJECT(0x10, "Forced eject", Severity.CRITICAL),
  READ_ONLY_FORMAT(0x11, "Read only format", Severity.WARNING),
  TAPE_DIRECTORY_CORRUPTED_ON_LOAD(0x12, "Tape directory corrupted on load", Severity.WARNING),
  NEARING_MEDIA_LIFE(0x13, "Nearing media life", Severity.INFORMATION),
  /** "Clean now" in the TapeAlert specification. */
  CLEANING_REQUIRED(0x14, "Cleaning required", Severity.CRITICAL),
  /** "Clean periodic" in the TapeAlert specification. */
  CLEANING_REQUESTED(0x15, "Cleaning requested", Severity.WARNING),
  EXPIRED_CLEANING_MEDIA(0x16, "Expired cleaning media", Severity.CRITICAL),
  INVALID_CLEANING_TAPE(0x17, "Invalid cleaning tape", Severity.CRITICAL),
  RETENSION_REQUESTED(0x18, "Retension requested", Severity.WARNING),
  DUAL_PORT_INTERFACE_ERROR(0x19, "Dual port interface error", Severity.WARNING),
  COOLING_FAN_FAILING(0x1A, "Cooling fan failing", Severity.WARNING),
  POWER_SUPPLY_FAILURE(0x1B, "Power supply failure", Severity.WARNING),
  POWER_CONSUMPTION(0x1C, "Power consumption", Severity.WARNING),
  DRIVE_MAINTENANCE(0x1D, "Drive maintenance", Severity.WARNING),
  HARDWARE_A(0x1E, "Hardware A", Severity.CRITICAL),
  HARDWARE_B(0x1F, "Hardware B", Severity.CRITICAL),
  INTERFACE(0x20, "Interface", Severity.WARNING),
  EJECT_MEDIA(0x21, "Eject media", Severity.CRITICAL),
  MICROCODE_UPDATE_FAIL(0x22, "Microcode update fail", Severity.WARNING),
  DRIVE_HUMIDITY(0x23, "Drive humidity", Severity.WARNING),
  DRIVE_TEMPERATURE(0x24, "Drive temperature", Severity.WARNING),
  DRIVE_VOLTAGE(0x25, "Drive voltage", Severity.WARNING),
  PREDICTIVE_FAILURE(0x26, "Predictive failure", Severity.CRITICAL),
  DIAGNOSTICS_REQUIRED(0x27, "Diagnostics required", Severity.WARNING),
  LOADER_HARDWARE_A(0x28, "Obsolete (loader hardware A)", Severity.CRITICAL),
  LOADER_STRAY_TAPE(0x29, "Obsolete (loader stray tape)", Severity.CRITICAL),
  LOADER_HARDWARE_B(0x2A, "Obsolete (loader hardware B)", Severity.WARNING),
  LOADER_DOOR(0x2B, "Obsolete (loader door)", Severity.CRITICAL),
  LOADER_HARDWARE_C(0x2C, "Obsolete (loader hardware C)", Severity.CRITICAL),
  LOADER_MAGAZINE(0x2D, "Obsolete (loader magazine)", Severity.CRITICAL),
  LOADER_PREDICTIVE_FAILURE(0x2E, "Obsolete (loader predictive failure)", Severity.WARNING),
  EXTERNAL_ENCRYPTION_CONTROL_COMMUNICATIONS_FAILURE(
      0x2F, "External data encryption control - communications failure", Severity.WARNING),
  EXTERNAL_ENCRYPTION_CONTROL_KEY_MANAGER_ERROR(
      0x30, "External data encryption control - key manager returned error", Severity.WARNING),
  DIMINISHED_NATIVE_CAPACITY(0x31, "Diminished native capacity", Severity.INFORMATION),
  LOST_STATISTICS(0x32, "Lost statistics", Severity.WARNING),
  TAPE_DIRECTORY_INVALID_AT_UNLOAD(0x33, "Tape directory invalid at unload", Severity.WARNING),
  TAPE_SYSTEM_AREA_WRITE_FAILURE(0x34, "Tape system area write failure", Severity.CRITICAL),
  TAPE_SYSTEM_AREA_READ_FAILURE(0x35, "Tape system area read failure", Severity.CRITICAL),
  NO_START_OF_DATA(0x36, "No start of data", Severity.CRITICAL),
  LOADING_FAILURE(0x37, "Loading failure", Severity.CRITICAL),
  UNRECOVERABLE_UNLOAD_FAILURE(0x38, "Unrecoverable unload failure", Severity.CRITICAL),
  AUTOMATION_INTERFACE_FAILURE(0x39, "Automation interface failure", Severity.CRITICAL),
  FIRMWARE_FAILURE(0x3A, "Firmware failure", Severity.WARNING),
  WORM_INTEGRITY_CHECK_FAILED(0x3B, "WORM medium - integrity check failed", Severity.WARNING),
  WORM_OVERWRITE_ATTEMPTED(0x3C, "WORM medium - overwrite attempted", Severity.WARNING),
  ENCRYPTION_POLICY_VIOLATION(0x3D, "Encryption policy violation", Severity.WARNING),
  RESERVED_3E(0x3E, "Reserved (3Eh)", Severity.INFORMATION),
  RESERVED_3F(0x3F, "Reserved (3Fh)", Severity.INFORMATION),
  RESERVED_40(0x40, "Reserved (40h)", Severity.INFORMATION);

  /** How urgent a flag is, from the TapeAlert specification's type column. */
  public enum Severity {
    /** I: a hint, no action needed now. */
    INFORMATION,
    /** W: the operator should act soon. */
    WARNING,
    /** C: the current operation failed or data is at risk. */
    CRITICAL
  }

  private static final CodeTable<TapeAlertFlag> BY_NUMBER = CodeTable.of(values(), TapeAlertFlag::number);

  /**
   * The flags after which PBS marks the loaded tape Damaged and aborts a backup (its
   * "critical" mask). Narrower than {@link Severity#CRITICAL}: it leaves out cleaning-required
   * and the recoverable cartridge failure, and adds two obsolete loader flags.
   */
  public static final Set<TapeAlertFlag> MEDIA_CRITICAL =
      Collections.unmodifiableSet(
          EnumSet.of(
              MEDIA,
              WRITE_FAILURE,
              READ_FAILURE,
              WRITE_PROTECT,
              UNRECOVERABLE_MECHANICAL_CARTRIDGE_FAILURE,
              FORCED_EJECT,
              EXPIRED_CLEANING_MEDIA,
              INVALID_CLEANING_TAPE,
              HARDWARE_A,
              HARDWARE_B,
              EJECT_MEDIA,
              PREDICTIVE_FAILURE,
              LOADER_STRAY_TAPE,
              LOADER_MAGAZINE,
              TAPE_SYSTEM_AREA_WRITE_FAILURE,
              TAPE_SYSTEM_AREA_READ_FAILURE,
              NO_START_OF_DATA,
              LOADING_FAILURE,
              UNRECOVERABLE_UNLOAD_FAILURE,
              AUTOMATION_INTERFACE_FAILURE));

  /** The medium is worn: replace it soon. */
  public static final Set<TapeAlertFlag> MEDIA_LIFE_FLAGS =
      Collections.unmodifiableSet(EnumSet.of(MEDIA_LIFE, NEARING_MEDIA_LIFE));

  /** The drive wants a cleaning cartridge. */
  public static final Set<TapeAlertFlag> CLEANING_FLAGS =
      Collections.unmodifiableSet(EnumSet.of(CLEANING_REQUIRED, CLEANING_REQUESTED));

  private final int number;
  private final String t10Name;
  private final Severity severity;

  TapeAlertFlag(int number, String t10Name, Severity severity) {
    this.number = number;
    this.t10Name = t10Name;
    this.severity = severity;
  }

  /** The flag number, 1..64 (also the parameter code on log page 2Eh). */
  public int number() {
    return number;
  }

  /** The name as T10 (and sg_logs) spells it. */
  public String t10Name() {
    return t10Name;
  }

  public Severity severity() {
    return severity;
  }

  /** True for 28h..2Eh (loader flags moved to SMC) and the reserved 3Eh..40h. */
  public boolean isObsoleteOrReserved() {
    return (number >= 0x28 && number <= 0x2E) || number >= 0x3E;
  }

  /** The flag with this number; {@link IllegalArgumentException} outside 1..64. */
  public static TapeAlertFlag of(int number) {
    return BY_NUMBER.find(number)
        .orElseThrow(() -> new IllegalArgumentException("TapeAlert flag number " + number + " is outside 1..64"));
  }

  /** Decodes the wire order: flag N is bit {@code 64 - N} of the big-endian u64. */
  public static Set<TapeAlertFlag> fromWireBits(long bits) {
    EnumSet<TapeAlertFlag> set = EnumSet.noneOf(TapeAlertFlag.class);
    for (TapeAlertFlag f : values()) {
      if ((bits & wireMask(f)) != 0) {
        set.add(f);
      }
    }
    return set;
  }

  /** Encodes the wire order: flag N is bit {@code 64 - N} of the big-endian u64. */
  public static long toWireBits(Set<TapeAlertFlag> flags) {
    long bits = 0;
    for (TapeAlertFlag f : flags) {
      bits |= wireMask(f);
    }
    return bits;
  }

  /** Decodes the PBS/mhvtl order: flag N is bit {@code N - 1}. */
  public static Set<TapeAlertFlag> fromLsbFirstBits(long bits) {
    return fromWireBits(Long.reverse(bits));
  }

  /** Encodes the PBS/mhvtl order: flag N is bit {@code N - 1}. */
  public static long toLsbFirstBits(Set<TapeAlertFlag> flags) {
    return Long.reverse(toWireBits(flags));
  }

  /** An unmodifiable copy of {@code flags}. */
  static Set<TapeAlertFlag> immutableCopy(Set<TapeAlertFlag> flags) {
    EnumSet<TapeAlertFlag> copy = EnumSet.noneOf(TapeAlertFlag.class);
    copy.addAll(flags);
    return Collections.unmodifiableSet(copy);
  }

  private static long wireMask(TapeAlertFlag f) {
    return 1L << (64 - f.number);
  }

  @Override
  public String toString() {
    return String.format("%02Xh %s (%s)", number, t10Name, severity);
  }
}
