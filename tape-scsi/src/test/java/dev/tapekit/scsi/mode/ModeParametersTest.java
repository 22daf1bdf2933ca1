package dev.tapekit.scsi.mode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mode parameter header/descriptor/page layouts per SPC-5 7.5 and SSC-5 8.3. */
class ModeParametersTest {
  static final String COMPRESSION_PAGE = "8f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00";

  /** MODE SENSE(10) of page 0x0F on an LTO-9: header, one block descriptor, the page. */
  static final byte[] SENSE10 =
      Hex.bytes(
          "00 1e 00 10 00 00 00 08" // mdl 30, medium type 0, buffered mode 1, bdl 8
              + " 60 00 00 00 00 00 00 00" // LTO-9 density, variable block length
              + COMPRESSION_PAGE);

  /** The same over MODE SENSE(6), with write protection and fixed 512-byte blocks. */
  static final byte[] SENSE6 =
      Hex.bytes("1b 00 90 08" + " 5e 00 00 00 00 00 02 00" + COMPRESSION_PAGE);

  @Test
  void sense10() throws Exception {
    ModeParameters m = ModeParameters.parse10(SENSE10);
    assertEquals(ModeParameters.Form.TEN, m.form());
    assertEquals(30, m.modeDataLength());
    assertEquals(0, m.mediumType());
    assertFalse(m.writeProtected());
    assertEquals(1, m.bufferedMode());
    assertEquals(0, m.speed());
    assertFalse(m.longLba());
    assertFalse(m.truncated());
    BlockDescriptor bd = m.blockDescriptor().orElseThrow();
    assertEquals(0x60, bd.densityCode());
    assertEquals(0, bd.numberOfBlocks());
    assertTrue(bd.variableBlockLength());
    assertEquals(1, m.pages().size());
    ModePage p = m.page(0x0F).orElseThrow();
    assertTrue(p.parametersSavable());
    assertFalse(p.subpageFormat());
    assertEquals(14, p.parameters().length);
    assertTrue(m.page(0x10).isEmpty());
  }

  @Test
  void sense6() throws Exception {
    ModeParameters m = ModeParameters.parse6(SENSE6);
    assertEquals(ModeParameters.Form.SIX, m.form());
    assertEquals(27, m.modeDataLength());
    assertTrue(m.writeProtected());
    assertEquals(1, m.bufferedMode());
    assertEquals(0x5E, m.blockDescriptor().orElseThrow().densityCode());
    assertEquals(512, m.blockDescriptor().orElseThrow().blockLength());
    assertEquals(ModeParameters.parse10(SENSE10).pages(), m.pages());
    assertEquals(m, ModeParameters.parse(ModeParameters.Form.SIX, SENSE6));
  }

  @Test
  void longLbaDescriptorsAndSubpages() throws Exception {
    byte[] d =
        Hex.bytes(
            "00 22 00 00 01 00 00 10"
                + " 00 00 00 01 00 00 00 00 00 00 00 00 00 00 02 00" // long LBA: 2^32 blocks of 512
                + " 4a f0 00 04 02 20 c0 00" // control data protection subpage 0x0A/0xF0
                + " 11 02 00 00"); // page 0x11 with 2 parameter bytes
    ModeParameters m = ModeParameters.parse10(d);
    assertTrue(m.longLba());
    assertEquals(1L << 32, m.blockDescriptor().orElseThrow().numberOfBlocks());
    assertEquals(512, m.blockDescriptor().orElseThrow().blockLength());
    ModePage sub = m.page(0x0A, 0xF0).orElseThrow();
    assertTrue(sub.subpageFormat());
    assertArrayEquals(Hex.bytes("02 20 c0 00"), sub.parameters());
    assertArrayEquals(Hex.bytes("4a f0 00 04 02 20 c0 00"), sub.encode());
    assertTrue(m.page(0x0A).isEmpty());
    assertTrue(m.page(0x11).isPresent());
  }

  @Test
  void noBlockDescriptorsAndEmptyPageList() throws Exception {
    ModeParameters m = ModeParameters.parse6(Hex.bytes("03 00 00 00"));
    assertEquals(List.of(), m.blockDescriptors());
    assertEquals(List.of(), m.pages());
    assertTrue(m.blockDescriptor().isEmpty());
  }

  @Test
  void truncatedAtPageBoundaryIsKeptAndFlagged() throws Exception {
    byte[] twoPages = Hex.bytes("00 1a 00 00 00 00 00 00" + COMPRESSION_PAGE + " 1d 02 00 00");
    byte[] cut = Arrays.copyOf(twoPages, 8 + 16);
    ModeParameters m = ModeParameters.parse10(cut);
    assertTrue(m.truncated());
    assertEquals(1, m.pages().size());
    assertEquals(2, ModeParameters.parse10(Arrays.copyOf(twoPages, 28)).pages().size());
  }

