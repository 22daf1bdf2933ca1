package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The Volume Statistics log page (17h, subpage 00h..0Fh), SSC-5 8.2.7: lifetime statistics of the
 * mounted volume (LTO-5 and later). A view over a {@link LogPage}; the parameter table with units
 * is {@link VolumeStatistic}. Immutable.
 *
 * <pre>
 * counters (COUNT, MEGABYTES, MILLISECONDS, PERCENT, FLAG): big-endian unsigned, 1..8 bytes
 *   (all FFh means "unknown" for capacities and flags)
 * ASCII parameters (0040h..0045h): left-aligned, space padded
 * partition records (0200h..0204h), repeated:
 *  0    RECORD LENGTH (bytes after this one: 3 + value length)
 *  1    reserved
 *  2..3 PARTITION NUMBER (u16)
 *  4..  value (u32 capacities in MB, or u64 logical object identifiers)
 * </pre>
 *
 * <p>Derived values (from PBS): {@link #wearout()} = max(BOM passes, MOT passes) / 16000, the pass
 * budget of an LTO cartridge; {@link #cleaningCartridgeWearout()} = thread count / 50, the uses of
 * an LTO cleaning cartridge.
 *
 * @param page the underlying page
 */
public record VolumeStatisticsPage(LogPage page) {
  public static final int PAGE_CODE = 0x17;
  /** Full passes an LTO cartridge is specified for (PBS's wearout denominator). */
  public static final int LTO_PASS_BUDGET = 16_000;
  /** Uses an LTO cleaning cartridge is good for (PBS's assumption). */
  public static final int CLEANING_CARTRIDGE_USES = 50;

  /** One per-partition value. */
  public record PartitionRecord(int partition, long value) {}

  public static ScsiCommand command() {
    return LogCommands.logSense(PAGE_CODE, 0, 8192);
  }

  /** Decodes subpage 00h (or 01h..0Fh, which share the parameter set). */
  public static VolumeStatisticsPage parse(byte[] data) throws MalformedResponseException {
    LogPage page = LogPage.parse(data);
    if (page.pageCode() != PAGE_CODE || page.subpageCode() > 0x0F) {
      page.header().expect(PAGE_CODE, 0, "volume statistics log page");
    }
    return new VolumeStatisticsPage(page);
  }

  /** Parameter 0000h is present and bit 0 of its last byte is 1. */
  public boolean pageValid() {
    return page.parameter(VolumeStatistic.PAGE_VALID.code())
        .map(p -> p.length() > 0 && (p.value()[p.length() - 1] & 1) != 0)
        .orElse(false);
  }

  /**
   * A numeric statistic (COUNT, MEGABYTES, MILLISECONDS, PERCENT or FLAG units); empty when the page
   * lacks it or, for capacities and flags, when it is all FFh ("unknown").
   *
   * @throws IllegalArgumentException for ASCII, partition-record and raw statistics
   */
  public OptionalLong value(VolumeStatistic s) throws MalformedResponseException {
    switch (s.unit()) {
      case ASCII:
      case PARTITION_RECORDS:
      case RAW:
        throw new IllegalArgumentException(s + " is not a number but " + s.unit());
      default:
        break;
    }
    Optional<LogParameter> p = page.parameter(s.code());
    if (p.isEmpty()) {
      return OptionalLong.empty();
    }
    boolean unknownAllowed = s.unit() == VolumeStatistic.Unit.MEGABYTES || s.unit() == VolumeStatistic.Unit.FLAG
        || s == VolumeStatistic.VOLUME_USEFUL_LIFE_REMAINING;
    if (unknownAllowed && p.get().allOnes()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(p.get().unsigned());
  }

  /** A MEGABYTES statistic converted to bytes (× 10^6); a value too large for a long is malformed. */
  public OptionalLong bytes(VolumeStatistic s) throws MalformedResponseException {
    if (s.unit() != VolumeStatistic.Unit.MEGABYTES) {
      throw new IllegalArgumentException(s + " is not in megabytes");
    }
    OptionalLong mb = value(s);
    if (mb.isEmpty()) {
      return mb;
    }
    try {
      return OptionalLong.of(Math.multiplyExact(mb.getAsLong(), 1_000_000L));
    } catch (ArithmeticException e) {
      throw new MalformedResponseException(String.format(
          "volume statistics parameter %04Xh: %s MB is more bytes than a long holds",
          s.code(), Long.toUnsignedString(mb.getAsLong())));
    }
  }

  /** An ASCII statistic (0040h..0045h). */
  public Optional<String> text(VolumeStatistic s) {
    if (s.unit() != VolumeStatistic.Unit.ASCII) {
      throw new IllegalArgumentException(s + " is not ASCII");
    }
    return page.parameter(s.code()).map(LogParameter::ascii);
  }

  /** The records of a partition-record statistic (0200h..0204h); empty list when absent. */
  public List<PartitionRecord> partitions(VolumeStatistic s) throws MalformedResponseException {
    if (s.unit() != VolumeStatistic.Unit.PARTITION_RECORDS) {
      throw new IllegalArgumentException(s + " has no partition records");
    }
    Optional<LogParameter> p = page.parameter(s.code());
    if (p.isEmpty()) {
      return List.of();
    }
    byte[] v = p.get().value();
    String what = String.format("volume statistics parameter %04Xh partition record", s.code());
    List<PartitionRecord> out = new ArrayList<>();
    int off = 0;
    while (off < v.length) {
      int size = Bytes.u8(v, off, what) + 1;
      if (size < 5 || size > 12) {
        throw new MalformedResponseException(what + " at offset " + off + ": record length " + (size - 1)
            + " is outside 4..11");
      }
      Bytes.require(v, off, size, what);
      int partition = Bytes.u16(v, off + 2, what);
      out.add(new PartitionRecord(partition, Bytes.getUnsigned(v, off + 4, size - 4)));
      off += size;
    }
    return out;
  }

  /**
   * Wear as a fraction of the LTO pass budget: max(BOM passes, MOT passes) / 16000; empty when the
   * drive reports neither.
   */
  public OptionalDouble wearout() throws MalformedResponseException {
    OptionalLong bom = value(VolumeStatistic.BEGINNING_OF_MEDIUM_PASSES);
    OptionalLong mot = value(VolumeStatistic.MIDDLE_OF_MEDIUM_PASSES);
    if (bom.isEmpty() && mot.isEmpty()) {
      return OptionalDouble.empty();
    }
    long passes = Math.max(bom.orElse(0), mot.orElse(0));
    return OptionalDouble.of((double) passes / LTO_PASS_BUDGET);
  }

  /** For a cleaning cartridge: thread count / 50, as a fraction; empty when the page lacks 0001h. */
  public OptionalDouble cleaningCartridgeWearout() throws MalformedResponseException {
    OptionalLong mounts = value(VolumeStatistic.THREAD_COUNT);
    return mounts.isPresent()
        ? OptionalDouble.of((double) mounts.getAsLong() / CLEANING_CARTRIDGE_USES)
        : OptionalDouble.empty();
  }
}
