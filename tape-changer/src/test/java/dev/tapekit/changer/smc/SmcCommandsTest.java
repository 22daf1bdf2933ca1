package dev.tapekit.changer.smc;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Byte-exact CDBs, from the SMC-3 / SPC-5 field tables. */
class SmcCommandsTest {

  private static void assertCdb(String expectedHex, ScsiCommand cmd) {
    assertArrayEquals(bytes(expectedHex), cmd.cdb(), cmd.toString());
  }

  @Test
  void readElementStatusStorageWithVolumeTags() {
    ScsiCommand cmd = new ReadElementStatus(ElementType.STORAGE, 1000, 1000, true, false, false, 0xFFFF).toCommand();
    assertCdb("B8 12 03E8 03E8 00 00FFFF 00 00", cmd);
    assertEquals(DataDirection.FROM_DEVICE, cmd.direction());
    assertEquals(0xFFFF, cmd.transferLength());
    assertEquals(Duration.ofSeconds(300), cmd.timeout());
  }

  @Test
  void readElementStatusDrivesWithDvcidAndCurdata() {
    assertCdb("B8 04 01F4 0002 01 001234 00 00",
        new ReadElementStatus(ElementType.DATA_TRANSFER, 500, 2, false, false, true, 0x1234).toCommand());
    assertCdb("B8 10 0000 FFFF 03 000008 00 00",
        new ReadElementStatus(ElementType.ALL, 0, 0xFFFF, true, true, true, 8).toCommand());
  }

  @Test
  void readElementStatusUsesThreeAllocationBytes() {
    assertCdb("B8 03 000A 0004 00 010000 00 00",
        new ReadElementStatus(ElementType.IMPORT_EXPORT, 10, 4, false, false, false, 0x10000).toCommand());
    assertEquals(0xFFFF, ReadElementStatus.MAX_ALLOCATION_LENGTH);
    assertThrows(IllegalArgumentException.class,
        () -> new ReadElementStatus(ElementType.STORAGE, 0x10000, 1, false, false, false, 8));
  }

  @Test
  void moveMedium() {
    assertCdb("A5 00 0000 03E8 01F4 0000 00 00", SmcCommands.moveMedium(0, 1000, 500, false));
    assertCdb("A5 00 0001 01F4 03E9 0000 01 00", SmcCommands.moveMedium(1, 500, 1001, true));
    assertCdb("A5 00 0000 000A 03E8 0000 00 80", SmcCommands.moveMedium(0, 10, 1000, false, 2));
    assertEquals(DataDirection.NONE, SmcCommands.moveMedium(0, 1, 2, false).direction());
    assertThrows(IllegalArgumentException.class, () -> SmcCommands.moveMedium(0, -1, 2, false));
    assertThrows(IllegalArgumentException.class, () -> SmcCommands.moveMedium(0, 1, 2, false, 4));
  }

  @Test
  void exchangeMedium() {
    assertCdb("A6 00 0000 03E8 03E9 03E8 00 00", SmcCommands.exchangeMedium(0, 1000, 1001, 1000, false, false));
    assertCdb("A6 00 0000 03E8 03E9 03EA 01 00", SmcCommands.exchangeMedium(0, 1000, 1001, 1002, true, false));
    assertCdb("A6 00 0000 03E8 03E9 03EA 02 00", SmcCommands.exchangeMedium(0, 1000, 1001, 1002, false, true));
    assertCdb("A6 00 0000 03E8 03E9 03EA 03 C0", SmcCommands.exchangeMedium(0, 1000, 1001, 1002, true, true, 3));
  }

  @Test
  void initializeElementStatus() {
    ScsiCommand all = SmcCommands.initializeElementStatus();
    assertCdb("07 00 00 00 00 00", all);
    assertEquals(Duration.ofMinutes(30), all.timeout());
    assertCdb("E7 01 03E8 0000 000A 000000 00", SmcCommands.initializeElementStatusWithRange(false, true, 1000, 10));
    assertCdb("E7 02 0000 0000 0000 000000 00", SmcCommands.initializeElementStatusWithRange(true, false, 0, 0));
  }

  @Test
  void positionPreventAndMailSlotDoor() {
    assertCdb("2B 00 0000 03E8 0000 00 00", SmcCommands.positionToElement(0, 1000, false));
    assertCdb("2B 00 0001 03E8 0000 01 00", SmcCommands.positionToElement(1, 1000, true));
    assertCdb("1E 00 00 00 01 00", SmcCommands.preventAllowMediumRemoval(true));
    assertCdb("1E 00 00 00 00 00", SmcCommands.preventAllowMediumRemoval(false));
    assertCdb("1B 00 000A 00 00", SmcCommands.openCloseImportExportElement(10, true));
    assertCdb("1B 00 000A 01 00", SmcCommands.openCloseImportExportElement(10, false));
  }

  @Test
  void modeSenseAndInquiry() {
    assertCdb("1A 08 1D 00 FF 00", SmcModeSense.request(SmcModeSense.ELEMENT_ADDRESS_ASSIGNMENT));
    assertCdb("1A 08 1F 00 FF 00", SmcModeSense.request(SmcModeSense.DEVICE_CAPABILITIES));
    assertCdb("12 00 00 00 60 00", SmcCommands.inquiry());
    assertCdb("00 00 00 00 00 00", SmcCommands.testUnitReady());
  }
}
