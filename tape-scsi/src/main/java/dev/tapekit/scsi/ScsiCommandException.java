package dev.tapekit.scsi;

import dev.tapekit.scsi.sense.SenseData;
import java.util.Optional;

/**
 * The device completed a command with an error status: CHECK CONDITION with sense data, BUSY,
 * RESERVATION CONFLICT and the like. The message names the device, the command and the decoded sense.
 */
public class ScsiCommandException extends ScsiException {
  private static final long serialVersionUID = 1L;
  private final String command;
  private final transient ScsiResult result;

  public ScsiCommandException(String device, String command, ScsiResult result) {
    this(device, command, result, null);
  }

  /** With a caller's hint appended to the message (what to do about it). */
  public ScsiCommandException(String device, String command, ScsiResult result, String hint) {
    super(device, describe(command, result) + (hint == null ? "" : " (" + hint + ")"));
    this.command = command;
    this.result = result;
  }

  private static String describe(String command, ScsiResult result) {
    Optional<SenseData> sense = result.senseData();
    if (sense.isPresent()) {
      return command + " failed: " + sense.get().summary();
    }
    return command + " failed: status " + result.scsiStatus().text()
        + String.format(" (0x%02x)", result.status());
  }

  /** The name of the failed command, e.g. "READ POSITION". */
  public String command() {
    return command;
  }

  /** The full result, with status, residue and sense bytes. */
  public ScsiResult result() {
    return result;
  }

  /** The decoded sense data, if any. */
  public Optional<SenseData> sense() {
    return result.senseData();
  }
}
