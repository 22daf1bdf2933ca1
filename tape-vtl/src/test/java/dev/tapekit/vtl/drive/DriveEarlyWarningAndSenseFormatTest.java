package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.SpaceResult;
import dev.tapekit.scsi.tape.WriteResult;
import dev.tapekit.scsi.testing.Sg3Utils;
import dev.tapekit.vtl.Cdbs.Reply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Programmable early warning (MODE page 0x10 subpage 0x01, PEWS) and descriptor-format sense (control
 * page D_SENSE, REQUEST SENSE DESC), with raw CDBs and through tape-scsi's {@link ScsiTapeDrive}.
 */
class DriveEarlyWarningAndSenseFormatTest extends LoadedDriveTestCase {
  private static final int MIB = 1 << 20;
  /** MODE SENSE(10) of page 0x10 subpage 0x01 without block descriptors: the 32-byte page. */
  byte[] extensionPage(int pc) throws Exception {
    byte[] r = s.in(255, 0x5A, 0x08, pc << 6 | 0x10, 0x01, 0, 0, 0, 0, 255, 0).expectGood().data();
    assertEquals(0, r[7], "no block descriptor");
    return Arrays.copyOfRange(r, 8, r.length);
  }

  Reply selectExtension(byte[] page) throws Exception {
    byte[] data = new byte[8 + page.length];
    System.arraycopy(page, 0, data, 8, page.length);
    data[8] &= 0x7F;
    return s.out(data, 0x55, 0x10, 0, 0, 0, 0, 0, 0, data.length, 0);
  }

  void setPews(int megabytes) throws Exception {
    byte[] page = extensionPage(0);
    page[6] = (byte) (megabytes >>> 8);
    page[7] = (byte) megabytes;
    selectExtension(page).expectGood();
  }

  @Test
  void extensionPageLayoutMaskAndRefusals() throws Exception {
    byte[] page = extensionPage(0);
    assertEquals(32, page.length);
    assertArrayEquals(new byte[] {0x50, 0x01, 0x00, 0x1C, 0, 0, 0, 0}, Arrays.copyOf(page, 8));
    byte[] mask = extensionPage(1);
    assertArrayEquals(new byte[] {0x50, 0x01, 0x00, 0x1C, 0, 0, (byte) 0xFF, (byte) 0xFF, 0}, Arrays.copyOf(mask, 9));
    setPews(0x1234);
    assertEquals(0x12, extensionPage(0)[6]);
    assertEquals(0, extensionPage(2)[6], "the default is no programmable early warning");
    // all pages and subpages: page 0x10 is followed by its subpage 0x01
    byte[] all = s.in(1024, 0x5A, 0x08, 0x3F, 0xFF, 0, 0, 0, 0x04, 0, 0).expectGood().data();
    byte[] noSubpages = s.in(1024, 0x5A, 0x08, 0x3F, 0x00, 0, 0, 0, 0x04, 0, 0).expectGood().data();
    assertEquals(noSubpages.length + 32, all.length);
    s.in(255, 0x5A, 0x08, 0x0F, 0x01, 0, 0, 0, 0, 255, 0).expect(5, 0x24, 0); // no such subpage
    byte[] writeMode = extensionPage(0);
    writeMode[5] = 0x10; // WRITE MODE append-only: not changeable here
    assertEquals(8 + 5, selectExtension(writeMode).expect(5, 0x26, 0).result().sense()[17]);
    byte[] badLength = extensionPage(0);
    badLength[3] = 0x1A;
    selectExtension(badLength).expect(5, 0x26, 0);
    byte[] otherSubpage = extensionPage(0);
    otherSubpage[1] = 0x02;
    assertEquals(8 + 1, selectExtension(otherSubpage).expect(5, 0x26, 0).result().sense()[17]);
    selectExtension(Arrays.copyOf(extensionPage(0), 3)).expect(5, 0x1A, 0);
    assertEquals(0x12, extensionPage(0)[6], "refused selections changed nothing");
    drive.reset();
    s.clearUnitAttentions();
    assertEquals(0, extensionPage(0)[6], "a reset restores the default");
  }

