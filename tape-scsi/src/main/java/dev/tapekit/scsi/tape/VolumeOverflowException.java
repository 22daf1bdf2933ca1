package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;

/**
 * A write reached the physical end of the partition (sense key VOLUME OVERFLOW): the block or
 * filemark was not written. Writers must stop at {@link WriteResult#EARLY_WARNING}; seeing this
 * means the early-warning zone was overrun and the current tape file is incomplete.
 */
public class VolumeOverflowException extends ScsiCommandException {
  private static final long serialVersionUID = 1L;

  public VolumeOverflowException(String device, String command, ScsiResult result) {
    super(device, command, result, "the tape is full: the data was not written; continue on another cartridge");
  }
}
