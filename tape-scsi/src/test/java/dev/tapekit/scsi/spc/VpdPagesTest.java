package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.spc.DeviceIdentification.Association;
import dev.tapekit.scsi.spc.DeviceIdentification.Designator;
import dev.tapekit.scsi.spc.DeviceIdentification.DesignatorType;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VPD page vectors per SPC-5 7.7 and SSC-5 6.3, cross-checked with sg_vpd. */
class VpdPagesTest {
  static final byte[] SUPPORTED = Hex.bytes("01 00 00 06 00 80 83 86 b0 b1");
  static final byte[] SERIAL_80 = Hex.bytes("01 80 00 0a 31 30 37 38 30 30 30 31 32 33");
  static final byte[] SERIAL_B1 = Hex.bytes("01 b1 00 0c 20 20 31 30 37 38 30 30 30 31 32 33");
  static final byte[] CAPABILITIES = Hex.bytes("01 b0 00 04 03 00 00 00");

  /** An LTO drive on SAS: LU NAA, T10 vendor ID, SCSI name; port NAA and relative port; device EUI-64. */
  static final byte[] DEVICE_ID =
      Hex.bytes(
          "01 83 00 5c"
              + " 01 03 00 08 50 01 23 45 67 89 ab cd" // LU, NAA 5
              + " 02 01 00 14 49 42 4d 20 20 20 20 20 55 4c 54 33 35 38 30 2d 54 44 39 20" // LU, T10 vendor ID
              + " 61 93 00 08 50 01 23 45 67 89 ab ce" // SAS, PIV, target port, NAA
              + " 61 94 00 04 00 00 00 02" // SAS, PIV, target port, relative target port 2
              + " 03 08 00 0c 69 71 6e 2e 78 79 7a 00 00 00 00 00" // LU, UTF-8 SCSI name string
              + " 01 a2 00 08 11 22 33 44 55 66 77 88" // target device, EUI-64
              + " 01 95 00 04 00 00 00 07"); // target port group 7

  @Test
  void supportedPages() throws Exception {
    SupportedVpdPages p = SupportedVpdPages.parse(SUPPORTED);
    assertEquals(PeripheralDeviceType.SEQUENTIAL_ACCESS, p.deviceType());
    assertEquals(List.of(0x00, 0x80, 0x83, 0x86, 0xB0, 0xB1), p.pageCodes());
    assertTrue(p.supports(Vpd.MANUFACTURER_SERIAL_NUMBER));
    assertFalse(p.truncated());
    SupportedVpdPages cut = SupportedVpdPages.parse(Arrays.copyOf(SUPPORTED, 9));
    assertTrue(cut.truncated());
    assertEquals(List.of(0x00, 0x80, 0x83, 0x86, 0xB0), cut.pageCodes());
  }

  @Test
  void supportedPagesAgreeWithSgVpd() throws Exception {
    String out = Sg3Utils.runInhex("sg_vpd", SUPPORTED, "--page=0x0");
    for (String name : List.of("Unit serial number", "Device identification", "Sequential access device capabilities", "Manufacturer assigned serial number")) {
      assertTrue(out.contains(name), name + " not in\n" + out);
    }
    assertEquals(6, out.lines().filter(l -> l.matches("  \\S.*\\[\\w+\\]")).count(), out);
  }

  @Test
  void serialNumbers() throws Exception {
    SerialNumberVpd unit = SerialNumberVpd.parseUnitSerialNumber(SERIAL_80);
    assertEquals("1078000123", unit.serialNumber());
    assertEquals(0x80, unit.pageCode());
    SerialNumberVpd man = SerialNumberVpd.parseManufacturerSerialNumber(SERIAL_B1);
    assertEquals("1078000123", man.serialNumber());
    assertEquals(PeripheralDeviceType.SEQUENTIAL_ACCESS, man.deviceType());
  }

  @Test
  void serialNumbersAgreeWithSgVpd() throws Exception {
    String out80 = Sg3Utils.runInhex("sg_vpd", SERIAL_80, "--page=0x80");
    assertTrue(out80.contains("Unit serial number: " + SerialNumberVpd.parseUnitSerialNumber(SERIAL_80).serialNumber()), out80);
    String outB1 = Sg3Utils.runInhex("sg_vpd", SERIAL_B1, "--page=0xb1");
    assertTrue(outB1.contains(SerialNumberVpd.parseManufacturerSerialNumber(SERIAL_B1).serialNumber()), outB1);
  }

