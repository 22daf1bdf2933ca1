package dev.tapekit.sgio.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One tape drive or medium changer the kernel knows, as {@link DeviceDiscovery} found it in sysfs.
 * Open it with {@code SgIoTransport.open(device.preferredPath().toString())}.
 *
 * @param sgNode the SCSI generic node, {@code /dev/sgN} (always present while the sg driver is loaded;
 *     the transport opens this node whatever path it is given)
 * @param type tape drive or changer
 * @param address the kernel's {@code H:C:T:L}
 * @param vendor INQUIRY vendor identification, trimmed (e.g. {@code IBM}, {@code HP})
 * @param model INQUIRY product identification, trimmed (e.g. {@code ULT3580-TD9})
 * @param revision INQUIRY product revision level, trimmed
 * @param serial the unit serial number (VPD page 0x80) when the kernel exposes it
 * @param deviceNode {@code /dev/nstN} for a tape drive (the non-rewinding st node) or {@code /dev/schN}
 *     for a changer, when that driver is bound and the node exists
 * @param byIdLinks the {@code /dev/tape/by-id} links resolving to any of this device's nodes; the ones
 *     to the sg node first, then by name
 */
public record DiscoveredDevice(
    Path sgNode,
    DeviceType type,
    ScsiAddress address,
    String vendor,
    String model,
    String revision,
    Optional<String> serial,
    Optional<Path> deviceNode,
    List<Path> byIdLinks) {

  public DiscoveredDevice {
    Objects.requireNonNull(sgNode, "sgNode");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(address, "address");
    vendor = Objects.requireNonNullElse(vendor, "");
    model = Objects.requireNonNullElse(model, "");
    revision = Objects.requireNonNullElse(revision, "");
    serial = Objects.requireNonNullElse(serial, Optional.empty());
    deviceNode = Objects.requireNonNullElse(deviceNode, Optional.empty());
    byIdLinks = List.copyOf(byIdLinks);
  }

  /**
   * The path to configure and open: the first {@code /dev/tape/by-id} link (stable across reboots and
   * re-cabling), or the sg node when udev made none.
   */
  public Path preferredPath() {
    return byIdLinks.isEmpty() ? sgNode : byIdLinks.get(0);
  }

  /** One line as {@code lsscsi -g} would describe it, e.g. {@code [2:0:0:0] tape IBM ULT3580-TD9 N9M1 /dev/nst0 /dev/sg1}. */
  @Override
  public String toString() {
    return "[" + address + "] " + type.name().toLowerCase(Locale.ROOT) + " " + vendor + " " + model + " "
        + revision + " " + deviceNode.map(Path::toString).orElse("-") + " " + sgNode
        + serial.map(s -> " serial=" + s).orElse("");
  }
}
