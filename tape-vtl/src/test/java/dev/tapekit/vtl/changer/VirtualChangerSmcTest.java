package dev.tapekit.vtl.changer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.ChangerException;
import dev.tapekit.changer.ChangerException.Reason;
import dev.tapekit.changer.ChangerStatus;
import dev.tapekit.changer.MoveOptions;
import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxText;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.changer.smc.DeviceIdentifier;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.ElementStatusData;
import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.changer.smc.ReadElementStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.TestLibraries;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual changer through tape-changer's {@link SmcChanger} and {@link MtxLibrary}, for what
 * {@code BaseMediaChangerTestCase} leaves out: every move rule, paging, VOLTAG and DVCID, the operator's
 * import/export, persistence across a restart and the three policies for pulling a threaded cartridge.
 *
 * <p>Library {@code S}: 10 slots (1000..1009), 2 mail slots (10, 11), 2 IBM TD8 drives (500, 501), picker 1;
 * slot 1000 E01001L8, 1001 E01002L8, 1002 CLN101L8 (cleaning), 1003 F01030L6 (LTO-6, refused by a TD8).
 */
class VirtualChangerSmcTest {
  private static final int SLOT0 = TestLibraries.STORAGE_START;
  private static final int MAIL0 = TestLibraries.MAIL_START;
  private static final int DRIVE0 = TestLibraries.DRIVE_START;
  private static final int DRIVE1 = DRIVE0 + 1;
  private static final Map<Integer, String> CARTRIDGES = Map.of(0, "E01001L8", 1, "E01002L8", 2, "CLN101L8", 3, "F01030L6");

