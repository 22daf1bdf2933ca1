package dev.tapekit.scsi.ssc;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ssc.DensitySupport.DensityDescriptor;
import dev.tapekit.scsi.ssc.DensitySupport.MediumTypeDescriptor;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Decoders of SSC replies, with vectors laid out from the SSC-5 field tables. */
class SscDecodersTest {

  private static void assertMalformed(String fragment, Executable e) {
    MalformedResponseException ex = assertThrows(MalformedResponseException.class, e);
    assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
  }

  @Test
  void blockLimits() throws Exception {
    // LTO: granularity 0, max 8 MiB (0x800000), min 1.
    BlockLimits lto = BlockLimits.decode(bytes("00 80 00 00 00 01"));
    assertEquals(new BlockLimits(0, 0x800000, 1), lto);
    assertTrue(lto.accepts(262_144));
    assertFalse(lto.accepts(0x800001));
    assertFalse(lto.accepts(0));
    BlockLimits coarse = BlockLimits.decode(bytes("e2 00 10 00 00 04"));
    assertEquals(new BlockLimits(2, 0x1000, 4), coarse);
    assertFalse(coarse.accepts(6));
    assertTrue(coarse.accepts(8));
    assertMalformed("READ BLOCK LIMITS data: needs 6 byte(s) at offset 0 but the reply has 5",
        () -> BlockLimits.decode(bytes("00 80 00 00 00")));
    byte[] mloi = bytes("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 02 03 04");
    assertEquals(0x01020304L, BlockLimits.decodeMaximumLogicalObjectIdentifier(mloi));
    assertMalformed("MLOI", () -> BlockLimits.decodeMaximumLogicalObjectIdentifier(Arrays.copyOf(mloi, 19)));
  }

  @Test
  void shortPosition() throws Exception {
    ShortPosition bop = ShortPosition.decode(bytes(
        "80 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00"));
    assertTrue(bop.flags().beginningOfPartition());
    assertEquals(0, bop.firstLogicalObject());
    ShortPosition p = ShortPosition.decode(bytes(
        "77 02 00 00  ff ff ff fe  00 00 12 34  00 01 02 03  80 00 00 01"));
    assertFalse(p.flags().beginningOfPartition());
    assertTrue(p.flags().endOfPartition());
    assertTrue(p.flags().objectCountUnknown());
    assertTrue(p.flags().byteCountUnknown());
    assertTrue(p.flags().locationUnknown());
    assertTrue(p.flags().positionError());
    assertTrue(p.flags().beyondProgrammableEarlyWarning());
    assertEquals(2, p.partition());
    assertEquals(0xFFFF_FFFEL, p.firstLogicalObject());
    assertEquals(0x1234, p.lastLogicalObject());
    assertEquals(0x010203, p.objectsInBuffer());
    assertEquals(0x8000_0001L, p.bytesInBuffer());
    assertMalformed("READ POSITION short form: needs 20", () -> ShortPosition.decode(new byte[19]));
    assertMalformed("needs 20", () -> ShortPosition.decode(new byte[0]));
  }

  @Test
  void longPosition() throws Exception {
    LongPosition p = LongPosition.decode(bytes(
        "8d 00 00 00  00 00 00 01  00 00 00 00 00 00 30 39  00 00 00 00 00 00 00 07"
            + "  00 00 00 00 00 00 00 00"));
    assertTrue(p.beginningOfPartition());
    assertFalse(p.endOfPartition());
    assertTrue(p.markPositionUnknown());
    assertTrue(p.objectNumberUnknown());
    assertTrue(p.beyondProgrammableEarlyWarning());
    assertEquals(1, p.partition());
    assertEquals(12345, p.logicalObjectNumber());
    assertEquals(7, p.logicalFileIdentifier());
    LongPosition eop = LongPosition.decode(bytes(
        "40 00 00 00  ff ff ff ff  ff ff ff ff ff ff ff ff  80 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"));
    assertTrue(eop.endOfPartition());
    assertEquals(0xFFFF_FFFFL, eop.partition());
    assertEquals(-1L, eop.logicalObjectNumber(), "unsigned 64-bit reads back as its bit pattern");
    assertEquals(Long.MIN_VALUE, eop.logicalFileIdentifier());
    assertMalformed("READ POSITION long form: needs 32", () -> LongPosition.decode(new byte[31]));
  }

