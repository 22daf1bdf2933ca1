package dev.tapekit.scsi.log;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/**
 * The parameters of the Volume Statistics log page (17h), SSC-5 8.2.7, with their units. Names
 * follow SSC (sg_logs prints the same); PBS's names differ for a few (it calls 0003h "recovered
 * write errors").
 */
public enum VolumeStatistic {
  PAGE_VALID(0x0000, "Page valid", Unit.FLAG),
  THREAD_COUNT(0x0001, "Thread count", Unit.COUNT),
  TOTAL_DATA_SETS_WRITTEN(0x0002, "Total data sets written", Unit.COUNT),
  TOTAL_WRITE_RETRIES(0x0003, "Total write retries", Unit.COUNT),
  TOTAL_UNRECOVERED_WRITE_ERRORS(0x0004, "Total unrecovered write errors", Unit.COUNT),
  TOTAL_SUSPENDED_WRITES(0x0005, "Total suspended writes", Unit.COUNT),
  TOTAL_FATAL_SUSPENDED_WRITES(0x0006, "Total fatal suspended writes", Unit.COUNT),
  TOTAL_DATA_SETS_READ(0x0007, "Total data sets read", Unit.COUNT),
  TOTAL_READ_RETRIES(0x0008, "Total read retries", Unit.COUNT),
  TOTAL_UNRECOVERED_READ_ERRORS(0x0009, "Total unrecovered read errors", Unit.COUNT),
  TOTAL_SUSPENDED_READS(0x000A, "Total suspended reads", Unit.COUNT),
  TOTAL_FATAL_SUSPENDED_READS(0x000B, "Total fatal suspended reads", Unit.COUNT),
  LAST_MOUNT_UNRECOVERED_WRITE_ERRORS(0x000C, "Last mount unrecovered write errors", Unit.COUNT),
  LAST_MOUNT_UNRECOVERED_READ_ERRORS(0x000D, "Last mount unrecovered read errors", Unit.COUNT),
  LAST_MOUNT_MEGABYTES_WRITTEN(0x000E, "Last mount megabytes written", Unit.MEGABYTES),
  LAST_MOUNT_MEGABYTES_READ(0x000F, "Last mount megabytes read", Unit.MEGABYTES),
  LIFETIME_MEGABYTES_WRITTEN(0x0010, "Lifetime megabytes written", Unit.MEGABYTES),
  LIFETIME_MEGABYTES_READ(0x0011, "Lifetime megabytes read", Unit.MEGABYTES),
  LAST_LOAD_WRITE_COMPRESSION_RATIO(0x0012, "Last load write compression ratio", Unit.PERCENT),
  LAST_LOAD_READ_COMPRESSION_RATIO(0x0013, "Last load read compression ratio", Unit.PERCENT),
  MEDIUM_MOUNT_TIME(0x0014, "Medium mount time", Unit.MILLISECONDS),
  MEDIUM_READY_TIME(0x0015, "Medium ready time", Unit.MILLISECONDS),
  TOTAL_NATIVE_CAPACITY(0x0016, "Total native capacity", Unit.MEGABYTES),
  TOTAL_USED_NATIVE_CAPACITY(0x0017, "Total used native capacity", Unit.MEGABYTES),
  APPLICATION_DESIGN_CAPACITY(0x0018, "Application design capacity", Unit.MEGABYTES),
  VOLUME_USEFUL_LIFE_REMAINING(0x0019, "Volume useful life remaining", Unit.PERCENT),
  VOLUME_STOP_WRITES_FORWARD_WRAPS(0x001A, "Volume stop writes of forward wraps", Unit.COUNT),
  VOLUME_STOP_WRITES_BACKWARD_WRAPS(0x001B, "Volume stop writes of backward wraps", Unit.COUNT),
  VOLUME_SERIAL_NUMBER(0x0040, "Volume serial number", Unit.ASCII),
  TAPE_LOT_IDENTIFIER(0x0041, "Tape lot identifier", Unit.ASCII),
  VOLUME_BARCODE(0x0042, "Volume barcode", Unit.ASCII),
  VOLUME_MANUFACTURER(0x0043, "Volume manufacturer", Unit.ASCII),
  VOLUME_LICENSE_CODE(0x0044, "Volume license code", Unit.ASCII),
  VOLUME_PERSONALITY(0x0045, "Volume personality", Unit.ASCII),
  WRITE_PROTECT(0x0080, "Write protect", Unit.FLAG),
  WORM(0x0081, "WORM", Unit.FLAG),
  MAXIMUM_RECOMMENDED_TAPE_PATH_TEMPERATURE_EXCEEDED(
      0x0082, "Maximum recommended tape path temperature exceeded", Unit.FLAG),
  VOLUME_WRITE_MOUNTS(0x0100, "Volume write mounts", Unit.COUNT),
  BEGINNING_OF_MEDIUM_PASSES(0x0101, "Beginning of medium passes", Unit.COUNT),
  MIDDLE_OF_MEDIUM_PASSES(0x0102, "Middle of medium passes", Unit.COUNT),
  FIRST_ENCRYPTED_LOGICAL_OBJECT(
      0x0200, "Logical position of first encrypted logical object", Unit.PARTITION_RECORDS),
  FIRST_UNENCRYPTED_LOGICAL_OBJECT(
      0x0201,
      "Logical position of first unencrypted logical object after first encrypted logical object",
      Unit.PARTITION_RECORDS),
  NATIVE_CAPACITY_PARTITIONS(0x0202, "Native capacity partitions", Unit.PARTITION_RECORDS),
  USED_NATIVE_CAPACITY_PARTITIONS(0x0203, "Used native capacity partitions", Unit.PARTITION_RECORDS),
  REMAINING_NATIVE_CAPACITY_PARTITIONS(
      0x0204, "Remaining native capacity partitions", Unit.PARTITION_RECORDS),
  MOUNT_HISTORY(0x0300, "Mount history", Unit.RAW);

  private static final CodeTable<VolumeStatistic> BY_CODE = CodeTable.of(values(), VolumeStatistic::code);

  /** How a parameter's value is to be read. */
  public enum Unit {
    /** An event or operation count. */
    COUNT,
    /** Megabytes of 10^6 bytes. */
    MEGABYTES,
    /** Milliseconds. */
    MILLISECONDS,
    /** Percent (compression ratios: 200 means 2:1). */
    PERCENT,
    /** Non-zero means set (page valid: bit 0 of the last byte). */
    FLAG,
    /** ASCII text. */
    ASCII,
    /** A list of per-partition records (see {@link VolumeStatisticsPage.PartitionRecord}). */
    PARTITION_RECORDS,
    /** Kept as bytes. */
    RAW
  }

  private final int code;
  private final String t10Name;
  private final Unit unit;

  VolumeStatistic(int code, String t10Name, Unit unit) {
    this.code = code;
    this.t10Name = t10Name;
    this.unit = unit;
  }

  public int code() {
    return code;
  }

  public String t10Name() {
    return t10Name;
  }

  public Unit unit() {
    return unit;
  }

  /** The statistic with this parameter code, if SSC defines one. */
  public static Optional<VolumeStatistic> of(int code) {
    return BY_CODE.find(code);
  }
}
