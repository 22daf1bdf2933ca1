package dev.tapekit.changer.smc;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** READ ELEMENT STATUS replies written by hand from the SMC-3 7.5 tables, and the shapes libraries send. */
class ElementStatusDataTest {
  private static String ascii(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** "E01001L8" blank-filled to 32 bytes, then 4 zero bytes. */
  private static final String TAG_E01001 = ascii("E01001L8") + "20".repeat(24) + "00000000";

  /** Two storage slots with PVolTag: 1000 full (E01001L8), 1001 empty. */
  private static final String STORAGE_REPORT =
      "03E8 0002 00 000068"
          + "02 80 0030 00 000060"
          + "03E8 09 00 0000 0000 00 01 0000" + TAG_E01001
          + "03E9 08 00 0000 0000 00 00 0000" + "00".repeat(36);

  @Test
  void storagePageWithVolumeTags() throws Exception {
    ElementStatusData data = ElementStatusData.decode(bytes(STORAGE_REPORT));
    assertEquals(1000, data.firstAddress());
    assertEquals(2, data.numberAvailable());
    assertEquals(0x68, data.byteCount());
    ElementStatusPage page = data.pages().get(0);
    assertEquals(ElementType.STORAGE, page.type());
    assertTrue(page.primaryVolumeTags());
    assertFalse(page.alternateVolumeTags());
    assertEquals(48, page.descriptorLength());
    ElementDescriptor full = page.descriptors().get(0);
    assertEquals(1000, full.address());
    assertTrue(full.full());
    assertTrue(full.access());
    assertFalse(full.except());
    assertEquals(1, full.mediumType());
    assertEquals(Optional.of("E01001L8"), full.barcode());
    assertEquals("E01001L8" + " ".repeat(24), full.primaryTag().orElseThrow().mtxText());
    ElementDescriptor empty = page.descriptors().get(1);
    assertFalse(empty.full());
    assertEquals("", empty.primaryTag().orElseThrow().identifier());
    assertEquals(Optional.empty(), empty.barcode());
  }

  @Test
  void drivePageWithT10VendorIdentifier() throws Exception {
    String id = ascii("IBM     ULT3580-TD8     1234567890");
    byte[] data = bytes("01F4 0001 00 00003A"
        + "04 00 0032 00 000032"
        + "01F4 01 00 0000 25 05 00 80 03E8" + "02 01 00 22" + id);
    ElementDescriptor d = ElementStatusData.decode(data).descriptors().get(0);
    assertEquals(ElementType.DATA_TRANSFER, d.type());
    assertEquals(500, d.address());
    assertTrue(d.full());
    assertTrue(d.idValid());
    assertFalse(d.luValid());
    assertEquals(5, d.lun());
    assertEquals(5, d.scsiBusAddress());
    assertTrue(d.sourceValid());
    assertEquals(OptionalInt.of(1000), d.validSource());
    assertEquals(Optional.of("1234567890"), d.serialNumber());
    DeviceIdentifier ident = d.identifier().orElseThrow();
    assertEquals(Optional.of("IBM"), ident.vendor());
    assertEquals(Optional.of("ULT3580-TD8"), ident.product());
    assertEquals(Optional.empty(), d.primaryTag());
  }

  @Test
  void drivePageWithSerialOnlyIdentifier() throws Exception {
    byte[] data = bytes("01F5 0001 00 000022"
        + "04 80 001A 00 00001A"
        + "01F5 00 00 0000 00 00 00 00 0000" + "02 00 00 0A" + ascii("SERIAL0001"));
    ElementDescriptor d = ElementStatusData.decode(data).descriptors().get(0);
    // PVolTag is set but a 26-byte descriptor cannot hold a 36-byte tag: tolerated as absent
    assertEquals(Optional.empty(), d.primaryTag());
    assertEquals(Optional.empty(), d.identifier());
    byte[] noTag = data.clone();
    noTag[9] = 0;
    assertEquals(Optional.of("SERIAL0001"), ElementStatusData.decode(noTag).descriptors().get(0).serialNumber());
  }

  @Test
  void mailSlotFlagsAndExceptState() throws Exception {
    byte[] data = bytes("000A 0001 00 000014"
        + "03 00 000C 00 00000C"
        + "000A 3F 00 3A 00 00 00 00 C0 0000");
    ElementDescriptor d = ElementStatusData.decode(data).descriptors().get(0);
    assertTrue(d.full() && d.importExport() && d.except() && d.access() && d.exportEnabled() && d.importEnabled());
    assertEquals(0x3A, d.asc());
    assertEquals(0x00, d.ascq());
    assertTrue(d.sourceValid());
    assertTrue(d.invert());
    assertEquals("Medium not present", d.additionalSense().description());
  }

  @Test
  void alternateVolumeTagFollowsPrimary() throws Exception {
    String alt = ascii("ALT00001") + "20".repeat(24) + "0000 0007";
    byte[] data = bytes("03E8 0001 00 000060"
        + "02 C0 0058 00 000058"
        + "03E8 01 00 0000 0000 00 00 0000" + TAG_E01001 + alt + "00000000");
    ElementDescriptor d = ElementStatusData.decode(data).descriptors().get(0);
    assertEquals("E01001L8", d.primaryTag().orElseThrow().identifier());
    assertEquals("ALT00001", d.alternateTag().orElseThrow().identifier());
    assertEquals(7, d.alternateTag().orElseThrow().sequenceNumber());
  }

  @Test
  void fourByteDescriptorsAreAccepted() throws Exception {
    byte[] data = bytes("0000 0002 00 000010" + "01 00 0004 00 000008" + "0000 00 00" + "0001 01 00");
    List<ElementDescriptor> ds = ElementStatusData.decode(data).descriptors();
    assertEquals(2, ds.size());
    assertEquals(ElementType.MEDIUM_TRANSPORT, ds.get(1).type());
    assertTrue(ds.get(1).full());
    assertEquals(0, ds.get(1).sourceAddress());
  }

  @Test
  void noElementsIsEmptyWhateverFollows() throws Exception {
    assertTrue(ElementStatusData.decode(bytes("0000 0000 00 000000")).pages().isEmpty());
    assertTrue(ElementStatusData.decode(bytes("0000 0000 00 0000FF FFFF")).pages().isEmpty());
  }

  @Test
  void trailingBytesBeyondByteCountAreIgnored() throws Exception {
    byte[] data = bytes(STORAGE_REPORT + "DEADBEEF");
    assertEquals(2, ElementStatusData.decode(data).descriptors().size());
  }

  @Test
  void byteCountLargerThanReceivedIsMalformed() {
    byte[] data = bytes(STORAGE_REPORT);
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> ElementStatusData.decode(Arrays.copyOf(data, data.length - 1)));
    assertTrue(e.getMessage().contains("byte count"), e.getMessage());
    assertThrows(MalformedResponseException.class, () -> ElementStatusData.decode(Arrays.copyOf(data, 7)));
    assertThrows(MalformedResponseException.class, () -> ElementStatusData.decode(new byte[0]));
  }

