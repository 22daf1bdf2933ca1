package dev.tapekit.scsi;

import java.util.Objects;

/**
 * A transport that sends its commands through another one it does not own: it changes how commands
 * are sent (a retry policy, timeouts) and has the device's name, and closing it leaves the device
 * open — the owner of the device closes that. Subclasses implement {@link #execute}.
 */
public abstract class TransportView implements ScsiTransport {
  /** The transport the commands go to. */
  protected final ScsiTransport device;

  protected TransportView(ScsiTransport device) {
    this.device = Objects.requireNonNull(device, "device");
  }

  @Override
  public String deviceName() {
    return device.deviceName();
  }

  /** Does nothing: the device belongs to whoever made this view. */
  @Override
  public void close() {}
}
