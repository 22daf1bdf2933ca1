package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiException;

/**
 * A tape operation failed for a reason that is not one command's sense data: the drive did not
 * become ready in time, LOCATE kept landing in the wrong file, a WORM cartridge holds data, the
 * drive cannot say where it is. The message names the device and says what to do.
 */
public class TapeDriveException extends ScsiException {
  private static final long serialVersionUID = 1L;

  public TapeDriveException(String device, String message) {
    super(device, message);
  }
}
