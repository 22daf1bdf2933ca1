package dev.tapekit.vtl.changer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualChangerTest {
  @TempDir Path dir;
  final List<Duration> slept = new ArrayList<>();
  VirtualTapeDrive td8;
  VirtualTapeDrive td6;

  VirtualChanger changer(ThreadedRemoval policy) throws Exception {
    Map<Integer, ElementState> placed = new HashMap<>();
    String[] slots = {"E01001L8", "E01002L8", null, "CLN101L8", "F01030L6"};
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        CartridgeFile.create(dir.resolve(slots[i] + ".tkc"),
            CartridgeInfo.fresh(Barcode.parse(slots[i]), 1 << 20, "20260101")).close();
        placed.put(1000 + i, new ElementState(1000 + i, ElementType.STORAGE, i, slots[i], -1, false));
      }
    }
    CartridgeFile.create(dir.resolve("X00001L8.tkc"), CartridgeInfo.fresh(Barcode.parse("X00001L8"), 1 << 20, "20260101")).close();
    td8 = new VirtualTapeDrive("vtl:T:0", DrivePersonality.ibmLto(8), "XYZZY_A1", new byte[8], new FaultPlan());
    td6 = new VirtualTapeDrive("vtl:T:1", DrivePersonality.ibmLto(6), "XYZZY_A2", new byte[8], new FaultPlan());
    ChangerLayout layout = new ChangerLayout("STK", "L700", "550V", "XYZZY_A", new byte[8], 1, 10, 2, 500, 1000, 6, policy);
    VirtualChanger c = new VirtualChanger("vtl:T", layout, List.of(td8, td6),
        b -> CartridgeFile.open(dir.resolve(b + ".tkc")), new FaultPlan(), placed);
    new Cdbs(c).clearUnitAttentions();
    return c;
  }

  static int[] move(int src, int dst) {
    return new int[] {0xA5, 0, 0, 1, src >>> 8, src, dst >>> 8, dst, 0, 0, 0, 0};
  }

  static int[] res(int type, int start, int count, int alloc, boolean voltag, boolean dvcid) {
    return new int[] {0xB8, (voltag ? 0x10 : 0) | type, start >>> 8, start, count >>> 8, count, dvcid ? 1 : 0,
        alloc >>> 16, alloc >>> 8, alloc, 0, 0};
  }

  @Test
  void elementAddressAssignmentPage() throws Exception {
    Cdbs s = new Cdbs(changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    byte[] p = s.in(255, 0x1A, 0x08, 0x1D, 0, 255, 0).expectGood().data();
    assertEquals(4 + 20, p.length);
    assertEquals(p.length - 1, p[0]);
    ByteBuffer b = ByteBuffer.wrap(p, 6, 16);
    int[] expected = {1, 1, 1000, 6, 10, 2, 500, 2};
    for (int v : expected) {
      assertEquals(v, b.getShort());
    }
    byte[] all = s.in(255, 0x5A, 0x08, 0x3F, 0, 0, 0, 0, 0, 255, 0).expectGood().data();
    assertEquals(8 + 20 + 4 + 20, all.length);
    s.in(255, 0x1A, 0x08, 0x0A, 0, 255, 0).expect(5, 0x24, 0);
    byte[] inq = s.in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
    assertEquals(0x08, inq[0]);
    assertEquals("STK     L700            550V", new String(inq, 8, 28, StandardCharsets.US_ASCII));
  }

  @Test
  void readElementStatusAllTypesWithVoltagAndDvcid() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    byte[] r = s.in(65535, res(0, 0, 0xFFFF, 65535, true, true)).expectGood().data();
    ByteBuffer b = ByteBuffer.wrap(r);
    assertEquals(1, b.getShort(0)); // first element: the transport
    assertEquals(1 + 2 + 2 + 6, b.getShort(2));
    assertEquals(r.length - 8, b.getInt(4) & 0xFFFFFF);
    // pages: transport(1), I/E(2), drives(2), storage(6)
    int at = 8;
    int[][] pages = {{1, 1}, {3, 2}, {4, 2}, {2, 6}};
    for (int[] page : pages) {
      assertEquals(page[0], r[at]);
      assertEquals(0x80, r[at + 1] & 0xFF);
      int len = b.getShort(at + 2);
      assertEquals(page[0] == 4 ? 12 + 36 + 38 : 12 + 36 + 4, len);
      assertEquals(len * page[1], b.getInt(at + 4) & 0xFFFFFF);
      at += 8 + len * page[1];
    }
    assertEquals(r.length, at);
    // storage slot 1000: full, data medium, barcode padded with spaces
    int slot0 = 8 + (8 + 52) + (8 + 2 * 52) + (8 + 2 * 86) + 8;
    assertEquals(1000, b.getShort(slot0));
    assertEquals(0x09, r[slot0 + 2]); // ACCESS | FULL
    assertEquals(1, r[slot0 + 9] & 0x07);
    assertEquals("E01001L8" + " ".repeat(24), new String(r, slot0 + 12, 32, StandardCharsets.US_ASCII));
    assertEquals(2, r[slot0 + 3 * 52 + 9] & 0x07); // CLN101L8 cleaning
    // drive 500 DVCID
    int drive0 = 8 + (8 + 52) + (8 + 2 * 52) + 8;
    assertEquals(500, b.getShort(drive0));
    assertEquals("IBM     ULT3580-TD8     XYZZY_A1  ",
        new String(r, drive0 + 12 + 36 + 4, 34, StandardCharsets.US_ASCII));
  }

  @Test
  void pagingAndAllocationTruncation() throws Exception {
    Cdbs s = new Cdbs(changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    byte[] two = s.in(4096, res(2, 1002, 2, 4096, false, false)).expectGood().data();
    ByteBuffer b = ByteBuffer.wrap(two);
    assertEquals(1002, b.getShort(0));
    assertEquals(2, b.getShort(2));
    assertEquals(8 + 8 + 2 * 16, two.length);
    assertEquals(0, two[16 + 2] & 0x01); // slot 1002 empty
    assertEquals(1003, b.getShort(16 + 16));
    Reply cut = s.in(4096, res(0, 0, 100, 20, true, false)).expectGood();
    assertEquals(20, cut.data().length);
    byte[] full = s.in(65535, res(0, 0, 100, 65535, true, false)).expectGood().data();
    assertEquals(ByteBuffer.wrap(full).getInt(4) & 0xFFFFFF, ByteBuffer.wrap(cut.data()).getInt(4) & 0xFFFFFF);
    s.in(4096, res(2, 5000, 1, 4096, false, false)).expect(5, 0x21, 0x01);
    s.in(4096, res(7, 0, 1, 4096, false, false)).expect(5, 0x24, 0);
  }

  @Test
  void moveRules() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    Reply empty = s.none(move(1002, 1003)).expect(5, 0x3B, 0x0E);
    Reply full = s.none(move(1000, 1001)).expect(5, 0x3B, 0x0D);
    Reply bad = s.none(move(1000, 999)).expect(5, 0x21, 0x01);
    assertEquals(6, bad.result().sense()[17]);
    s.none(move(1000, 1)).expect(5, 0x21, 0x01); // the transport is no destination
    s.none(0xA5, 0, 0, 7, 0x03, 0xE8, 0x03, 0xEA, 0, 0, 0, 0).expect(5, 0x21, 0x01); // bad transport
    s.none(0xA5, 0, 0, 0, 0x03, 0xE8, 0x03, 0xEA, 0, 0, 1, 0).expect(5, 0x24, 0); // INVERT
    s.none(move(1004, 500)).expect(5, 0x30, 0x00); // LTO-6 into TD8: incompatible
    assertEquals(empty.key(), full.key());
    // slot -> drive loads the cartridge there
    s.none(move(1000, 500)).expectGood();
    Cdbs d = new Cdbs(td8);
    d.clearUnitAttentions();
    d.tur().expectGood();
    d.write(new byte[100]).expectGood();
    // prevented: refused; allowed: library unloads it
    d.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    s.none(move(500, 1002)).expect(5, 0x53, 0x02);
    d.none(0x1E, 0, 0, 0, 0, 0).expectGood();
    s.none(move(500, 1002)).expectGood();
    d.tur().expect(2, 0x3A, 0);
    ElementState moved = c.elements().stream().filter(e -> e.address() == 1002).findFirst().orElseThrow();
    assertEquals("E01001L8", moved.barcode());
    assertEquals(500, moved.sourceAddress());
    byte[] st = s.in(4096, res(2, 1002, 1, 4096, false, false)).expectGood().data();
    assertEquals(0x80, st[16 + 9] & 0x80); // SVALID
    assertEquals(500, ByteBuffer.wrap(st).getShort(16 + 10));
    // cleaning cartridge of the family fits any LTO drive; LTO-6 into TD6
    s.none(move(1003, 500)).expectGood();
    s.none(move(1004, 501)).expectGood();
  }

  @Test
  void strictLibraryRefusesThreadedCartridges() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.REFUSE);
    Cdbs s = new Cdbs(c);
    s.none(move(1000, 500)).expectGood();
    Cdbs d = new Cdbs(td8);
    d.clearUnitAttentions();
    s.none(move(500, 1002)).expect(5, 0x53, 0x02);
    d.none(0x1B, 0, 0, 0, 0, 0).expectGood(); // host unloads
    s.none(move(500, 1002)).expectGood();
  }

  @Test
  void exchangeMedium() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_ALWAYS);
    Cdbs s = new Cdbs(c);
    s.none(move(1000, 500)).expectGood();
    // exchange: slot 1001 into drive 500, the drive's cartridge to empty slot 1002
    s.none(0xA6, 0, 0, 0, 0x03, 0xE9, 0x01, 0xF4, 0x03, 0xEA, 0, 0).expectGood();
    assertEquals("E01002L8", c.elements().stream().filter(e -> e.address() == 500).findFirst().orElseThrow().barcode());
    assertEquals("E01001L8", c.elements().stream().filter(e -> e.address() == 1002).findFirst().orElseThrow().barcode());
    // swap back in place (second destination = source)
    s.none(0xA6, 0, 0, 0, 0x03, 0xEA, 0x01, 0xF4, 0x03, 0xEA, 0, 0).expectGood();
    assertEquals("E01001L8", c.elements().stream().filter(e -> e.address() == 500).findFirst().orElseThrow().barcode());
    s.none(0xA6, 0, 0, 0, 0x03, 0xEB, 0x01, 0xF4, 0x03, 0xEC, 0, 0).expect(5, 0x3B, 0x0D); // second destination full
    s.none(0xA6, 0, 0, 0, 0x03, 0xE8, 0x01, 0xF4, 0x03, 0xE9, 0, 0).expect(5, 0x3B, 0x0E);
  }

  @Test
  void importExportWithOperatorApiAndPrevent() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    List<List<ElementState>> seen = new ArrayList<>();
    c.setStateListener(seen::add);
    c.importCartridge(0, "X00001L8");
    s.tur().expect(6, 0x28, 0x01);
    byte[] ie = s.in(4096, res(3, 0, 2, 4096, true, false)).expectGood().data();
    assertEquals(0x3B, ie[16 + 2]); // INENAB EXENAB ACCESS IMPEXP FULL
    assertThrows(IllegalStateException.class, () -> c.importCartridge(0, "X00001L8"));
    assertThrows(IllegalStateException.class, () -> c.importCartridge(1, "E01001L8"));
    s.none(move(10, 1002)).expectGood();
    s.none(move(1000, 11)).expectGood();
    s.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    assertThrows(IllegalStateException.class, () -> c.exportCartridge(1));
    s.none(0x1E, 0, 0, 0, 0, 0).expectGood();
    assertEquals("E01001L8", c.exportCartridge(1));
    assertNull(c.exportCartridge(1));
    assertEquals(4, seen.size());
    s.tur().expect(6, 0x28, 0x01);
    s.none(0x07, 0, 0, 0, 0, 0).expectGood();
    s.none(0x2B, 0, 0, 1, 0x01, 0xF4, 0, 0, 0, 0).expectGood();
    s.none(0x2B, 0, 0, 1, 0x00, 0x05, 0, 0, 0, 0).expect(5, 0x21, 0x01);
    s.none(0xE7, 1, 0x03, 0xE8, 0, 0, 0, 0, 2, 0).expectGood();
  }

  @Test
  void slowMovesAndTimeouts() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    c.faults().moveDelay(Duration.ofSeconds(5), slept::add);
    Cdbs s = new Cdbs(c);
    s.none(move(1000, 1002)).expectGood(); // the helper's timeout is 10 s
    assertEquals(List.of(Duration.ofSeconds(5)), slept);
    c.faults().moveDelay(Duration.ofSeconds(30), slept::add);
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> s.none(move(1002, 1000)));
    assertEquals(ScsiTransportException.Kind.TIMEOUT, e.kind());
    assertTrue(c.elements().stream().anyMatch(x -> x.address() == 1000 && "E01001L8".equals(x.barcode())));
    c.faults().offline(true);
    s.tur().expect(2, 0x04, 0x12);
  }

  // ---- OPEN/CLOSE IMPORT/EXPORT ELEMENT

  static int[] openClose(int address, int action) {
    return new int[] {0x1B, 0, address >>> 8, address, action, 0};
  }

  @Test
  void openAndCloseTheImportExportStation() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    s.none(openClose(10, 0)).expectGood();
    assertTrue(c.isImportExportOpen());
    s.none(openClose(11, 0)).expectGood(); // one door for both mail slots; opening again is fine
    byte[] ie = s.in(4096, res(3, 0, 2, 4096, false, false)).expectGood().data();
    assertEquals(0x30, ie[16 + 2]); // INENAB EXENAB, ACCESS clear
    assertEquals(0x30, ie[16 + 16 + 2]);
    byte[] slots = s.in(4096, res(2, 1000, 1, 4096, false, false)).expectGood().data();
    assertEquals(0x09, slots[16 + 2]); // storage stays accessible
    s.none(move(1000, 10)).expect(5, 0x3B, 0x11);
    s.none(0x2B, 0, 0, 1, 0, 11, 0, 0, 0, 0).expect(5, 0x3B, 0x11); // POSITION TO ELEMENT
    s.none(0xA6, 0, 0, 0, 0x03, 0xE8, 0, 10, 0x03, 0xEA, 0, 0).expect(5, 0x3B, 0x11);
    c.importCartridge(0, "X00001L8"); // the operator fills it while open
    s.tur().expect(6, 0x28, 0x01);
    s.none(openClose(10, 1)).expectGood();
    assertFalse(c.isImportExportOpen());
    s.tur().expect(6, 0x28, 0x01); // closing: the contents may have changed
    s.tur().expectGood();
    s.none(openClose(10, 1)).expectGood(); // closing a closed door: no new unit attention
    s.tur().expectGood();
    s.none(move(10, 1002)).expectGood();
  }

  @Test
  void openCloseRefusals() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    Reply notMail = s.none(openClose(1000, 0)).expect(5, 0x21, 0x01);
    assertArrayEquals(new byte[] {(byte) 0xC0, 0, 2}, Arrays.copyOfRange(notMail.result().sense(), 15, 18));
    s.none(0x1B, 0, 0, 0, 2, 0).expect(5, 0x21, 0x01); // mtx eject: LOAD UNLOAD's LoEj on address 0
    Reply action = s.none(openClose(10, 2)).expect(5, 0x24, 0x00);
    assertArrayEquals(new byte[] {(byte) 0xCC, 0, 4}, Arrays.copyOfRange(action.result().sense(), 15, 18));
    s.none(openClose(10, 0x21)).expect(5, 0x24, 0x00);
    s.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    s.none(openClose(10, 0)).expect(5, 0x53, 0x02);
    assertFalse(c.isImportExportOpen());
    s.none(0x1E, 0, 0, 0, 0, 0).expectGood();
    s.none(openClose(10, 0)).expectGood();
    s.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    s.none(openClose(10, 0)).expectGood(); // already open: PREVENT does not shut it
    s.none(openClose(10, 1)).expectGood();
    s.tur().expect(6, 0x28, 0x01);
    byte[] opcodes = s.in(4096, 0xA3, 0x0C, 0x01, 0x1B, 0, 0, 0, 0, 0x10, 0, 0, 0).expectGood().data();
    assertEquals(0x03, opcodes[1] & 0x07); // supported
  }

  @Test
  void readElementStatusAcceptsCurdataAndRefusesReservedBits() throws Exception {
    Cdbs s = new Cdbs(changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    int[] plain = res(0, 0, 0xFFFF, 65535, true, true);
    byte[] expected = s.in(65535, plain).expectGood().data();
    int[] curdata = plain.clone();
    curdata[6] |= 0x02;
    assertArrayEquals(expected, s.in(65535, curdata).expectGood().data());
    int[] reserved = plain.clone();
    reserved[6] |= 0x20;
    Reply r = s.in(65535, reserved).expect(5, 0x24, 0x00);
    assertArrayEquals(new byte[] {(byte) 0xCD, 0, 6}, Arrays.copyOfRange(r.result().sense(), 15, 18));
  }

  // ---- MODE SELECT

  /** MODE SENSE(6) of {@code page} without block descriptors, and the same as MODE SELECT(6) data. */
  static byte[] sense6(Cdbs s, int page) throws Exception {
    return s.in(255, 0x1A, 0x08, page, 0, 255, 0).expectGood().data();
  }

  static Reply select6(Cdbs s, byte[] list) throws Exception {
    return s.out(list, 0x15, 0x10, 0, 0, list.length, 0);
  }

  static Reply select10(Cdbs s, byte[] list) throws Exception {
    return s.out(list, 0x55, 0x10, 0, 0, 0, 0, 0, list.length >>> 8, list.length, 0);
  }

  @Test
  void modeSelectAcceptsTheCurrentPagesUnchanged() throws Exception {
    Cdbs s = new Cdbs(changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    for (int page : new int[] {0x1D, 0x1E, 0x1F, 0x3F}) {
      byte[] current = sense6(s, page);
      select6(s, current).expectGood(); // the echoed mode data length is ignored
      current[0] = 0;
      current[4] |= (byte) 0x80; // PS as MODE SENSE might report it
      select6(s, current).expectGood();
    }
    byte[] ten = s.in(512, 0x5A, 0x08, 0x3F, 0, 0, 0, 0, 0x02, 0, 0).expectGood().data();
    select10(s, ten).expectGood();
    assertArrayEquals(ten, s.in(512, 0x5A, 0x08, 0x3F, 0xFF, 0, 0, 0, 0x02, 0, 0).expectGood().data(), "no subpages");
    s.in(512, 0x5A, 0x08, 0x1D, 0x01, 0, 0, 0, 0x02, 0, 0).expect(5, 0x24, 0);
    byte[] before = sense6(s, 0x3F);
    s.out(new byte[0], 0x15, 0x00, 0, 0, 0, 0).expectGood(); // empty list: nothing to do, PF irrelevant
    assertArrayEquals(before, sense6(s, 0x3F));
  }

  @Test
  void modeSelectRefusesChangesAndMalformedLists() throws Exception {
    Cdbs s = new Cdbs(changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED));
    byte[] page1d = sense6(s, 0x1D);
    byte[] changed = page1d.clone();
    changed[4 + 2 + 5] ^= 1; // storage element count
    Reply r = select6(s, changed).expect(5, 0x26, 0x00);
    assertArrayEquals(new byte[] {(byte) 0x80, 0, 11}, Arrays.copyOfRange(r.result().sense(), 15, 18));
    byte[] all = sense6(s, 0x3F);
    byte[] rotate = all.clone();
    int geometry = 4 + 20;
    assertEquals(0x1E, rotate[geometry]);
    rotate[geometry + 2] = 1; // ROTATE on a library that cannot invert
    assertEquals(geometry + 2, select6(s, rotate).expect(5, 0x26, 0x00).result().sense()[17]);
    byte[] unknown = page1d.clone();
    unknown[4] = 0x0A;
    assertEquals(4, select6(s, unknown).expect(5, 0x26, 0x00).result().sense()[17]);
    byte[] spf = page1d.clone();
    spf[4] |= 0x40;
    select6(s, spf).expect(5, 0x26, 0x00);
    byte[] badLength = page1d.clone();
    badLength[5] = 0x10;
    assertEquals(5, select6(s, badLength).expect(5, 0x26, 0x00).result().sense()[17]);
    select6(s, Arrays.copyOf(page1d, page1d.length - 1)).expect(5, 0x1A, 0x00); // page cut short
    select6(s, Arrays.copyOf(page1d, 5)).expect(5, 0x1A, 0x00); // page header cut short
    select6(s, new byte[3]).expect(5, 0x1A, 0x00);
    byte[] descriptor = new byte[12];
    descriptor[3] = 8;
    assertEquals(3, select6(s, descriptor).expect(5, 0x26, 0x00).result().sense()[17]);
    s.out(page1d, 0x15, 0x00, 0, 0, page1d.length, 0).expect(5, 0x24, 0x00); // PF=0
    s.out(page1d, 0x15, 0x11, 0, 0, page1d.length, 0).expect(5, 0x24, 0x00); // SP=1
    assertArrayEquals(page1d, sense6(s, 0x1D));
  }

  // ---- LOG SENSE

  static Reply logSense(Cdbs s, int page, int pointer, int alloc) throws Exception {
    return s.in(alloc, 0x4D, 0, 0x40 | page, 0, 0, pointer >>> 8, pointer, alloc >>> 8, alloc, 0);
  }

  @Test
  void logPagesSupportedTemperatureAndTapeAlert() throws Exception {
    VirtualChanger c = changer(ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    Cdbs s = new Cdbs(c);
    assertArrayEquals(new byte[] {0x00, 0, 0, 3, 0x00, 0x0D, 0x2E}, logSense(s, 0x00, 0, 512).expectGood().data());
    byte[] temperature = {0x0D, 0, 0, 12, 0, 0, 0x03, 2, 0, 25, 0, 1, 0x03, 2, 0, 40};
    assertArrayEquals(temperature, logSense(s, 0x0D, 0, 512).expectGood().data());
    assertArrayEquals(new byte[] {0x0D, 0, 0, 6, 0, 1, 0x03, 2, 0, 40}, logSense(s, 0x0D, 1, 512).expectGood().data());
    byte[] alerts = logSense(s, 0x2E, 0, 512).expectGood().data();
    assertEquals(4 + 64 * 5, alerts.length);
    assertEquals(64 * 5, ByteBuffer.wrap(alerts).getShort(2));
    for (int n = 1; n <= 64; n++) {
      assertEquals(n, ByteBuffer.wrap(alerts).getShort(4 + (n - 1) * 5));
      assertEquals(0, alerts[4 + (n - 1) * 5 + 4], "flag " + n);
    }
    c.setTemperature(45);
    c.raiseTapeAlert(16);
    assertEquals(45, logSense(s, 0x0D, 0, 512).expectGood().data()[9]);
    alerts = logSense(s, 0x2E, 0, 512).expectGood().data();
    for (int n = 1; n <= 64; n++) {
      assertEquals(n == 10 || n == 16 ? 1 : 0, alerts[4 + (n - 1) * 5 + 4], "flag " + n);
    }
    assertEquals(0, c.tapeAlertFlags(), "reading page 0x2E clears the flags");
    assertEquals(10, logSense(s, 0x2E, 0, 10).expectGood().data().length); // allocation length
    logSense(s, 0x0C, 0, 512).expect(5, 0x24, 0x00);
    s.in(512, 0x4D, 0, 0x4D, 1, 0, 0, 0, 2, 0, 0).expect(5, 0x24, 0x00); // subpage
    s.in(512, 0x4D, 0x02, 0x4D, 0, 0, 0, 0, 2, 0, 0).expect(5, 0x24, 0x00); // PPC
    assertThrows(IllegalArgumentException.class, () -> c.raiseTapeAlert(65));
    assertThrows(IllegalArgumentException.class, () -> c.setTemperature(-1));
  }
}
