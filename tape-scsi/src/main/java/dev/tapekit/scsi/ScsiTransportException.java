package dev.tapekit.scsi;

/**
 * The transport could not deliver a command or could not complete it: the device is gone, access is
 * denied, the command timed out or the host adapter reported an error. The device never answered, so
 * there is no SCSI status or sense.
 */
public class ScsiTransportException extends ScsiException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that branch on it (tools map these to exit codes). */
  public enum Kind {
    /** The device node does not exist or the device went away (ENOENT, ENODEV, ENXIO, DID_NO_CONNECT). */
    NO_DEVICE,
    /** The caller may not open the device (EACCES, EPERM). */
    PERMISSION_DENIED,
    /** The device is open exclusively elsewhere (EBUSY). */
    BUSY,
    /** The node is not a SCSI generic device of a kind the transport can drive. */
    NOT_SCSI,
    /** The command did not complete in its timeout (ETIMEDOUT, DID_TIME_OUT). */
    TIMEOUT,
    /** The host adapter or driver failed the command (other DID_* values, EIO). */
    HOST_ERROR,
    /** The transport is closed or unusable on this platform. */
    UNAVAILABLE,
    /** Anything else the operating system reported. */
    OS_ERROR
  }

  private final Kind kind;

  public ScsiTransportException(String device, Kind kind, String message) {
    this(device, kind, message, null);
  }

  public ScsiTransportException(String device, Kind kind, String message, Throwable cause) {
    super(device, message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