  @Test
  void reportLengthPeeksAtTheHeader() throws Exception {
    assertEquals(0x70, ElementStatusData.reportLength(bytes(STORAGE_REPORT)));
    assertThrows(MalformedResponseException.class, () -> ElementStatusData.reportLength(new byte[7]));
  }

  @Test
  void zeroDescriptorLengthIsMalformed() {
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> ElementStatusData.decode(bytes("0000 0001 00 000008" + "02 00 0000 00 000000")));
    assertTrue(e.getMessage().contains("descriptor length 0"), e.getMessage());
  }

  @Test
  void pageByteCountIsClampedAndPartialDescriptorIgnored() throws Exception {
    // page claims 0x100 bytes, only one 12-byte descriptor plus 5 stray bytes are in the report
    byte[] data = bytes("03E8 0001 00 000019" + "02 00 000C 00 000100" + "03E8 01 00 0000 0000 00 00 0000" + "0102030405");
    List<ElementDescriptor> ds = ElementStatusData.decode(data).descriptors();
    assertEquals(1, ds.size());
    assertEquals(0x100, ElementStatusData.decode(data).pages().get(0).byteCount());
  }

  @Test
  void partialPageHeaderAndUnknownTypeAreMalformed() {
    assertThrows(MalformedResponseException.class,
        () -> ElementStatusData.decode(bytes("0000 0001 00 000004" + "02 00 000C")));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> ElementStatusData.decode(bytes("0000 0001 00 000014" + "07 00 000C 00 00000C" + "00".repeat(12))));
    assertTrue(e.getMessage().contains("element type code 7"), e.getMessage());
  }

  @Test
  void descriptorShorterThanFourBytesIsMalformed() {
    assertThrows(MalformedResponseException.class,
        () -> ElementStatusData.decode(bytes("0000 0001 00 00000B" + "02 00 0003 00 000003" + "000001")));
  }

  @Test
  void identifierLongerThanDescriptorIsCut() throws Exception {
    byte[] data = bytes("01F4 0001 00 000018" + "04 00 0010 00 000010" + "01F4 00 00 0000 0000 00 00 0000" + "02 00 00 20");
    assertEquals(Optional.empty(), ElementStatusData.decode(data).descriptors().get(0).identifier());
    byte[] data2 = bytes("01F4 0001 00 00001A" + "04 00 0012 00 000012" + "01F4 00 00 0000 0000 00 00 0000" + "02 00 00 20 4142");
    assertEquals(Optional.of("AB"), ElementStatusData.decode(data2).descriptors().get(0).serialNumber());
  }

  /**
   * Linux tgt 1.0.85 transfers only "byte count of report available" bytes, 8 fewer than the report
   * (seen through open-iscsi and tapekit's initiator): the cut is the last descriptor's volume tag
   * reserved bytes, sequence number and empty identifier header, read as zeros.
   */
  @Test
  void aReplyEightBytesShortAsLinuxTgtSendsIt() throws Exception {
    String tag2 = ascii("E01002L8") + "20".repeat(24) + "00000000";
    String full = "0400 0002 00 000070" + "02 80 0034 00 000068"
        + "0400 09 00 0000 0000 00 01 0000" + TAG_E01001 + "00000000"
        + "0401 09 00 0000 0000 00 01 0000" + tag2 + "00000000";
    byte[] sent = Arrays.copyOf(bytes(full), 0x70);
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> ElementStatusData.decode(sent));
    assertTrue(e.getMessage().contains("needs 120 bytes but only 112 were received"), e.getMessage());
    ElementStatusData data = ElementStatusData.decodeEightBytesShort(sent).orElseThrow();
    assertEquals(List.of(Optional.of("E01001L8"), Optional.of("E01002L8")),
        data.descriptors().stream().map(ElementDescriptor::barcode).toList());
    assertEquals(ElementStatusData.decode(bytes(full)), data, "as if the 8 bytes had been zeros, which they are");

    assertEquals(Optional.empty(), ElementStatusData.decodeEightBytesShort(bytes(full)), "a whole reply");
    assertEquals(Optional.empty(), ElementStatusData.decodeEightBytesShort(Arrays.copyOf(bytes(full), 0x6C)),
        "12 bytes short");
    byte[] tagOnly = Arrays.copyOf(bytes("0400 0002 00 000068" + "02 80 0030 00 000060"
        + "0400 09 00 0000 0000 00 01 0000" + TAG_E01001
        + "0401 09 00 0000 0000 00 01 0000" + tag2), 0x68);
    assertEquals(Optional.empty(), ElementStatusData.decodeEightBytesShort(tagOnly),
        "48-byte descriptors: the cut takes barcode characters");
    String serial = ascii("SERIAL0001");
    byte[] withId = Arrays.copyOf(bytes("01F4 0001 00 000026" + "04 00 001E 00 00001E"
        + "01F4 00 00 0000 0000 00 00 0000" + "02 00 00 0E" + ascii("TAPE") + serial), 0x26);

    assertEquals(Optional.empty(), ElementStatusData.decodeEightBytesShort(withId), "the cut takes identifier bytes");
  }
}
