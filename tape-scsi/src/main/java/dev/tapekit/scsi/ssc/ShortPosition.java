package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * READ POSITION short form (service action 00h): where the tape is, in 32-bit object numbers.
 *
 * <pre>
 *  0      BOP(7) EOP(6) LOCU(5) BYCU(4) rsvd(3) LOLU(2) PERR(1) BPEW(0)
 *  1      PARTITION NUMBER
 *  2-3    reserved
 *  4-7    FIRST LOGICAL OBJECT LOCATION   next object to be transferred to/from the host
 *  8-11   LAST LOGICAL OBJECT LOCATION    next object to be transferred to/from the medium
 *  12     reserved
 *  13-15  NUMBER OF LOGICAL OBJECTS IN OBJECT BUFFER
 *  16-19  NUMBER OF BYTES IN OBJECT BUFFER
 * </pre>
 *
 * Fields are valid only as the {@link PositionFlags} say (PERR: use the long or extended form).
 *
 * @param flags byte 0: BOP, EOP, LOCU, BYCU, LOLU, PERR, BPEW
 * @param partition partition number
 * @param firstLogicalObject first logical object location (unsigned 32-bit)
 * @param lastLogicalObject last logical object location (unsigned 32-bit)
 * @param objectsInBuffer logical objects in the drive's buffer
 * @param bytesInBuffer bytes in the drive's buffer (unsigned 32-bit)
 */
public record ShortPosition(
    PositionFlags flags,
    int partition,
    long firstLogicalObject,
    long lastLogicalObject,
    int objectsInBuffer,
    long bytesInBuffer) {
  /** Length of the reply. */
  public static final int LENGTH = 20;

  private static final String WHAT = "READ POSITION short form";

  /** Decodes the 20-byte reply; extra bytes are ignored. */
  public static ShortPosition decode(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, LENGTH, WHAT);
    return new ShortPosition(
        PositionFlags.decode(data[0]),
        Bytes.u8(data, 1, WHAT),
        Bytes.u32(data, 4, WHAT),
        Bytes.u32(data, 8, WHAT),
        Bytes.u24(data, 13, WHAT),
        Bytes.u32(data, 16, WHAT));
  }
}
