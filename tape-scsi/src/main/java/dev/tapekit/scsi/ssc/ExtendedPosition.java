package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * READ POSITION extended form (service action 08h): the short form's content with 64-bit
 * locations.
 *
 * <pre>
 *  0      BOP(7) EOP(6) LOCU(5) BYCU(4) rsvd(3) LOLU(2) PERR(1) BPEW(0)
 *  1      PARTITION NUMBER
 *  2-3    ADDITIONAL LENGTH (1Ch)
 *  4      reserved
 *  5-7    NUMBER OF LOGICAL OBJECTS IN OBJECT BUFFER
 *  8-15   FIRST LOGICAL OBJECT LOCATION
 *  16-23  LAST LOGICAL OBJECT LOCATION
 *  24-31  NUMBER OF BYTES IN OBJECT BUFFER
 * </pre>
 *
 * Fields are valid only as the {@link PositionFlags} say. An ADDITIONAL LENGTH below 1Ch is
 * rejected: the fields it would leave out are mandatory.
 *
 * @param flags byte 0: BOP, EOP, LOCU, BYCU, LOLU, PERR, BPEW
 * @param partition partition number
 * @param objectsInBuffer logical objects in the drive's buffer
 * @param firstLogicalObject first logical object location (unsigned 64-bit)
 * @param lastLogicalObject last logical object location (unsigned 64-bit)
 * @param bytesInBuffer bytes in the drive's buffer (unsigned 64-bit)
 */
public record ExtendedPosition(
    PositionFlags flags,
    int partition,
    int objectsInBuffer,
    long firstLogicalObject,
    long lastLogicalObject,
    long bytesInBuffer) {
  /** Length of the reply. */
  public static final int LENGTH = 32;

  private static final String WHAT = "READ POSITION extended form";

  /** Decodes the 32-byte reply; extra bytes are ignored. */
  public static ExtendedPosition decode(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, LENGTH, WHAT);
    int additional = Bytes.u16(data, 2, WHAT);
    if (additional < LENGTH - 4) {
      throw new MalformedResponseException(
          WHAT + ": additional length " + additional + " at offset 2 is below the required " + (LENGTH - 4));
    }
    return new ExtendedPosition(
        PositionFlags.decode(data[0]),
        Bytes.u8(data, 1, WHAT),
        Bytes.u24(data, 5, WHAT),
        Bytes.u64(data, 8, WHAT),
        Bytes.u64(data, 16, WHAT),
        Bytes.u64(data, 24, WHAT));
  }
}
