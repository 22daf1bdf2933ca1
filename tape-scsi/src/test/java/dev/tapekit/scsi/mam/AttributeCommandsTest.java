package dev.tapekit.scsi.mam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

class AttributeCommandsTest {
  @Test
  void readAttributeValues() {
    ScsiCommand c = AttributeCommands.readAttribute(
        ReadAttributeServiceAction.ATTRIBUTE_VALUES, 0, 0, 0x0400, 0x8000, false);
    assertArrayEquals(Hex.bytes("8c 00 000000 00 00 00 0400 00008000 00 00"), c.cdb());
    assertEquals(DataDirection.FROM_DEVICE, c.direction());
    assertEquals(0x8000, c.transferLength());
    assertEquals("READ ATTRIBUTE", c.name());
    assertEquals(c, AttributeCommands.readAttributeValues(0x0400));
  }

  @Test
  void readSupportedAttributesWithCache() {
    ScsiCommand c = AttributeCommands.readAttribute(
        ReadAttributeServiceAction.SUPPORTED_ATTRIBUTES, 1, 2, 0, 4096, true);
    assertArrayEquals(Hex.bytes("8c 05 000000 01 00 02 0000 00001000 01 00"), c.cdb());
  }

  @Test
  void serviceActionCodes() {
    assertEquals(0x01, ReadAttributeServiceAction.ATTRIBUTE_LIST.code());
    assertEquals(0x02, ReadAttributeServiceAction.LOGICAL_VOLUME_LIST.code());
    assertEquals(0x03, ReadAttributeServiceAction.PARTITION_LIST.code());
  }

  @Test
  void writeAttribute() {
    ScsiCommand c = AttributeCommands.writeAttribute(true, 0, 1, 0x1d);
    assertArrayEquals(Hex.bytes("8d 01 000000 00 00 01 0000 0000001d 00 00"), c.cdb());
    assertEquals(DataDirection.TO_DEVICE, c.direction());
    assertEquals(0x1d, c.transferLength());
    ScsiCommand none = AttributeCommands.writeAttribute(false, 0, 0, 0);
    assertArrayEquals(Hex.bytes("8d 00 000000 00 00 00 0000 00000000 00 00"), none.cdb());
    assertEquals(DataDirection.NONE, none.direction());
  }

  @Test
  void rangeChecks() {
    assertThrows(IllegalArgumentException.class, () -> AttributeCommands.readAttribute(
        ReadAttributeServiceAction.ATTRIBUTE_VALUES, 256, 0, 0, 4096, false));
    assertThrows(IllegalArgumentException.class, () -> AttributeCommands.readAttribute(
        ReadAttributeServiceAction.ATTRIBUTE_VALUES, 0, 0, 0x10000, 4096, false));
    assertThrows(IllegalArgumentException.class, () -> AttributeCommands.readAttribute(
        ReadAttributeServiceAction.ATTRIBUTE_VALUES, 0, 0, 0, 3, false));
    assertThrows(IllegalArgumentException.class, () -> AttributeCommands.writeAttribute(false, 0, -1, 10));
  }
}
