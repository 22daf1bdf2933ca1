package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.internal.CheckCondition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualTapeDriveTest {
  static final byte[] NAA = {0x10, 0x22, 0x33, 0x44, (byte) 0xab, 0x00, 0x01, 0x10};
  @TempDir Path dir;
  final List<CartridgeFile> files = new ArrayList<>();

  @AfterEach
  void closeFiles() throws IOException {
    for (CartridgeFile f : files) {
      f.close();
    }
  }

  CartridgeFile cartridge(String barcode, long capacity) throws IOException {
    CartridgeFile f = CartridgeFile.create(dir.resolve(barcode + ".tkc"),
        CartridgeInfo.fresh(Barcode.parse(barcode), capacity, "20260101"));
    files.add(f);
    return f;
  }

  VirtualTapeDrive drive(DrivePersonality p) {
    return new VirtualTapeDrive("vtl:test:0", p, "XYZZY_A1", NAA, new FaultPlan());
  }

  /** A TD8 with a fresh LTO-8 cartridge loaded and unit attentions consumed. */
  Cdbs ready(VirtualTapeDrive d, String barcode, long capacity) throws IOException {
    d.insert(cartridge(barcode, capacity));
    Cdbs s = new Cdbs(d);
    s.clearUnitAttentions();
    s.tur().expectGood();
    return s;
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void unitAttentionsThenNotReadyThenLoad() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = new Cdbs(d);
    s.in(36, 0x12, 0, 0, 0, 36, 0).expectGood(); // INQUIRY does not consume the UA
    s.tur().expect(6, 0x29, 0x00);
    s.tur().expect(2, 0x3A, 0x00);
    Reply sense = s.in(18, 0x03, 0, 0, 0, 18, 0).expectGood();
    assertEquals(0x70, sense.data()[0] & 0x7F);
    assertEquals(2, sense.data()[2] & 0x0F);
    assertEquals(0x3A, sense.data()[12]);
    d.insert(cartridge("E01001L8", 64 << 20));
    s.tur().expect(6, 0x28, 0x00);
    s.tur().expectGood();
    d.reset();
    s.tur().expect(6, 0x29, 0x00);
    s.tur().expectGood();
  }

  /**
   * MODE SENSE(6) of page code 0 with 12 bytes, what Linux st sends when a tape is loaded: the header
   * and the block descriptor with the medium's density. Refusing it left st reporting density 0 and
   * its default block size (found by the kernel harness through open-iscsi).
   */
  @Test
  void modeSenseOfPageZeroIsTheHeaderAndBlockDescriptor() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    Reply r = s.in(12, 0x1A, 0, 0x00, 0, 12, 0).expectGood();
    byte[] d = r.data();
    assertEquals(11, d[0] & 0xFF, "mode data length: 3 header bytes and the descriptor");
    assertEquals(8, d[3] & 0xFF, "block descriptor length");
    assertEquals(0x5E, d[4] & 0xFF, "LTO-8 density code");
  }

  @Test
  void variableBlocksFilemarksAndEndOfData() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    s.write(bytes(1000, 1)).expectGood();
    s.write(bytes(2000, 2)).expectGood();
    s.writeFilemarks(1).expectGood();
    s.write(bytes(10, 3)).expectGood();
    assertArrayEquals(new long[] {4, 1}, s.position());
    s.rewind().expectGood();
    Reply r = s.read(1000, false).expectGood();
    assertArrayEquals(bytes(1000, 1), r.data());
    assertArrayEquals(bytes(2000, 2), s.read(2000, false).expectGood().data());
    Reply fm = s.read(4096, false).expect(0, 0, 1);
    assertEquals(0x80, fm.flags());
    assertEquals(4096, fm.information());
    assertEquals(0, fm.result().transferred());
    assertArrayEquals(new long[] {3, 1}, s.position());
    s.read(10, false).expectGood();
    Reply eod = s.read(10, false).expect(8, 0, 5);
    assertEquals(10, eod.information());
    assertArrayEquals(new long[] {4, 1}, s.position());
  }

  @Test
  void siliSuppressesOnlyUnderlength() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    for (int i = 0; i < 4; i++) {
      s.write(bytes(100, i)).expectGood();
    }
    s.rewind();
    // underlength without SILI: ILI, INFORMATION = requested - actual
    Reply under = s.read(150, false).expect(0, 0, 0);
    assertEquals(0x20, under.flags());
    assertEquals(50, under.information());
    assertEquals(100, under.result().transferred());
    assertEquals(50, under.result().residue());
    // underlength with SILI: GOOD, residue tells the length
    Reply silent = s.read(150, true).expectGood();
    assertEquals(100, silent.result().transferred());
    assertArrayEquals(bytes(100, 1), silent.data());
    // overlength with or without SILI: ILI, negative INFORMATION, data truncated, block consumed
    for (boolean sili : new boolean[] {true, false}) {
      Reply over = s.read(60, sili).expect(0, 0, 0);
      assertEquals(0x20, over.flags());
      assertEquals(-40, over.information());
      assertEquals(60, over.result().transferred());
    }
    assertArrayEquals(new long[] {4, 0}, s.position());
  }

  @Test
  void fixedBlockModeThroughModeSelect() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    s.writeFixed(new byte[512], 1).expect(5, 0x24, 0); // block size 0: fixed not allowed
    byte[] sel = {0, 0, 0x10, 8, 0, 0, 0, 0, 0, 0, 2, 0}; // block length 512
    s.out(sel, 0x15, 0x10, 0, 0, sel.length, 0).expectGood();
    Reply ms = s.in(12, 0x1A, 0, 0x0A, 0, 255, 0).expectGood();
    assertEquals(0x5E, ms.data()[4] & 0xFF); // LTO-8 density in the block descriptor
    assertEquals(512, ((ms.data()[10] & 0xFF) << 8) | (ms.data()[11] & 0xFF));
    byte[] three = bytes(1536, 7);
    s.writeFixed(three, 3).expectGood();
    s.write(bytes(100, 8)).expectGood(); // a variable block in between
    s.rewind();
    Reply r = s.readFixed(3, 512).expectGood();
    assertArrayEquals(three, r.data());
    Reply bad = s.readFixed(2, 512).expect(0, 0, 0);
    assertEquals(0x20, bad.flags());
    assertEquals(2, bad.information()); // no block read before the incorrect-length one
    s.in(512, 0x08, 3, 0, 0, 1, 0).expect(5, 0x24, 0); // FIXED and SILI together
  }

  @Test
  void spaceOverBlocksAndFilemarksBothWays() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    // layout: b0 b1 FM2 b3 b4 b5 FM6 FM7 b8 ; EOD 9
    s.write(bytes(10, 0));
    s.write(bytes(10, 1));
    s.writeFilemarks(1);
    s.write(bytes(10, 3));
    s.write(bytes(10, 4));
    s.write(bytes(10, 5));
    s.writeFilemarks(2);
    s.write(bytes(10, 8));
    s.rewind();
    s.space(0, 1).expectGood();
    assertEquals(1, s.position()[0]);
    Reply fm = s.space(0, 5).expect(0, 0, 1);
    assertEquals(4, fm.information());
    assertEquals(3, s.position()[0]); // after the filemark
    s.space(1, 1).expectGood();
    assertEquals(7, s.position()[0]);
    s.space(1, -1).expectGood();
    assertEquals(6, s.position()[0]); // BOP side of filemark 6
    Reply back = s.space(0, -5).expect(0, 0, 1);
    assertEquals(-2, back.information()); // spaced over b5 b4 b3, stopped before FM2
    assertEquals(2, s.position()[0]);
    Reply bop = s.space(0, -5).expect(0, 0, 4);
    assertEquals(0x40, bop.flags());
    assertEquals(-3, bop.information());
    assertEquals(0, s.position()[0]);
    Reply eod = s.space(1, 5).expect(8, 0, 5);
    assertEquals(2, eod.information());
    assertEquals(9, s.position()[0]);
    s.space(1, -2).expectGood();
    assertEquals(6, s.position()[0]);
    s.space16(3, 0).expectGood();
    assertEquals(9, s.position()[0]);
    s.space16(1, -3).expectGood();
    assertEquals(2, s.position()[0]);
    s.space(2, 1).expect(5, 0x24, 0);
  }

  @Test
  void locateAllDestinationTypesAndReadPositionForms() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    s.write(bytes(10, 0));
    s.writeFilemarks(1);
    s.write(bytes(10, 2));
    s.write(bytes(10, 3));
    s.writeFilemarks(1);
    s.locate10(3).expectGood();
    assertArrayEquals(new long[] {3, 1}, s.position());
    s.locate16(1, 2).expectGood(); // file 2 starts after the second filemark
    assertArrayEquals(new long[] {5, 2}, s.position());
    s.locate16(1, 1).expectGood();
    assertEquals(2, s.position()[0]);
    s.locate16(3, 0).expectGood();
    assertEquals(5, s.position()[0]);
    s.locate16(0, 0).expectGood();
    Reply shortForm = s.in(20, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood();
    assertEquals(0x80, shortForm.data()[0] & 0xFF); // BOP
    s.locate10(7).expect(8, 0, 5);
    assertEquals(5, s.position()[0]);
    s.locate16(1, 3).expect(8, 0, 5);
    s.locate16(2, 0).expect(5, 0x24, 0);
    s.locate10(2);
    Reply ext = s.in(32, 0x34, 0x08, 0, 0, 0, 0, 0, 0, 32, 0).expectGood();
    assertEquals(32, ext.data().length);
    assertEquals(0x1C, ext.data()[3]);
    assertEquals(2, ByteBuffer.wrap(ext.data()).getLong(8));
    Reply sf = s.in(20, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood();
    assertEquals(2, ByteBuffer.wrap(sf.data()).getInt(4));
    assertEquals(2, ByteBuffer.wrap(sf.data()).getInt(8));
    s.in(32, 0x34, 0x07, 0, 0, 0, 0, 0, 0, 0, 0).expect(5, 0x24, 0);
  }

  @Test
  void earlyWarningThenOverflow() throws Exception {
    // 1 MiB capacity: early warning 64 KiB before the end
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 1 << 20);
    byte[] block = bytes(64 << 10, 1);
    for (int i = 0; i < 14; i++) {
      s.write(block).expectGood();
    }
    Reply ew = s.write(block).expect(0, 0, 2);
    assertEquals(0x40, ew.flags());
    s.write(block).expect(0, 0, 2); // 16 blocks = exactly the capacity
    Reply over = s.write(block).expect(0x0D, 0, 2);
    assertEquals(0x40, over.flags());
    assertEquals(65536, over.information());
    assertEquals(16, s.position()[0]);
    s.writeFilemarks(1).expect(0, 0, 2);
    Reply pos = s.in(20, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood();
    assertEquals(0x40, pos.data()[0] & 0xFF); // EOP (beyond early warning)
  }

  @Test
  void protectionWormCleaningAndGenerationRules() throws Exception {
    VirtualTapeDrive td8 = drive(DrivePersonality.ibmLto(8));
    CartridgeFile wp = cartridge("P00001L8", 1 << 20);
    wp.updateInfo(i -> i.withWriteProtected(true));
    td8.insert(wp);
    Cdbs s = new Cdbs(td8);
    s.clearUnitAttentions();
    s.write(bytes(10, 0)).expect(7, 0x27, 0);
    assertEquals(0x80, s.in(4, 0x1A, 0x08, 0x0A, 0, 4, 0).expectGood().data()[2] & 0x80);
    s.none(0x1B, 0, 0, 0, 0, 0).expectGood();
    assertSame(wp, td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.REFUSE));

    td8.insert(cartridge("W00001L8", 1 << 20));
    s.clearUnitAttentions();
    s.write(bytes(10, 0)).expectGood();
    s.write(bytes(10, 1)).expectGood();
    s.rewind();
    s.write(bytes(10, 2)).expect(7, 0x30, 0x0C);
    s.none(0x19, 1, 0, 0, 0, 0).expect(7, 0x30, 0x0C);
    s.space16(3, 0).expectGood();
    s.write(bytes(10, 2)).expectGood(); // appending at EOD is fine
    td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);

    td8.insert(cartridge("F01030L6", 1 << 20)); // LTO-6 in an LTO-8 drive: refused
    s.tur().expect(6, 0x28, 0);
    s.tur().expect(2, 0x30, 0x00);
    td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);

    td8.insert(cartridge("CLN101L8", 1 << 20));
    s.clearUnitAttentions();
    s.tur().expect(2, 0x30, 0x03);
    s.read(10, false).expect(2, 0x30, 0x03);
    CartridgeFile cln = td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    assertEquals(49, cln.info().cleaningUsesLeft());

    VirtualTapeDrive td6 = drive(DrivePersonality.ibmLto(6));
    Cdbs s6 = ready(td6, "A00001L4", 1 << 20); // LTO-4 in LTO-6: read only
    s6.write(bytes(10, 0)).expect(7, 0x30, 0x05);
    s6.read(10, false).expect(8, 0, 5);
  }

  @Test
  void aCleaningCartridgeCountsItsUsesInItsMemoryAndAnExpiredOneRaisesTapeAlert16h() throws Exception {
    VirtualTapeDrive td8 = drive(DrivePersonality.ibmLto(8));
    CartridgeFile cln = cartridge("CLN101L8", 1 << 20);
    cln.updateInfo(i -> i.withCleaningUsesLeft(1));
    td8.insert(cln);
    Cdbs s = new Cdbs(td8);
    s.clearUnitAttentions();
    s.tur().expect(2, 0x30, 0x03);
    byte[] mam = s.in(4096, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    dev.tapekit.scsi.mam.AttributeList attributes = dev.tapekit.scsi.mam.AttributeList.parse(mam);
    assertEquals(1, attributes.get(0x0003).orElseThrow().number(), "load count");
    assertEquals(1, attributes.get(0x0408).orElseThrow().number(), "SPC medium type: cleaning");
    assertEquals(1, attributes.get(0x0409).orElseThrow().number(), "maximum cleanings: the one used");
    assertEquals(0, td8.tapeAlertFlags());
    td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);

    td8.insert(cln); // now expired
    s.clearUnitAttentions();
    s.tur().expect(2, 0x30, 0x03);
    assertEquals(1L << (0x16 - 1), td8.tapeAlertFlags());
    assertEquals(0, cln.info().cleaningUsesLeft());
    td8.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    assertEquals(0, td8.tapeAlertFlags(), "the flag leaves with the cartridge");
  }

  @Test
  void preventAllowIsEnforcedAndRemovalPolicies() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = ready(d, "E01001L8", 1 << 20);
    s.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    s.none(0x1B, 0, 0, 0, 0, 0).expect(5, 0x53, 0x02);
    CheckCondition refused = assertThrows(CheckCondition.class,
        () -> d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    assertEquals(0x53, refused.asc());
    assertThrows(CheckCondition.class, () -> d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.REFUSE));
    s.none(0x1E, 0, 0, 0, 0, 0).expectGood();
    assertThrows(CheckCondition.class, () -> d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.REFUSE));
    s.none(0x1B, 0, 0, 0, 0, 0).expectGood(); // unload: cartridge stays in the mouth
    s.tur().expect(2, 0x04, 0x02);
    s.none(0x1B, 0, 0, 0, 1, 0).expectGood(); // load again
    s.tur().expectGood();
    s.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    CartridgeFile f = d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    assertTrue(f != null);
    assertFalse(d.isRemovalPrevented());
    assertNull(d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.REFUSE));
    s.tur().expect(2, 0x3A, 0);
    s.none(0x1B, 0, 0, 0, 1, 0).expect(2, 0x3A, 0);
    s.none(0x1E, 0, 0, 0, 2, 0).expect(5, 0x24, 0);
  }

  @Test
  void inquiryAndVpdPages() throws Exception {
    Cdbs s = new Cdbs(drive(DrivePersonality.ibmLto(8)));
    byte[] inq = s.in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
    assertEquals(74, inq.length);
    assertEquals(0x01, inq[0]);
    assertEquals(0x80, inq[1] & 0xFF);
    assertEquals(69, inq[4]);
    assertEquals("IBM     ULT3580-TD8     2160", new String(inq, 8, 28, StandardCharsets.US_ASCII));
    assertArrayEquals(new byte[] {1, 0, 0, 5, 0, (byte) 0x80, (byte) 0x83, (byte) 0xB0, (byte) 0xB1},
        s.in(64, 0x12, 1, 0x00, 0, 64, 0).expectGood().data());
    byte[] p80 = s.in(64, 0x12, 1, 0x80, 0, 64, 0).expectGood().data();
    assertEquals("XYZZY_A1", new String(p80, 4, p80[3], StandardCharsets.US_ASCII));
    byte[] p83 = s.in(255, 0x12, 1, 0x83, 0, 255, 0).expectGood().data();
    assertEquals(p83.length - 4, p83[3]);
    assertEquals("IBM     ULT3580-TD8     XYZZY_A1", new String(p83, 8, 32, StandardCharsets.US_ASCII));
    assertArrayEquals(NAA, Arrays.copyOfRange(p83, p83.length - 8, p83.length));
    assertEquals(1, s.in(64, 0x12, 1, 0xB0, 0, 64, 0).expectGood().data()[4]);
    s.in(64, 0x12, 1, 0x99, 0, 64, 0).expect(5, 0x24, 0);
    Reply bad = s.in(64, 0x12, 0, 0x80, 0, 64, 0).expect(5, 0x24, 0);
    assertEquals(0xC0, bad.result().sense()[15] & 0xFF); // SKSV + C/D
    assertEquals(2, bad.result().sense()[17]);
    byte[] truncated = s.in(96, 0x12, 0, 0, 0, 5, 0).expectGood().data();
    assertEquals(5, truncated.length);
    byte[] luns = s.in(64, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).expectGood().data();
    assertArrayEquals(new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, luns);
    s.none(0xC7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expect(6, 0x29, 0);
    s.none(0xC7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expect(5, 0x20, 0);
  }

  @Test
  void reportSupportedOperationCodesWithTimeouts() throws Exception {
    Cdbs s = new Cdbs(drive(DrivePersonality.ibmLto(8)));
    s.clearUnitAttentions();
    byte[] all = s.in(4096, 0xA3, 0x0C, 0x80, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    int length = ByteBuffer.wrap(all).getInt(0);
    assertEquals(all.length - 4, length);
    assertEquals(0, length % 20); // 8-byte descriptors + 12-byte timeouts descriptors
    boolean sawWrite = false;
    for (int i = 4; i < all.length; i += 20) {
      if ((all[i] & 0xFF) == 0x0A) {
        sawWrite = true;
        assertEquals(0x02, all[i + 5]); // CTDP
        assertEquals(6, all[i + 7]);
        assertEquals(1500, ByteBuffer.wrap(all).getInt(i + 16));
      }
    }
    assertTrue(sawWrite);
    byte[] one = s.in(64, 0xA3, 0x0C, 0x81, 0x08, 0, 0, 0, 0, 0, 64, 0, 0).expectGood().data();
    assertEquals(0x83, one[1] & 0xFF);
    assertEquals(6, one[3]);
    assertEquals(0x08, one[4]);
    byte[] sa = s.in(64, 0xA3, 0x0C, 0x02, 0x34, 0, 0x06, 0, 0, 0, 64, 0, 0).expectGood().data();
    assertEquals(0x03, sa[1]);
    byte[] unsupported = s.in(64, 0xA3, 0x0C, 0x01, 0xC7, 0, 0, 0, 0, 0, 64, 0, 0).expectGood().data();
    assertEquals(0x01, unsupported[1]);
    s.in(64, 0xA3, 0x0C, 0x01, 0x34, 0, 0, 0, 0, 0, 64, 0, 0).expect(5, 0x24, 0); // has service actions
  }

  @Test
  void modeSenseAndSelectValidation() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 1 << 20);
    byte[] all = s.in(255, 0x5A, 0, 0x3F, 0, 0, 0, 0, 0, 255, 0).expectGood().data();
    assertEquals(all.length - 2, ((all[0] & 0xFF) << 8) | (all[1] & 0xFF));
    assertEquals(8 + 8 + 12 + 16 + 16 + (8 + 2 * 4) + 32, all.length); // page 0x11 of an LTO-8: four size fields
    byte[] compression = s.in(255, 0x1A, 0x08, 0x0F, 0, 255, 0).expectGood().data();
    assertEquals(4 + 16, compression.length);
    assertEquals(0x80, compression[6] & 0x80); // DCE on by default
    byte[] mask = s.in(255, 0x1A, 0x08, 0x4F, 0, 255, 0).expectGood().data();
    assertEquals(0x80, mask[6] & 0xFF);
    // turn compression off
    compression[0] = 0;
    compression[6] = (byte) (compression[6] & 0x7F);
    s.out(compression, 0x15, 0x10, 0, 0, compression.length, 0).expectGood();
    assertEquals(0, s.in(255, 0x1A, 0x08, 0x0F, 0, 255, 0).data()[6] & 0x80);
    // change a byte that is not changeable: field pointer at parameter byte 4+3
    compression[7] = 0;
    Reply bad = s.out(compression, 0x15, 0x10, 0, 0, compression.length, 0).expect(5, 0x26, 0);
    assertEquals(0x80, bad.result().sense()[15] & 0xFF); // SKSV, C/D = 0 (parameter list)
    assertEquals(7, bad.result().sense()[17]);
    s.in(255, 0x1A, 0, 0xC0 | 0x0F, 0, 255, 0).expect(5, 0x39, 0);
    s.in(255, 0x1A, 0, 0x21, 0, 255, 0).expect(5, 0x24, 0);
    // software write protect through page 0x10
    byte[] config = s.in(255, 0x1A, 0x08, 0x10, 0, 255, 0).expectGood().data();
    config[0] = 0;
    config[4 + 10] |= 0x04;
    s.out(config, 0x15, 0x10, 0, 0, config.length, 0).expectGood();
    s.write(bytes(10, 0)).expect(7, 0x27, 0);
  }

  @Test
  void logPagesAndTapeAlertClearOnRead() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = ready(d, "E01001L8", 64 << 20);
    s.write(bytes(3 << 20, 1)).expectGood();
    byte[] supported = s.in(64, 0x4D, 0, 0x00, 0, 0, 0, 0, 0, 64, 0).expectGood().data();
    assertArrayEquals(new byte[] {0, 0, 0, 8, 0x00, 0x02, 0x03, 0x0C, 0x11, 0x12, 0x17, 0x2E}, supported);
    byte[] seq = s.in(512, 0x4D, 0, 0x0C, 0, 0, 0, 0, 0x02, 0, 0).expectGood().data();
    assertEquals(0x0C, seq[0]);
    assertEquals(seq.length - 4, ((seq[2] & 0xFF) << 8) | (seq[3] & 0xFF));
    assertEquals(3 << 20, ByteBuffer.wrap(seq).getLong(8)); // parameter 0000: 8-byte counter
    byte[] stats = s.in(512, 0x4D, 0, 0x17, 0, 0, 0, 0, 0x02, 0, 0).expectGood().data();
    assertEquals(0x17, stats[0]);
    d.raiseTapeAlert(20);
    byte[] ta = s.in(512, 0x4D, 0, 0x2E, 0, 0, 0, 0, 0x02, 0, 0).expectGood().data();
    assertEquals(4 + 64 * 5, ta.length);
    assertEquals(1, ta[4 + 19 * 5 + 4]);
    byte[] again = s.in(512, 0x4D, 0, 0x2E, 0, 0, 0, 0, 0x02, 0, 0).expectGood().data();
    assertEquals(0, again[4 + 19 * 5 + 4]);
    byte[] pointer = s.in(512, 0x4D, 0, 0x2E, 0, 0, 0, 63, 0x02, 0, 0).expectGood().data();
    assertEquals(4 + 2 * 5, pointer.length);
    s.in(512, 0x4D, 0, 0x33, 0, 0, 0, 0, 0x02, 0, 0).expect(5, 0x24, 0);
    byte[] status = s.in(64, 0x4D, 0, 0x11, 0, 0, 0, 0, 0, 64, 0).expectGood().data();
    assertEquals(0x13, status[9] & 0xFF); // MPRSNT, MTHRD, MOUNTED
  }

  @Test
  void mamCountersChangeAndHostAttributesPersist() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = ready(d, "E01001L8", 64 << 20);
    s.write(bytes(2 << 20, 1)).expectGood();
    byte[] barcode = "E01001L8".getBytes(StandardCharsets.US_ASCII);
    byte[] param = new byte[4 + 5 + 32];
    param[3] = 37;
    param[4] = 0x08;
    param[5] = 0x06;
    param[6] = 0x01;
    param[8] = 32;
    Arrays.fill(param, 9, 41, (byte) ' ');
    System.arraycopy(barcode, 0, param, 9, barcode.length);
    s.out(param, 0x8D, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, param.length, 0, 0).expectGood();
    byte[] values = s.in(4096, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    assertEquals(values.length - 4, ByteBuffer.wrap(values).getInt(0));
    assertEquals(1, attribute(values, 0x0003).getLong()); // load count
    assertEquals(2, attribute(values, 0x0220).getLong()); // MiB written
    assertEquals(2, attribute(values, 0x0222).getLong());
    ByteBuffer bc = attribute(values, 0x0806);
    byte[] stored = new byte[32];
    bc.get(stored);
    assertEquals("E01001L8", new String(stored, StandardCharsets.US_ASCII).trim());
    // read-only attribute rejected
    param[4] = 0x00;
    param[5] = 0x03;
    s.out(param, 0x8D, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, param.length, 0, 0).expect(5, 0x26, 0);
    s.in(4096, 0x8C, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expect(5, 0x24, 0);
    byte[] list = s.in(4096, 0x8C, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    assertEquals(0, (list.length - 4) % 2);
    // reload: load count 2, last-load counters reset, host attribute kept
    CartridgeFile f = d.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    d.insert(f);
    s.clearUnitAttentions();
    byte[] again = s.in(4096, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    assertEquals(2, attribute(again, 0x0003).getLong());
    assertEquals(0, attribute(again, 0x0222).getLong());
    assertEquals(2, attribute(again, 0x0220).getLong());
    assertTrue(attribute(again, 0x0806).remaining() == 32);
  }

  static ByteBuffer attribute(byte[] data, int id) {
    int i = 4;
    while (i < data.length) {
      int aid = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
      int len = ((data[i + 3] & 0xFF) << 8) | (data[i + 4] & 0xFF);
      if (aid == id) {
        return ByteBuffer.wrap(data, i + 5, len).slice();
      }
      i += 5 + len;
    }
    throw new AssertionError("attribute " + Integer.toHexString(id) + " missing");
  }

  @Test
  void reportDensitySupport() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(6)), "F01030L6", 1 << 20);
    byte[] all = s.in(1024, 0x44, 0, 0, 0, 0, 0, 0, 0x04, 0, 0).expectGood().data();
    assertEquals(all.length - 2, ((all[0] & 0xFF) << 8) | (all[1] & 0xFF));
    assertEquals(4 + 3 * 52, all.length); // LTO-6, LTO-5 (R/W), LTO-4 (R/O)
    assertEquals(0x5A, all[4] & 0xFF);
    assertEquals(0xA1, all[6] & 0xFF); // WRTOK, DEFLT, DLV
    assertEquals(0x01, all[4 + 2 * 52 + 2] & 0xFF); // LTO-4: not WRTOK
    assertEquals(2_500_000, ByteBuffer.wrap(all).getInt(4 + 12));
    assertEquals("U-616", new String(all, 4 + 24, 8, StandardCharsets.US_ASCII).trim());
    byte[] media = s.in(1024, 0x44, 1, 0, 0, 0, 0, 0, 0x04, 0, 0).expectGood().data();
    assertEquals(4 + 52, media.length);
    byte[] types = s.in(1024, 0x44, 2, 0, 0, 0, 0, 0, 0x04, 0, 0).expectGood().data();
    assertEquals(4 + 3 * 56, types.length);
  }

  @Test
  void injectedFaults() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = ready(d, "E01001L8", 64 << 20);
    d.faults().mediumErrorOnWrite(2).mediumErrorOnRead(1).earlyWarningAtObject(3);
    s.write(bytes(10, 0)).expectGood();
    s.write(bytes(10, 1)).expect(3, 0x0C, 0);
    s.write(bytes(10, 1)).expectGood();
    s.write(bytes(10, 2)).expect(0, 0, 2);
    s.rewind();
    s.read(10, false).expect(3, 0x11, 0);
    assertEquals(0, s.position()[0]);
    assertArrayEquals(bytes(10, 0), s.read(10, false).expectGood().data());
    long n = d.faults().commandCount();
    d.faults().busyOnCommand(n + 1).timeoutOnCommand(n + 2);
    assertEquals(0x08, s.tur().result().status());
    ScsiTransportException e = assertThrows(ScsiTransportException.class, s::tur);
    assertEquals(ScsiTransportException.Kind.TIMEOUT, e.kind());
    s.tur().expectGood();
    d.faults().offline(true);
    s.tur().expect(2, 0x04, 0x12);
    s.in(36, 0x12, 0, 0, 0, 36, 0).expectGood();
    d.faults().offline(false);
    d.postUnitAttention(0x2A, 0x01);
    s.tur().expect(6, 0x2A, 0x01);
  }

  @Test
  void corruptBlockReadsAsMediumError() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    Cdbs s = ready(d, "E01001L8", 64 << 20);
    s.write(bytes(100, 0)).expectGood();
    s.rewind();
    CartridgeFile f = d.cartridge();
    try (var ch = java.nio.channels.FileChannel.open(f.path(), java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x55}), 8192 + 32 + 5);
    }
    s.read(100, false).expect(3, 0x11, 0);
  }

  @Test
  void corruptBlockInTheMiddleOfAClosedCartridgeIsOneMediumError() throws Exception {
    Path p = dir.resolve("E01002L8.tkc");
    try (CartridgeFile f = CartridgeFile.create(p, CartridgeInfo.fresh(Barcode.parse("E01002L8"), 64 << 20, "20260101"))) {
      for (int i = 0; i < 5; i++) {
        f.appendBlock(ByteBuffer.wrap(bytes(1000, i)));
      }
    }
    try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long at = 8192 + 2 * (32 + 1000) + 32 + 500; // a bit inside the payload of block 2
      ch.read(b, at);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x04)}), at);
    }
    CartridgeFile f = CartridgeFile.open(p);
    files.add(f);
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    d.insert(f);
    Cdbs s = new Cdbs(d);
    s.clearUnitAttentions();
    assertArrayEquals(bytes(1000, 0), s.read(1000, false).expectGood().data());
    assertArrayEquals(bytes(1000, 1), s.read(1000, false).expectGood().data());
    s.read(1000, false).expect(3, 0x11, 0);
    s.locate10(3).expectGood();
    assertArrayEquals(bytes(1000, 3), s.read(1000, false).expectGood().data());
    assertArrayEquals(bytes(1000, 4), s.read(1000, false).expectGood().data());
  }

  @Test
  void becomingReadyDelayAfterLoad() throws Exception {
    VirtualTapeDrive d = drive(DrivePersonality.ibmLto(8));
    java.time.Instant[] now = {java.time.Instant.parse("2026-01-01T00:00:00Z")};
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now[0];
      }
    };
    d.setBecomingReadyDelay(java.time.Duration.ofSeconds(15), clock);
    d.insert(cartridge("E01001L8", 1 << 20));
    Cdbs s = new Cdbs(d);
    s.clearUnitAttentions();
    s.tur().expect(2, 0x04, 0x01);
    s.write(bytes(10, 0)).expect(2, 0x04, 0x01);
    assertEquals(0x01, s.in(18, 0x03, 0, 0, 0, 18, 0).expectGood().data()[13]);
    now[0] = now[0].plusSeconds(15);
    s.tur().expectGood();
  }

  @Test
  void dataOutShorterThanTheCdbIsATransportError() throws Exception {
    Cdbs s = ready(drive(DrivePersonality.ibmLto(8)), "E01001L8", 64 << 20);
    ScsiTransportException e =
        assertThrows(ScsiTransportException.class, () -> s.out(new byte[10], 0x0A, 0, 0, 0, 20, 0));
    assertEquals(ScsiTransportException.Kind.HOST_ERROR, e.kind());
  }
}
