package dev.tapekit.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockKey.Kind;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.testing.FixedSense;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.ScriptedTransport;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lock key: read with INQUIRY and VPD 80h only, and a file name that is safe and tells devices apart. */
class DeviceLockKeyTest {
  private static final String INQUIRY = "12 00 00 00 24 00";
  private static final String VPD_80 = "12 01 80 00 fc 00";

  private static String ascii(String text, int width) {
    return Hex.of(String.format("%-" + width + "s", text).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] inquiry(int type, String vendor, String product) {
    return Hex.bytes(String.format("%02x 80 06 02 1f 00 00 00", type) + ascii(vendor, 8) + ascii(product, 16)
        + ascii("Q3A1", 4));
  }

  private static byte[] serialPage(int type, String serial) {
    return Hex.bytes(String.format("%02x 80 00 %02x", type, serial.length()) + ascii(serial, serial.length()));
  }

  private static ScriptedTransport drive(String name) {
    return new ScriptedTransport(name)
        .expect(INQUIRY).good(inquiry(1, "IBM", "ULT3580-TD9"))
        .expect(VPD_80).good(serialPage(1, "10WT012345"));
  }

  @Test
  void twoNodesOfOneDriveShareOneKey() throws Exception {
    ScriptedTransport nst = drive("/dev/nst0");
    ScriptedTransport sg = drive("/dev/sg3");
    DeviceLockKey a = DeviceLockKey.read(nst, Kind.DRIVE).orElseThrow();
    DeviceLockKey b = DeviceLockKey.read(sg, Kind.DRIVE).orElseThrow();
    nst.assertAllConsumed();
    sg.assertAllConsumed();
    assertEquals(new DeviceLockKey(Kind.DRIVE, "IBM", "ULT3580-TD9", Optional.of("10WT012345")), a);
    assertEquals(a, b);
    assertEquals("drive-IBM-ULT3580-TD9-10WT012345.lock", a.fileName());
    assertEquals("IBM ULT3580-TD9, serial 10WT012345", a.toString());
  }

  @Test
  void anotherKindOfDeviceHasNoKeyAndIsAskedNothingMore() throws Exception {
    ScriptedTransport changer = new ScriptedTransport("/dev/sg5").expect(INQUIRY).good(inquiry(8, "STK", "L700"));
    assertEquals(Optional.empty(), DeviceLockKey.read(changer, Kind.DRIVE));
    changer.assertAllConsumed();
    ScriptedTransport same = new ScriptedTransport("/dev/sg5")
        .expect(INQUIRY).good(inquiry(8, "STK", "L700"))
        .expect(VPD_80).good(serialPage(8, "XYZZY_A"));
    assertEquals("changer-STK-L700-XYZZY_A.lock", DeviceLockKey.read(same, Kind.CHANGER).orElseThrow().fileName());
  }

  @Test
  void aDeviceWithoutSerialNumberIsKeyedByModel() throws Exception {
    ScriptedTransport t = new ScriptedTransport("/dev/sg1")
        .expect(INQUIRY).good(inquiry(1, "HP", "Ultrium 6-SCSI"))
        .expect(VPD_80).check(FixedSense.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB).bytes());
    DeviceLockKey key = DeviceLockKey.read(t, Kind.DRIVE).orElseThrow();
    assertEquals(Optional.empty(), key.serialNumber());
    assertEquals("drive-HP-Ultrium_6-SCSI.lock", key.fileName());
    assertEquals("HP Ultrium 6-SCSI, no serial number", key.toString());
  }

  @Test
  void fileNamesHoldOnlySafeCharacters() {
    DeviceLockKey key = new DeviceLockKey(Kind.DRIVE, " IBM ", "a/b\\c:d é", Optional.of("../x y\u0000z*"));
    assertEquals("drive-IBM-a_b_c_d__-.._x_y_z_.lock", key.fileName());
    assertEquals("changer-L700-1.lock", new DeviceLockKey(Kind.CHANGER, "", "L700", Optional.of("1")).fileName());
    assertEquals("drive-IBM-TD9.lock", new DeviceLockKey(Kind.DRIVE, "IBM", "TD9", Optional.of("  ")).fileName());
  }

  @Test
  void longNamesEndInADigestAndStayDistinct() {
    String serial = "S".repeat(300);
    String a = new DeviceLockKey(Kind.DRIVE, "IBM", "TD9", Optional.of(serial + "1")).fileName();
    String b = new DeviceLockKey(Kind.DRIVE, "IBM", "TD9", Optional.of(serial + "2")).fileName();
    assertEquals(160 + 1 + 16 + ".lock".length(), a.length());
    assertTrue(a.matches("drive-IBM-TD9-S+-[0-9a-f]{16}\\.lock"), a);
    assertNotEquals(a, b);
    String limit = new DeviceLockKey(Kind.DRIVE, "", "", Optional.of("s".repeat(189))).fileName();
    assertEquals(DeviceLockKey.MAX_FILE_NAME, limit.length());
    assertTrue(limit.endsWith("s.lock"), limit);
  }
}
