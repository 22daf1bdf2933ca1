package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.sense.SenseData;
import java.util.Optional;

/**
 * The drive no longer knows, for this object, where its tape is: a command that reads, writes or
 * moves the tape met a UNIT ATTENTION (power on or reset, a cartridge change, mode parameters changed
 * by another initiator) and was not executed, and it was not sent again because after such an event
 * the tape is usually back at its beginning (a WRITE sent again would overwrite the start of the
 * tape). From then on the drive refuses every command that reads, writes or moves the tape, except
 * REWIND, LOCATE and LOAD/UNLOAD, which put the tape at a known place and end the refusal.
 *
 * <p>The message says what happened, which command was not executed, and what to do; when a
 * hardware encryption key had been set and the drive was reset, it says the key is gone.
 */
public class PositionLostException extends TapeDriveException {
  private static final long serialVersionUID = 1L;

  private final String command;
  private final transient SenseData attention;

  public PositionLostException(String device, String command, SenseData attention, String message) {
    super(device, message);
    this.command = command;
    this.attention = attention;
  }

  /** The command that was not executed (or refused). */
  public String command() {
    return command;
  }

  /** The unit attention that lost the position (absent after deserialization). */
  public Optional<SenseData> attention() {
    return Optional.ofNullable(attention);
  }
}
