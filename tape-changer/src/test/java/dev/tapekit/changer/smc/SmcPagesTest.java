package dev.tapekit.changer.smc;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mode pages 0x1D, 0x1E, 0x1F and INQUIRY fields, from SMC-3 7.3 / SPC-5 6.7.2 layouts. */
class SmcPagesTest {
  private static final String PAGE_1D = "1D 12 0000 0001 03E8 0027 000A 0004 01F4 0002 0000";

  @Test
  void elementAddressAssignment() throws Exception {
    ElementAddressAssignment a = ElementAddressAssignment.decodeModeSense(bytes("17 00 00 00" + PAGE_1D));
    assertEquals(new ElementAddressAssignment(0, 1, 1000, 39, 10, 4, 500, 2), a);
    assertEquals(1000, a.start(ElementType.STORAGE));
    assertEquals(46, a.count(ElementType.ALL));
  }

  @Test
  void elementAddressAssignmentSkipsBlockDescriptors() throws Exception {
    ElementAddressAssignment a =
        ElementAddressAssignment.decodeModeSense(bytes("1F 00 00 08 0000000000000000" + PAGE_1D));
    assertEquals(39, a.storageCount());
    assertEquals(500, a.dataTransferStart());
  }

  @Test
  void elementAddressAssignmentRejectsBadShapes() {
    byte[] good = bytes("17 00 00 00" + PAGE_1D);
    assertThrows(MalformedResponseException.class,
        () -> ElementAddressAssignment.decodeModeSense(Arrays.copyOf(good, good.length - 1)));
    assertThrows(MalformedResponseException.class,
        () -> ElementAddressAssignment.decodeModeSense(bytes("17 00 00 00 1E 12" + PAGE_1D.substring(5))));
    assertThrows(MalformedResponseException.class, () -> ElementAddressAssignment.decodeModeSense(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> ElementAddressAssignment.decodeModeSense(bytes("03 00 00 00")));
    // page length below the eight counts
    assertThrows(MalformedResponseException.class,
        () -> ElementAddressAssignment.decodePage(bytes("1D 0E 0000 0001 03E8 0027 000A 0004 01F4 0002")));
  }

  @Test
  void modeDataLengthShorterThanPageIsMalformed() {
    assertThrows(MalformedResponseException.class,
        () -> ElementAddressAssignment.decodeModeSense(bytes("10 00 00 00" + PAGE_1D)));
  }

  @Test
  void transportGeometry() throws Exception {
    TransportGeometry g = TransportGeometry.decodeModeSense(bytes("09 00 00 00 1E 04 01 00 00 01"));
    assertEquals(List.of(new TransportGeometry.Transport(true, 0), new TransportGeometry.Transport(false, 1)),
        g.transports());
    assertThrows(MalformedResponseException.class, () -> TransportGeometry.decodePage(bytes("1E 04 01 00 00")));
  }

  @Test
  void deviceCapabilities() throws Exception {
    DeviceCapabilities c = DeviceCapabilities.decodeModeSense(
        bytes("17 00 00 00 1F 12 0E 00 0E 0E 0E 06 00000000 00 02 02 00 00000000"));
    assertEquals(EnumSet.of(ElementType.STORAGE, ElementType.IMPORT_EXPORT, ElementType.DATA_TRANSFER),
        c.storageCapable());
    assertTrue(c.canMove(ElementType.STORAGE, ElementType.DATA_TRANSFER));
    assertTrue(c.canMove(ElementType.DATA_TRANSFER, ElementType.STORAGE));
    assertFalse(c.canMove(ElementType.DATA_TRANSFER, ElementType.DATA_TRANSFER));
    assertFalse(c.canMove(ElementType.MEDIUM_TRANSPORT, ElementType.MEDIUM_TRANSPORT));
    assertTrue(c.canExchange(ElementType.STORAGE, ElementType.STORAGE));
    assertFalse(c.canExchange(ElementType.DATA_TRANSFER, ElementType.STORAGE));
    assertThrows(MalformedResponseException.class, () -> DeviceCapabilities.decodePage(bytes("1F 0C 0E 00")));
  }

  @Test
  void inquiryKeepsPadding() throws Exception {
    byte[] d = new byte[36];
    d[0] = 8;
    d[6] = 0x08;
    System.arraycopy("STK     L700            0105".getBytes(), 0, d, 8, 28);
    ChangerInquiry q = ChangerInquiry.decode(d);
    assertEquals(new ChangerInquiry(8, true, "STK     ", "L700            ", "0105"), q);
    assertTrue(q.isMediumChanger());
    assertThrows(MalformedResponseException.class, () -> ChangerInquiry.decode(Arrays.copyOf(d, 35)));
  }
}