  @Test
  void serialNumberShapes() throws Exception {
    // Truncated by one byte: an error, never a shorter serial.
    MalformedResponseException e =
        assertThrows(
            MalformedResponseException.class,
            () -> SerialNumberVpd.parseUnitSerialNumber(Arrays.copyOf(SERIAL_80, SERIAL_80.length - 1)));
    assertTrue(e.getMessage().contains("page length 10"), e.getMessage());
    assertThrows(MalformedResponseException.class, () -> SerialNumberVpd.parseUnitSerialNumber(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> SerialNumberVpd.parseUnitSerialNumber(SERIAL_B1));
    // Page length shorter than the reply: honour the page length.
    byte[] d = SERIAL_80.clone();
    d[3] = 4;
    assertEquals("1078", SerialNumberVpd.parseUnitSerialNumber(d).serialNumber());
    assertEquals("", SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00 00")).serialNumber());
  }

  @Test
  void sequentialAccessCapabilities() throws Exception {
    SequentialAccessCapabilities c = SequentialAccessCapabilities.parse(CAPABILITIES);
    assertTrue(c.worm());
    assertTrue(c.tapeStreamMirroring());
    SequentialAccessCapabilities plain = SequentialAccessCapabilities.parse(Hex.bytes("01 b0 00 01 00"));
    assertFalse(plain.worm());
    assertFalse(plain.tapeStreamMirroring());
    // Page length announces more than arrived, but byte 4 is there.
    assertTrue(SequentialAccessCapabilities.parse(Hex.bytes("01 b0 00 3c 01")).worm());
    assertThrows(MalformedResponseException.class, () -> SequentialAccessCapabilities.parse(Hex.bytes("01 b0 00 04")));
    assertThrows(MalformedResponseException.class, () -> SequentialAccessCapabilities.parse(Hex.bytes("01 b0 00 00 01")));
  }

  @Test
  void capabilitiesAgreeWithSgVpd() throws Exception {
    for (String hex : List.of("01 b0 00 04 01 00 00 00", "01 b0 00 04 02 00 00 00")) {
      byte[] page = Hex.bytes(hex);
      String out = Sg3Utils.runInhex("sg_vpd", page, "--page=0xb0");
      boolean worm = SequentialAccessCapabilities.parse(page).worm();
      assertTrue(out.contains("WORM=" + (worm ? 1 : 0)), out);
    }
  }

  @Test
  void deviceIdentificationDesignators() throws Exception {
    DeviceIdentification di = DeviceIdentification.parse(DEVICE_ID);
    assertFalse(di.truncated());
    List<Designator> d = di.designators();
    assertEquals(7, d.size());
    Designator naa = di.logicalUnitNaa().orElseThrow();
    assertEquals(5, naa.naaType());
    assertEquals("0x500123456789abcd", naa.hex());
    assertEquals(1, naa.codeSet());
    assertEquals("Binary", naa.codeSetName());
    assertEquals(Association.LOGICAL_UNIT, naa.associationKind());
    assertFalse(naa.transport().isPresent());

    Designator vendor = d.get(1);
    assertEquals(DesignatorType.T10_VENDOR_ID, vendor.type());
    assertEquals("vendor id: IBM     , vendor specific: ULT3580-TD9 ", vendor.valueText());

    Designator port = d.get(2);
    assertTrue(port.piv());
    assertEquals(6, port.protocolIdentifier());
    assertEquals("SAS", port.transport().orElseThrow());
    assertEquals(Association.TARGET_PORT, port.associationKind());

    assertEquals(2, d.get(3).number().orElseThrow());
    assertEquals("iqn.xyz", d.get(4).text().orElseThrow());
    assertEquals(DesignatorType.EUI_64, d.get(5).type());
    assertEquals(Association.TARGET_DEVICE, d.get(5).associationKind());
    assertEquals(7, d.get(6).number().orElseThrow());
    assertEquals(3, di.designators(Association.TARGET_PORT).size());
  }

  @Test
  void deviceIdentificationRendersLikeSgVpd() throws Exception {
    String theirs = assertSameStructureAsSgVpd(DEVICE_ID);
    for (Designator d : DeviceIdentification.parse(DEVICE_ID).designators()) {
      if (d.type() == DesignatorType.NAA || d.type() == DesignatorType.EUI_64) {
        assertTrue(theirs.contains(d.hex()), d.hex() + " not in\n" + theirs);
      }
      if (d.type() == DesignatorType.RELATIVE_TARGET_PORT) {
        assertTrue(theirs.contains("Relative target port: 0x" + Integer.toHexString(d.number().orElseThrow())), theirs);
      }
    }
    assertTrue(theirs.contains("vendor id: IBM"), theirs);
    assertTrue(theirs.contains("iqn.xyz"), theirs);
  }

  /** Runs sg_vpd on the page and checks the association groups and type/code-set lines match ours line for line. */
  private static String assertSameStructureAsSgVpd(byte[] page) throws Exception {
    String ours = DeviceIdentification.parse(page).render();
    String theirs = Sg3Utils.runInhex("sg_vpd", page, "--page=0x83");
    List<String> expected =
        theirs.lines().filter(l -> l.matches("  \\S.*:") || l.startsWith("    designator type:")).toList();
    List<String> actual =
        ours.lines().filter(l -> l.matches("  \\S.*:") || l.startsWith("    designator type:")).toList();
    assertEquals(expected, actual, "sg_vpd said:\n" + theirs + "\nwe said:\n" + ours);
    return theirs;
  }

  @Test
  void deviceIdentificationShapes() throws Exception {
    // Reply cut inside the third designator: two complete ones, flagged truncated.
    DeviceIdentification cut = DeviceIdentification.parse(Arrays.copyOf(DEVICE_ID, 4 + 12 + 24 + 5));
    assertTrue(cut.truncated());
    assertEquals(2, cut.designators().size());
    // A designator claiming more than the page length holds.
    byte[] lying = Hex.bytes("01 83 00 08 01 03 00 08 50 01 23 45");
    DeviceIdentification l = DeviceIdentification.parse(lying);
    assertTrue(l.truncated());
    assertEquals(List.of(), l.designators());
    // Empty page.
    DeviceIdentification empty = DeviceIdentification.parse(Hex.bytes("01 83 00 00"));
    assertEquals(List.of(), empty.designators());
    assertFalse(empty.truncated());
    assertThrows(MalformedResponseException.class, () -> DeviceIdentification.parse(Hex.bytes("01 83 00")));
    assertThrows(MalformedResponseException.class, () -> DeviceIdentification.parse(SERIAL_80));
  }

  @Test
  void uuidVendorSpecificGroupMd5AndTargetDeviceName() throws Exception {
    byte[] page =
        Hex.bytes(
            "00 83 00 4a"
                + " 01 0a 00 12 10 00 12 34 56 78 9a bc de f0 12 34 56 78 9a bc de f0" // UUID
                + " 02 00 00 04 41 42 43 44" // vendor specific, ASCII
                + " 01 06 00 04 00 00 00 09" // logical unit group 9
                + " 01 07 00 10 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff" // MD5
                + " 53 a8 00 08 6e 61 61 2e 31 32 00 00"); // iSCSI, PIV, target device, SCSI name string
    DeviceIdentification di = DeviceIdentification.parse(page);
    List<Designator> d = di.designators();
    assertEquals("Locally assigned UUID: 12345678-9abc-def0-1234-56789abcdef0", d.get(0).valueText());
    assertEquals("vendor specific: ABCD", d.get(1).valueText());
    assertEquals("Logical unit group: 0x9", d.get(2).valueText());
    assertEquals("0x00112233445566778899aabbccddeeff", d.get(3).valueText());
    assertEquals("iSCSI", d.get(4).transport().orElseThrow());
    assertEquals("naa.12", d.get(4).text().orElseThrow());
    String theirs = assertSameStructureAsSgVpd(page);
    assertTrue(theirs.contains(d.get(0).valueText()), theirs);
    assertTrue(theirs.contains(d.get(1).valueText()), theirs);
    assertTrue(theirs.contains(d.get(2).valueText()), theirs);
  }
}
