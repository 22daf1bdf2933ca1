package dev.tapekit.scsi.mam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeListTest {
  // 0400h MEDIUM MANUFACTURER (RO, ASCII), 0406h MANUFACTURE DATE (RO, ASCII), 0800h APPLICATION
  // VENDOR (ASCII), 0003h LOAD COUNT (RO, binary 8), 1801h reserved id (binary, 3 bytes).
  private static final byte[] REPLY = Hex.bytes("0000003c"
      + " 0400 81 0008 49424d2020202020"
      + " 0406 81 0008 3230323330313135"
      + " 0800 01 0008 746170656b697420"
      + " 0003 80 0008 000000000000002a"
      + " 1801 00 0003 010203");

  @Test
  void decodesKnownAndUnknownAttributes() throws Exception {
    AttributeList list = AttributeList.parse(REPLY);
    assertEquals(0x3c, list.availableData());
    assertFalse(list.truncated());
    assertEquals(5, list.attributes().size());
    Attribute mfr = list.get(MamAttribute.MEDIUM_MANUFACTURER).orElseThrow();
    assertTrue(mfr.readOnly());
    assertEquals(AttributeFormat.ASCII, mfr.format());
    assertEquals("IBM", mfr.ascii());
    assertEquals(LocalDate.of(2023, 1, 15), list.get(0x0406).orElseThrow().date());
    Attribute vendor = list.get(MamAttribute.APPLICATION_VENDOR).orElseThrow();
    assertFalse(vendor.readOnly());
    assertEquals("tapekit", vendor.ascii());
    assertEquals(42, list.get(MamAttribute.LOAD_COUNT).orElseThrow().number());
    Attribute unknown = list.get(0x1801).orElseThrow();
    assertTrue(unknown.definition().isEmpty());
    assertArrayEquals(Hex.bytes("010203"), unknown.binary());
    assertEquals(66051, unknown.number());
    assertEquals("1801h unknown: 66051", unknown.toString());
    assertEquals("0003h Load count (read-only): 42", list.get(3).orElseThrow().toString());
    assertArrayEquals(REPLY, AttributeList.encode(list.attributes()));
  }

  @Test
  void extraBytesAfterAvailableDataAreIgnored() throws Exception {
    byte[] longer = Arrays.copyOf(REPLY, REPLY.length + 17);
    Arrays.fill(longer, REPLY.length, longer.length, (byte) 0x5A);
    assertEquals(AttributeList.parse(REPLY), AttributeList.parse(longer));
  }

  @Test
  void quantumHh7ZeroPaddingEndsTheList() throws Exception {
    // AVAILABLE DATA = allocation length - 4, the rest zero filled.
    byte[] padded = Arrays.copyOf(REPLY, 512);
    padded[0] = 0;
    padded[1] = 0;
    padded[2] = 0x01;
    padded[3] = (byte) 0xFC;
    AttributeList list = AttributeList.parse(padded);
    assertEquals(5, list.attributes().size());
    assertFalse(list.truncated());
    // Padding shorter than an attribute header.
    byte[] threeZeros = Arrays.copyOf(REPLY, REPLY.length + 3);
    threeZeros[3] += 3;
    assertEquals(5, AttributeList.parse(threeZeros).attributes().size());
    threeZeros[threeZeros.length - 1] = 1;
    assertThrows(MalformedResponseException.class, () -> AttributeList.parse(threeZeros));
  }

  @Test
  void shortReplyKeepsCompleteAttributesAndCutOnesAreMalformed() throws Exception {
    AttributeList first = AttributeList.parse(Arrays.copyOf(REPLY, 4 + 13));
    assertTrue(first.truncated());
    assertEquals(1, first.attributes().size());
    for (int cut : new int[] {REPLY.length - 1, 4 + 13 + 4, 4 + 13 + 6}) {
      MalformedResponseException e = assertThrows(MalformedResponseException.class,
          () -> AttributeList.parse(Arrays.copyOf(REPLY, cut)));
      assertTrue(e.getMessage().contains("allocation length >= 64"), e.getMessage());
    }
  }

  @Test
  void lengthsDisagreeingWithTheHeaderAreMalformed() {
    // AVAILABLE DATA 7 but the attribute declares 3 value bytes (needs 8).
    assertThrows(MalformedResponseException.class, () -> AttributeList.parse(Hex.bytes("00000007 1801 00 0003 010203")));
    assertThrows(MalformedResponseException.class, () -> AttributeList.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> AttributeList.parse(Hex.bytes("000000")));
  }

  @Test
  void emptyList() throws Exception {
    AttributeList list = AttributeList.parse(Hex.bytes("00000000"));
    assertTrue(list.attributes().isEmpty());
    assertTrue(list.get(0).isEmpty());
  }

  @Test
  void typedAccessorsCheckFormatAndContent() throws Exception {
    Attribute ascii = new Attribute(0x0804, false, AttributeFormat.ASCII, "202301151230".getBytes());
    assertEquals(LocalDateTime.of(2023, 1, 15, 12, 30), ascii.dateTime());
    assertThrows(IllegalStateException.class, ascii::number);
    assertThrows(IllegalStateException.class, ascii::text);
    assertThrows(MalformedResponseException.class,
        () -> new Attribute(0x0406, true, AttributeFormat.ASCII, "2023AB15".getBytes()).date());
    assertThrows(MalformedResponseException.class,
        () -> new Attribute(0x0406, true, AttributeFormat.ASCII, "20231315".getBytes()).date());
    assertThrows(MalformedResponseException.class,
        () -> new Attribute(0x0804, true, AttributeFormat.ASCII, "202301152561".getBytes()).dateTime());
    Attribute text = new Attribute(0x0803, false, AttributeFormat.TEXT, Hex.bytes("c3a9 74 65 00 00 00"));
    assertEquals("\u00e9te", text.text());
    assertThrows(IllegalStateException.class, text::ascii);
    Attribute guid = new Attribute(0x0820, false, AttributeFormat.BINARY, new byte[36]);
    assertThrows(MalformedResponseException.class, guid::number);
    assertFalse(guid.hasUnexpectedLength());
    assertTrue(new Attribute(0x0003, true, AttributeFormat.BINARY, new byte[4]).hasUnexpectedLength());
    assertEquals(new Attribute(1, false, AttributeFormat.BINARY, new byte[] {1}),
        new Attribute(1, false, AttributeFormat.BINARY, new byte[] {1}));
  }

  @Test
  void attributeIdList() throws Exception {
    AttributeIdList ids = AttributeIdList.parse(Hex.bytes("00000006 0000 0001 0400"));
    assertEquals(List.of(0, 1, 0x400), ids.ids());
    assertFalse(ids.truncated());
    AttributeIdList partial = AttributeIdList.parse(Hex.bytes("00000006 0000 0001"));
    assertTrue(partial.truncated());
    assertEquals(List.of(0, 1), partial.ids());
    assertThrows(MalformedResponseException.class, () -> AttributeIdList.parse(Hex.bytes("00000005 0000 0001 04")));
    assertThrows(MalformedResponseException.class, () -> AttributeIdList.parse(Hex.bytes("00000006 0000 0001 04")));
    assertThrows(MalformedResponseException.class, () -> AttributeIdList.parse(Hex.bytes("000000")));
  }

  @Test
  void volumeAndPartitionList() throws Exception {
    assertEquals(new VolumeList(0, 4), VolumeList.parse(Hex.bytes("0002 00 04")));
    assertThrows(MalformedResponseException.class, () -> VolumeList.parse(Hex.bytes("0002 00")));
    assertThrows(MalformedResponseException.class, () -> VolumeList.parse(Hex.bytes("0001 00 04")));
  }

  @Test
  void mamTable() {
    assertEquals(MamAttribute.MEDIA_POOL, MamAttribute.of(0x0808).orElseThrow());
    assertEquals(160, MamAttribute.MEDIA_POOL.length());
    assertEquals(AttributeFormat.TEXT, MamAttribute.OWNING_HOST_TEXTUAL_NAME.format());
    assertEquals(MamAttribute.Kind.DEVICE, MamAttribute.LOAD_COUNT.kind());
    assertEquals(MamAttribute.Kind.MEDIUM, MamAttribute.MEDIUM_SERIAL_NUMBER.kind());
    assertEquals(MamAttribute.Kind.HOST, MamAttribute.BARCODE.kind());
    assertEquals(MamAttribute.Kind.MEDIUM_VENDOR, MamAttribute.UNIQUE_CARTRIDGE_IDENTITY.kind());
    assertEquals(MamAttribute.Kind.HOST_VENDOR, MamAttribute.Kind.of(0x1400));
    assertEquals(MamAttribute.Kind.RESERVED, MamAttribute.Kind.of(0x1800));
    assertTrue(MamAttribute.of(0x0A00).isEmpty());
    long ids = Arrays.stream(MamAttribute.values()).mapToInt(MamAttribute::id).distinct().count();
    assertEquals(MamAttribute.values().length, ids);
  }
}
