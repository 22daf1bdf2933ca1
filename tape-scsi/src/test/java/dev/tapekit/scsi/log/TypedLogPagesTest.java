package dev.tapekit.scsi.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypedLogPagesTest {
  @Test
  void supportedPages() throws Exception {
    SupportedLogPages p = SupportedLogPages.parse(Hex.bytes("00 00 0006 00 0c 11 12 17 2e"));
    assertFalse(p.withSubpages());
    assertEquals(6, p.pages().size());
    assertTrue(p.supports(0x17, 0));
    assertFalse(p.supports(0x17, 1));
    assertFalse(p.truncated());
    SupportedLogPages shortReply = SupportedLogPages.parse(Hex.bytes("00 00 0006 00 0c"));
    assertTrue(shortReply.truncated());
    assertEquals(2, shortReply.pages().size());
  }

  @Test
  void supportedPagesAndSubpages() throws Exception {
    SupportedLogPages p = SupportedLogPages.parse(Hex.bytes("40 ff 0006 0000 00ff 1701"));
    assertTrue(p.withSubpages());
    assertEquals(List.of(new SupportedLogPages.Entry(0, 0), new SupportedLogPages.Entry(0, 0xFF),
        new SupportedLogPages.Entry(0x17, 1)), p.pages());
    assertEquals("17h/01h", p.pages().get(2).toString());
    assertThrows(MalformedResponseException.class, () -> SupportedLogPages.parse(Hex.bytes("40 ff 0006 0000 00ff 17")));
    assertThrows(MalformedResponseException.class, () -> SupportedLogPages.parse(Hex.bytes("40 ff 0005 0000 00ff 17")));
    assertThrows(MalformedResponseException.class, () -> SupportedLogPages.parse(Hex.bytes("0c 00 0000")));
  }

  @Test
  void sequentialAccessDevice() throws Exception {
    byte[] b = Hex.bytes("0c 00 004c"
        + " 0000 02 08 000000012a05f200" // 5e9 bytes from the host
        + " 0001 02 08 000000009502f900"
        + " 0002 02 08 000000003b9aca00"
        + " 0003 02 08 0000000077359400"
        + " 0004 02 04 000004d2"
        + " 0005 02 04 ffffffff"
        + " 0100 02 08 0000000000000001");
    SequentialAccessDevicePage p = SequentialAccessDevicePage.parse(b);
    assertEquals(5_000_000_000L, p.bytesReceivedFromHost().getAsLong());
    assertEquals(2_500_000_000L, p.bytesWrittenToMedium().getAsLong());
    assertEquals(1_000_000_000L, p.bytesReadFromMedium().getAsLong());
    assertEquals(2_000_000_000L, p.bytesTransferredToHost().getAsLong());
    assertEquals(1234, p.nativeCapacityBopToEodMegabytes().getAsLong());
    assertTrue(p.nativeCapacityBopToEwMegabytes().isEmpty(), "all FFh means unknown");
    assertTrue(p.minimumNativeCapacityEwToEopMegabytes().isEmpty());
    assertTrue(p.cleaningRequired());
    assertThrows(MalformedResponseException.class, () -> SequentialAccessDevicePage.parse(Hex.bytes("0d 00 0000")));
  }

  @Test
  void dtDeviceStatus() throws Exception {
    DtDeviceStatusPage p = DtDeviceStatusPage.parse(
        Hex.bytes("11 00 0015  0000 03 04 b5 37 06 a5  0001 03 02 0064  8000 03 03 010203"));
    DtDeviceStatusPage.VhfData v = p.vhf().orElseThrow();
    assertTrue(v.pamr());
    assertFalse(v.hui());
    assertTrue(v.macc());
    assertTrue(v.cmpr());
    assertFalse(v.wrtp());
    assertTrue(v.crqst());
    assertFalse(v.crqrd());
    assertTrue(v.dinit());
    assertFalse(v.inxtn());
    assertTrue(v.raa());
    assertTrue(v.mprsnt());
    assertTrue(v.mstd());
    assertTrue(v.mthrd());
    assertTrue(v.mounted());
    assertTrue(v.vs());
    assertTrue(v.tddec());
    assertFalse(v.epp());
    assertFalse(v.esr());
    assertTrue(v.rrqst());
    assertFalse(v.intfc());
    assertTrue(v.tafc());
    assertTrue(v.wantsCleaning());
    assertEquals(DeviceActivity.WRITING, p.activity().orElseThrow());
    assertTrue(p.activity().orElseThrow().isMediumMoving());
    assertEquals(100, p.vhfPollingDelayMillis().getAsInt());
    assertEquals(3, p.page().parameter(0x8000).orElseThrow().length());
  }

  @Test
  void dtDeviceStatusActivityNeedsDinit() throws Exception {
    DtDeviceStatusPage p = DtDeviceStatusPage.parse(Hex.bytes("11 00 0008 0000 03 04 00 00 0b 00"));
    assertTrue(p.activity().isEmpty());
    assertEquals(DeviceActivity.CALIBRATING, p.vhf().orElseThrow().activity());
    assertThrows(MalformedResponseException.class,
        () -> DtDeviceStatusPage.parse(Hex.bytes("11 00 0007 0000 03 03 01 00 05")));
  }

  @Test
  void deviceActivityCodes() {
    assertEquals(DeviceActivity.NONE, DeviceActivity.of(0));
    assertEquals(DeviceActivity.WRITING_ENCRYPTED, DeviceActivity.of(0x0F));
    assertEquals(DeviceActivity.DIAGNOSTIC, DeviceActivity.of(0x10));
    assertEquals(DeviceActivity.RESERVED, DeviceActivity.of(0x11));
    assertEquals(DeviceActivity.VENDOR_SPECIFIC, DeviceActivity.of(0x80));
    assertFalse(DeviceActivity.NONE.isMediumMoving());
  }

  @Test
  void tapeAlertResponseFlagOneIsTheMostSignificantBit() throws Exception {
    // SSC-5: FLAG01h is byte 8 bit 7, FLAG40h is byte 15 bit 0 (sg_logs decodes it the same way).
    TapeAlertResponsePage p = TapeAlertResponsePage.parse(Hex.bytes("12 00 000c 0000 03 08 80 00 00 00 00 00 00 01"));
    assertEquals(EnumSet.of(TapeAlertFlag.READ_WARNING, TapeAlertFlag.RESERVED_40), p.flags());
    assertEquals(0x8000000000000001L, p.wireBits());
    // PBS's "bit-reversed" integer: flag N at bit N-1.
    assertEquals((1L << 0) | (1L << 63), p.lsbFirstBits());
    TapeAlertResponsePage media = TapeAlertResponsePage.parse(Hex.bytes("12 00 000c 0000 03 08 10 00 00 00 00 00 00 00"));
    assertEquals(Set.of(TapeAlertFlag.MEDIA), media.flags());
    assertTrue(media.anyMediaCritical());
    assertEquals(1L << 3, media.lsbFirstBits());
  }

  @Test
  void tapeAlertResponseRoundTripsAndRejectsShortParameter() throws Exception {
    Set<TapeAlertFlag> flags = EnumSet.of(TapeAlertFlag.CLEANING_REQUIRED, TapeAlertFlag.HARDWARE_B,
        TapeAlertFlag.ENCRYPTION_POLICY_VIOLATION);
    byte[] b = TapeAlertResponsePage.encode(flags);
    assertArrayEquals(Hex.bytes("12 00 000c 0000 03 08 00 00 10 02 00 00 00 08"), b);
    assertEquals(flags, TapeAlertResponsePage.parse(b).flags());
    assertThrows(MalformedResponseException.class,
        () -> TapeAlertResponsePage.parse(Hex.bytes("12 00 000b 0000 03 07 00 00 00 00 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> TapeAlertResponsePage.parse(Hex.bytes("12 00 0000")));
    assertThrows(MalformedResponseException.class, () -> TapeAlertResponsePage.parse(Arrays.copyOf(b, b.length - 1)));
  }

  @Test
  void tapeAlertPageReadsBitZeroOfEachParameter() throws Exception {
    Set<TapeAlertFlag> active = EnumSet.of(TapeAlertFlag.MEDIA, TapeAlertFlag.CLEANING_REQUIRED, TapeAlertFlag.RESERVED_40);
    byte[] b = TapeAlertPage.encode(active);
    assertEquals(4 + 64 * 5, b.length);
    TapeAlertPage p = TapeAlertPage.parse(b);
    assertEquals(active, p.active());
    assertEquals(64, p.reported().size());
    // A reserved parameter 0041h is not a flag; value 0x02 has bit 0 clear.
    TapeAlertPage q = TapeAlertPage.parse(Hex.bytes("2e 00 000a 0004 03 01 02 0041 03 01 01"));
    assertTrue(q.active().isEmpty());
    assertEquals(Set.of(TapeAlertFlag.MEDIA), q.reported());
    assertThrows(MalformedResponseException.class, () -> TapeAlertPage.parse(Hex.bytes("2e 00 0004 0004 03 00")));
  }

  @Test
  void tapeAlertFlagTable() {
    assertEquals(64, TapeAlertFlag.values().length);
    for (int n = 1; n <= 64; n++) {
      assertEquals(n, TapeAlertFlag.of(n).number());
      assertEquals(TapeAlertFlag.of(n).ordinal(), n - 1);
    }
    assertThrows(IllegalArgumentException.class, () -> TapeAlertFlag.of(0));
    assertThrows(IllegalArgumentException.class, () -> TapeAlertFlag.of(65));
    assertEquals(20, TapeAlertFlag.MEDIA_CRITICAL.size());
    assertEquals(TapeAlertFlag.Severity.CRITICAL, TapeAlertFlag.MEDIA.severity());
    assertEquals(TapeAlertFlag.Severity.INFORMATION, TapeAlertFlag.NO_REMOVAL.severity());
    assertTrue(TapeAlertFlag.LOADER_DOOR.isObsoleteOrReserved());
    assertFalse(TapeAlertFlag.EXTERNAL_ENCRYPTION_CONTROL_COMMUNICATIONS_FAILURE.isObsoleteOrReserved());
    Set<TapeAlertFlag> all = EnumSet.allOf(TapeAlertFlag.class);
    assertEquals(-1L, TapeAlertFlag.toWireBits(all));
    assertEquals(all, TapeAlertFlag.fromLsbFirstBits(-1L));
    assertEquals(Set.of(TapeAlertFlag.WRITE_WARNING), TapeAlertFlag.fromWireBits(1L << 62));
    assertEquals(Set.of(TapeAlertFlag.WRITE_WARNING), TapeAlertFlag.fromLsbFirstBits(1L << 1));
  }

  @Test
  void volumeStatistics() throws Exception {
    byte[] b = Hex.bytes("17 00 0062"
        + " 0000 03 01 01"
        + " 0001 02 04 0000002a"
        + " 000e 02 04 000005dc"
        + " 0012 02 02 00c8"
        + " 0014 02 04 00000dac"
        + " 0016 02 04 ffffffff"
        + " 0040 01 0a 41 42 43 31 32 33 4c 39 20 20"
        + " 0080 02 01 00"
        + " 0101 02 04 00000078"
        + " 0102 02 04 00003e80"
        + " 0202 03 10 07 00 0000 0112a880 07 00 0001 000003e8");
    VolumeStatisticsPage p = VolumeStatisticsPage.parse(b);
    assertTrue(p.pageValid());
    assertEquals(42, p.value(VolumeStatistic.THREAD_COUNT).getAsLong());
    assertEquals(1500, p.value(VolumeStatistic.LAST_MOUNT_MEGABYTES_WRITTEN).getAsLong());
    assertEquals(1_500_000_000L, p.bytes(VolumeStatistic.LAST_MOUNT_MEGABYTES_WRITTEN).getAsLong());
    assertEquals(200, p.value(VolumeStatistic.LAST_LOAD_WRITE_COMPRESSION_RATIO).getAsLong());
    assertEquals(3500, p.value(VolumeStatistic.MEDIUM_MOUNT_TIME).getAsLong());
    assertTrue(p.value(VolumeStatistic.TOTAL_NATIVE_CAPACITY).isEmpty(), "all FFh is unknown");
    assertTrue(p.value(VolumeStatistic.TOTAL_DATA_SETS_READ).isEmpty());
    assertEquals("ABC123L9", p.text(VolumeStatistic.VOLUME_SERIAL_NUMBER).orElseThrow());
    assertEquals(0, p.value(VolumeStatistic.WRITE_PROTECT).getAsLong());
    assertEquals(List.of(new VolumeStatisticsPage.PartitionRecord(0, 18_000_000), new VolumeStatisticsPage.PartitionRecord(1, 1000)),
        p.partitions(VolumeStatistic.NATIVE_CAPACITY_PARTITIONS));
    assertTrue(p.partitions(VolumeStatistic.USED_NATIVE_CAPACITY_PARTITIONS).isEmpty());
    assertEquals(16000.0 / 16000, p.wearout().getAsDouble());
    assertEquals(42.0 / 50, p.cleaningCartridgeWearout().getAsDouble());
    assertThrows(IllegalArgumentException.class, () -> p.value(VolumeStatistic.VOLUME_SERIAL_NUMBER));
    assertThrows(IllegalArgumentException.class, () -> p.text(VolumeStatistic.THREAD_COUNT));
    assertThrows(IllegalArgumentException.class, () -> p.bytes(VolumeStatistic.THREAD_COUNT));
  }

  @Test
  void volumeStatisticsEdgeCases() throws Exception {
    VolumeStatisticsPage invalid = VolumeStatisticsPage.parse(Hex.bytes("17 00 0005 0000 03 01 00"));
    assertFalse(invalid.pageValid());
    assertTrue(invalid.wearout().isEmpty());
    assertTrue(invalid.cleaningCartridgeWearout().isEmpty());
    VolumeStatisticsPage badRecord = VolumeStatisticsPage.parse(Hex.bytes("17 00 0009 0202 03 05 07 00 0000 01"));
    assertThrows(MalformedResponseException.class, () -> badRecord.partitions(VolumeStatistic.NATIVE_CAPACITY_PARTITIONS));
    VolumeStatisticsPage tinyRecord = VolumeStatisticsPage.parse(Hex.bytes("17 00 0008 0202 03 04 03 00 0000"));
    assertThrows(MalformedResponseException.class, () -> tinyRecord.partitions(VolumeStatistic.NATIVE_CAPACITY_PARTITIONS));
    assertThrows(MalformedResponseException.class, () -> VolumeStatisticsPage.parse(Hex.bytes("17 10 0000")));
    VolumeStatisticsPage huge = VolumeStatisticsPage.parse(Hex.bytes("17 00 000c 0010 02 08 7fffffffffffffff"));
    assertThrows(MalformedResponseException.class, () -> huge.bytes(VolumeStatistic.LIFETIME_MEGABYTES_WRITTEN));
    assertEquals(VolumeStatistic.MOUNT_HISTORY, VolumeStatistic.of(0x300).orElseThrow());
    assertTrue(VolumeStatistic.of(0x1234).isEmpty());
  }
}