  @Test
  void programmableEarlyWarningIsReportedOnceWhenCrossed() throws Exception {
    setPews(10); // the point: 65,011,712 - 10,000,000 = 55,011,712 bytes
    byte[] block = new byte[MIB];
    for (int k = 1; k <= 52; k++) {
      s.write(block).expectGood(); // 52 MiB = 54,525,952
    }
    assertFalse(bpew(), "not yet beyond programmable early warning");
    Reply crossed = s.write(block).expect(0, 0x00, 0x07); // 53 MiB = 55,574,528
    assertEquals(0, crossed.flags(), "EOM stays clear at programmable early warning");
    assertEquals(0, crossed.information());
    assertTrue(bpew());
    for (int k = 54; k <= 61; k++) {
      s.write(block).expectGood(); // inside the zone: reported once only
    }
    s.write(block).expect(0, 0x00, 0x02); // 62 MiB = early warning
    // back before the point and across it again with filemarks: reported again
    s.locate10(40).expectGood();
    assertFalse(bpew());
    for (int k = 41; k <= 52; k++) {
      s.write(block).expectGood();
    }
    s.writeFilemarks(1).expectGood(); // a filemark adds no bytes
    s.write(block).expect(0, 0x00, 0x07);
    setPews(0);
    assertFalse(bpew());
  }

