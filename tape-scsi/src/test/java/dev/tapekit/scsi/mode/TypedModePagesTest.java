package dev.tapekit.scsi.mode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field layouts of SSC-5 8.3.2 (0x0F), 8.3.3 (0x10), 8.3.4 (0x11), 8.3.6 (0x1D). */
class TypedModePagesTest {
  private static ModePage page(String hex) throws MalformedResponseException {
    return ModePage.parse(Hex.bytes(hex));
  }

  @Test
  void dataCompression() throws Exception {
    DataCompressionPage p = DataCompressionPage.from(page(ModeParametersTest.COMPRESSION_PAGE));
    assertTrue(p.parametersSavable());
    assertTrue(p.dataCompressionEnabled());
    assertTrue(p.dataCompressionCapable());
    assertTrue(p.dataDecompressionEnabled());
    assertEquals(0, p.reportExceptionOnDecompression());
    assertEquals(1, p.compressionAlgorithm());
    assertEquals(1, p.decompressionAlgorithm());
    DataCompressionPage off = p.withDataCompressionEnabled(false).withReportExceptionOnDecompression(2).withCompressionAlgorithm(0xFF);
    assertArrayEquals(Hex.bytes("8f 0e 40 c0 00 00 00 ff 00 00 00 01 00 00 00 00"), off.encode());
    assertEquals(DataCompressionPage.from(off.toModePage()), off);
    assertArrayEquals(Hex.bytes("0f 0e 00 80 00 00 00 00 00 00 00 05 00 00 00 00"),
        DataCompressionPage.blank().withDataDecompressionEnabled(true).withDecompressionAlgorithm(5).encode());
    assertThrows(IllegalArgumentException.class, () -> p.withReportExceptionOnDecompression(4));
  }

  @Test
  void deviceConfigurationEveryField() throws Exception {
    // CAP CAF format 3 | partition 1 | 0x20 | 0x30 | delay 0x0102 | OBR RSMK SOCF=2 REW | gap 7
    // | EOD=3 SEW SWP BAM | obsew 0x010203 | SDCA 1 | WTRE=2 OIR ROR=1 PERSWP
    DeviceConfigurationPage p =
        DeviceConfigurationPage.from(page("90 0e 63 01 20 30 01 02 a9 07 6d 01 02 03 01 aa"));
    assertTrue(p.changeActivePartition());
    assertTrue(p.changeActiveFormat());
    assertEquals(3, p.activeFormat());
    assertEquals(1, p.activePartition());
    assertEquals(0x20, p.writeObjectBufferFullRatio());
    assertEquals(0x30, p.readObjectBufferEmptyRatio());
    assertEquals(0x0102, p.writeDelayTime());
    assertTrue(p.objectBufferRecovery());
    assertFalse(p.logicalObjectIdentifiersSupported());
    assertTrue(p.reportSetmarks());
    assertFalse(p.automaticVelocityControl());
    assertEquals(2, p.stopOnConsecutiveFilemarks());
    assertFalse(p.recoverObjectBufferOrder());
    assertTrue(p.reportEarlyWarning());
    assertEquals(7, p.gapSize());
    assertEquals(3, p.eodDefined());
    assertFalse(p.enableEodGeneration());
    assertTrue(p.synchronizeAtEarlyWarning());
    assertTrue(p.softwareWriteProtect());
    assertFalse(p.blockAddressModeLock());
    assertTrue(p.blockAddressMode());
    assertEquals(0x010203, p.objectBufferSizeAtEarlyWarning());
    assertEquals(1, p.selectDataCompressionAlgorithm());
    assertEquals(2, p.wormTamperReadEnable());
    assertTrue(p.onlyIfReserved());
    assertEquals(1, p.rewindOnReset());
    assertFalse(p.associatedWriteProtection());
    assertTrue(p.persistentWriteProtection());
    assertFalse(p.permanentWriteProtection());
  }

  @Test
  void deviceConfigurationEncodesEveryField() {
    DeviceConfigurationPage p =
        DeviceConfigurationPage.blank()
            .withChangeActivePartition(true)
            .withChangeActiveFormat(true)
            .withActiveFormat(3)
            .withActivePartition(1)
            .withWriteObjectBufferFullRatio(0x20)
            .withReadObjectBufferEmptyRatio(0x30)
            .withWriteDelayTime(0x0102)
            .withObjectBufferRecovery(true)
            .withReportSetmarks(true)
            .withStopOnConsecutiveFilemarks(2)
            .withReportEarlyWarning(true)
            .withGapSize(7)
            .withEodDefined(3)
            .withSynchronizeAtEarlyWarning(true)
            .withSoftwareWriteProtect(true)
            .withBlockAddressMode(true)
            .withObjectBufferSizeAtEarlyWarning(0x010203)
            .withSelectDataCompressionAlgorithm(1)
            .withWormTamperReadEnable(2)
            .withOnlyIfReserved(true)
            .withRewindOnReset(1)
            .withPersistentWriteProtection(true);
    assertArrayEquals(Hex.bytes("10 0e 63 01 20 30 01 02 a9 07 6d 01 02 03 01 aa"), p.encode());
    DeviceConfigurationPage q =
        p.withLogicalObjectIdentifiersSupported(true)
            .withAutomaticVelocityControl(true)
            .withRecoverObjectBufferOrder(true)
            .withEnableEodGeneration(true)
            .withBlockAddressModeLock(true)
            .withAssociatedWriteProtection(true)
            .withPermanentWriteProtection(true)
            .withObjectBufferRecovery(false);
    assertArrayEquals(Hex.bytes("10 0e 63 01 20 30 01 02 7b 07 7f 01 02 03 01 af"), q.encode());
    assertThrows(IllegalArgumentException.class, () -> p.withActiveFormat(32));
    assertThrows(IllegalArgumentException.class, () -> p.withEodDefined(8));
    assertThrows(IllegalArgumentException.class, () -> p.withObjectBufferSizeAtEarlyWarning(1 << 24));
  }

