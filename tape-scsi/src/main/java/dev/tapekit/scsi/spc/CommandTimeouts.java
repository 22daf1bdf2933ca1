package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.time.Duration;

/**
 * A command timeouts descriptor of REPORT SUPPORTED OPERATION CODES with RCTD set (SPC-5 6.36.4):
 * how long the device expects a command to take. Drives publish their real worst cases here (an
 * LTO-9 FORMAT can take hours), so the tape layer prefers these over built-in defaults.
 *
 * <pre>
 *  0-1    descriptor length (0x000A)
 *  2      reserved
 *  3      command specific
 *  4-7    nominal command processing timeout, seconds (0 = not reported)
 *  8-11   recommended command timeout, seconds (0 = not reported)
 * </pre>
 *
 * @param commandSpecific the command-specific byte
 * @param nominalSeconds nominal processing time in seconds, 0 when not reported
 * @param recommendedSeconds recommended timeout in seconds, 0 when not reported
 */
public record CommandTimeouts(int commandSpecific, long nominalSeconds, long recommendedSeconds) {
  /** Size of the descriptor on the wire. */
  public static final int LENGTH = 12;

  static CommandTimeouts parse(byte[] d, int off, String what) throws MalformedResponseException {
    Bytes.require(d, off, LENGTH, what + " command timeouts descriptor");
    int len = Bytes.u16(d, off, what);
    if (len != 0x0A) {
      throw new MalformedResponseException(
          what + ": command timeouts descriptor length at offset " + off + " is " + len + ", expected 10");
    }
    return new CommandTimeouts(d[off + 3] & 0xFF, Bytes.getU32(d, off + 4), Bytes.getU32(d, off + 8));
  }

  public Duration nominal() {
    return Duration.ofSeconds(nominalSeconds);
  }

  public Duration recommended() {
    return Duration.ofSeconds(recommendedSeconds);
  }
}