  @TempDir Path home;
  private final List<ScsiTransport> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (ScsiTransport t : open) {
      t.close();
    }
  }

  private ScsiTransport device(String address) throws IOException {
    ScsiTransport t = VirtualLibraries.open(address, home);
    open.add(t);
    return t;
  }

  /** Creates library {@code name} with the standard contents and the given policy; returns its changer. */
  private SmcChanger library(String name, ThreadedRemoval policy) throws IOException {
    LibraryLayout layout = TestLibraries.layout(name, 10, 2, 2, CARTRIDGES, 16, policy);
    VirtualLibrary.create(home, layout, Clock.systemUTC()).close();
    return SmcChanger.open(device("vtl:" + name));
  }

  private SmcChanger library() throws IOException {
    return library("S", ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
  }

  /** Address to barcode ("" for an empty element) and source, for every element: what must not change. */
  private static Map<Integer, String> contents(ChangerStatus s) {
    Map<Integer, String> m = new TreeMap<>();
    for (ElementDescriptor e : s.elements(ElementType.ALL)) {
      m.put(e.address(), e.full() ? e.barcode().orElse("?") + "<" + e.validSource() : "");
    }
    return m;
  }

  private static void assertHolds(ChangerStatus s, int address, String barcode, int source) {
    ElementDescriptor e = s.element(address).orElseThrow();
    assertTrue(e.full(), address + " is empty");
    assertEquals(Optional.of(barcode), e.barcode(), "barcode at " + address);
    assertEquals(OptionalInt.of(source), e.validSource(), "source of " + address);
  }

  private static void assertEmpty(ChangerStatus s, int address) {
    assertFalse(s.element(address).orElseThrow().full(), address + " is full");
  }

  private static ChangerException refused(Reason reason, ThrowingRunnable move) {
    ChangerException e = assertThrows(ChangerException.class, move::run);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---- moves

  @Test
  void movesBetweenEveryPairOfElementTypes() throws Exception {
    SmcChanger c = library();
    int[][] route = {
      {SLOT0, SLOT0 + 5}, // storage -> storage
      {SLOT0 + 5, MAIL0}, // storage -> import/export
      {MAIL0, DRIVE0}, // import/export -> drive
      {DRIVE0, DRIVE1}, // drive -> drive
      {DRIVE1, MAIL0 + 1}, // drive -> import/export
      {MAIL0 + 1, SLOT0 + 6}, // import/export -> storage
      {SLOT0 + 6, DRIVE1}, // storage -> drive
      {DRIVE1, SLOT0}, // drive -> storage (home)
    };
    for (int[] hop : route) {
      c.move(hop[0], hop[1]);
      ChangerStatus s = c.status();
      assertEmpty(s, hop[0]);
      assertHolds(s, hop[1], "E01001L8", hop[0]);
    }
    // A move onto itself changes nothing.
    Map<Integer, String> before = contents(c.status());
    c.move(SLOT0 + 1, SLOT0 + 1);
    assertEquals(before, contents(c.status()));
  }

  @Test
  void refusedMovesLeaveEverythingInPlace() throws Exception {
    SmcChanger c = library();
    Map<Integer, String> before = contents(c.status());
    refused(Reason.SOURCE_EMPTY, () -> c.move(SLOT0 + 4, DRIVE0));
    refused(Reason.SOURCE_EMPTY, () -> c.move(DRIVE0, SLOT0 + 4));
    refused(Reason.DESTINATION_FULL, () -> c.move(SLOT0, SLOT0 + 1));
    ChangerException bad = refused(Reason.INVALID_ELEMENT_ADDRESS, () -> c.move(SLOT0, SLOT0 + 10));
    assertTrue(bad.getMessage().contains("to element " + (SLOT0 + 10)), bad.getMessage());
    refused(Reason.INVALID_ELEMENT_ADDRESS, () -> c.move(2, SLOT0 + 4));
    refused(Reason.INVALID_ELEMENT_ADDRESS, () -> c.move(TestLibraries.TRANSPORT, SLOT0 + 4));
    refused(Reason.INVALID_ELEMENT_ADDRESS, () -> c.move(SLOT0, SLOT0 + 4, MoveOptions.DEFAULT.withTransport(7)));
    refused(Reason.UNSUPPORTED, () -> c.move(SLOT0, SLOT0 + 4, new MoveOptions(OptionalInt.empty(), true, false, 0)));
    // LTO-6 media into an LTO-8 drive: incompatible medium, the cartridge stays in its slot.
    ChangerException lto6 = refused(Reason.OTHER, () -> c.move(SLOT0 + 3, DRIVE0));
    assertEquals(0x30, lto6.sense().orElseThrow().asc(), lto6.getMessage());
    assertEquals(before, contents(c.status()));
    // Picker 0 means "the changer's choice" and works.
    c.move(SLOT0, SLOT0 + 4, MoveOptions.DEFAULT.withTransport(0));
    assertHolds(c.status(), SLOT0 + 4, "E01001L8", SLOT0);
  }

  @Test
  void cleaningCartridgeLoadsAndDriveReportsCleaning() throws Exception {
    SmcChanger c = library();
    c.move(SLOT0 + 2, DRIVE0);
    ChangerStatus s = c.status();
    assertTrue(s.element(DRIVE0).orElseThrow().holdsCleaningCartridge());
    try (ScsiTapeDrive drive = new ScsiTapeDrive(device("vtl:S:0"))) {
      drive.takeUnitAttentions();
      IOException cleaning = assertThrows(IOException.class, () -> drive.waitUntilReady(Duration.ofSeconds(1)));
      assertTrue(cleaning.getMessage().contains("cleaning"), cleaning.getMessage());
    }
    c.move(DRIVE0, SLOT0 + 2);
    assertHolds(c.status(), SLOT0 + 2, "CLN101L8", DRIVE0);
  }

  @Test
  void exchangeMedium() throws Exception {
    SmcChanger c = library();
    c.exchange(SLOT0, SLOT0 + 1, SLOT0, MoveOptions.DEFAULT); // swap
    ChangerStatus s = c.status();
    assertHolds(s, SLOT0, "E01002L8", SLOT0 + 1);
    assertHolds(s, SLOT0 + 1, "E01001L8", SLOT0);
    // Three elements: slot 0's cartridge to slot 1, slot 1's on to slot 5.
    c.exchange(SLOT0, SLOT0 + 1, SLOT0 + 5, MoveOptions.DEFAULT);
    s = c.status();
    assertEmpty(s, SLOT0);
    assertHolds(s, SLOT0 + 1, "E01002L8", SLOT0);
    assertHolds(s, SLOT0 + 5, "E01001L8", SLOT0 + 1);
    Map<Integer, String> before = contents(s);
    refused(Reason.SOURCE_EMPTY, () -> c.exchange(SLOT0 + 1, DRIVE0, SLOT0, MoveOptions.DEFAULT));
    refused(Reason.DESTINATION_FULL, () -> c.exchange(SLOT0 + 1, SLOT0 + 5, SLOT0 + 2, MoveOptions.DEFAULT));
    // The LTO-6 cartridge of slot 3 would go on into the LTO-8 drive: incompatible, nothing moves.
    refused(Reason.OTHER, () -> c.exchange(SLOT0 + 1, SLOT0 + 3, DRIVE0, MoveOptions.DEFAULT));
    assertEquals(before, contents(c.status()));
  }

  // ---- status

  @Test
  void pagingByStartAddressAndCountGivesTheSameStatus() throws Exception {
    SmcChanger c = library();
    c.move(SLOT0, DRIVE1);
    c.move(SLOT0 + 1, MAIL0 + 1);
    ChangerStatus whole = c.status();
    for (int perRequest : new int[] {1, 2, 3, 7}) {
      SmcChanger paged = SmcChanger.builder(open.get(0)).maxElementsPerRequest(perRequest).build();
      ChangerStatus s = paged.status();
      assertEquals(contents(whole), contents(s), perRequest + " elements per request");
      assertEquals(serials(whole), serials(s), perRequest + " elements per request");
    }
    ScsiTransport t = open.get(0);
    // Every type from address 0: picker, mail slots, drives, slots, in address order, pages by type.
    ElementStatusData all = res(t, new ReadElementStatus(ElementType.ALL, 0, 0xFFFF, true, false, false, 0xFFFF));
    assertEquals(1 + 2 + 2 + 10, all.numberAvailable());
    assertEquals(1, all.firstAddress());
    assertEquals(List.of(1, 10, 11, 500, 501, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009),
        all.descriptors().stream().map(ElementDescriptor::address).toList());
    assertEquals(4, all.pages().size());
    // A window across a type boundary, starting between two element ranges.
    ElementStatusData window = res(t, new ReadElementStatus(ElementType.ALL, 11, 3, true, false, false, 0xFFFF));
    assertEquals(List.of(11, 500, 501), window.descriptors().stream().map(ElementDescriptor::address).toList());
    ElementStatusData gap = res(t, new ReadElementStatus(ElementType.STORAGE, 12, 2, true, false, false, 0xFFFF));
    assertEquals(List.of(1000, 1001), gap.descriptors().stream().map(ElementDescriptor::address).toList());
    assertEquals(1000, gap.firstAddress());
    // Allocation length shorter than the report: the header still tells the whole byte count.
    ReadElementStatus full = new ReadElementStatus(ElementType.STORAGE, SLOT0, 10, true, false, false, 0xFFFF);
    int wholeLength = ElementStatusData.reportLength(raw(t, full));
    byte[] cut = raw(t, full.withAllocationLength(20));
    assertEquals(20, cut.length);
    assertEquals(wholeLength, ElementStatusData.reportLength(cut));
    assertThrows(ChangerException.class, () -> SmcChanger.builder(t).build().inventory(SLOT0 + 50, 1));
  }

  private static Map<Integer, Optional<String>> serials(ChangerStatus s) {
    Map<Integer, Optional<String>> m = new TreeMap<>();
    s.drives().forEach(d -> m.put(d.address(), d.serialNumber()));
    return m;
  }

  private static ElementStatusData res(ScsiTransport t, ReadElementStatus request) throws Exception {
    return ElementStatusData.decode(raw(t, request));
  }

  private static byte[] raw(ScsiTransport t, ReadElementStatus request) throws Exception {
    return request.toCommand().readData(t);
  }

  @Test
  void volumeTagsAndDriveIdentifiers() throws Exception {
    SmcChanger c = library();
    c.move(SLOT0 + 1, DRIVE1);
    ChangerStatus s = c.status();
    assertTrue(s.volumeTags());
    CARTRIDGES.forEach((slot, barcode) -> {
      if (slot != 1) {
        assertEquals(Optional.of(barcode), s.element(SLOT0 + slot).orElseThrow().barcode());
      }
    });
    assertEquals(Optional.of("E01002L8"), s.element(DRIVE1).orElseThrow().barcode());
    for (int i = 0; i < 2; i++) {
      ElementDescriptor d = s.drives().get(i);
      DeviceIdentifier id = d.identifier().orElseThrow();
      assertEquals(DeviceIdentifier.CODE_SET_ASCII, id.codeSet());
      assertEquals(DeviceIdentifier.TYPE_T10_VENDOR_ID, id.identifierType());
      assertEquals(Optional.of("IBM"), id.vendor().map(String::strip));
      assertEquals(Optional.of("ULT3580-TD8"), id.product().map(String::strip));
      assertEquals(Optional.of(TestLibraries.driveSerial("S", i)), d.serialNumber().map(String::strip),
          "DVCID serial of drive " + i + " must match its VPD 0x80 serial");
    }
    // mtx's view: drive nodes by serial, barcodes in the status text.
    MtxLibrary mtx = MtxLibrary.of(s);
    assertEquals(Map.of(0, "/dev/nst0", 1, "/dev/nst1"),
        mtx.driveNodes(Map.of(TestLibraries.driveSerial("S", 0), "/dev/nst0", TestLibraries.driveSerial("S", 1), "/dev/nst1")));
    String text = MtxText.status("/dev/sch0", mtx, MtxText.TagStyle.TRIMMED);
    assertTrue(text.contains("Data Transfer Element 1:Full (Storage Element 2 Loaded):VolumeTag = E01002L8"), text);
    // Without VOLTAG and DVCID (mtx nobarcode): no tags, no serials, same fullness.
    ScsiTransport t = open.get(0);
    ChangerStatus bare = SmcChanger.builder(t).volumeTags(false).driveIdentifiers(false).build().status();
    assertTrue(bare.elements(ElementType.ALL).stream().allMatch(e -> e.barcode().isEmpty() && e.identifier().isEmpty()));
    assertEquals(s.elements(ElementType.ALL).stream().map(ElementDescriptor::full).toList(),
        bare.elements(ElementType.ALL).stream().map(ElementDescriptor::full).toList());
  }

  // ---- import/export

  @Test
  void operatorPutsAndTakesCartridgesThroughMailSlots() throws Exception {
    SmcChanger c = library();
    VirtualLibrary lib = VirtualLibraries.library(open.get(0));
    lib.createCartridge("E01011L8", 16 << 20);
    lib.changer().importCartridge(0, "E01011L8");
    ChangerStatus s = c.status(); // the unit attention 06/28/01 is waited out
    ElementDescriptor mail = s.element(MAIL0).orElseThrow();
    assertTrue(mail.full());
    assertTrue(mail.importExport(), "ImpExp: placed by the operator");
    assertEquals(Optional.of("E01011L8"), mail.barcode());
    assertTrue(mail.importEnabled() && mail.exportEnabled() && mail.access());
    MtxLibrary mtx = MtxLibrary.of(s);
    assertEquals(12, mtx.slotCount());
    assertTrue(mtx.slot(11).importExport());
    assertEquals(Optional.of("E01011L8"), mtx.slot(11).barcode());
    // Operator mistakes are refused.
    assertThrows(IllegalStateException.class, () -> lib.changer().importCartridge(0, "E01012L8"));
    assertThrows(IllegalStateException.class, () -> lib.changer().importCartridge(1, "E01001L8"));
    assertNull(lib.changer().exportCartridge(1));
    // Into the library and out again.
    c.move(MAIL0, SLOT0 + 7);
    assertHolds(c.status(), SLOT0 + 7, "E01011L8", MAIL0);
    c.move(SLOT0 + 7, MAIL0 + 1);
    ElementDescriptor leaving = c.status().element(MAIL0 + 1).orElseThrow();
    assertFalse(leaving.importExport(), "ImpExp clear: placed by the library");
    c.preventRemoval(true);
    assertThrows(IllegalStateException.class, () -> lib.changer().exportCartridge(1));
    c.preventRemoval(false);
    assertEquals("E01011L8", lib.changer().exportCartridge(1));
    assertEmpty(c.status(), MAIL0 + 1);
    assertTrue(c.status().findBarcode("E01011L8").isEmpty());
  }

  @Test
  void hostOpensAndClosesTheMailSlotStation() throws Exception {
    SmcChanger c = library();
    VirtualLibrary lib = VirtualLibraries.library(open.get(0));
    lib.createCartridge("E01011L8", 16 << 20);
    c.openImportExport(MAIL0, true);
    ChangerStatus opened = c.status();
    assertFalse(opened.element(MAIL0).orElseThrow().access(), "the picker cannot reach an open station");
    assertFalse(opened.element(MAIL0 + 1).orElseThrow().access());
    assertTrue(opened.element(SLOT0).orElseThrow().access());
    ChangerException blocked = refused(Reason.OTHER, () -> c.move(SLOT0, MAIL0));
    assertEquals(AdditionalSense.MEDIUM_MAGAZINE_NOT_ACCESSIBLE, blocked.sense().orElseThrow().additionalSense());
    lib.changer().importCartridge(1, "E01011L8");
    c.openImportExport(MAIL0 + 1, false);
    ChangerStatus closed = c.status(); // the unit attention 06/28/01 is waited out
    assertTrue(closed.element(MAIL0 + 1).orElseThrow().access());
    assertTrue(closed.element(SLOT0).orElseThrow().full(), "the refused move left the cartridge in place");
    c.move(MAIL0 + 1, SLOT0 + 8);
    assertHolds(c.status(), SLOT0 + 8, "E01011L8", MAIL0 + 1);
    c.preventRemoval(true);
    refused(Reason.MEDIUM_REMOVAL_PREVENTED, () -> c.openImportExport(MAIL0, true));
    c.preventRemoval(false);
    refused(Reason.INVALID_ELEMENT_ADDRESS, () -> c.openImportExport(SLOT0, true));
    assertFalse(lib.changer().isImportExportOpen());
  }

  // ---- persistence

  @Test
  void stateAndDataSurviveARestart() throws Exception {
    SmcChanger c = library();
    VirtualLibraries.library(open.get(0)).createCartridge("E01011L8", 16 << 20);
    VirtualLibraries.library(open.get(0)).changer().importCartridge(1, "E01011L8");
    c.move(SLOT0, DRIVE1);
    c.move(SLOT0 + 2, MAIL0);
    byte[] data = "written before the restart".getBytes(StandardCharsets.US_ASCII);
    try (ScsiTapeDrive drive = new ScsiTapeDrive(device("vtl:S:1"))) {
      drive.waitUntilReady(Duration.ofSeconds(5));
      drive.write(ByteBuffer.wrap(data));
      drive.writeFilemarks(1, false);
    }
    ChangerStatus before = c.status();
    closeAll();
    open.clear();
    SmcChanger again = SmcChanger.open(device("vtl:S"));
    ChangerStatus after = again.status();
    assertEquals(contents(before), contents(after));
    assertEquals(before.element(MAIL0 + 1).orElseThrow().importExport(), after.element(MAIL0 + 1).orElseThrow().importExport());
    assertEquals(serials(before), serials(after));
    try (ScsiTapeDrive drive = new ScsiTapeDrive(device("vtl:S:1"))) {
      drive.waitUntilReady(Duration.ofSeconds(5));
      // A drive keeps its position across a host restart, as a real one does: go back to read.
      drive.rewind();
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      assertEquals(ReadResult.Kind.SHORT_BLOCK, drive.read(buffer).kind());
      assertEquals(new String(data, StandardCharsets.US_ASCII), new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
    }
    again.move(DRIVE1, SLOT0);
    assertHolds(again.status(), SLOT0, "E01001L8", DRIVE1);
  }

  // ---- pulling a threaded cartridge

  /** Loads slot 0 into drive 0 and threads it; returns the drive. */
  private ScsiTapeDrive loadAndThread(SmcChanger c, String name) throws Exception {
    c.move(SLOT0, DRIVE0);
    ScsiTapeDrive drive = new ScsiTapeDrive(device("vtl:" + name + ":0"));
    drive.waitUntilReady(Duration.ofSeconds(5));
    return drive;
  }

  @Test
  void strictLibraryRefusesToPullAThreadedCartridge() throws Exception {
    SmcChanger c = library("STRICT", ThreadedRemoval.REFUSE);
    ScsiTapeDrive drive = loadAndThread(c, "STRICT");
    ChangerException e = refused(Reason.MEDIUM_REMOVAL_PREVENTED, () -> c.move(DRIVE0, SLOT0));
    assertTrue(e.getMessage().contains("unload the tape"), e.getMessage());
    assertHolds(c.status(), DRIVE0, "E01001L8", SLOT0);
    drive.unload();
    c.move(DRIVE0, SLOT0);
    assertHolds(c.status(), SLOT0, "E01001L8", DRIVE0);
  }

  @Test
  void defaultLibraryPullsUnlessTheHostPrevents() throws Exception {
    SmcChanger c = library("DEFAULT", ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    ScsiTapeDrive drive = loadAndThread(c, "DEFAULT");
    drive.setMediumRemovalPrevented(true);
    refused(Reason.MEDIUM_REMOVAL_PREVENTED, () -> c.move(DRIVE0, SLOT0));
    drive.setMediumRemovalPrevented(false);
    c.move(DRIVE0, SLOT0);
    assertThrows(NoMediumException.class, () -> drive.waitUntilReady(Duration.ofSeconds(1)));
  }

  @Test
  void mhvtlPolicyPullsEvenWhenPrevented() throws Exception {
    SmcChanger c = library("MHVTL", ThreadedRemoval.UNLOAD_ALWAYS);
    ScsiTapeDrive drive = loadAndThread(c, "MHVTL");
    drive.setMediumRemovalPrevented(true);
    c.move(DRIVE0, SLOT0);
    assertHolds(c.status(), SLOT0, "E01001L8", DRIVE0);
    assertThrows(NoMediumException.class, () -> drive.waitUntilReady(Duration.ofSeconds(1)));
  }
}
