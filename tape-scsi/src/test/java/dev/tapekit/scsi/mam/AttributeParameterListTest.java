package dev.tapekit.scsi.mam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttributeParameterListTest {
  @Test
  void asciiIsSpacePaddedAndNumbersAreBigEndian() {
    byte[] b = new AttributeParameterList()
        .ascii(MamAttribute.APPLICATION_VENDOR, "tapekit")
        .number(MamAttribute.LOAD_UNLOAD_AT_PARTITION, 1)
        .clear(MamAttribute.USER_MEDIUM_TEXT_LABEL)
        .encode();
    assertArrayEquals(Hex.bytes("00000018"
        + " 0800 01 0008 746170656b697420"
        + " 080a 00 0001 01"
        + " 0803 02 0000"), b);
  }

  @Test
  void textIsNulPadded() {
    byte[] b = new AttributeParameterList().text(MamAttribute.OWNING_HOST_TEXTUAL_NAME, "h\u00e9").encode();
    assertEquals(4 + 5 + 80, b.length);
    assertArrayEquals(Hex.bytes("00000055 0807 02 0050 68 c3 a9"), Arrays.copyOf(b, 12));
    for (int i = 12; i < b.length; i++) {
      assertEquals(0, b[i]);
    }
  }

  @Test
  void encodedListDecodesAsAnAttributeList() throws Exception {
    AttributeParameterList list = new AttributeParameterList()
        .ascii(MamAttribute.APPLICATION_NAME, "tapekit backup")
        .text(MamAttribute.MEDIA_POOL, "daily")
        .dateTimeLastWritten(LocalDateTime.of(2026, 11, 21, 9, 5))
        .binary(MamAttribute.MEDIUM_GLOBALLY_UNIQUE_IDENTIFIER, new byte[36])
        .raw(0x1400, AttributeFormat.BINARY, new byte[] {7});
    AttributeList decoded = AttributeList.parse(list.encode());
    assertEquals(list.attributes(), decoded.attributes());
    assertEquals("tapekit backup", decoded.get(MamAttribute.APPLICATION_NAME).orElseThrow().ascii());
    assertEquals("daily", decoded.get(MamAttribute.MEDIA_POOL).orElseThrow().text());
    assertEquals(LocalDateTime.of(2026, 11, 21, 9, 5),
        decoded.get(MamAttribute.DATE_AND_TIME_LAST_WRITTEN).orElseThrow().dateTime());
    ScsiCommand c = AttributeCommands.writeAttribute(list);
    assertEquals(list.encode().length, c.transferLength());
  }

  @Test
  void rejectsWhatADeviceWouldRefuse() {
    AttributeParameterList l = new AttributeParameterList();
    assertThrows(IllegalArgumentException.class, () -> l.ascii(MamAttribute.APPLICATION_VENDOR, "tab\there"));
    assertThrows(IllegalArgumentException.class, () -> l.ascii(MamAttribute.APPLICATION_VENDOR, "\u00e9"));
    assertThrows(IllegalArgumentException.class, () -> l.ascii(MamAttribute.APPLICATION_VENDOR, "123456789"));
    assertThrows(IllegalArgumentException.class, () -> l.number(MamAttribute.LOAD_COUNT, 1));
    assertThrows(IllegalArgumentException.class, () -> l.ascii(MamAttribute.MEDIUM_MANUFACTURER, "x"));
    assertThrows(IllegalArgumentException.class, () -> l.ascii(MamAttribute.MEDIA_POOL, "x"));
    assertThrows(IllegalArgumentException.class, () -> l.number(MamAttribute.LOAD_UNLOAD_AT_PARTITION, 256));
    assertThrows(IllegalArgumentException.class, () -> l.number(MamAttribute.LOAD_UNLOAD_AT_PARTITION, -1));
    assertThrows(IllegalArgumentException.class, () -> l.number(MamAttribute.MEDIUM_GLOBALLY_UNIQUE_IDENTIFIER, 1));
    assertThrows(IllegalArgumentException.class,
        () -> l.binary(MamAttribute.MEDIUM_GLOBALLY_UNIQUE_IDENTIFIER, new byte[35]));
    assertThrows(IllegalArgumentException.class, () -> l.raw(0x0401, AttributeFormat.ASCII, new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> l.text(MamAttribute.OWNING_HOST_TEXTUAL_NAME, "x".repeat(81)));
    assertEquals(0, l.attributes().size());
    assertArrayEquals(Hex.bytes("00000000"), l.encode());
  }

  @Test
  void variableLengthBinary() {
    byte[] b = new AttributeParameterList()
        .binary(MamAttribute.VOLUME_COHERENCY_INFORMATION, Hex.bytes("0102030405"))
        .encode();
    assertArrayEquals(Hex.bytes("0000000a 080c 00 0005 0102030405"), b);
  }
}
