package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * REPORT SUPPORTED OPERATION CODES data in the all-commands form (reporting option 000b, SPC-5
 * 6.36.2): every command the device supports, optionally with timeouts.
 *
 * <pre>
 *  0-3    command data length n
 *  4..    command descriptors, each:
 *    0    operation code
 *    1    reserved
 *    2-3  service action
 *    4    reserved
 *    5    RWCDLP(6) | MLU(5-4) | CDLP(3-2) | CTDP(1) | SERVACTV(0)
 *    6-7  CDB length
 *    8-19 command timeouts descriptor, present when CTDP is set ({@link CommandTimeouts})
 * </pre>
 *
 * <p>Contract: a truncated reply yields the complete descriptors that arrived and {@link
 * #truncated()} is true. Immutable.
 *
 * @param commandDataLength the COMMAND DATA LENGTH field
 * @param commands the complete descriptors, in the device's order
 * @param truncated the list was cut short
 */
public record SupportedOperationCodes(long commandDataLength, List<Command> commands, boolean truncated) {
  private static final String WHAT = "REPORT SUPPORTED OPERATION CODES data";

  public SupportedOperationCodes {
    commands = List.copyOf(commands);
  }

  public static SupportedOperationCodes parse(byte[] reply) throws MalformedResponseException {
    long length = Bytes.u32(reply, 0, WHAT);
    long end = Math.min(reply.length, 4 + length);
    List<Command> out = new ArrayList<>();
    int off = 4;
    boolean cut = end < 4 + length;
    while (off < end) {
      if (off + 8 > end) {
        cut = true;
        break;
      }
      int flags = reply[off + 5] & 0xFF;
      boolean ctdp = (flags & 0x02) != 0;
      int size = ctdp ? 8 + CommandTimeouts.LENGTH : 8;
      if (off + size > end) {
        cut = true;
        break;
      }
      out.add(
          new Command(
              reply[off] & 0xFF,
              (int) Bytes.getUnsigned(reply, off + 2, 2),
              flags,
              (int) Bytes.getUnsigned(reply, off + 6, 2),
              ctdp ? Optional.of(CommandTimeouts.parse(reply, off + 8, WHAT)) : Optional.empty()));
      off += size;
    }
    return new SupportedOperationCodes(length, out, cut);
  }

  /** The descriptor for a command; {@code serviceAction} -1 for commands without one. */
  public Optional<Command> find(int opcode, int serviceAction) {
    return commands.stream()
        .filter(c -> c.opcode() == opcode && (serviceAction < 0 ? !c.hasServiceAction() : c.serviceAction() == serviceAction))
        .findFirst();
  }

  /**
   * One command descriptor.
   *
   * @param opcode the operation code
   * @param serviceAction the service action (meaningful when {@link #hasServiceAction()})
   * @param flags byte 5 as sent
   * @param cdbLength the CDB length
   * @param timeouts the timeouts, when the device sent them (CTDP)
   */
  public record Command(int opcode, int serviceAction, int flags, int cdbLength, Optional<CommandTimeouts> timeouts) {
    /** SERVACTV: the service action field is valid. */
    public boolean hasServiceAction() {
      return (flags & 0x01) != 0;
    }

    /** The MLU field (multiple logical units), 0..3. */
    public int mlu() {
      return (flags & 0x30) >>> 4;
    }

    /** The CDLP field (command duration limit page), 0..3. */
    public int cdlp() {
      return (flags & 0x0C) >>> 2;
    }
  }
}
