package dev.tapekit.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Hex;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Each sense-key specific format of SPC-5 4.4.1.6, in fixed-format sense (bytes 15-17) and in a
 * sense key specific descriptor (type 02h).
 */
class SenseKeySpecificTest {
  /** Fixed-format sense with this key, ASC/ASCQ and the three sense-key specific bytes. */
  private static SenseData fixed(int key, String ascAscq, String sks) throws Exception {
    return SenseData.parse(Hex.bytes(String.format("70 00 %02x 00000000 0a 00000000 %s 00 %s", key, ascAscq, sks)));
  }

  /** Descriptor-format sense with one sense key specific descriptor. */
  private static SenseData descriptor(int key, String ascAscq, String sks) throws Exception {
    return SenseData.parse(Hex.bytes(String.format("72 %02x %s 000000 08  02 06 0000 %s 00", key, ascAscq, sks)));
  }

  private static void assertBothFormats(int key, String ascAscq, String sks, SenseKeySpecific expected)
      throws Exception {
    for (SenseData s : new SenseData[] {fixed(key, ascAscq, sks), descriptor(key, ascAscq, sks)}) {
      assertEquals(Optional.of(expected), s.senseKeySpecific(), s.toString());
      assertTrue(s.hasSenseKeySpecific());
      assertEquals(sks.replace(" ", ""), Hex.of(s.senseKeySpecificBytes().orElseThrow()).replace(" ", ""));
    }
  }

  @Test
  void fieldPointerInCdbWithBitPointer() throws Exception {
    // C/D=1, BPV=1, bit 3; field pointer 0002h: byte 2 of the CDB.
    SenseData.FieldPointer p = new SenseData.FieldPointer(true, 2, OptionalInt.of(3));
    assertBothFormats(0x5, "24 00", "cb 0002", p);
    assertEquals("error in CDB byte 2 bit 3", p.describe());
    assertEquals(Optional.of(p), fixed(0x5, "24 00", "cb 0002").fieldPointer());
  }

  @Test
  void fieldPointerInParameterListWithoutBitPointer() throws Exception {
    SenseData.FieldPointer p = new SenseData.FieldPointer(false, 258, OptionalInt.empty());
    assertBothFormats(0x5, "26 00", "80 0102", p);
    assertEquals("error in parameter data byte 258", p.describe());
  }

  @Test
  void actualRetryCountForRecoveredMediumAndHardwareErrors() throws Exception {
    assertBothFormats(0x1, "17 01", "80 0005", new SenseKeySpecific.ActualRetryCount(5));
    assertBothFormats(0x3, "11 00", "80 0102", new SenseKeySpecific.ActualRetryCount(258));
    assertBothFormats(0x4, "44 00", "80 ffff", new SenseKeySpecific.ActualRetryCount(65535));
    assertEquals("actual retry count 5", new SenseKeySpecific.ActualRetryCount(5).describe());
    assertEquals(OptionalInt.empty(), fixed(0x3, "11 00", "80 0102").progress());
  }

  @Test
  void progressIndicationForNotReadyAndNoSense() throws Exception {
    assertBothFormats(0x2, "04 04", "80 8000", new SenseKeySpecific.ProgressIndication(0x8000));
    assertBothFormats(0x0, "00 16", "80 4000", new SenseKeySpecific.ProgressIndication(0x4000));
    assertEquals(0x8000, fixed(0x2, "04 04", "80 8000").progress().getAsInt());
    assertEquals(0x4000, descriptor(0x0, "00 16", "80 4000").progress().getAsInt());
    SenseKeySpecific.ProgressIndication p = new SenseKeySpecific.ProgressIndication(0xFFFF);
    assertEquals(99.998, p.percent(), 0.001);
    assertEquals("progress 50.00% (32768/65536)", new SenseKeySpecific.ProgressIndication(0x8000).describe());
  }

  @Test
  void segmentPointerForCopyAborted() throws Exception {
    // SD=1, BPV=1, bit 1, byte 5 of the segment descriptor.
    SenseKeySpecific.SegmentPointer sd = new SenseKeySpecific.SegmentPointer(true, 5, OptionalInt.of(1));
    assertBothFormats(0xA, "0d 00", "a9 0005", sd);
    assertEquals("copy error in byte 5 bit 1 of the segment descriptor", sd.describe());
    SenseKeySpecific.SegmentPointer list = new SenseKeySpecific.SegmentPointer(false, 261, OptionalInt.empty());
    assertBothFormats(0xA, "0d 00", "80 0105", list);
    assertEquals("copy error in byte 261 of the parameter list", list.describe());
  }

  @Test
  void unitAttentionConditionQueueOverflow() throws Exception {
    assertBothFormats(0x6, "29 00", "81 0000", new SenseKeySpecific.UnitAttentionQueueOverflow(true));
    assertBothFormats(0x6, "29 00", "80 0000", new SenseKeySpecific.UnitAttentionQueueOverflow(false));
  }

  @Test
  void keysWithoutADefinedFormatKeepTheBits() throws Exception {
    SenseKeySpecific.Other o = new SenseKeySpecific.Other(SenseKey.DATA_PROTECT, 0x811234);
    assertBothFormats(0x7, "27 00", "81 1234", o);
    assertEquals("sense-key specific bytes 811234 (no defined meaning for Data Protect)", o.describe());
  }

  @Test
  void sksvClearMeansNoSenseKeySpecificField() throws Exception {
    for (SenseData s : new SenseData[] {fixed(0x5, "24 00", "4b 0002"), descriptor(0x5, "24 00", "4b 0002")}) {
      assertFalse(s.hasSenseKeySpecific());
      assertEquals(Optional.empty(), s.senseKeySpecific());
      assertEquals(Optional.empty(), s.fieldPointer());
      assertEquals(Optional.empty(), s.senseKeySpecificBytes());
    }
    // The descriptor itself is still reported, marked not valid.
    SenseDescriptor.SenseKeySpecificField d =
        (SenseDescriptor.SenseKeySpecificField) descriptor(0x5, "24 00", "4b 0002").senseDescriptors().get(0);
    assertFalse(d.valid());
    assertEquals(new SenseData.FieldPointer(true, 2, OptionalInt.of(3)), d.decode(SenseKey.ILLEGAL_REQUEST));
  }
}
