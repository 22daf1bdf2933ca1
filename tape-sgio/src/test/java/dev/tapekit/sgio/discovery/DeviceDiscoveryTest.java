package dev.tapekit.sgio.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.sgio.testing.FakeSysfs;
import dev.tapekit.scsi.testing.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery on a fake sysfs/dev tree shaped like the kernel's and udev's ({@link FakeSysfs}). */
class DeviceDiscoveryTest {
  /** VPD page 0x80 of a tape drive: type 1, page 0x80, length 10, serial "HU1234567 " (space padded). */
  private static final byte[] DRIVE_VPD80 = Hex.bytes("01 80 00 0a 48 55 31 32 33 34 35 36 37 20");

  @TempDir Path root;
  private FakeSysfs fake;
  private FakeSysfs.Device lto9;
  private FakeSysfs.Device ultrium8;

  @BeforeEach
  void machine() {
    fake = new FakeSysfs(root);
    // A disk: listed by the sg driver, ignored by discovery.
    fake.device("0:0:0:0", 0).attribute("vendor", "ATA     \n").classDevices("scsi_generic", "sg0");
    // An LTO-9 drive with st bound: nst0 and the mode variants.
    lto9 = fake.device("2:0:0:0", 1)
        .attribute("vendor", "IBM     \n").attribute("model", "ULT3580-TD9     \n").attribute("rev", "N9M1\n")
        .attribute("vpd_pg80", DRIVE_VPD80)
        .classDevices("scsi_generic", "sg1")
        .classDevices("scsi_tape", "st0", "st0a", "st0l", "st0m", "nst0", "nst0a", "nst0l", "nst0m");
    // The library robot, serial right-aligned with leading spaces.
    fake.device("2:0:1:0", 8)
        .attribute("vendor", "IBM     \n").attribute("model", "3573-TL         \n").attribute("rev", "F.11\n")
        .attribute("vpd_pg80", Hex.bytes("08 80 00 08 20 20 4c 49 42 39 39 00"))
        .classDevices("scsi_generic", "sg2")
        .classDevices("scsi_changer", "sch0");
    // A second drive on another host: st not loaded, no serial page, numbered after sg2 numerically.
    ultrium8 = fake.device("3:0:0:0", 1)
        .attribute("vendor", "HP      \n").attribute("model", "Ultrium 8-SCSI  \n").attribute("rev", "J4DB\n")
        .classDevices("scsi_generic", "sg10");
    for (String node : new String[] {"sg0", "sg1", "sg2", "sg10", "st0", "nst0", "nst0a", "sch0"}) {
      fake.node(node);
    }
    fake.byId("scsi-HU1234567", "st0");
    fake.byId("scsi-HU1234567-nst", "nst0");
    fake.byId("scsi-HU1234567-sg", "sg1");
    fake.byId("scsi-LIB99", "sg2");
    fake.byId("scsi-GONE-sg", "sg9");
  }

  private List<DiscoveredDevice> scan() throws Exception {
    return new DeviceDiscovery(fake.sys(), fake.dev()).scan();
  }

  @Test
  void findsTapeDrivesAndChangersInSgOrder() throws Exception {
    List<DiscoveredDevice> found = scan();
    assertEquals(List.of("sg1", "sg2", "sg10"),
        found.stream().map(d -> d.sgNode().getFileName().toString()).toList());
  }

  @Test
  void describesADriveCompletely() throws Exception {
    Path dev = fake.dev();
    DiscoveredDevice drive = scan().get(0);
    assertEquals(new DiscoveredDevice(dev.resolve("sg1"), DeviceType.TAPE, new ScsiAddress(2, 0, 0, 0),
        "IBM", "ULT3580-TD9", "N9M1", Optional.of("HU1234567"), Optional.of(dev.resolve("nst0")),
        List.of(dev.resolve("tape/by-id/scsi-HU1234567-sg"), dev.resolve("tape/by-id/scsi-HU1234567"),
            dev.resolve("tape/by-id/scsi-HU1234567-nst"))),
        drive);
    assertEquals(dev.resolve("tape/by-id/scsi-HU1234567-sg"), drive.preferredPath());
    assertEquals("[2:0:0:0] tape IBM ULT3580-TD9 N9M1 " + dev.resolve("nst0") + " " + dev.resolve("sg1")
        + " serial=HU1234567", drive.toString());
  }

  @Test
  void describesAChanger() throws Exception {
    DiscoveredDevice changer = scan().get(1);
    assertEquals(DeviceType.CHANGER, changer.type());
    assertEquals("2:0:1:0", changer.address().toString());
    assertEquals("3573-TL", changer.model());
    assertEquals(Optional.of("LIB99"), changer.serial());
    assertEquals(Optional.of(fake.dev().resolve("sch0")), changer.deviceNode());
    assertEquals(List.of(fake.dev().resolve("tape/by-id/scsi-LIB99")), changer.byIdLinks());
  }

  @Test
  void aDriveWithoutStOrSerialOrLinksIsStillListed() throws Exception {
    DiscoveredDevice drive = scan().get(2);
    assertEquals("Ultrium 8-SCSI", drive.model());
    assertEquals(Optional.empty(), drive.serial());
    assertEquals(Optional.empty(), drive.deviceNode());
    assertEquals(List.of(), drive.byIdLinks());
    assertEquals(fake.dev().resolve("sg10"), drive.preferredPath());
  }

  @Test
  void filtersByType() throws Exception {
    DeviceDiscovery discovery = new DeviceDiscovery(fake.sys(), fake.dev());
    assertEquals(2, discovery.tapeDrives().size());
    assertEquals(List.of(fake.dev().resolve("sg2")), discovery.changers().stream().map(DiscoveredDevice::sgNode).toList());
  }

  @Test
  void malformedSerialPageOrMissingNodeIsLeftOutNotFatal() throws Exception {
    Files.delete(fake.dev().resolve("nst0"));
    lto9.attribute("vpd_pg80", Hex.bytes("01 80 00 20 41 42"));
    DiscoveredDevice d = scan().get(0);
    assertEquals(Optional.empty(), d.serial());
    assertEquals(Optional.empty(), d.deviceNode());
    assertEquals(List.of(fake.dev().resolve("tape/by-id/scsi-HU1234567-sg"), fake.dev().resolve("tape/by-id/scsi-HU1234567")),
        d.byIdLinks());
  }

  @Test
  void aDeviceWithoutTypeOrAddressIsSkipped() throws Exception {
    Files.delete(ultrium8.dir().resolve("type"));
    assertEquals(2, scan().size());
  }

  @Test
  void emptyTreesYieldNothing() throws Exception {
    assertEquals(List.of(), new DeviceDiscovery(root.resolve("none"), root.resolve("none")).scan());
  }

  @Test
  void thisMachineScansWithoutError() throws Exception {
    // The build machines have no SCSI: an empty list. Where there are devices, each is a tape or changer.
    List<DiscoveredDevice> found = new DeviceDiscovery().scan();
    if (!Files.isDirectory(Path.of("/sys/class/scsi_generic"))) {
      assertEquals(List.of(), found);
    }
    for (DiscoveredDevice d : found) {
      assertTrue(d.sgNode().getFileName().toString().startsWith("sg"), d.toString());
    }
  }
}
