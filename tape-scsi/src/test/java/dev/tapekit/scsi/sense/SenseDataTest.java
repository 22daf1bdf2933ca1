package dev.tapekit.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

class SenseDataTest {
  private static byte[] hex(String s) {
    return Hex.bytes(s);
  }

  @Test
  void fixedFormatFilemarkWithResidue() throws Exception {
    // READ(6) of 65536 bytes hits a filemark: VALID, NO SENSE + FILEMARK, info = 65536, 00/01.
    SenseData s = SenseData.parse(hex("f0 00 80 00010000 0a 00000000 00 01 00 000000"));
    assertEquals(SenseKey.NO_SENSE, s.key());
    assertTrue(s.filemark());
    assertFalse(s.eom());
    assertFalse(s.ili());
    assertEquals(AdditionalSense.FILEMARK_DETECTED, s.additionalSense());
    assertEquals(65536, s.information().getAsLong());
    assertFalse(s.isDeferred());
  }

  @Test
  void fixedFormatNegativeResidueForOverlongBlock() throws Exception {
    SenseData s = SenseData.parse(hex("f0 00 20 fffff000 0a 00000000 00 00 00 000000"));
    assertTrue(s.ili());
    assertEquals(-4096, s.signedInformation().getAsLong());
  }

  @Test
  void descriptorFormatStreamAndInformation() throws Exception {
    // 0x72, key 8 (blank check), 00/05, additional length 0x14: information descriptor + stream descriptor.
    SenseData s =
        SenseData.parse(hex("72 08 00 05 000000 14  00 0a 80 00 0000000000000200  04 02 00 40  "));
    assertEquals(SenseKey.BLANK_CHECK, s.key());
    assertEquals(AdditionalSense.END_OF_DATA_DETECTED, s.additionalSense());
    assertEquals(512, s.information().getAsLong());
    assertTrue(s.eom());
    assertEquals(2, s.descriptors().size());
  }

  @Test
  void deferredAndProgress() throws Exception {
    SenseData s = SenseData.parse(hex("71 00 02 00000000 0a 00000000 04 04 00 80 8000"));
    assertTrue(s.isDeferred());
    assertEquals(SenseKey.NOT_READY, s.key());
    assertEquals(0x8000, s.progress().getAsInt());
    assertTrue(s.summary().startsWith("deferred error: Not Ready"));
  }

  @Test
  void fieldPointerInCdb() throws Exception {
    SenseData s = SenseData.parse(hex("70 00 05 00000000 0a 00000000 24 00 00 cb 0002"));
    SenseData.FieldPointer p = s.fieldPointer().orElseThrow();
    assertTrue(p.inCdb());
    assertEquals(2, p.byteOffset());
    assertEquals(3, p.bit().getAsInt());
  }

  @Test
  void truncatedFixedSenseDecodesWhatIsThere() throws Exception {
    SenseData s = SenseData.parse(hex("70 00 06"));
    assertEquals(SenseKey.UNIT_ATTENTION, s.key());
    assertEquals(AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION, s.additionalSense());
    assertTrue(s.information().isEmpty());
  }

  @Test
  void unknownResponseCodeIsRejected() {
    MalformedResponseException e =
        assertThrows(MalformedResponseException.class, () -> SenseData.parse(hex("7f 00 00 00")));
    assertTrue(e.getMessage().contains("0x7f"), e.getMessage());
    assertThrows(MalformedResponseException.class, () -> SenseData.parse(new byte[0]));
  }
}
