package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;

/** The drive has no cartridge (sense NOT READY, MEDIUM NOT PRESENT 3A/xx). */
public class NoMediumException extends ScsiCommandException {
  private static final long serialVersionUID = 1L;

  public NoMediumException(String device, String command, ScsiResult result) {
    super(device, command, result, "no cartridge in the drive: insert or load one");
  }
}
