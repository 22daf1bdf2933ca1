package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;

/**
 * The drive reported a deferred error: an earlier buffered command (a WRITE or WRITE FILEMARKS that
 * already returned success) failed later, when the drive flushed its buffer. The command that
 * received this report was not executed. Data written since the last successful synchronizing
 * filemark may not be on tape.
 */
public class DeferredErrorException extends ScsiCommandException {
  private static final long serialVersionUID = 1L;

  public DeferredErrorException(String device, String command, ScsiResult result) {
    super(device, command, result,
        "an earlier buffered write failed; " + command + " was not executed and data written since the last"
            + " synchronizing filemark may be lost");
  }
}
