package dev.tapekit.scsi;

import java.io.IOException;

/** Base of every failure tapekit's SCSI layer reports; always names the device it happened on. */
public class ScsiException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String device;
  private final String detail;

  public ScsiException(String device, String message) {
    this(device, message, null);
  }

  public ScsiException(String device, String message, Throwable cause) {
    super(device == null ? message : device + ": " + message, cause);
    this.device = device;
    this.detail = message;
  }

  /** The device path or address, or null when not known (pure decoding). */
  public String device() {
    return device;
  }

  /**
   * The message without the device prefix, for wrapping this failure in another exception that names
   * the device itself.
   */
  public String detail() {
    return detail;
  }
}
