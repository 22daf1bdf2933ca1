package dev.tapekit.changer.smc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.time.Duration;

/**
 * A READ ELEMENT STATUS (0xB8) request (SMC-3 6.11).
 *
 * <pre>
 *  0   0xB8
 *  1   VOLTAG(4) | ELEMENT TYPE CODE(3..0)
 *  2-3 starting element address
 *  4-5 number of elements
 *  6   CURDATA(1) DVCID(0)
 *  7-9 allocation length (3 bytes)
 * 10   reserved   11 control
 * </pre>
 *
 * <p>Some changers honour only the low two bytes of the allocation length (PBS commit d3b934d4: 0x010000
 * failed where 0x00FFFF works), so {@link #MAX_ALLOCATION_LENGTH} keeps byte 7 zero. Immutable.
 *
 * @param type which element type to report ({@link ElementType#ALL} for every type)
 * @param start the lowest element address to report
 * @param count the most elements to report
 * @param volumeTags VOLTAG: include volume tags
 * @param currentData CURDATA: answer from cached data, without moving the picker
 * @param deviceIdentifiers DVCID: include drives' identification descriptors
 * @param allocationLength bytes the initiator accepts
 */
public record ReadElementStatus(
    ElementType type,
    int start,
    int count,
    boolean volumeTags,
    boolean currentData,
    boolean deviceIdentifiers,
    int allocationLength) {

  /** Opcode 0xB8. */
  public static final int OPCODE = 0xB8;
  /** The largest allocation length sent: 0xFFFF (the two-byte quirk). */
  public static final int MAX_ALLOCATION_LENGTH = 0xFFFF;
  /** Most elements PBS asks for per request; bigger libraries are paged. */
  public static final int MAX_ELEMENTS_PER_REQUEST = 1000;
  /** A full library scan can take minutes on big libraries. */
  public static final Duration TIMEOUT = Duration.ofSeconds(300);

  public ReadElementStatus {
    if (start < 0 || start > 0xFFFF || count < 0 || count > 0xFFFF) {
      throw new IllegalArgumentException("start " + start + " / count " + count + " outside 0..65535");
    }
    if (allocationLength < 0 || allocationLength > 0xFFFFFF) {
      throw new IllegalArgumentException("allocation length " + allocationLength);
    }
  }

  /** The command to send. */
  public ScsiCommand toCommand() {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) OPCODE;
    cdb[1] = (byte) ((volumeTags ? 0x10 : 0) | type.code());
    Bytes.put16(cdb, 2, start);
    Bytes.put16(cdb, 4, count);
    cdb[6] = (byte) ((currentData ? 0x02 : 0) | (deviceIdentifiers ? 0x01 : 0));
    Bytes.put24(cdb, 7, allocationLength);
    return new ScsiCommand("READ ELEMENT STATUS", cdb, DataDirection.FROM_DEVICE, allocationLength, TIMEOUT);
  }

  /** The same request with another allocation length. */
  public ReadElementStatus withAllocationLength(int length) {
    return new ReadElementStatus(type, start, count, volumeTags, currentData, deviceIdentifiers, length);
  }

  /** The same request without VOLTAG. */
  public ReadElementStatus withoutVolumeTags() {
    return new ReadElementStatus(type, start, count, false, currentData, deviceIdentifiers, allocationLength);
  }

  /** The same request for another start address and count. */
  public ReadElementStatus withRange(int newStart, int newCount) {
    return new ReadElementStatus(type, newStart, newCount, volumeTags, currentData, deviceIdentifiers, allocationLength);
  }
}
