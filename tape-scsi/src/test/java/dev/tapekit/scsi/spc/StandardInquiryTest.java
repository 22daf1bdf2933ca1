package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StandardInquiryTest {
  /** An IBM LTO-9 style reply, 96 bytes, laid out per SPC-5 table 148. */
  static final byte[] LTO9 =
      Hex.bytes(
          "01 80 06 12 5b 08 11 32"
              + " 49 42 4d 20 20 20 20 20" // vendor "IBM     "
              + " 55 4c 54 33 35 38 30 2d 54 44 39 20 20 20 20 20" // product "ULT3580-TD9     "
              + " 51 33 35 30" // revision "Q350"
              + " 31 30 37 38 30 30 30 31 32 33 00 00 00 00 00 00 00 00 00 00" // vendor specific 36..55
              + " 00 00" // 56, 57
              + " 04 60 09 60 02 00 05 a0 00 00 00 00 00 00 00 00" // version descriptors 58..73
              + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"); // 74..95

  @Test
  void decodesEveryField() throws Exception {
    assertEquals(96, LTO9.length);
    StandardInquiry q = StandardInquiry.parse(LTO9);
    assertEquals(0, q.peripheralQualifier());
    assertEquals(PeripheralDeviceType.SEQUENTIAL_ACCESS, q.deviceType());
    assertEquals(1, q.deviceTypeCode());
    assertTrue(q.removable());
    assertFalse(q.luCongregate());
    assertEquals(6, q.version());
    assertEquals("SPC-4", q.versionName());
    assertFalse(q.normAca());
    assertTrue(q.hiSup());
    assertEquals(2, q.responseDataFormat());
    assertEquals(0x5B, q.additionalLength());
    assertFalse(q.truncated());
    assertFalse(q.sccs());
    assertFalse(q.acc());
    assertEquals(0, q.tpgs());
    assertTrue(q.thirdPartyCopy());
    assertFalse(q.protect());
    assertFalse(q.encServ());
    assertTrue(q.multiP());
    assertTrue(q.cmdQue());
    assertEquals("IBM", q.vendor());
    assertEquals("ULT3580-TD9", q.product());
    assertEquals("Q350", q.revision());
    assertEquals("1078000123", new String(q.vendorSpecific(), 0, 10));
    assertEquals(
        List.of(new VersionDescriptor(0x0460), new VersionDescriptor(0x0960), new VersionDescriptor(0x0200), new VersionDescriptor(0x05A0)),
        q.versionDescriptors());
    assertEquals("SPC-4 (no version claimed)", q.versionDescriptors().get(0).name());
    assertEquals("SSC-5 (no version claimed)", q.versionDescriptors().get(3).name());
  }

  @Test
  void protectTpgsAndFlagsInByte5() throws Exception {
    byte[] d = LTO9.clone();
    d[5] = (byte) 0xF9; // SCCS ACC TPGS=3 3PC PROTECT
    d[3] = 0x32; // NORMACA HISUP
    d[6] = 0x40; // ENCSERV
    StandardInquiry q = StandardInquiry.parse(d);
    assertTrue(q.sccs());
    assertTrue(q.acc());
    assertEquals(3, q.tpgs());
    assertTrue(q.protect());
    assertTrue(q.normAca());
    assertTrue(q.encServ());
    assertFalse(q.multiP());
  }

  @Test
  void medumChangerWithQualifier() throws Exception {
    byte[] d = Arrays.copyOf(LTO9, 36);
    d[0] = 0x28; // qualifier 1, type 8
    d[4] = 31;
    StandardInquiry q = StandardInquiry.parse(d);
    assertEquals(1, q.peripheralQualifier());
    assertEquals(PeripheralDeviceType.MEDIUM_CHANGER, q.deviceType());
    assertEquals(List.of(), q.versionDescriptors());
    assertFalse(q.truncated());
  }

  @Test
  void truncatedReplyDecodesPrefixAndSaysSo() throws Exception {
    // 36-byte allocation against a device with 96 bytes: everything but the descriptors is there.
    StandardInquiry q = StandardInquiry.parse(Arrays.copyOf(LTO9, 36));
    assertTrue(q.truncated());
    assertEquals("ULT3580-TD9", q.product());
    assertEquals(List.of(), q.versionDescriptors());
    // Cut in the middle of the second descriptor: only the first counts.
    assertEquals(List.of(new VersionDescriptor(0x0460)), StandardInquiry.parse(Arrays.copyOf(LTO9, 61)).versionDescriptors());
  }

  @Test
  void extraBytesBeyondAdditionalLengthAreIgnored() throws Exception {
    byte[] d = Arrays.copyOf(LTO9, 60);
    d[4] = 55; // announces 60 bytes
    byte[] longer = Arrays.copyOf(d, 100);
    Arrays.fill(longer, 60, 100, (byte) 0x11);
    StandardInquiry q = StandardInquiry.parse(longer);
    assertEquals(List.of(new VersionDescriptor(0x0460)), q.versionDescriptors());
    assertEquals(60, q.raw().length);
  }

  @Test
  void awkwardShapesAreRejected() {
    assertThrows(MalformedResponseException.class, () -> StandardInquiry.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> StandardInquiry.parse(Arrays.copyOf(LTO9, 4)));
    // One byte short of the 36 every device must send.
    MalformedResponseException e =
        assertThrows(MalformedResponseException.class, () -> StandardInquiry.parse(Arrays.copyOf(LTO9, 35)));
    assertTrue(e.getMessage().contains("standard INQUIRY data"), e.getMessage());
  }

  @Test
  void shortButSelfConsistentReplyIsAccepted() throws Exception {
    byte[] d = Arrays.copyOf(LTO9, 24);
    d[4] = 19; // a 24-byte device (old USB bridges): vendor complete, product cut by the device itself
    StandardInquiry q = StandardInquiry.parse(d);
    assertEquals("IBM", q.vendor());
    assertEquals("ULT3580-", q.product());
    assertEquals("", q.revision());
    assertEquals(0, q.vendorSpecific().length);
    assertFalse(q.truncated());
  }

  @Test
  void unknownVersionDescriptorHasAName() {
    assertEquals("unknown version descriptor 0x0100", new VersionDescriptor(0x0100).name());
    assertEquals("SSC-3 (revision code 0x0403)", new VersionDescriptor(0x0403).name());
  }

  @Test
  void agreesWithSgInq() throws Exception {
    String out = Sg3Utils.runInhex("sg_inq", LTO9, "-d");
    StandardInquiry q = StandardInquiry.parse(LTO9);
    assertTrue(out.contains("PQual=0  PDT=1  RMB=1  LU_CONG=0"), out);
    assertTrue(out.contains("version=0x06  [SPC-4]"), out);
    assertTrue(out.contains("NormACA=0  HiSUP=1  Resp_data_format=2"), out);
    assertTrue(out.contains("SCCS=0  ACC=0  TPGS=0  3PC=1  Protect=0"), out);
    assertTrue(out.contains("EncServ=0  MultiP=1"), out);
    assertTrue(out.contains("CmdQue=1"), out);
    assertEquals(q.vendor(), field(out, "Vendor identification"));
    assertEquals(q.product(), field(out, "Product identification"));
    assertEquals(q.revision(), field(out, "Product revision level"));
    for (VersionDescriptor v : q.versionDescriptors()) {
      assertTrue(out.contains("    " + v.name()), v.name() + " not in\n" + out);
    }
  }

  @Test
  void versionDescriptorNamesAgreeWithSgInq() throws Exception {
    int[] codes = {0x0040, 0x0080, 0x00C0, 0x0300, 0x05C0, 0x0360, 0x0520, 0x0480, 0x08C0, 0x0C20, 0x1300, 0x20E0};
    byte[] d = LTO9.clone();
    for (int i = 0; i < codes.length; i += 8) {
      Arrays.fill(d, 58, 74, (byte) 0);
      for (int j = 0; j < 8 && i + j < codes.length; j++) {
        d[58 + 2 * j] = (byte) (codes[i + j] >> 8);
        d[59 + 2 * j] = (byte) codes[i + j];
      }
      String out = Sg3Utils.runInhex("sg_inq", d, "-d");
      for (VersionDescriptor v : StandardInquiry.parse(d).versionDescriptors()) {
        assertTrue(out.contains("    " + v.name()), v.name() + " not in\n" + out);
      }
    }
  }

  @Test
  void deviceTypeNamesAgreeWithSgInq() throws Exception {
    for (PeripheralDeviceType type : PeripheralDeviceType.values()) {
      if (type == PeripheralDeviceType.UNKNOWN) {
        continue;
      }
      byte[] d = Arrays.copyOf(LTO9, 36);
      d[0] = (byte) type.code();
      d[4] = 31;
      assertEquals(type, StandardInquiry.parse(d).deviceType());
      assertEquals(type.text(), field(Sg3Utils.runInhex("sg_inq", d), "Peripheral device type"));
    }
    assertEquals(PeripheralDeviceType.UNKNOWN, PeripheralDeviceType.of(0x0A));
    assertEquals(PeripheralDeviceType.MEDIUM_CHANGER, PeripheralDeviceType.of(0x28));
  }

  private static String field(String out, String label) {
    Matcher m = Pattern.compile(label + ": (.*)").matcher(out);
    assertTrue(m.find(), label + " missing in\n" + out);
    return m.group(1).stripTrailing();
  }
}
