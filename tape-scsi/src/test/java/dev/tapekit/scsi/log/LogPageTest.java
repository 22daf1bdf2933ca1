package dev.tapekit.scsi.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPageTest {
  // Page 0Ch, two parameters: 0000h with DU|TSD|ETC|TMC=3|F&L=10b (0xBE) and 4 bytes, 0100h 1 byte.
  private static final byte[] PAGE = Hex.bytes("0c 00 000d  0000 be 04 00000100  0100 02 01 01");

  @Test
  void decodesHeaderAndParameterControlBits() throws Exception {
    LogPage p = LogPage.parse(PAGE);
    assertEquals(0x0C, p.pageCode());
    assertEquals(0, p.subpageCode());
    assertFalse(p.header().ds());
    assertFalse(p.header().spf());
    assertEquals(13, p.header().pageLength());
    assertFalse(p.truncated());
    assertEquals(2, p.parameters().size());
    LogParameter first = p.parameters().get(0);
    assertEquals(0x0000, first.code());
    assertTrue(first.du());
    assertTrue(first.tsd());
    assertTrue(first.etc());
    assertEquals(3, first.tmc());
    assertEquals(LogParameter.Format.COUNTER, first.format());
    assertEquals(256, first.unsigned());
    assertEquals(1, p.counter(0x0100).getAsLong());
    assertTrue(p.counter(0x0200).isEmpty());
    assertArrayEquals(PAGE, p.encode());
  }

  @Test
  void dsAndSpfBitsOfTheHeader() throws Exception {
    LogPage p = LogPage.parse(Hex.bytes("d7 01 0000"));
    assertTrue(p.header().ds());
    assertTrue(p.header().spf());
    assertEquals(0x17, p.pageCode());
    assertEquals(1, p.subpageCode());
    assertTrue(p.parameters().isEmpty());
  }

  @Test
  void shortReplyKeepsCompleteParameters() throws Exception {
    // Page length says 13 but the allocation length cut the reply after the first parameter.
    LogPage p = LogPage.parse(Arrays.copyOf(PAGE, 12));
    assertTrue(p.truncated());
    assertEquals(1, p.parameters().size());
    assertEquals(17, p.header().fullLength());
  }

  @Test
  void parameterCutInHalfNamesTheAllocationLength() {
    for (int cut : new int[] {PAGE.length - 1, 13, 9}) {
      MalformedResponseException e =
          assertThrows(MalformedResponseException.class, () -> LogPage.parse(Arrays.copyOf(PAGE, cut)));
      assertTrue(e.getMessage().contains("allocation length >= 17"), e.getMessage());
    }
  }

  @Test
  void parameterRunningPastThePageLengthIsMalformed() {
    // Page length 7 but the parameter declares 4 value bytes (needs 8).
    byte[] bad = Hex.bytes("0c 00 0007 0000 02 04 00000001");
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> LogPage.parse(bad));
    assertTrue(e.getMessage().contains("past the page length 7"), e.getMessage());
    // Page length ends inside a parameter header.
    assertThrows(MalformedResponseException.class, () -> LogPage.parse(Hex.bytes("0c 00 0002 0000 02 00")));
  }

  @Test
  void bytesAfterThePageAreIgnored() throws Exception {
    byte[] padded = Arrays.copyOf(PAGE, PAGE.length + 100);
    assertEquals(LogPage.parse(PAGE), LogPage.parse(padded));
  }

  @Test
  void emptyAndHeaderlessRepliesAreMalformed() {
    assertThrows(MalformedResponseException.class, () -> LogPage.parse(new byte[0]));
    assertThrows(MalformedResponseException.class, () -> LogPage.parse(Hex.bytes("0c 00 00")));
  }

  @Test
  void encodeBuildsSubpageHeaders() {
    byte[] b = LogPage.encode(0x17, 0x01, List.of(LogParameter.counter(0x0001, 4, 7)));
    assertArrayEquals(Hex.bytes("57 01 0008 0001 02 04 00000007"), b);
  }

  @Test
  void counterValuesLongerThanEightBytesAreMalformed() throws Exception {
    LogPage p = LogPage.parse(Hex.bytes("0c 00 000d 0000 02 09 000000000000000001"));
    assertThrows(MalformedResponseException.class, () -> p.counter(0));
    LogPage empty = LogPage.parse(Hex.bytes("0c 00 0004 0000 02 00"));
    assertThrows(MalformedResponseException.class, () -> empty.counter(0));
  }
}
