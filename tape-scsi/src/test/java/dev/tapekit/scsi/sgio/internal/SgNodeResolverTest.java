package dev.tapekit.scsi.sgio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution of user paths to sg nodes on a fake sysfs laid out like the kernel's: class entries are
 * symbolic links into {@code devices/}, and each class device has a {@code device} link to its SCSI
 * device, which lists {@code scsi_generic/sgN}, {@code scsi_tape/...} and {@code scsi_changer/schN}.
 */
class SgNodeResolverTest {
  @TempDir Path root;
  private Path sys;
  private Path dev;
  private SgNodeResolver resolver;

  @BeforeEach
  void fakeTree() throws Exception {
    sys = root.resolve("sys");
    dev = Files.createDirectories(root.resolve("dev"));
    scsiDevice("2:0:0:0", "sg1", "scsi_tape", "st0", "nst0", "st0a", "nst0l");
    scsiDevice("2:0:1:0", "sg2", "scsi_changer", "sch0");
    scsiDevice("3:0:0:0", "sg0", null);
    for (String node : new String[] {"sg0", "sg1", "sg2", "st0", "nst0", "st0a", "nst0l", "sch0"}) {
      Files.createFile(dev.resolve(node));
    }
    Files.createDirectories(dev.resolve("tape/by-id"));
    Files.createSymbolicLink(dev.resolve("tape/by-id/scsi-HU1234-nst"), Path.of("../../nst0"));
    Files.createSymbolicLink(dev.resolve("tape/by-id/scsi-HU1234-sg"), Path.of("../../sg1"));
    Files.createSymbolicLink(dev.resolve("tape/by-id/scsi-LIB99"), Path.of("../../sg2"));
    Files.createSymbolicLink(dev.resolve("changer"), Path.of("sch0"));
    resolver = new SgNodeResolver(sys, dev);
  }

  /** Creates devices/.../H:C:T:L with its class devices and the class links, as the kernel does. */
  private void scsiDevice(String hctl, String sg, String cls, String... classDevices) throws Exception {
    Path device = Files.createDirectories(sys.resolve("devices/pci0000:00/host/target/" + hctl));
    link(device, "scsi_generic", sg);
    for (String name : classDevices) {
      link(device, cls, name);
    }
  }

  private void link(Path device, String cls, String name) throws Exception {
    Path classDevice = Files.createDirectories(device.resolve(cls).resolve(name));
    Files.createSymbolicLink(classDevice.resolve("device"), Path.of("../.."));
    Path classDir = Files.createDirectories(sys.resolve("class").resolve(cls));
    Files.createSymbolicLink(classDir.resolve(name), classDir.relativize(classDevice));
  }

  private Path resolve(String path) throws ScsiTransportException {
    return resolver.resolve(dev.resolve(path).toString());
  }

  @Test
  void anSgNodeIsItself() throws Exception {
    assertEquals(dev.resolve("sg0").toRealPath(), resolve("sg0"));
  }

  @Test
  void tapeNodesAndTheirModeVariantsMapToTheDrivesSgNode() throws Exception {
    for (String node : new String[] {"nst0", "st0", "st0a", "nst0l"}) {
      assertEquals(dev.resolve("sg1"), resolve(node), node);
    }
  }

  @Test
  void changerNodeMapsToTheLibrarysSgNode() throws Exception {
    assertEquals(dev.resolve("sg2"), resolve("sch0"));
  }

  @Test
  void linksAreFollowedFirst() throws Exception {
    assertEquals(dev.resolve("sg1"), resolve("tape/by-id/scsi-HU1234-nst"));
    assertEquals(dev.resolve("sg1").toRealPath(), resolve("tape/by-id/scsi-HU1234-sg"));
    assertEquals(dev.resolve("sg2").toRealPath(), resolve("tape/by-id/scsi-LIB99"));
    assertEquals(dev.resolve("sg2"), resolve("changer"));
  }

  @Test
  void missingPathIsNoDevice() {
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> resolve("nst7"));
    assertEquals(Kind.NO_DEVICE, e.kind());
    assertTrue(e.getMessage().contains("no such device node"), e.getMessage());
  }

  @Test
  void tapeNodeWithoutSgDriverIsNotScsiAndSaysToLoadSg() throws Exception {
    Files.createFile(dev.resolve("nst3"));
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> resolve("nst3"));
    assertEquals(Kind.NOT_SCSI, e.kind());
    assertTrue(e.getMessage().contains("modprobe sg"), e.getMessage());
  }

  @Test
  void sgNodeNamedBySysfsButMissingInDevIsNoDevice() throws Exception {
    Files.delete(dev.resolve("sg2"));
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> resolve("sch0"));
    assertEquals(Kind.NO_DEVICE, e.kind());
    assertTrue(e.getMessage().contains("maps to sg2"), e.getMessage());
  }

  @Test
  void otherNamesResolveThroughTheDeviceNumber() throws Exception {
    // /dev/null is 1:3 everywhere; pretend the kernel says it belongs to the changer's SCSI device.
    Files.createDirectories(sys.resolve("dev/char"));
    Files.createSymbolicLink(sys.resolve("dev/char/1:3"), sys.resolve("class/scsi_changer/sch0").toRealPath());
    assertEquals(dev.resolve("sg2"), resolver.resolve("/dev/null"));
  }

  @Test
  void characterDeviceOfAnotherKindIsNotScsi() {
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> resolver.resolve("/dev/null"));
    assertEquals(Kind.NOT_SCSI, e.kind());
    assertTrue(e.getMessage().contains("(device 1:3)"), e.getMessage());
  }

  @Test
  void deviceNumbersOfCharacterDevices() {
    OptionalLong rdev = SgNodeResolver.characterDevice(Path.of("/dev/null"));
    assertTrue(rdev.isPresent());
    assertEquals(1, SgNodeResolver.major(rdev.getAsLong()));
    assertEquals(3, SgNodeResolver.minor(rdev.getAsLong()));
    assertTrue(SgNodeResolver.characterDevice(root).isEmpty());
    assertTrue(SgNodeResolver.characterDevice(root.resolve("absent")).isEmpty());
    // glibc's makedev(0x12345, 0x6789ab): minor low byte, major low 12 bits, minor high, major high.
    long dev = 0x6789abL & 0xff | (0x12345L & 0xfff) << 8 | (0x6789abL & ~0xffL) << 12 | (0x12345L & ~0xfffL) << 32;
    assertEquals(0x12345, SgNodeResolver.major(dev));
    assertEquals(0x6789ab, SgNodeResolver.minor(dev));
  }
}