  @Test
  void mediumPartitionTwoPartitions() throws Exception {
    // LTFS-style: max 3 additional, 1 defined, IDP, PSUM=3 (10^9 bytes), POFM, MFR 3, units 9, sizes 3 GB + rest.
    MediumPartitionPage p = MediumPartitionPage.from(page("91 0a 03 01 3c 03 09 00 00 03 ff ff"));
    assertEquals(3, p.maximumAdditionalPartitions());
    assertEquals(1, p.additionalPartitionsDefined());
    assertFalse(p.fixedDataPartitions());
    assertFalse(p.selectDataPartitions());
    assertTrue(p.initiatorDefinedPartitions());
    assertEquals(3, p.partitionSizeUnitOfMeasure());
    assertTrue(p.partitionOnFormat());
    assertFalse(p.clear());
    assertFalse(p.addPartition());
    assertEquals(3, p.mediumFormatRecognition());
    assertEquals(0, p.partitionType());
    assertEquals(9, p.partitionUnits());
    assertEquals(List.of(3, 0xFFFF), p.partitionSizes());
  }

  @Test
  void mediumPartitionEncode() throws Exception {
    MediumPartitionPage p =
        MediumPartitionPage.blank()
            .withAdditionalPartitionsDefined(1)
            .withInitiatorDefinedPartitions(true)
            .withPartitionSizeUnitOfMeasure(3)
            .withPartitionOnFormat(true)
            .withMediumFormatRecognition(3)
            .withPartitionUnits(9)
            .withPartitionSizes(List.of(3, 0xFFFF));
    assertArrayEquals(Hex.bytes("11 0a 00 01 3c 03 09 00 00 03 ff ff"), p.encode());
    MediumPartitionPage q = p.withFixedDataPartitions(true).withSelectDataPartitions(true).withClear(true).withAddPartition(true);
    assertEquals(0xFF, q.encode()[4] & 0xFF);
    assertEquals(List.of(), p.withPartitionSizes(List.of()).partitionSizes());
    assertEquals(6, p.withPartitionSizes(List.of()).pageLength());
    assertEquals(List.of(), MediumPartitionPage.from(page("11 06 00 00 00 00 00 00")).partitionSizes());
    // Odd trailing byte: kept, not decoded.
    assertEquals(List.of(5), MediumPartitionPage.from(page("11 09 00 00 00 00 00 00 00 05 01")).partitionSizes());
    assertThrows(IllegalArgumentException.class, () -> p.withPartitionSizes(List.of(0x10000)));
  }

  @Test
  void mediumConfiguration() throws Exception {
    byte[] lto = new byte[32];
    lto[0] = (byte) 0x9D;
    lto[1] = 0x1E;
    lto[2] = 0x01;
    lto[4] = 0x01;
    lto[5] = 0x03;
    MediumConfigurationPage p = MediumConfigurationPage.from(ModePage.parse(lto));
    assertTrue(p.wormMode());
    assertEquals(1, p.wormModeLabelRestrictions());
    assertEquals(3, p.wormModeFilemarkRestrictions());
    assertFalse(MediumConfigurationPage.blank().wormMode());
    assertArrayEquals(
        Hex.bytes("1d 04 01 00 02 02"),
        MediumConfigurationPage.from(page("1d 04 00 00 00 00")).withWormMode(true).withWormModeLabelRestrictions(2)
            .withWormModeFilemarkRestrictions(2).encode());
  }

  @Test
  void wrongOrShortPagesAreRejected() throws Exception {
    assertThrows(MalformedResponseException.class, () -> DataCompressionPage.from(page("10 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> DataCompressionPage.from(page("0f 0d 00 00 00 00 00 00 00 00 00 00 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> DeviceConfigurationPage.from(page("10 00")));
    assertThrows(MalformedResponseException.class, () -> MediumPartitionPage.from(page("11 05 00 00 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> MediumConfigurationPage.from(page("1d 03 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> MediumConfigurationPage.from(page("5d 01 00 00")));
    MalformedResponseException e =
        assertThrows(MalformedResponseException.class, () -> DataCompressionPage.from(ModeParameters.parse6(new byte[] {3, 0, 0, 0})));
    assertTrue(e.getMessage().contains("not in the MODE SENSE reply"), e.getMessage());
  }

  @Test
  void reservedAndVendorBitsSurviveAChange() throws Exception {
    // Vendor bits in bytes 12..15 of the compression page and a longer page are kept as sent.
    DataCompressionPage p = DataCompressionPage.from(page("0f 10 40 80 00 00 00 01 00 00 00 01 de ad be ef 12 34"));
    assertArrayEquals(
        Hex.bytes("0f 10 c0 80 00 00 00 01 00 00 00 01 de ad be ef 12 34"), p.withDataCompressionEnabled(true).encode());
  }
}