  private boolean bpew() throws Exception {
    return (s.in(20, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood().data()[0] & 0x01) != 0;
  }

  @Test
  void programmableEarlyWarningThroughScsiTapeDrive() throws Exception {
    setPews(10);
    try (ScsiTapeDrive d = ScsiTapeDrive.open(drive, ScsiTapeDrive.OpenOptions.CHECK_ONLY)) {
      d.setBlockSize(0);
      for (int k = 1; k <= 52; k++) {
        assertEquals(WriteResult.OK, d.write(ByteBuffer.allocate(MIB)));
      }
      assertEquals(WriteResult.EARLY_WARNING, d.write(ByteBuffer.allocate(MIB)));
      assertTrue(d.position().beyondProgrammableEarlyWarning());
      assertFalse(d.position().endOfPartition());
      assertEquals(WriteResult.OK, d.write(ByteBuffer.allocate(MIB)));
    }
  }

  // ---- descriptor-format sense

  void setDescriptorSense(boolean on) throws Exception {
    byte[] r = s.in(255, 0x1A, 0x08, 0x0A, 0, 255, 0).expectGood().data();
    byte[] data = r.clone();
    data[0] = 0;
    data[4 + 2] = (byte) (on ? data[4 + 2] | 0x04 : data[4 + 2] & ~0x04);
    s.out(data, 0x15, 0x10, 0, 0, data.length, 0).expectGood();
  }

  @Test
  void dSenseSwitchesCheckConditionToDescriptorFormat() throws Exception {
    byte[] mask = s.in(255, 0x1A, 0x08, 0x4A, 0, 255, 0).expectGood().data();
    assertEquals(0x04, mask[4 + 2], "D_SENSE is changeable");
    setDescriptorSense(true);
    assertEquals(0x06, s.in(255, 0x1A, 0x08, 0x0A, 0, 255, 0).expectGood().data()[4 + 2]);
    s.write(new byte[100]).expectGood();
    s.writeFilemarks(1).expectGood();
    s.rewind().expectGood();
    // a short block: ILI with INFORMATION = 100 in the information and stream commands descriptors
    byte[] ili = s.read(200, false).result().sense();
    assertArrayEquals(new byte[] {0x72, 0, 0, 0, 0, 0, 0, 16,
        0x00, 0x0A, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 100,
        0x04, 0x02, 0, 0x20}, ili);
    // a filemark
    byte[] fm = s.read(200, false).result().sense();
    assertEquals(0x72, fm[0]);
    SenseData parsed = SenseData.parse(fm);
    assertTrue(parsed.filemark());
    assertEquals(AdditionalSense.FILEMARK_DETECTED, parsed.additionalSense());
    // an overlength read: negative INFORMATION as 8-byte two's complement
    s.rewind().expectGood();
    byte[] over = s.read(60, false).result().sense();
    assertEquals(-40, ByteBuffer.wrap(over, 12, 8).getLong());
    // a CDB error: sense-key-specific descriptor with the field pointer
    byte[] cdb = s.none(0x11, 0x07, 0, 0, 1, 0).result().sense();
    assertArrayEquals(new byte[] {0x72, 5, 0x24, 0, 0, 0, 0, 8, 0x02, 0x06, 0, 0, (byte) 0xCB, 0, 1, 0}, cdb);
    SenseData cdbParsed = SenseData.parse(cdb);
    assertEquals(SenseKey.ILLEGAL_REQUEST, cdbParsed.key());
    setDescriptorSense(false);
    assertEquals(0x70, s.read(200, false).result().sense()[0] & 0x7F);
  }

  @Test
  void requestSenseDescBitChoosesTheFormat() throws Exception {
    drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    byte[] fixed = s.in(252, 0x03, 0, 0, 0, 252, 0).expectGood().data();
    assertEquals(18, fixed.length);
    assertEquals(0x70, fixed[0]);
    byte[] descriptor = s.in(252, 0x03, 1, 0, 0, 252, 0).expectGood().data();
    assertArrayEquals(new byte[] {0x72, 2, 0x3A, 0, 0, 0, 0, 0}, descriptor);
    s.in(252, 0x03, 0x02, 0, 0, 252, 0).expect(5, 0x24, 0);
    setDescriptorSense(true);
    assertEquals(0x70, s.in(252, 0x03, 0, 0, 0, 252, 0).expectGood().data()[0], "DESC=0 is fixed even with D_SENSE");
    byte[] again = s.in(252, 0x03, 1, 0, 0, 0xFC, 0).expectGood().data();
    assertEquals(2, again[1], "NOT READY without a cartridge");
    contains(Sg3Utils.runOnHexFile(descriptor, "sg_decode_sense", "--file={}"), "Descriptor format", "Not Ready",
        "Medium not present");
  }

  @Test
  void scsiTapeDriveReadsTheSameWithDescriptorSense() throws Exception {
    setDescriptorSense(true);
    try (ScsiTapeDrive d = ScsiTapeDrive.open(drive, ScsiTapeDrive.OpenOptions.CHECK_ONLY)) {
      d.setBlockSize(0);
      assertEquals(WriteResult.OK, d.write(ByteBuffer.allocate(300)));
      assertEquals(WriteResult.OK, d.write(ByteBuffer.allocate(400)));
      assertEquals(WriteResult.OK, d.writeFilemarks(1, false));
      d.rewind();
      ReadResult shortBlock = d.read(ByteBuffer.allocate(1000));
      assertEquals(ReadResult.Kind.SHORT_BLOCK, shortBlock.kind());
      assertEquals(300, shortBlock.length());
      ReadResult overlength = d.read(ByteBuffer.allocate(100));
      assertEquals(ReadResult.Kind.OVERLENGTH_BLOCK, overlength.kind());
      assertEquals(ReadResult.Kind.FILEMARK, d.read(ByteBuffer.allocate(1000)).kind());
      assertEquals(ReadResult.Kind.END_OF_DATA, d.read(ByteBuffer.allocate(1000)).kind());
      d.rewind();
      SpaceResult spaced = d.spaceBlocks(5);
      assertEquals(3, spaced.residual().orElseThrow(), spaced.toString());
    }
  }

  private static void contains(String out, String... expected) {
    for (String e : expected) {
      assertTrue(out.contains(e), () -> "missing '" + e + "' in:\n" + out);
    }
  }
}
