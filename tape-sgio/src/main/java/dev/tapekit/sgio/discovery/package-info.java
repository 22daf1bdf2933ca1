/**
 * Finding tape drives and medium changers on a Linux machine from sysfs, without opening them:
 * {@link dev.tapekit.sgio.discovery.DeviceDiscovery} returns a {@link
 * dev.tapekit.sgio.discovery.DiscoveredDevice} per device, whose {@code preferredPath()} can be passed
 * to {@code SgIoTransport.open}.
 */
package dev.tapekit.sgio.discovery;
