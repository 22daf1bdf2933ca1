package dev.tapekit.tools;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;

/** How a tool turns a DEVICE argument into a transport; {@link Devices#open} unless a test wraps it. */
@FunctionalInterface
public interface DeviceOpener {
  /**
   * @throws ScsiTransportException when the device cannot be opened (its kind gives the exit status)
   * @throws ToolFailure for a malformed device name
   */
  ScsiTransport open(String device) throws ScsiTransportException, ToolFailure;
}
