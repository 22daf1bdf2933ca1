package dev.tapekit.scsi;

/**
 * A device reply (parameter data, sense data, a page) is truncated or inconsistent, so it cannot be
 * decoded. The message says which structure and which byte offset.
 */
public class MalformedResponseException extends ScsiException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message) {
    super(null, message);
  }

  public MalformedResponseException(String device, String message) {
    super(device, message);
  }
}
