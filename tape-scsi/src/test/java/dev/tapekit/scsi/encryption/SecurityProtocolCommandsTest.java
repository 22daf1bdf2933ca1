package dev.tapekit.scsi.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

class SecurityProtocolCommandsTest {
  @Test
  void capabilitiesQueryAsPbsSendsIt() {
    ScsiCommand c = SecurityProtocolCommands.in(SecurityProtocolCommands.TAPE_DATA_ENCRYPTION, 0x0010, 8196);
    assertArrayEquals(Hex.bytes("a2 20 0010 00 00 00002004 00 00"), c.cdb());
    assertEquals(DataDirection.FROM_DEVICE, c.direction());
    assertEquals("SECURITY PROTOCOL IN", c.name());
  }

  @Test
  void pageCommands() {
    assertArrayEquals(Hex.bytes("a2 20 0010 00 00 00002000 00 00"), DataEncryptionCapabilities.command().cdb());
    assertArrayEquals(Hex.bytes("a2 20 0020 00 00 00002000 00 00"), DataEncryptionStatus.command().cdb());
    assertArrayEquals(Hex.bytes("a2 20 0021 00 00 00002000 00 00"), NextBlockEncryptionStatus.command().cdb());
    assertArrayEquals(Hex.bytes("a2 00 0000 00 00 00000200 00 00"), SecurityProtocolCommands.supportedProtocols().cdb());
  }

  @Test
  void setDataEncryptionCarriesThePageLength() {
    ScsiCommand c = SecurityProtocolCommands.setDataEncryption(SetDataEncryption.setKey(1, new byte[32]));
    assertArrayEquals(Hex.bytes("b5 20 0010 00 00 00000034 00 00"), c.cdb());
    assertEquals(DataDirection.TO_DEVICE, c.direction());
    assertEquals(52, c.transferLength());
    assertEquals("SECURITY PROTOCOL OUT", c.name());
  }

  @Test
  void rangeChecks() {
    assertThrows(IllegalArgumentException.class, () -> SecurityProtocolCommands.in(256, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> SecurityProtocolCommands.in(0x20, 0x10000, 10));
    assertThrows(IllegalArgumentException.class, () -> SecurityProtocolCommands.out(0x20, 0x10, 0));
  }
}
