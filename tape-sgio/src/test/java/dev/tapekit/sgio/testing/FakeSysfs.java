package dev.tapekit.sgio.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake {@code /sys} and {@code /dev} in a test directory, linked the way the Linux kernel and udev
 * link the real ones:
 *
 * <pre>
 * sys/devices/pci0000:00/host2/target2:0:0/2:0:0:0/           the SCSI device: type, vendor, model, rev, vpd_pg80
 * sys/devices/.../2:0:0:0/scsi_generic/sg1/device -> ../../   one directory per class device, each with a
 * sys/devices/.../2:0:0:0/scsi_tape/nst0/device   -> ../../   "device" link back to the SCSI device
 * sys/class/scsi_generic/sg1 -> ../../devices/.../scsi_generic/sg1
 * dev/sg1, dev/nst0                                           regular files standing in for device nodes
 * dev/tape/by-id/scsi-SERIAL-sg -> ../../sg1                  udev's relative links
 * </pre>
 */
public final class FakeSysfs {
  private final Path sys;
  private final Path dev;

  public FakeSysfs(Path root) {
    this.sys = root.resolve("sys");
    this.dev = root.resolve("dev");
    io(() -> Files.createDirectories(dev));
  }

  public Path sys() {
    return sys;
  }

  public Path dev() {
    return dev;
  }

  /** Starts a SCSI device at {@code hctl} with the given peripheral type. */
  public Device device(String hctl, int type) {
    Path dir = sys.resolve("devices/pci0000:00/host" + hctl.split(":")[0] + "/target" + hctl.substring(0, hctl.lastIndexOf(':')) + "/" + hctl);
    io(() -> Files.createDirectories(dir));
    Device d = new Device(dir);
    return d.attribute("type", type + "\n");
  }

  /** Creates {@code dev/<name>} standing in for a device node. */
  public Path node(String name) {
    Path node = dev.resolve(name);
    io(() -> Files.createDirectories(node.getParent()));
    io(() -> Files.createFile(node));
    return node;
  }

  /** Creates {@code dev/tape/by-id/<name>} pointing at {@code dev/<target>} with a relative link, as udev does. */
  public Path byId(String name, String target) {
    Path dir = dev.resolve("tape/by-id");
    io(() -> Files.createDirectories(dir));
    Path link = dir.resolve(name);
    io(() -> Files.createSymbolicLink(link, Path.of("../..").resolve(target)));
    return link;
  }

  /** A SCSI device directory being populated. */
  public final class Device {
    private final Path dir;

    Device(Path dir) {
      this.dir = dir;
    }

    public Path dir() {
      return dir;
    }

    /** Writes a text attribute (sysfs pads vendor/model/rev with spaces and ends with a newline). */
    public Device attribute(String name, String text) {
      return attribute(name, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes a binary attribute such as {@code vpd_pg80}. */
    public Device attribute(String name, byte[] content) {
      io(() -> Files.write(dir.resolve(name), content));
      return this;
    }

    /** Adds class devices, e.g. {@code ("scsi_tape", "st0", "nst0")}, with their class links. */
    public Device classDevices(String cls, String... names) {
      for (String name : names) {
        Path classDevice = dir.resolve(cls).resolve(name);
        io(() -> Files.createDirectories(classDevice));
        io(() -> Files.createSymbolicLink(classDevice.resolve("device"), Path.of("../..")));
        Path classDir = sys.resolve("class").resolve(cls);
        io(() -> Files.createDirectories(classDir));
        io(() -> Files.createSymbolicLink(classDir.resolve(name), classDir.relativize(classDevice)));
      }
      return this;
    }
  }

  private interface IoAction {
    Object run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
