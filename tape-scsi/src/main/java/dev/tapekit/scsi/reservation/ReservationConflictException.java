package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;

/**
 * The device answered RESERVATION CONFLICT (status 18h): another initiator holds a reservation that
 * excludes this command, or a PERSISTENT RESERVE OUT named a key this initiator has not registered.
 */
public class ReservationConflictException extends ScsiCommandException {
  private static final long serialVersionUID = 1L;

  public ReservationConflictException(String device, String command, ScsiResult result, String hint) {
    super(device, command, result, hint);
  }
}