  @Test
  void awkwardShapes() {
    // Empty, one byte short of the header.
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse6(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse10(Arrays.copyOf(SENSE10, 7)));
    // Page cut by one byte: never half a page.
    MalformedResponseException e =
        assertThrows(MalformedResponseException.class, () -> ModeParameters.parse10(Arrays.copyOf(SENSE10, SENSE10.length - 1)));
    assertTrue(e.getMessage().contains("mode page 0x0f"), e.getMessage());
    // Block descriptor length disagreeing with the data.
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse6(Hex.bytes("0b 00 00 10 00 00 00 00 00 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse6(Hex.bytes("07 00 00 04 00 00 00 00")));
    // Mode data length smaller than the header.
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse10(Hex.bytes("00 04 00 00 00 00 00 00")));
    // Page length larger than the mode data length says.
    assertThrows(MalformedResponseException.class, () -> ModeParameters.parse6(Hex.bytes("05 00 00 00 0f 0e 00")));
  }

  @Test
  void extraBytesAfterModeDataLengthAreIgnored() throws Exception {
    byte[] d = Arrays.copyOf(SENSE6, SENSE6.length + 5);
    Arrays.fill(d, SENSE6.length, d.length, (byte) 0xEE);
    assertEquals(ModeParameters.parse6(SENSE6), ModeParameters.parse6(d));
  }

  @Test
  void selectListSix() throws Exception {
    ModeParameters m = ModeParameters.parse6(SENSE6);
    byte[] list = m.toSelectParameterList();
    // mdl 0, medium type kept, WP cleared (buffered mode kept), bdl 8, PS cleared.
    assertArrayEquals(
        Hex.bytes("00 00 10 08 5e 00 00 00 00 00 02 00 0f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00"), list);
  }

  @Test
  void selectListTenWithoutDescriptor() {
    byte[] list =
        ModeSelectParameterList.build(
            ModeParameters.Form.TEN, 0x26, 0x10, Optional.empty(), List.of(new ModePage(true, true, 0x10, 1, Hex.bytes("01 02"))));
    assertArrayEquals(Hex.bytes("00 00 26 10 00 00 00 00 50 01 00 02 01 02"), list);
  }

  @Test
  void selectListLimits() {
    ModePage big = new ModePage(false, false, 0x30, 0, new byte[250]);
    assertThrows(
        IllegalArgumentException.class,
        () -> ModeSelectParameterList.build(ModeParameters.Form.SIX, 0, 0, Optional.of(BlockDescriptor.variable()), List.of(big)));
    assertEquals(
        8 + 8 + 252,
        ModeSelectParameterList.build(ModeParameters.Form.TEN, 0, 0, Optional.of(BlockDescriptor.variable()), List.of(big)).length);
    assertThrows(IllegalArgumentException.class, () -> new BlockDescriptor(0, 0, 0x1000000).encodeShort());
  }

  @Test
  void withers() throws Exception {
    ModeParameters m = ModeParameters.parse10(SENSE10);
    ModeParameters changed =
        m.withBufferedMode(2)
            .withBlockDescriptor(m.blockDescriptor().orElseThrow().withBlockLength(262144))
            .withPage(new ModePage(false, false, 0x0F, 0, new byte[14]))
            .withPage(new ModePage(false, false, 0x10, 0, new byte[14]));
    assertEquals(2, changed.bufferedMode());
    assertEquals(262144, changed.blockDescriptor().orElseThrow().blockLength());
    assertEquals(2, changed.pages().size());
    assertFalse(changed.page(0x0F).orElseThrow().parametersSavable());
    assertThrows(IllegalArgumentException.class, () -> m.withBufferedMode(8));
  }

  @Test
  void modePageParseAndEncode() throws Exception {
    ModePage p = ModePage.parse(Hex.bytes(COMPRESSION_PAGE));
    assertArrayEquals(Hex.bytes(COMPRESSION_PAGE), p.encode());
    assertArrayEquals(Hex.bytes("0f" + COMPRESSION_PAGE.substring(2)), p.forSelect().encode());
    assertThrows(MalformedResponseException.class, () -> ModePage.parse(Hex.bytes(COMPRESSION_PAGE + " 00")));
    assertThrows(MalformedResponseException.class, () -> ModePage.parse(Hex.bytes("4a f0 00")));
    assertThrows(IllegalArgumentException.class, () -> new ModePage(false, false, 0x0F, 1, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new ModePage(false, false, 0x0F, 0, new byte[256]));
  }
}