  @Test
  void extendedPosition() throws Exception {
    ExtendedPosition p = ExtendedPosition.decode(bytes(
        "a1 03 00 1c  00 00 00 05  00 00 00 01 00 00 00 00  00 00 00 01 00 00 00 04"
            + "  00 00 00 00 00 10 00 00"));
    assertTrue(p.flags().beginningOfPartition());
    assertTrue(p.flags().objectCountUnknown());
    assertTrue(p.flags().beyondProgrammableEarlyWarning());
    assertFalse(p.flags().locationUnknown());
    assertEquals(3, p.partition());
    assertEquals(5, p.objectsInBuffer());
    assertEquals(1L << 32, p.firstLogicalObject());
    assertEquals((1L << 32) + 4, p.lastLogicalObject());
    assertEquals(0x100000, p.bytesInBuffer());
    byte[] shortLength = bytes(
        "00 00 00 1b  00 00 00 00  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00");
    assertMalformed("additional length 27 at offset 2", () -> ExtendedPosition.decode(shortLength));
    assertMalformed("extended form: needs 32", () -> ExtendedPosition.decode(new byte[20]));
  }

  /** One density descriptor as an LTO-9 drive reports it (values laid out per SSC-5 table). */
  static byte[] densityDescriptor(int primary, int flags, int bitsPerMm, int tracks, long capacityMb, String name,
      String description) {
    byte[] d = new byte[52];
    d[0] = (byte) primary;
    d[1] = (byte) primary;
    d[2] = (byte) flags;
    d[3] = 0x00;
    d[4] = 0x31;
    d[5] = (byte) (bitsPerMm >> 16);
    d[6] = (byte) (bitsPerMm >> 8);
    d[7] = (byte) bitsPerMm;
    d[8] = 0x00;
    d[9] = (byte) 127; // 12.7 mm
    d[10] = (byte) (tracks >> 8);
    d[11] = (byte) tracks;
    for (int i = 0; i < 4; i++) {
      d[12 + i] = (byte) (capacityMb >> (24 - 8 * i));
    }
    put(d, 16, 8, "LTO-CVE");
    put(d, 24, 8, name);
    put(d, 32, 20, description);
    return d;
  }

