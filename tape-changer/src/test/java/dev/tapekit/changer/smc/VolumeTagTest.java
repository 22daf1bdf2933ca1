package dev.tapekit.changer.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeTagTest {
  private static byte[] field(String text, byte fill) {
    byte[] raw = new byte[36];
    Arrays.fill(raw, fill);
    byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(t, 0, raw, 0, t.length);
    return raw;
  }

  @Test
  void mtxTextKeepsBlanksUpToFirstUnprintable() {
    VolumeTag usual = VolumeTag.of("E01001L8");
    assertEquals("E01001L8" + " ".repeat(24), usual.mtxText());
    assertEquals("E01001L8", usual.identifier());
    VolumeTag mhvtl = VolumeTag.ofRaw(field("E01001L8", (byte) ' '));
    assertEquals("E01001L8" + " ".repeat(28), mhvtl.mtxText());
    assertEquals("E01001L8", mhvtl.identifier());
    assertEquals(8224, mhvtl.sequenceNumber());
  }

  @Test
  void mtxTextStopsBelow0x20AndAbove0x7F() {
    assertEquals("AB\u007fC", VolumeTag.ofRaw(field("AB\u007fC\u0080D", (byte) 0)).mtxText());
    assertEquals("AB", VolumeTag.ofRaw(field("AB\u001fCD", (byte) ' ')).mtxText());
    assertEquals("", VolumeTag.ofRaw(new byte[36]).mtxText());
  }

  @Test
  void cleaningAndBlank() {
    assertTrue(VolumeTag.of("CLN001L1").isCleaning());
    assertFalse(VolumeTag.of("E01CLN").isCleaning());
    assertTrue(VolumeTag.ofRaw(new byte[36]).isBlank());
    assertEquals(3, VolumeTag.of("X", 3).sequenceNumber());
    assertThrows(IllegalArgumentException.class, () -> VolumeTag.of("X".repeat(33)));
    assertThrows(IllegalArgumentException.class, () -> VolumeTag.ofRaw(new byte[35]));
  }

  @Test
  void deviceIdentifierForms() {
    DeviceIdentifier serialOnly = new DeviceIdentifier(2, 0, "  HU1234 ".getBytes(StandardCharsets.US_ASCII));
    assertEquals(Optional.of("HU1234"), serialOnly.serialNumber());
    assertEquals(Optional.empty(), serialOnly.vendor());
    DeviceIdentifier t10 = new DeviceIdentifier(2, 1,
        "HP      Ultrium 8-SCSI  MY12345678".getBytes(StandardCharsets.US_ASCII));
    assertEquals(Optional.of("MY12345678"), t10.serialNumber());
    assertEquals(Optional.of("HP"), t10.vendor());
    assertEquals(Optional.of("Ultrium 8-SCSI"), t10.product());
    assertEquals(Optional.empty(), new DeviceIdentifier(1, 0, new byte[] {1, 2}).serialNumber());
    assertEquals(Optional.empty(), new DeviceIdentifier(2, 3, "NAA".getBytes(StandardCharsets.US_ASCII)).serialNumber());
    assertEquals(Optional.empty(), new DeviceIdentifier(2, 1, "SHORT".getBytes(StandardCharsets.US_ASCII)).serialNumber());
  }
}
