package dev.tapekit.scsi;

/** Which way a command's data phase moves, seen from the initiator (this process). */
public enum DataDirection {
  /** No data phase (TEST UNIT READY, REWIND, SPACE, ...). */
  NONE,
  /** Data comes from the device into the caller's buffer (INQUIRY, READ, LOG SENSE, ...). */
  FROM_DEVICE,
  /** Data goes from the caller's buffer to the device (WRITE, MODE SELECT, ...). */
  TO_DEVICE
}
