package dev.tapekit.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.testing.CannedReplyTransport;
import dev.tapekit.scsi.testing.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FullReplyTest {
  @Test
  void inquiryIsReissuedWithTheAnnouncedLength() throws Exception {
    CannedReplyTransport t = new CannedReplyTransport().data(StandardInquiryTest.LTO9).data(StandardInquiryTest.LTO9);
    StandardInquiry q = FullReply.standardInquiry(t);
    assertFalse(q.truncated());
    assertEquals(4, q.versionDescriptors().size());
    assertArrayEquals(Hex.bytes("12 00 00 00 24 00"), t.sent().get(0).cdb());
    assertArrayEquals(Hex.bytes("12 00 00 00 60 00"), t.sent().get(1).cdb());
  }

  @Test
  void completeFirstReplyIsNotReissued() throws Exception {
    CannedReplyTransport t = new CannedReplyTransport().data(VpdPagesTest.SERIAL_80);
    byte[] page = FullReply.vpdPage(t, 0x80);
    assertArrayEquals(VpdPagesTest.SERIAL_80, page);
    assertEquals(1, t.sent().size());
    assertArrayEquals(Hex.bytes("12 01 80 00 fc 00"), t.sent().get(0).cdb());
  }

  @Test
  void lengthCappedAtMaximumKeepsTruncatedReply() throws Exception {
    byte[] big = new byte[300];
    System.arraycopy(VpdPagesTest.SUPPORTED, 0, big, 0, 4);
    big[2] = 0x01;
    big[3] = 0x28; // page length 296
    CannedReplyTransport t = new CannedReplyTransport().data(big).data(big);
    byte[] reply = FullReply.read(t, len -> SpcCommands.inquiryVpd(0, len), 252, 256, FullReply.VPD);
    assertEquals(256, reply.length);
    assertEquals(2, t.sent().size());
    assertTrue(SupportedVpdPages.parse(reply).truncated());
  }

  @Test
  void growingLengthStopsAfterMaxAttempts() throws Exception {
    // A device whose LUN list grows on every call: at most three commands.
    CannedReplyTransport t = new CannedReplyTransport();
    for (int i = 1; i <= 3; i++) {
      byte[] r = new byte[8 + 64 * i];
      r[3] = (byte) (64 * i + 64);
      t.data(r);
    }
    byte[] reply = FullReply.read(t, len -> SpcCommands.reportLuns(0, len), 16, 1 << 20, FullReply.REPORT_LUNS);
    assertEquals(FullReply.MAX_ATTEMPTS, t.sent().size());
    assertEquals(8 + 64 * 3, reply.length);
    assertTrue(t.exhausted());
  }

  @Test
  void replyLengthFunctions() {
    assertEquals(-1, FullReply.INQUIRY.of(new byte[4]));
    assertEquals(0x60, FullReply.INQUIRY.of(Arrays.copyOf(StandardInquiryTest.LTO9, 5)));
    assertEquals(0x0a + 4, FullReply.VPD.of(VpdPagesTest.SERIAL_80));
    assertEquals(0x1f + 1, FullReply.MODE_SENSE_6.of(Hex.bytes("1f")));
    assertEquals(0x0102 + 2, FullReply.MODE_SENSE_10.of(Hex.bytes("01 02")));
    assertEquals(0x20 + 8, FullReply.REPORT_LUNS.of(ReportLunsAndOperationCodesTest.LUNS));
    assertEquals(0x30 + 4, FullReply.ALL_OPERATION_CODES.of(ReportLunsAndOperationCodesTest.RSOC_ALL));
    assertEquals(4 + 6 + 12, FullReply.ONE_OPERATION_CODE.of(ReportLunsAndOperationCodesTest.RSOC_ONE));
    assertEquals(-1, FullReply.ONE_OPERATION_CODE.of(new byte[3]));
  }

  @Test
  void commandFailurePropagates() {
    CannedReplyTransport t =
        new CannedReplyTransport().checkCondition(Hex.bytes("70 00 05 00000000 0a 00000000 24 00 00 000000"));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> FullReply.vpdPage(t, 0xB0));
    assertTrue(e.getMessage().contains("INQUIRY VPD 0xb0"), e.getMessage());
  }

  @Test
  void reportLunsHelper() throws Exception {
    CannedReplyTransport t = new CannedReplyTransport().data(ReportLunsAndOperationCodesTest.LUNS);
    assertEquals(4, FullReply.reportLuns(t).luns().size());
    assertThrows(IllegalArgumentException.class, () -> FullReply.read(t, SpcCommands::inquiry, 0, 255, FullReply.INQUIRY));
  }

  @Test
  void operationCodeHelpers() throws Exception {
    CannedReplyTransport t =
        new CannedReplyTransport().data(ReportLunsAndOperationCodesTest.RSOC_ALL).data(ReportLunsAndOperationCodesTest.RSOC_ONE);
    assertEquals(3, FullReply.supportedOperationCodes(t, true).commands().size());
    assertArrayEquals(Hex.bytes("a3 0c 80 00 00 00 00 00 20 00 00 00"), t.sent().get(0).cdb());
    assertEquals(14400, FullReply.operationCode(t, 0x04, -1).timeouts().orElseThrow().recommendedSeconds());
    assertArrayEquals(Hex.bytes("a3 0c 81 04 00 00 00 00 00 40 00 00"), t.sent().get(1).cdb());
  }
}
