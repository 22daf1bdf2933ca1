package dev.tapekit.scsi.mode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.testing.CannedReplyTransport;
import dev.tapekit.scsi.testing.Hex;
import org.junit.jupiter.api.Test;

class ModePageAccessTest {
  static final byte[] INVALID_OPCODE = Hex.bytes("70 00 05 00000000 0a 00000000 20 00 00 000000");
  static final byte[] INVALID_FIELD = Hex.bytes("70 00 05 00000000 0a 00000000 24 00 00 000000");

  @Test
  void readModifyWriteAsPbsDoesIt() throws Exception {
    CannedReplyTransport t = new CannedReplyTransport().data(ModeParametersTest.SENSE10).good();
    ModePageAccess modes = new ModePageAccess(t);
    ModeParameters sent =
        modes.update(
            DataCompressionPage.PAGE_CODE,
            0,
            p ->
                p.withPage(DataCompressionPage.from(p).withDataCompressionEnabled(false).toModePage())
                    .withBlockDescriptor(p.blockDescriptor().orElseThrow().withBlockLength(0))
                    .withBufferedMode(1));
    assertFalse(DataCompressionPage.from(sent).dataCompressionEnabled());
    assertArrayEquals(Hex.bytes("5a 00 0f 00 00 00 00 10 00 00"), t.sent().get(0).cdb());
    CannedReplyTransport.Sent select = t.sent().get(1);
    assertArrayEquals(Hex.bytes("55 10 00 00 00 00 00 00 20 00"), select.cdb());
    assertEquals(DataDirection.TO_DEVICE, select.direction());
    assertArrayEquals(
        Hex.bytes("00 00 00 10 00 00 00 08 60 00 00 00 00 00 00 00 0f 0e 40 80 00 00 00 01 00 00 00 01 00 00 00 00"),
        select.dataOut());
    assertTrue(t.exhausted());
  }

  @Test
  void fallsBackToSixByteCommandsOnInvalidOpcode() throws Exception {
    CannedReplyTransport t =
        new CannedReplyTransport().checkCondition(INVALID_OPCODE).data(ModeParametersTest.SENSE6).good().data(ModeParametersTest.SENSE6);
    ModePageAccess modes = new ModePageAccess(t);
    ModeParameters m = modes.sense(0x0F, 0, ModePageControl.CURRENT);
    assertTrue(modes.usesSixByteCommands());
    assertEquals(ModeParameters.Form.SIX, m.form());
    assertArrayEquals(Hex.bytes("1a 00 0f 00 ff 00"), t.sent().get(1).cdb());
    modes.select(ModeParameters.parse10(ModeParametersTest.SENSE10), false);
    assertArrayEquals(Hex.bytes("15 10 00 00 1c 00"), t.sent().get(2).cdb());
    assertEquals(28, t.sent().get(2).dataOut().length);
    // Remembered: the next sense goes straight to MODE SENSE(6).
    modes.sense(0x0F, 0, ModePageControl.CHANGEABLE);
    assertArrayEquals(Hex.bytes("1a 00 4f 00 ff 00"), t.sent().get(3).cdb());
  }

  @Test
  void selectFallsBackToSixByteWhenOnlyModeSelect10IsRefused() throws Exception {
    CannedReplyTransport t = new CannedReplyTransport().checkCondition(INVALID_OPCODE).good().good();
    ModePageAccess modes = new ModePageAccess(t);
    modes.select(ModeParameters.parse10(ModeParametersTest.SENSE10), false);
    assertArrayEquals(Hex.bytes("55 10 00 00 00 00 00 00 20 00"), t.sent().get(0).cdb());
    assertArrayEquals(Hex.bytes("15 10 00 00 1c 00"), t.sent().get(1).cdb());
    assertEquals(28, t.sent().get(1).dataOut().length);
    assertTrue(modes.usesSixByteCommands());
    // Remembered: the next select is MODE SELECT(6) at once.
    modes.select(ModeParameters.parse10(ModeParametersTest.SENSE10), false);
    assertArrayEquals(Hex.bytes("15 10 00 00 1c 00"), t.sent().get(2).cdb());
    assertTrue(t.exhausted());
  }

  @Test
  void selectPropagatesOtherErrors() {
    CannedReplyTransport t = new CannedReplyTransport().checkCondition(INVALID_FIELD);
    ModePageAccess modes = new ModePageAccess(t);
    ScsiCommandException e =
        assertThrows(ScsiCommandException.class, () -> modes.select(ModeParameters.parse10(ModeParametersTest.SENSE10), false));
    assertTrue(e.getMessage().contains("MODE SELECT(10)"), e.getMessage());
    assertFalse(modes.usesSixByteCommands());
    assertEquals(1, t.sent().size());
  }

  @Test
  void missingPageStopsTheUpdateBeforeAnySelect() {
    CannedReplyTransport t = new CannedReplyTransport().data(ModeParametersTest.SENSE10);
    ModePageAccess modes = new ModePageAccess(t);
    assertThrows(
        dev.tapekit.scsi.MalformedResponseException.class,
        () -> modes.update(0x10, 0, p -> p.withPage(DeviceConfigurationPage.from(p).withEodDefined(1).toModePage())));
    assertEquals(1, t.sent().size());
  }

  @Test
  void otherErrorsPropagate() {
    CannedReplyTransport t = new CannedReplyTransport().checkCondition(INVALID_FIELD);
    ModePageAccess modes = new ModePageAccess(t);
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> modes.sense(0x1D, 0, ModePageControl.CURRENT));
    assertTrue(e.getMessage().contains("MODE SENSE(10)"), e.getMessage());
    assertFalse(modes.usesSixByteCommands());
  }

  @Test
  void longReplyIsReissuedWithTheModeDataLength() throws Exception {
    // All pages: 8-byte header + one 4994-byte vendor subpage = 5002 bytes, more than the first 4096.
    byte[] full = new byte[5002];
    full[0] = (byte) (5000 >> 8);
    full[1] = (byte) 5000;
    full[8] = 0x70; // SPF, page 0x30
    full[9] = 0x01;
    full[10] = (byte) (4990 >> 8);
    full[11] = (byte) 4990;
    CannedReplyTransport t = new CannedReplyTransport().data(full).data(full);
    ModeParameters m = new ModePageAccess(t).sense(ModeCommands.ALL_PAGES, 0xFF, ModePageControl.CURRENT);
    assertFalse(m.truncated());
    assertEquals(4990, m.page(0x30, 0x01).orElseThrow().parameters().length);
    assertArrayEquals(Hex.bytes("5a 00 3f ff 00 00 00 10 00 00"), t.sent().get(0).cdb());
    assertArrayEquals(Hex.bytes("5a 00 3f ff 00 00 00 13 8a 00"), t.sent().get(1).cdb());
  }

  @Test
  void replyCutInsideAPageIsRejected() {
    byte[] full = ModeParametersTest.SENSE10;
    CannedReplyTransport t = new CannedReplyTransport().dataFor(cdb -> java.util.Arrays.copyOf(full, 20));
    assertThrows(dev.tapekit.scsi.MalformedResponseException.class, () -> new ModePageAccess(t).sense(0x0F, 0, ModePageControl.CURRENT));
    assertEquals(1, t.sent().size());
  }
}
