package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * READ POSITION long form (service action 06h): partition, logical object number and logical file
 * identifier (the number of filemarks between the beginning of the partition and the position, i.e.
 * the current file number).
 *
 * <pre>
 *  0      BOP(7) EOP(6) rsvd(5..4) MPU(3) LONU(2) rsvd(1) BPEW(0)
 *  1-3    reserved
 *  4-7    PARTITION NUMBER
 *  8-15   LOGICAL OBJECT NUMBER
 *  16-23  LOGICAL FILE IDENTIFIER
 *  24-31  obsolete (logical set identifier)
 * </pre>
 *
 * LONU set means partition and object number are unknown; MPU set means the file identifier is
 * unknown.
 *
 * @param beginningOfPartition BOP
 * @param endOfPartition EOP
 * @param markPositionUnknown MPU
 * @param objectNumberUnknown LONU
 * @param beyondProgrammableEarlyWarning BPEW
 * @param partition partition number (unsigned 32-bit)
 * @param logicalObjectNumber blocks and filemarks before the position (unsigned 64-bit)
 * @param logicalFileIdentifier filemarks before the position (unsigned 64-bit)
 */
public record LongPosition(
    boolean beginningOfPartition,
    boolean endOfPartition,
    boolean markPositionUnknown,
    boolean objectNumberUnknown,
    boolean beyondProgrammableEarlyWarning,
    long partition,
    long logicalObjectNumber,
    long logicalFileIdentifier) {
  /** Length of the reply. */
  public static final int LENGTH = 32;

  private static final String WHAT = "READ POSITION long form";

  /** Decodes the 32-byte reply; extra bytes are ignored. */
  public static LongPosition decode(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, LENGTH, WHAT);
    int f = data[0];
    return new LongPosition(
        (f & 0x80) != 0,
        (f & 0x40) != 0,
        (f & 0x08) != 0,
        (f & 0x04) != 0,
        (f & 0x01) != 0,
        Bytes.u32(data, 4, WHAT),
        Bytes.u64(data, 8, WHAT),
        Bytes.u64(data, 16, WHAT));
  }
}
