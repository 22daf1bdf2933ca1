package dev.tapekit.scsi.mode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

/** CDB vectors per SPC-5 6.13 (MODE SELECT(6)), 6.14 (10), 6.15 (MODE SENSE(6)), 6.16 (10). */
class ModeCommandsTest {
  private static void assertCdb(String hex, DataDirection dir, int length, ScsiCommand c) {
    assertArrayEquals(Hex.bytes(hex), c.cdb(), c.toString());
    assertEquals(dir, c.direction());
    assertEquals(length, c.transferLength());
  }

  @Test
  void modeSense6() {
    assertCdb("1a 00 0f 00 ff 00", DataDirection.FROM_DEVICE, 255, ModeCommands.modeSense6(false, ModePageControl.CURRENT, 0x0F, 0, 255));
    assertCdb("1a 08 50 00 0c 00", DataDirection.FROM_DEVICE, 12, ModeCommands.modeSense6(true, ModePageControl.CHANGEABLE, 0x10, 0, 12));
    assertCdb("1a 00 bf ff 10 00", DataDirection.FROM_DEVICE, 16, ModeCommands.modeSense6(false, ModePageControl.DEFAULT, 0x3F, 0xFF, 16));
    assertEquals(ModeCommands.SENSE_TIMEOUT, ModeCommands.modeSense6(false, ModePageControl.CURRENT, 0, 0, 4).timeout());
    assertThrows(IllegalArgumentException.class, () -> ModeCommands.modeSense6(false, ModePageControl.CURRENT, 0x40, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> ModeCommands.modeSense6(false, ModePageControl.CURRENT, 0, 0, 256));
  }

  @Test
  void modeSense10() {
    assertCdb(
        "5a 00 1d 00 00 00 00 10 00 00", DataDirection.FROM_DEVICE, 4096,
        ModeCommands.modeSense10(false, false, ModePageControl.CURRENT, 0x1D, 0, 4096));
    assertCdb(
        "5a 18 ca 01 00 00 00 00 40 00", DataDirection.FROM_DEVICE, 64,
        ModeCommands.modeSense10(true, true, ModePageControl.SAVED, 0x0A, 0x01, 64));
    assertThrows(IllegalArgumentException.class, () -> ModeCommands.modeSense10(false, false, ModePageControl.CURRENT, 0, 0x100, 4));
    assertThrows(IllegalArgumentException.class, () -> ModeCommands.modeSense10(false, false, ModePageControl.CURRENT, 0, 0, 0x10000));
  }

  @Test
  void modeSelect() {
    assertCdb("15 10 00 00 1c 00", DataDirection.TO_DEVICE, 28, ModeCommands.modeSelect6(true, false, 28));
    assertCdb("15 11 00 00 1c 00", DataDirection.TO_DEVICE, 28, ModeCommands.modeSelect6(true, true, 28));
    assertCdb("55 10 00 00 00 00 00 00 20 00", DataDirection.TO_DEVICE, 32, ModeCommands.modeSelect10(true, false, 32));
    assertCdb("55 01 00 00 00 00 00 01 00 00", DataDirection.TO_DEVICE, 256, ModeCommands.modeSelect10(false, true, 256));
    assertCdb("15 10 00 00 00 00", DataDirection.NONE, 0, ModeCommands.modeSelect6(true, false, 0));
    assertEquals(ModeCommands.SELECT_TIMEOUT, ModeCommands.modeSelect10(true, false, 8).timeout());
    assertThrows(IllegalArgumentException.class, () -> ModeCommands.modeSelect6(true, false, 256));
  }
}
