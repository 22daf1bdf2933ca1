package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

/** VPD page 0x80 per SPC-5 7.7.20 as sysfs exposes it (vpd_pg80), which device discovery decodes with {@link SerialNumberVpd}. */
class UnitSerialNumberTest {
  @Test
  void serialAfterTheHeader() throws Exception {
    assertEquals("10WT012345", SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00 0a 31 30 57 54 30 31 32 33 34 35")).serialNumber());
  }

  @Test
  void paddingOnBothSidesIsRemovedAndBytesPastTheLengthIgnored() throws Exception {
    assertEquals("AB", SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("08 80 00 05 20 20 41 42 00 ff ff")).serialNumber());
  }

  @Test
  void emptyAndBlankSerials() throws Exception {
    assertEquals("", SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00 00")).serialNumber());
    assertEquals("", SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00 04 20 20 20 20")).serialNumber());
  }

  @Test
  void truncatedByOneByteIsMalformed() {
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00 03 41 42")).serialNumber());
    assertTrue(e.getMessage().contains("needs 7 bytes but the reply has 6"), e.getMessage());
  }

  @Test
  void shortHeaderAndOtherPagesAreMalformed() {
    assertThrows(MalformedResponseException.class, () -> SerialNumberVpd.parseUnitSerialNumber(new byte[0]).serialNumber());
    assertThrows(MalformedResponseException.class, () -> SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 80 00")).serialNumber());
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> SerialNumberVpd.parseUnitSerialNumber(Hex.bytes("01 83 00 00")).serialNumber());
    assertTrue(e.getMessage().contains("offset 1 is 0x83"), e.getMessage());
  }
}
