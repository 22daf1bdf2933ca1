package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.spc.ReportLunsData.Lun;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** REPORT LUNS (SPC-5 6.33, SAM-5 4.7) and RSOC (SPC-5 6.36) reply vectors. */
class ReportLunsAndOperationCodesTest {
  static final byte[] LUNS =
      Hex.bytes(
          "00 00 00 20 00 00 00 00"
              + " 00 00 00 00 00 00 00 00" // peripheral, LUN 0
              + " 00 05 00 00 00 00 00 00" // peripheral, LUN 5
              + " 40 05 00 00 00 00 00 00" // flat space, LUN 5
              + " 01 02 00 03 00 00 00 00"); // two levels

  /** TEST UNIT READY (no timeouts), READ POSITION SA 6 with timeouts, FORMAT MEDIUM with timeouts. */
  static final byte[] RSOC_ALL =
      Hex.bytes(
          "00 00 00 30"
              + " 00 00 00 00 00 00 00 06"
              + " 34 00 00 06 00 03 00 0a  00 0a 00 00 00 00 00 1e 00 00 00 3c"
              + " 04 00 00 00 00 02 00 06  00 0a 00 00 00 00 1c 20 00 00 38 40");

  static final byte[] RSOC_ONE = Hex.bytes("00 83 00 06 04 03 00 00 00 00  00 0a 00 00 00 00 1c 20 00 00 38 40");

  @Test
  void lunsDecodeAllAddressingMethods() throws Exception {
    ReportLunsData r = ReportLunsData.parse(LUNS);
    assertEquals(32, r.lunListLength());
    assertFalse(r.truncated());
    assertEquals(4, r.luns().size());
    Lun l0 = r.luns().get(0);
    assertEquals(0, l0.addressMethod());
    assertEquals(0, l0.number());
    assertEquals(0, l0.linuxLun());
    assertEquals(5, r.luns().get(1).number());
    assertEquals(5, r.luns().get(1).linuxLun());
    Lun flat = r.luns().get(2);
    assertEquals(1, flat.addressMethod());
    assertEquals(5, flat.number());
    assertEquals(0x4005, flat.linuxLun());
    Lun twoLevel = r.luns().get(3);
    assertFalse(twoLevel.singleLevel());
    assertEquals(-1, twoLevel.number());
    assertEquals(0x0003_0102L, twoLevel.linuxLun());
  }

  @Test
  void lunsTruncatedAndMalformed() throws Exception {
    // The usual first call: 16 bytes, announcing 4 LUNs.
    ReportLunsData first = ReportLunsData.parse(Arrays.copyOf(LUNS, 16));
    assertTrue(first.truncated());
    assertEquals(1, first.luns().size());
    ReportLunsData oneShort = ReportLunsData.parse(Arrays.copyOf(LUNS, LUNS.length - 1));
    assertEquals(3, oneShort.luns().size());
    assertTrue(oneShort.truncated());
    assertThrows(MalformedResponseException.class, () -> ReportLunsData.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> ReportLunsData.parse(Hex.bytes("00 00 00 08 00 00 00")));
    assertThrows(MalformedResponseException.class, () -> ReportLunsData.parse(Hex.bytes("00 00 00 07 00 00 00 00")));
    assertThrows(IllegalArgumentException.class, () -> new Lun(new byte[7]));
  }

  @Test
  void allCommandsWithTimeouts() throws Exception {
    SupportedOperationCodes s = SupportedOperationCodes.parse(RSOC_ALL);
    assertFalse(s.truncated());
    assertEquals(3, s.commands().size());
    SupportedOperationCodes.Command tur = s.find(0x00, -1).orElseThrow();
    assertEquals(6, tur.cdbLength());
    assertTrue(tur.timeouts().isEmpty());
    SupportedOperationCodes.Command rp = s.find(0x34, 6).orElseThrow();
    assertTrue(rp.hasServiceAction());
    assertEquals(10, rp.cdbLength());
    assertEquals(Duration.ofSeconds(30), rp.timeouts().orElseThrow().nominal());
    assertEquals(Duration.ofSeconds(60), rp.timeouts().orElseThrow().recommended());
    assertEquals(14400, s.find(0x04, -1).orElseThrow().timeouts().orElseThrow().recommendedSeconds());
    assertTrue(s.find(0x34, 5).isEmpty());
  }

  @Test
  void allCommandsShapes() throws Exception {
    // Cut inside the third descriptor's timeouts: two complete, flagged.
    SupportedOperationCodes cut = SupportedOperationCodes.parse(Arrays.copyOf(RSOC_ALL, RSOC_ALL.length - 1));
    assertTrue(cut.truncated());
    assertEquals(2, cut.commands().size());
    SupportedOperationCodes header = SupportedOperationCodes.parse(Arrays.copyOf(RSOC_ALL, 4));
    assertTrue(header.truncated());
    assertEquals(0, header.commands().size());
    SupportedOperationCodes none = SupportedOperationCodes.parse(Hex.bytes("00 00 00 00"));
    assertFalse(none.truncated());
    assertThrows(MalformedResponseException.class, () -> SupportedOperationCodes.parse(Hex.bytes("00 00 00")));
    // A timeouts descriptor with a wrong length field.
    byte[] bad = RSOC_ALL.clone();
    bad[4 + 8 + 9] = 0x0B;
    assertThrows(MalformedResponseException.class, () -> SupportedOperationCodes.parse(bad));
  }

  @Test
  void oneCommand() throws Exception {
    OneCommandSupport one = OneCommandSupport.parse(RSOC_ONE);
    assertEquals(OneCommandSupport.Support.SUPPORTED, one.support());
    assertTrue(one.supported());
    assertArrayEquals(Hex.bytes("04 03 00 00 00 00"), one.cdbUsageData());
    assertEquals(7200, one.timeouts().orElseThrow().nominalSeconds());
    assertEquals(14400, one.timeouts().orElseThrow().recommendedSeconds());
    OneCommandSupport unsupported = OneCommandSupport.parse(Hex.bytes("00 01 00 00"));
    assertEquals(OneCommandSupport.Support.NOT_SUPPORTED, unsupported.support());
    assertFalse(unsupported.supported());
    assertTrue(unsupported.timeouts().isEmpty());
    assertEquals(OneCommandSupport.Support.SUPPORTED_VENDOR_SPECIFIC, OneCommandSupport.parse(Hex.bytes("00 05 00 00")).support());
    assertEquals(OneCommandSupport.Support.RESERVED, OneCommandSupport.parse(Hex.bytes("00 02 00 00")).support());
  }

  @Test
  void oneCommandShapes() {
    assertThrows(MalformedResponseException.class, () -> OneCommandSupport.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> OneCommandSupport.parse(Arrays.copyOf(RSOC_ONE, 9)));
    // CTDP set but the timeouts descriptor is one byte short.
    assertThrows(MalformedResponseException.class, () -> OneCommandSupport.parse(Arrays.copyOf(RSOC_ONE, RSOC_ONE.length - 1)));
  }
}
