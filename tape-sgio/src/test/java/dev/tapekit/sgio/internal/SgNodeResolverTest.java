package dev.tapekit.sgio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.testing.FakeSysfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution of user paths to sg nodes on a fake sysfs laid out like the kernel's ({@link FakeSysfs}). */
class SgNodeResolverTest {
  @TempDir Path root;
  private Path sys;
  private Path dev;
  private SgNodeResolver resolver;

  @BeforeEach
  void fakeTree() {
    FakeSysfs fake = new FakeSysfs(root);
    sys = fake.sys();
    dev = fake.dev();
    fake.device("2:0:0:0", 1).classDevices("scsi_generic", "sg1").classDevices("scsi_tape", "st0", "nst0", "st0a", "nst0l");
    fake.device("2:0:1:0", 8).classDevices("scsi_generic", "sg2").classDevices("scsi_changer", "sch0");
    fake.device("3:0:0:0", 0).classDevices("scsi_generic", "sg0");
    for (String node : new String[] {"sg0", "sg1", "sg2", "st0", "nst0", "st0a", "nst0l", "sch0"}) {
      fake.node(node);
    }
    fake.byId("scsi-HU1234-nst", "nst0");
    fake.byId("scsi-HU1234-sg", "sg1");
    fake.byId("scsi-LIB99", "sg2");
    resolver = new SgNodeResolver(sys, dev);
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
    Files.createSymbolicLink(dev.resolve("changer"), Path.of("sch0"));
    assertEquals(dev.resolve("sg2"), resolve("changer"));
  }

  private void refused(String path, Kind kind, String text) {
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> resolver.resolve(path));
    assertEquals(kind, e.kind());
    assertEquals(path, e.device());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void missingPathIsNoDevice() {
    refused(dev.resolve("nst7").toString(), Kind.NO_DEVICE, "no such device node");
  }

  @Test
  void tapeNodeWithoutSgDriverIsNotScsiAndSaysToLoadSg() throws Exception {
    Files.createFile(dev.resolve("nst3"));
    refused(dev.resolve("nst3").toString(), Kind.NOT_SCSI, "modprobe sg");
  }

  @Test
  void sgNodeNamedBySysfsButMissingInDevIsNoDevice() throws Exception {
    Files.delete(dev.resolve("sg2"));
    refused(dev.resolve("sch0").toString(), Kind.NO_DEVICE, "maps to sg2");
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
    refused("/dev/null", Kind.NOT_SCSI, "(device 1:3)");
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
