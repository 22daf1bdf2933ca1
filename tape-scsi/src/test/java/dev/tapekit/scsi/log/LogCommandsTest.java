package dev.tapekit.scsi.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogCommandsTest {
  @Test
  void logSenseWithEveryField() {
    // PPC=1 SP=1, PC=10b (default threshold) with page 17h -> 97h, subpage 01h, pointer 0102h, alloc 2000h.
    ScsiCommand c = LogCommands.logSense(true, true, LogPageControl.THRESHOLD_DEFAULT, 0x17, 0x01, 0x0102, 0x2000);
    assertArrayEquals(Hex.bytes("4d 03 97 01 00 0102 2000 00"), c.cdb());
    assertEquals(DataDirection.FROM_DEVICE, c.direction());
    assertEquals(0x2000, c.transferLength());
    assertEquals("LOG SENSE", c.name());
    assertEquals(LogCommands.DEFAULT_TIMEOUT, c.timeout());
  }

  @Test
  void logSenseCumulativeDefaults() {
    // PC=01b with page 12h -> 52h: the TapeAlert Response read PBS does (PC=1, alloc 512).
    assertArrayEquals(Hex.bytes("4d 00 52 00 00 0000 0200 00"), TapeAlertResponsePage.command().cdb());
    assertArrayEquals(Hex.bytes("4d 00 40 ff 00 0000 1000 00"), SupportedLogPages.commandWithSubpages().cdb());
    assertArrayEquals(Hex.bytes("4d 00 57 00 00 0000 2000 00"), VolumeStatisticsPage.command().cdb());
    assertArrayEquals(Hex.bytes("4d 00 6e 00 00 0000 0400 00"), TapeAlertPage.command().cdb());
    assertArrayEquals(Hex.bytes("4d 00 4c 00 00 0000 0400 00"), SequentialAccessDevicePage.command().cdb());
  }

  @Test
  void dtDeviceStatusPollUsesOneSecond() {
    ScsiCommand c = DtDeviceStatusPage.command();
    assertArrayEquals(Hex.bytes("4d 00 51 00 00 0000 0200 00"), c.cdb());
    assertEquals(Duration.ofSeconds(1), c.timeout());
  }

  @Test
  void logSelectWithParameterList() {
    ScsiCommand c = LogCommands.logSelect(false, true, LogPageControl.CUMULATIVE_CURRENT, 0x0C, 0, 20);
    assertArrayEquals(Hex.bytes("4c 01 4c 00 000000 0014 00"), c.cdb());
    assertEquals(DataDirection.TO_DEVICE, c.direction());
    assertEquals(20, c.transferLength());
  }

  @Test
  void resetCountersIsPcrWithoutData() {
    ScsiCommand c = LogCommands.resetCounters(LogPageControl.CUMULATIVE_CURRENT);
    assertArrayEquals(Hex.bytes("4c 02 40 00 000000 0000 00"), c.cdb());
    assertEquals(DataDirection.NONE, c.direction());
    assertEquals(0, c.transferLength());
  }

  @Test
  void outOfRangeFieldsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LogCommands.logSense(0x40, 0, 512));
    assertThrows(IllegalArgumentException.class, () -> LogCommands.logSense(0x0C, 0x100, 512));
    assertThrows(IllegalArgumentException.class, () -> LogCommands.logSense(0x0C, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> LogCommands.logSense(0x0C, 0, 0x10000));
    assertThrows(IllegalArgumentException.class,
        () -> LogCommands.logSense(false, false, LogPageControl.CUMULATIVE_CURRENT, 0x0C, 0, -1, 512));
    assertThrows(IllegalArgumentException.class,
        () -> LogCommands.logSelect(false, false, LogPageControl.CUMULATIVE_CURRENT, 0x0C, 0, 0x10000));
  }
}
