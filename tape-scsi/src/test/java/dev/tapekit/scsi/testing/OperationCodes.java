package dev.tapekit.scsi.testing;

import java.io.ByteArrayOutputStream;

/**
 * Builds REPORT SUPPORTED OPERATION CODES replies (all commands, RCTD set) for tests: one command
 * descriptor with a command timeouts descriptor per {@link #command} call.
 *
 * <pre>{@code
 * byte[] reply = new OperationCodes().command(0x08, -1, 6, 900, 1500).bytes(); // READ(6)
 * }</pre>
 */
public final class OperationCodes {
  private final ByteArrayOutputStream descriptors = new ByteArrayOutputStream();

  /**
   * Adds a command.
   *
   * @param serviceAction -1 for a command without one
   * @param nominalSeconds the nominal processing timeout (0: not reported)
   * @param recommendedSeconds the recommended timeout (0: not reported)
   */
  public OperationCodes command(int opcode, int serviceAction, int cdbLength, long nominalSeconds,
      long recommendedSeconds) {
    int sa = Math.max(0, serviceAction);
    write(opcode, 0, sa >> 8, sa, 0, 0x02 | (serviceAction >= 0 ? 0x01 : 0), cdbLength >> 8, cdbLength);
    write(0x00, 0x0A, 0, 0);
    u32(nominalSeconds);
    u32(recommendedSeconds);
    return this;
  }

  /** The reply: command data length, then the descriptors. */
  public byte[] bytes() {
    byte[] body = descriptors.toByteArray();
    byte[] reply = new byte[4 + body.length];
    reply[0] = (byte) (body.length >>> 24);
    reply[1] = (byte) (body.length >>> 16);
    reply[2] = (byte) (body.length >>> 8);
    reply[3] = (byte) body.length;
    System.arraycopy(body, 0, reply, 4, body.length);
    return reply;
  }

  private void u32(long v) {
    write((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
  }

  private void write(int... bytes) {
    for (int b : bytes) {
      descriptors.write(b & 0xFF);
    }
  }
}
