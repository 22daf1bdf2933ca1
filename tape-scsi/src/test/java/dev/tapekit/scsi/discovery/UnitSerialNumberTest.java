package dev.tapekit.scsi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

/** VPD page 0x80 per SPC-5 7.7.20: 4-byte header (type, page code, 16-bit length), then ASCII. */
class UnitSerialNumberTest {
  @Test
  void serialAfterTheHeader() throws Exception {
    assertEquals("10WT012345", UnitSerialNumber.parse(Hex.bytes("01 80 00 0a 31 30 57 54 30 31 32 33 34 35")));
  }

  @Test
  void paddingOnBothSidesIsRemovedAndBytesPastTheLengthIgnored() throws Exception {
    assertEquals("AB", UnitSerialNumber.parse(Hex.bytes("08 80 00 05 20 20 41 42 00 ff ff")));
  }

  @Test
  void emptyAndBlankSerials() throws Exception {
    assertEquals("", UnitSerialNumber.parse(Hex.bytes("01 80 00 00")));
    assertEquals("", UnitSerialNumber.parse(Hex.bytes("01 80 00 04 20 20 20 20")));
  }

  @Test
  void truncatedByOneByteIsMalformed() {
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> UnitSerialNumber.parse(Hex.bytes("01 80 00 03 41 42")));
    assertTrue(e.getMessage().contains("offset 4"), e.getMessage());
  }

  @Test
  void shortHeaderAndOtherPagesAreMalformed() {
    assertThrows(MalformedResponseException.class, () -> UnitSerialNumber.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> UnitSerialNumber.parse(Hex.bytes("01 80 00")));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> UnitSerialNumber.parse(Hex.bytes("01 83 00 00")));
    assertTrue(e.getMessage().contains("page code 0x83"), e.getMessage());
  }
}
