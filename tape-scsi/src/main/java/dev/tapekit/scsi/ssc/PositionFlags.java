package dev.tapekit.scsi.ssc;

/**
 * The flag byte (byte 0) shared by the short and extended forms of READ POSITION ({@link
 * ShortPosition}, {@link ExtendedPosition}).
 *
 * <pre>
 *  bit 7 BOP   beginning of partition
 *      6 EOP   end of partition: between early warning and the end of the partition
 *      5 LOCU  logical object count unknown
 *      4 BYCU  byte count unknown
 *      3       reserved
 *      2 LOLU  logical object location unknown
 *      1 PERR  position error: a value overflowed its field
 *      0 BPEW  beyond programmable early warning
 * </pre>
 *
 * The other fields of a reply are valid only as these flags say: LOLU set means the two locations
 * are unknown, LOCU the object count, BYCU the byte count; PERR means a value overflowed its field
 * (in the short form: use the long or extended form). Immutable.
 *
 * @param beginningOfPartition BOP
 * @param endOfPartition EOP
 * @param objectCountUnknown LOCU
 * @param byteCountUnknown BYCU
 * @param locationUnknown LOLU
 * @param positionError PERR
 * @param beyondProgrammableEarlyWarning BPEW
 */
public record PositionFlags(
    boolean beginningOfPartition,
    boolean endOfPartition,
    boolean objectCountUnknown,
    boolean byteCountUnknown,
    boolean locationUnknown,
    boolean positionError,
    boolean beyondProgrammableEarlyWarning) {

  /** Decodes the flag byte; the reserved bit 3 and any bits above 7 are ignored. */
  public static PositionFlags decode(int flags) {
    return new PositionFlags(
        (flags & 0x80) != 0,
        (flags & 0x40) != 0,
        (flags & 0x20) != 0,
        (flags & 0x10) != 0,
        (flags & 0x04) != 0,
        (flags & 0x02) != 0,
        (flags & 0x01) != 0);
  }
}