  private static void put(byte[] d, int off, int len, String s) {
    Arrays.fill(d, off, off + len, (byte) ' ');
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, d, off, b.length);
  }

  static byte[] reply(byte[]... descriptors) {
    int len = 4;
    for (byte[] d : descriptors) {
      len += d.length;
    }
    byte[] out = new byte[len];
    out[0] = (byte) ((len - 2) >> 8);
    out[1] = (byte) (len - 2);
    int off = 4;
    for (byte[] d : descriptors) {
      System.arraycopy(d, 0, out, off, d.length);
      off += d.length;
    }
    return out;
  }

  static byte[] ltoReply() {
    return reply(
        densityDescriptor(0x5E, 0x81, 522_000, 6656, 12_000_000, "U-832", "Ultrium 8/16T"),
        densityDescriptor(0x60, 0xA1, 555_000, 8960, 18_000_000, "U-932", "Ultrium 9/16T"));
  }

  @Test
  void densityDescriptors() throws Exception {
    List<DensityDescriptor> list = DensitySupport.decode(ltoReply());
    assertEquals(2, list.size());
    DensityDescriptor lto9 = list.get(1);
    assertEquals(0x60, lto9.primaryCode());
    assertEquals(0x60, lto9.secondaryCode());
    assertTrue(lto9.writable());
    assertFalse(lto9.duplicate());
    assertTrue(lto9.isDefault());
    assertEquals(0x31, lto9.descriptorLength());
    assertEquals(555_000, lto9.bitsPerMm());
    assertEquals(127, lto9.mediaWidth());
    assertEquals(8960, lto9.tracks());
    assertEquals(18_000_000, lto9.capacityMegabytes());
    assertEquals(18_000_000_000_000L, lto9.capacityBytes());
    assertEquals("LTO-CVE", lto9.assigningOrganization());
    assertEquals("U-932", lto9.densityName());
    assertEquals("Ultrium 9/16T", lto9.description());
    assertFalse(list.get(0).isDefault());
    assertEquals(Optional.of(LtoDensity.LTO_9), LtoDensity.of(lto9.primaryCode()));
  }

  @Test
  void densityDescriptorWithoutDlvHasNoLength() throws Exception {
    byte[] d = densityDescriptor(0x58, 0xC0, 1, 2, 3, "U-516", "Ultrium 5/16T");
    DensityDescriptor x = DensitySupport.decode(reply(d)).get(0);
    assertEquals(-1, x.descriptorLength());
    assertTrue(x.duplicate());
  }

  @Test
  void densityReplyShapes() throws Exception {
    assertEquals(List.of(), DensitySupport.decode(bytes("00 02 00 00")));
    // A small allocation length cuts the list at a descriptor boundary: decode what arrived.
    byte[] full = ltoReply();
    assertEquals(1, DensitySupport.decode(Arrays.copyOf(full, 4 + 52)).size());
    // Truncated by one byte inside a descriptor.
    assertMalformed("partial 52-byte descriptor", () -> DensitySupport.decode(Arrays.copyOf(full, full.length - 1)));
    // Stated length shorter than what arrived: the stated length wins.
    byte[] stated = full.clone();
    stated[1] = (byte) (52 + 2);
    assertEquals(1, DensitySupport.decode(stated).size());
    // Stated length below the header.
    assertMalformed("shorter than the header", () -> DensitySupport.decode(bytes("00 01 00 00")));
    assertMalformed("needs 4 byte(s)", () -> DensitySupport.decode(bytes("00 02 00")));
    assertMalformed("needs 4 byte(s)", () -> DensitySupport.decode(new byte[0]));
  }

  @Test
  void quantumReportsAllocationLengthAndPadsWithZeros() throws Exception {
    byte[] real = ltoReply();
    byte[] padded = Arrays.copyOf(real, 8192);
    padded[0] = (byte) (8190 >> 8);
    padded[1] = (byte) (8190 & 0xFF);
    assertEquals(2, DensitySupport.decode(padded).size());
  }

  /** One LTO-9 medium type descriptor with the given number of density codes (the first two filled). */
  static byte[] mediumTypeDescriptor(int codeCount) {
    byte[] d = new byte[56];
    d[0] = 0x78;
    d[3] = 0x34;
    d[4] = (byte) codeCount;
    d[5] = 0x60;
    d[6] = 0x5E;
    d[15] = 127;
    d[16] = 0x04;
    d[17] = 0x0B; // 1035 m
    put(d, 20, 8, "LTO-CVE");
    put(d, 28, 8, "Ultrium");
    put(d, 36, 20, "Ultrium 9/16T");
    return d;
  }

  @Test
  void mediumTypeDescriptors() throws Exception {
    List<MediumTypeDescriptor> list = DensitySupport.decodeMediumTypes(reply(mediumTypeDescriptor(2)));
    MediumTypeDescriptor m = list.get(0);
    assertEquals(0x78, m.mediumType());
    assertEquals(0x34, m.descriptorLength());
    assertEquals(List.of(0x60, 0x5E), m.densityCodes());
    assertEquals(127, m.mediaWidth());
    assertEquals(1035, m.mediumLength());
    assertEquals("LTO-CVE", m.assigningOrganization());
    assertEquals("Ultrium", m.mediumTypeName());
    assertEquals("Ultrium 9/16T", m.description());
    assertMalformed("10 density codes at offset 8",
        () -> DensitySupport.decodeMediumTypes(reply(mediumTypeDescriptor(10))));
  }

  @Test
  void ltoDensityTable() {
    assertEquals(Optional.of(LtoDensity.LTO_1), LtoDensity.of(0x40));
    assertEquals(Optional.of(LtoDensity.LTO_7_M8), LtoDensity.of(0x5D));
    assertEquals(Optional.empty(), LtoDensity.of(0x00));
    assertEquals(Optional.empty(), LtoDensity.of(0x41));
    assertEquals("LTO-7 M8 (0x5d)", LtoDensity.describe(0x5D));
    assertEquals("default (0x00)", LtoDensity.describe(0));
    assertEquals("unknown density 0x8c", LtoDensity.describe(0x8C));
    assertEquals(9_000_000_000_000L, LtoDensity.LTO_7_M8.nativeCapacityBytes());
    assertTrue(LtoDensity.LTO_9.atLeast(LtoDensity.LTO_5));
    assertFalse(LtoDensity.LTO_4.atLeast(LtoDensity.LTO_5));
  }

  /** sg_rep_density (sg3_utils 1.48+) must read our vector the same way we do, field by field. */
  @Test
  void densityDecodingMatchesSgRepDensity() throws Exception {
    String out = Sg3Utils.runInhex("sg_rep_density", ltoReply());
    StringBuilder expected = new StringBuilder();
    int n = 0;
    for (DensityDescriptor d : DensitySupport.decode(ltoReply())) {
      expected.append("  descriptor ").append(++n).append('\n')
          .append("    Primary density code: ").append(d.primaryCode()).append('\n')
          .append("    Secondary density code: ").append(d.secondaryCode()).append('\n')
          .append("    WRT: ").append(d.writable() ? 1 : 0).append('\n')
          .append("    DUP: ").append(d.duplicate() ? 1 : 0).append('\n')
          .append("    DEFLT: ").append(d.isDefault() ? 1 : 0).append('\n')
          .append("    DLV: ").append(d.descriptorLength() >= 0 ? 1 : 0).append('\n')
          .append("    Bits per mm: ").append(d.bitsPerMm()).append('\n')
          .append("    Media width: ").append(d.mediaWidth()).append('\n')
          .append("    Tracks: ").append(d.tracks()).append('\n')
          .append("    Capacity: ").append(d.capacityMegabytes()).append('\n');
    }
    assertEquals(expected.toString(), fieldLines(out, "Assigning organization", "Density name", "Description"));
    assertTrue(out.contains("Density name: U-932"), out);
  }

  @Test
  void mediumTypeDecodingMatchesSgRepDensity() throws Exception {
    byte[] reply = reply(mediumTypeDescriptor(2));
    String out = Sg3Utils.runInhex("sg_rep_density", reply, "--typem");
    MediumTypeDescriptor m = DensitySupport.decodeMediumTypes(reply).get(0);
    StringBuilder expected = new StringBuilder("  descriptor 1\n")
        .append("    Medium type: ").append(m.mediumType()).append('\n')
        .append("    Number of density codes: ").append(m.densityCodes().size()).append('\n');
    for (int code : m.densityCodes()) {
      expected.append("      Primary density code: ").append(code).append('\n');
    }
    expected.append("    Media width: ").append(m.mediaWidth()).append('\n')
        .append("    Medium length: ").append(m.mediumLength()).append('\n');
    assertEquals(expected.toString(), fieldLines(out, "Assigning organization", "Medium type name", "Description"));
    assertTrue(out.contains("Medium type name: " + m.mediumTypeName()), out);
  }

  /** The tool's indented field lines, without the text fields (printed space-padded) and headings. */
  private static String fieldLines(String out, String... textFields) {
    StringBuilder sb = new StringBuilder();
    for (String line : out.split("\n")) {
      boolean text = false;
      for (String f : textFields) {
        text |= line.trim().startsWith(f + ":");
      }
      if (line.startsWith("  ") && !text) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
