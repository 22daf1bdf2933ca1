package dev.tapekit.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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

  @Test
  void fixedFormatValidOffHidesInformation() throws Exception {
    // VALID=0 but the device left a value in INFORMATION: not to be trusted.
    SenseData s = SenseData.parse(hex("70 00 20 00000200 0a 00000000 00 00 00 000000"));
    assertTrue(s.information().isEmpty());
    assertTrue(s.signedInformation().isEmpty());
    assertTrue(s.describe().contains("Information (not valid): 0x00000200 (512)"), s.describe());
    SenseData valid = SenseData.parse(hex("f0 00 20 00000200 0a 00000000 00 00 00 000000"));
    assertEquals(512, valid.information().getAsLong());
    assertEquals(512, valid.signedInformation().getAsLong());
  }

  @Test
  void fixedFormatDeferredWithCommandSpecificFruAndOverflow() throws Exception {
    // 71h deferred, SDAT_OVFL, MEDIUM ERROR 0C/00 WRITE ERROR, CSI 11223344h, FRU 07h.
    SenseData s = SenseData.parse(hex("71 00 13 00000000 0a 11223344 0c 00 07 000000"));
    assertTrue(s.isDeferred());
    assertFalse(s.isDescriptorFormat());
    assertEquals(SenseKey.MEDIUM_ERROR, s.key());
    assertEquals(AdditionalSense.WRITE_ERROR, s.additionalSense());
    assertEquals(0x11223344L, s.commandSpecificInformation().getAsLong());
    assertEquals(7, s.fieldReplaceableUnit());
    assertTrue(s.senseDataOverflow());
    assertEquals(SenseCategory.MEDIUM_HARD, s.category());
  }

  /** Every descriptor type SPC-5 and SSC-5 define for tape, plus a vendor one, in one buffer. */
  private static final String ALL_DESCRIPTORS =
      "72 05 24 00 80 0000 39"
          + " 00 0a 80 00 0000000000000200" // information, VALID, 512
          + " 01 0a 00 00 0000000011223344" // command-specific
          + " 02 06 00 00 c8 0007 00" // sense key specific: CDB byte 7 bit 0
          + " 03 02 00 05" // FRU 05h
          + " 04 02 00 a0" // stream: FILEMARK, ILI
          + " 05 02 00 20" // block: ILI
          + " 0a 06 02 3a 00 00 4000" // another progress: NOT READY 3A/00, 25%
          + " 80 03 010203"; // vendor specific, kept raw

  private static final List<SenseDescriptor> ALL_DECODED =
      List.of(
          new SenseDescriptor.Information(true, 512),
          new SenseDescriptor.CommandSpecific(0x11223344L),
          new SenseDescriptor.SenseKeySpecificField(true, 0xc8, 0x00, 0x07),
          new SenseDescriptor.FieldReplaceableUnit(5),
          new SenseDescriptor.StreamCommands(true, false, true),
          new SenseDescriptor.BlockCommands(true),
          new SenseDescriptor.AnotherProgressIndication(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT, 0x4000),
          new SenseDescriptor.Raw(0x80, hex("010203")));

  /** Offsets of the descriptors of ALL_DESCRIPTORS. */
  private static final int[] ALL_OFFSETS = {8, 20, 32, 40, 44, 48, 52, 60};

  @Test
  void descriptorFormatEveryDescriptorType() throws Exception {
    SenseData s = SenseData.parse(hex(ALL_DESCRIPTORS));
    assertEquals(ALL_DECODED, s.senseDescriptors());
    assertEquals(8, s.descriptors().size());
    assertEquals(0x80, s.descriptors().get(7).type());
    assertEquals(SenseKey.ILLEGAL_REQUEST, s.key());
    assertEquals(AdditionalSense.INVALID_FIELD_IN_CDB, s.additionalSense());
    assertEquals(512, s.information().getAsLong());
    assertEquals(0x11223344L, s.commandSpecificInformation().getAsLong());
    assertEquals(Optional.of(new SenseData.FieldPointer(true, 7, OptionalInt.of(0))), s.fieldPointer());
    assertEquals(5, s.fieldReplaceableUnit());
    assertTrue(s.filemark());
    assertFalse(s.eom());
    assertTrue(s.ili());
    assertTrue(s.senseDataOverflow());
    // ILLEGAL REQUEST carries no progress in its SKS, so the type 0Ah descriptor supplies it.
    assertEquals(0x4000, s.progress().getAsInt());
    assertEquals(SenseCategory.ILLEGAL_REQUEST, s.category());
  }

  @Test
  void describeRendersEveryFieldOnItsOwnLine() throws Exception {
    assertEquals(
        String.join(
            "\n",
            "Descriptor format sense, current error",
            "Sense key: Illegal Request (0x5)",
            "Additional sense: Invalid field in CDB (ASC/ASCQ 24/00)",
            "Sense data overflow (SDAT_OVFL): the device had more sense than was returned",
            "  Information: 0x0000000000000200 (512)",
            "  Command-specific information: 0x0000000011223344 (287454020)",
            "  Sense key specific: c8 00 07",
            "  Field replaceable unit: 0x05",
            "  Stream commands: FILEMARK ILI",
            "  Block commands: ILI",
            "  Another progress indication: Not Ready, Medium not present (ASC/ASCQ 3a/00): progress 25.00% (16384/65536)",
            "  Descriptor type 0x80 (3 bytes): 01 02 03",
            "Sense-key specific: error in CDB byte 7 bit 0",
            ""),
        SenseData.parse(hex(ALL_DESCRIPTORS)).describe());
    assertEquals(
        String.join(
            "\n",
            "Fixed format sense, deferred error (of an earlier command)",
            "Sense key: Medium Error (0x3)",
            "Additional sense: Unrecovered read error (ASC/ASCQ 11/00)",
            "Flags: FILEMARK EOM ILI",
            "Information: 0xfffff000 (-4096)",
            "Command-specific information: 0x00000010 (16)",
            "Field replaceable unit: 0x07",
            "Sense-key specific: actual retry count 16",
            ""),
        SenseData.parse(hex("f1 00 e3 fffff000 0a 00000010 11 00 07 800010")).describe());
  }

  @Test
  void descriptorFormatDeferredValidOffAndNegativeInformation() throws Exception {
    SenseData deferred = SenseData.parse(hex("73 03 11 00 000000 00"));
    assertTrue(deferred.isDeferred());
    assertTrue(deferred.isDescriptorFormat());
    assertEquals(AdditionalSense.UNRECOVERED_READ_ERROR, deferred.additionalSense());
    assertTrue(deferred.senseDescriptors().isEmpty());

    SenseData notValid = SenseData.parse(hex("72 00 00 00 000000 0c 00 0a 00 00 0000000000000005"));
    assertTrue(notValid.information().isEmpty());
    assertEquals(List.of(new SenseDescriptor.Information(false, 5)), notValid.senseDescriptors());

    SenseData negative = SenseData.parse(hex("72 00 00 00 000000 0c 00 0a 80 00 fffffffffffff000"));
    assertEquals(-4096, negative.signedInformation().getAsLong());
    assertEquals(-4096, negative.information().getAsLong());
  }

  @Test
  void descriptorsTooShortForTheirTypeAreKeptRaw() throws Exception {
    // An information descriptor declaring 2 bytes instead of 0Ah.
    SenseData s = SenseData.parse(hex("72 00 00 00 000000 04 00 02 80 00"));
    assertEquals(List.of(new SenseDescriptor.Raw(0, hex("8000"))), s.senseDescriptors());
    assertTrue(s.information().isEmpty());
    // The last descriptor declares more bytes than the buffer has.
    SenseData cut = SenseData.parse(hex("72 00 00 00 000000 0c 00 0a 80 00 0000"));
    assertEquals(List.of(new SenseDescriptor.Raw(0, hex("80000000"))), cut.senseDescriptors());
  }

  @Test
  void additionalLengthBoundsTheDescriptors() throws Exception {
    // ADDITIONAL SENSE LENGTH 4 covers the FRU descriptor; the trailing bytes are not sense.
    SenseData s = SenseData.parse(hex("72 00 00 00 000000 04 03 02 00 05 ffffff"));
    assertEquals(List.of(new SenseDescriptor.FieldReplaceableUnit(5)), s.senseDescriptors());
    // Fixed format: ADDITIONAL SENSE LENGTH 6 ends before the ASC, so it reads as zero.
    SenseData fixed = SenseData.parse(hex("70 00 02 00000000 04 00000000 3a 00 00 000000"));
    assertEquals(AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION, fixed.additionalSense());
    // A one-byte tail after the last descriptor cannot hold a header and is ignored.
    assertEquals(1, SenseData.parse(hex("72 00 00 00 000000 05 03 02 00 05 04")).senseDescriptors().size());
  }

  /**
   * Parses the first {@code n} bytes of {@code full}; below {@code minimum} bytes asserts that they
   * are rejected and returns null.
   */
  private static SenseData parsePrefix(byte[] full, int n, int minimum) throws MalformedResponseException {
    byte[] cut = java.util.Arrays.copyOf(full, n);
    if (n < minimum) {
      assertThrows(MalformedResponseException.class, () -> SenseData.parse(cut), "length " + n);
      return null;
    }
    return SenseData.parse(cut);
  }

  @Test
  void fixedFormatTruncatedAtEveryLength() throws Exception {
    byte[] full = hex("f0 00 e5 00000200 0a 11223344 3a 00 07 cb 0002");
    for (int n = 0; n <= full.length; n++) {
      SenseData s = parsePrefix(full, n, 3);
      if (s == null) {
        continue;
      }
      String at = "length " + n;
      assertEquals(SenseKey.ILLEGAL_REQUEST, s.key(), at);
      assertTrue(s.filemark() && s.eom() && s.ili(), at);
      assertEquals(n >= 7 ? OptionalLong.of(0x200) : OptionalLong.empty(), s.information(), at);
      assertEquals(n >= 12 ? OptionalLong.of(0x11223344L) : OptionalLong.empty(), s.commandSpecificInformation(), at);
      assertEquals(n >= 13 ? AdditionalSense.MEDIUM_NOT_PRESENT : AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION, s.additionalSense(), at);
      assertEquals(n >= 15 ? 7 : 0, s.fieldReplaceableUnit(), at);
      assertEquals(n >= 18, s.fieldPointer().isPresent(), at);
      assertFalse(s.describe().isEmpty());
      assertFalse(s.summary().isEmpty());
    }
  }

  @Test
  void descriptorFormatTruncatedAtEveryLength() throws Exception {
    byte[] full = hex(ALL_DESCRIPTORS);
    for (int n = 0; n <= full.length; n++) {
      SenseData s = parsePrefix(full, n, 2);
      if (s == null) {
        continue;
      }
      String at = "length " + n;
      assertEquals(SenseKey.ILLEGAL_REQUEST, s.key(), at);
      assertEquals(n >= 3 ? 0x24 : 0, s.asc(), at);
      assertEquals(n >= 5, s.senseDataOverflow(), at);
      List<SenseDescriptor> got = s.senseDescriptors();
      int headers = 0;
      for (int i = 0; i < ALL_OFFSETS.length; i++) {
        int off = ALL_OFFSETS[i];
        if (off + 2 > n) {
          break;
        }
        headers++;
        int end = i + 1 < ALL_OFFSETS.length ? ALL_OFFSETS[i + 1] : full.length;
        // The sense key specific descriptor's last byte is reserved, so it decodes without it.
        int needed = full[off] == SenseDescriptor.SENSE_KEY_SPECIFIC ? end - 1 : end;
        if (needed <= n) {
          assertEquals(ALL_DECODED.get(i), got.get(i), at);
        } else {
          assertEquals(new SenseDescriptor.Raw(full[off] & 0xFF, java.util.Arrays.copyOfRange(full, off + 2, n)), got.get(i), at);
        }
      }
      assertEquals(headers, got.size(), at);
      assertEquals(n >= 20, s.information().isPresent(), at);
      assertEquals(n >= 39, s.fieldPointer().isPresent(), at);
      assertEquals(n >= 48, s.filemark(), at);
      assertEquals(n >= 48, s.ili(), at);
      assertEquals(n >= 60, s.progress().isPresent(), at);
      assertFalse(s.describe().isEmpty());
    }
  }

  @Test
  void awkwardShapesAreRejectedWithTheirReason() {
    for (String h : new String[] {"70", "71 00", "72", "00 00 00 00", "f4 00 00"}) {
      MalformedResponseException e =
          assertThrows(MalformedResponseException.class, () -> SenseData.parse(hex(h)), h);
      assertTrue(e.getMessage().startsWith("sense data") || e.getMessage().contains("sense data"), e.getMessage());
    }
    assertTrue(SenseData.tryParse(null).isEmpty());
    assertTrue(SenseData.tryParse(hex("70")).isEmpty());
    assertTrue(SenseData.tryParse(hex("70 00 06")).isPresent());
  }

  @Test
  void rawAccessorsAreDefensiveCopies() throws Exception {
    byte[] bytes = hex("72 00 00 00 000000 04 80 02 01 02");
    SenseData s = SenseData.parse(bytes);
    bytes[9] = 0x7F;
    s.raw()[9] = 0x7F;
    s.descriptors().get(0).body()[0] = 0x7F;
    assertEquals(2, s.raw()[9]);
    assertEquals(1, s.descriptors().get(0).body()[0]);
    assertEquals(new SenseDescriptor.Raw(0x80, hex("0102")), s.senseDescriptors().get(0));
  }

  @Test
  void summaryStaysOneLine() throws Exception {
    SenseData s = SenseData.parse(hex(ALL_DESCRIPTORS));
    assertEquals(
        "Illegal Request: Invalid field in CDB (ASC/ASCQ 24/00) [FILEMARK ILI], information=512,"
            + " progress=25.0%, error in CDB byte 7 bit 0",
        s.summary());
  }

  @Test
  void mhvtlNinetySixByteSenseAndAThirtyTwoByteBufferOfIt() throws Exception {
    // mhvtl answers with a 96-byte buffer, ADDITIONAL SENSE LENGTH 88 (research vtl-mtx-mt.md 3.4);
    // PBS reads only 32 bytes of it. Both decode the same; bytes 18.. are vendor additional bytes.
    byte[] full = new byte[96];
    System.arraycopy(hex("f0 00 20 00000400 58 00000000 00 00 00 000000"), 0, full, 0, 18);
    java.util.Arrays.fill(full, 18, 96, (byte) 0xEE);
    for (byte[] b : new byte[][] {full, java.util.Arrays.copyOf(full, 32)}) {
      SenseData s = SenseData.parse(b);
      assertTrue(s.ili());
      assertEquals(1024, s.signedInformation().getAsLong());
      assertEquals(AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION, s.additionalSense());
      assertFalse(s.hasSenseKeySpecific());
      assertEquals(b.length, s.raw().length);
    }
  }
}
