package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CDB vectors per SPC-5 6.7 (INQUIRY), 6.33 (REPORT LUNS), 6.36 (RSOC), 6.39 (REQUEST SENSE), 6.47 (TUR). */
class SpcCommandsTest {
  private static void assertCdb(String hex, DataDirection dir, int length, ScsiCommand c) {
    assertArrayEquals(Hex.bytes(hex), c.cdb(), c.toString());
    assertEquals(dir, c.direction());
    assertEquals(length, c.transferLength());
    assertEquals(Duration.ofSeconds(30), c.timeout());
  }

  @Test
  void testUnitReady() {
    assertCdb("00 00 00 00 00 00", DataDirection.NONE, 0, SpcCommands.testUnitReady());
  }

  @Test
  void requestSenseFixedAndDescriptor() {
    assertCdb("03 00 00 00 fc 00", DataDirection.FROM_DEVICE, 252, SpcCommands.requestSense(252, false));
    assertCdb("03 01 00 00 12 00", DataDirection.FROM_DEVICE, 18, SpcCommands.requestSense(18, true));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.requestSense(0, false));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.requestSense(256, false));
  }

  @Test
  void requestSenseReplyDecodesAsSense() throws Exception {
    SenseData s = SpcCommands.decodeRequestSense(Hex.bytes("70 00 06 00000000 0a 00000000 29 00 00 000000"));
    assertEquals(SenseKey.UNIT_ATTENTION, s.key());
    assertEquals(AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED, s.additionalSense());
  }

  @Test
  void inquiryStandardAndVpd() {
    assertCdb("12 00 00 00 24 00", DataDirection.FROM_DEVICE, 36, SpcCommands.inquiry(36));
    assertCdb("12 00 00 01 00 00", DataDirection.FROM_DEVICE, 256, SpcCommands.inquiry(256));
    assertCdb("12 01 83 00 fc 00", DataDirection.FROM_DEVICE, 252, SpcCommands.inquiryVpd(0x83, 252));
    assertCdb("12 01 b1 ff ff 00", DataDirection.FROM_DEVICE, 0xFFFF, SpcCommands.inquiryVpd(0xB1, 0xFFFF));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.inquiry(0x10000));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.inquiryVpd(0x100, 4));
  }

  @Test
  void reportLuns() {
    assertCdb("a0 00 00 00 00 00 00 00 00 10 00 00", DataDirection.FROM_DEVICE, 16, SpcCommands.reportLuns(0, 16));
    assertCdb("a0 00 02 00 00 00 00 01 00 00 00 00", DataDirection.FROM_DEVICE, 65536, SpcCommands.reportLuns(2, 65536));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.reportLuns(0, 15));
  }

  @Test
  void reportSupportedOperationCodes() {
    assertCdb(
        "a3 0c 80 00 00 00 00 00 20 00 00 00",
        DataDirection.FROM_DEVICE, 8192, SpcCommands.reportAllOperationCodes(true, 8192));
    assertCdb(
        "a3 0c 00 00 00 00 00 00 01 00 00 00",
        DataDirection.FROM_DEVICE, 256, SpcCommands.reportAllOperationCodes(false, 256));
    // One command without service action: reporting options 001b.
    assertCdb(
        "a3 0c 81 04 00 00 00 00 00 1c 00 00",
        DataDirection.FROM_DEVICE, 28, SpcCommands.reportOneOperationCode(0x04, -1, true, 28));
    // READ POSITION has service actions: reporting options 011b, SA in bytes 4-5.
    assertCdb(
        "a3 0c 03 34 00 06 00 00 00 20 00 00",
        DataDirection.FROM_DEVICE, 32, SpcCommands.reportOneOperationCode(0x34, 6, false, 32));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.reportOneOperationCode(0x100, -1, false, 32));
    assertThrows(IllegalArgumentException.class, () -> SpcCommands.reportAllOperationCodes(false, 3));
  }
}
