package dev.tapekit.changer;

import static dev.tapekit.changer.testing.ElementStatusEncoder.sense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.testing.ElementStatusEncoder;
import dev.tapekit.changer.testing.ScriptedLibrary;
import dev.tapekit.changer.testing.SimElement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** mtx's commands, argument rules, messages and progress lines. */
class MtxSemanticsTest {
  private static final OptionalInt NONE = OptionalInt.empty();
  private ScriptedLibrary lib;
  private StringBuilder out;
  private MtxSemantics mtx;

  /** Slots 1..6 (1, 3, 5 full), mail slots 7..8 (7 full), drives 0 and 1 empty. */
  @BeforeEach
  void setUp() throws Exception {
    lib = ScriptedLibrary.standard(6, 2, 2);
    lib.slot(0).full("S1");
    lib.slot(2).full("S3");
    lib.slot(4).full("S5");
    lib.mailSlots.get(0).full("M7");
    reopen();
  }

  private void reopen() throws Exception {
    out = new StringBuilder();
    mtx = MtxSemantics.open(SmcChanger.open(lib), out);
  }

  private static OptionalInt of(int i) {
    return OptionalInt.of(i);
  }

  private MtxException fails(Executable e) {
    return assertThrows(MtxException.class, e);
  }

  private void assertMtxError(String message, Executable e) {
    assertEquals(message, fails(e).mtxMessage());
  }

  /** Libraries that blank-fill empty elements' tags (the virtual library, mhvtl) show them after moves too. */
  @Test
  void viewAfterChainedMovesIsWhatAFreshReadShows() throws Exception {
    byte[] blanks = ElementStatusEncoder.tag("");
    lib.emptyTag = blanks;
    for (SimElement e : List.of(lib.slot(1), lib.slot(3), lib.slot(5), lib.mailSlots.get(1), lib.drives.get(0),
        lib.drives.get(1))) {
      e.rawTag = blanks;
    }
    reopen();
    mtx.load(3, of(0));
    mtx.load(1, of(1));
    mtx.unload(of(4), of(1));
    mtx.transfer(7, 2);
    mtx.exchange(5, 2, OptionalInt.empty());
    String chained = MtxText.status("/dev/sg5", mtx.library());
    assertTrue(chained.contains("Storage Element 3:Empty:VolumeTag=" + " ".repeat(32) + "\n"), chained);
    assertEquals(MtxText.status("/dev/sg5", MtxLibrary.of(SmcChanger.open(lib).status())), chained);
  }

  /** Libraries that send zero tags for empty elements show none, after moves as before. */
  @Test
  void viewAfterMovesOmitsTagsTheLibraryOmits() throws Exception {
    mtx.load(3, of(0));
    mtx.transfer(7, 2);
    String chained = MtxText.status("/dev/sg5", mtx.library());
    assertTrue(chained.contains("Storage Element 3:Empty\n"), chained);
    assertEquals(MtxText.status("/dev/sg5", MtxLibrary.of(SmcChanger.open(lib).status())), chained);
  }

  /** A slot refilled under a loaded drive: the drive's slot is guessed again as a fresh read guesses it. */
  @Test
  void loadedSlotIsRenumberedWhenItsSourceFillsUp() throws Exception {
    mtx.load(3, of(0));
    mtx.transfer(5, 3);
    assertEquals(OptionalInt.of(2), mtx.library().drive(0).loadedSlot(), "first empty storage slot, as mtx guesses");
    assertEquals(MtxText.status("/dev/sg5", MtxLibrary.of(SmcChanger.open(lib).status())),
        MtxText.status("/dev/sg5", mtx.library()));
    mtx.transfer(3, 5);
    assertEquals(OptionalInt.of(3), mtx.library().drive(0).loadedSlot(), "the source slot again once it is empty");
  }

  @Test
  void loadPrintsProgressAndMoves() throws Exception {
    mtx.load(3, NONE);
    assertEquals("Loading media from Storage Element 3 into drive 0...done\n", out.toString());
    assertEquals(List.of("a500000003ea01f400000000"), lib.commands(0xA5));
    assertTrue(lib.drives.get(0).full);
    assertEquals(OptionalInt.of(3), mtx.library().drive(0).loadedSlot());
    assertEquals(Optional.of("S3"), mtx.library().drive(0).barcode());
  }

  @Test
  void loadFromMailSlotIntoSecondDrive() throws Exception {
    mtx.load(7, of(1));
    assertEquals("Loading media from Storage Element 7 into drive 1...done\n", out.toString());
    assertEquals("a5000000000a01f500000000", lib.commands(0xA5).get(0));
  }

  @Test
  void loadArgumentErrors() throws Exception {
    assertMtxError("No source specified", () -> mtx.load(0, NONE));
    assertMtxError("Invalid <storage-element-number> argument '9' to 'load' command", () -> mtx.load(9, NONE));
    assertMtxError("illegal <drive-number> argument '2' to 'load' command", () -> mtx.load(1, of(2)));
    mtx.load(1, NONE);
    MtxException full = fails(() -> mtx.load(3, NONE));
    assertEquals("Drive 0 Full (Storage Element 1 loaded)", full.mtxMessage());
    assertEquals(MtxException.Kind.DRIVE_FULL, full.kind());
    assertEquals(1, lib.commands(0xA5).size());
  }

  @Test
  void loadFromEmptySlotIsReportedByTheChanger() {
    MtxException e = fails(() -> mtx.load(2, NONE));
    assertEquals("Source Element Address 1001 is Empty", e.mtxMessage());
    assertEquals(MtxException.Kind.SOURCE_EMPTY, e.kind());
    assertEquals("Source Element Address 1001 is Empty\n", e.mtxStderr());
    assertEquals("Loading media from Storage Element 2 into drive 0...", out.toString(), "no done after a failure");
    assertTrue(e.getMessage().startsWith("/dev/sg5: MOVE MEDIUM failed: Illegal Request: Medium source element empty"),
        e.getMessage());
    assertNamesDeviceOnce(e);
  }

  private static void assertNamesDeviceOnce(MtxException e) {
    assertEquals(e.getMessage().indexOf("/dev/sg5"), e.getMessage().lastIndexOf("/dev/sg5"), e.getMessage());
    assertEquals("/dev/sg5", e.device());
  }

  @Test
  void unloadDefaultsToTheSourceSlot() throws Exception {
    lib.drives.get(0).full("E4").loadedFrom(1003);
    reopen();
    mtx.unload(NONE, NONE);
    assertEquals("Unloading drive 0 into Storage Element 4...done\n", out.toString());
    assertEquals("a500000001f403eb00000000", lib.commands(0xA5).get(0));
    assertTrue(lib.slot(3).full);
  }

  @Test
  void unloadDefaultsToFirstFreeStorageSlotWhenSourceIsFull() throws Exception {
    lib.drives.get(1).full("X").loadedFrom(1000);
    reopen();
    mtx.unload(NONE, of(1));
    assertEquals("Unloading drive 1 into Storage Element 2...done\n", out.toString());
  }

  @Test
  void unloadErrors() throws Exception {
    assertMtxError("Data Transfer Element 0 is Empty", () -> mtx.unload(NONE, NONE));
    assertMtxError("Data Transfer Element 1 is Empty", () -> mtx.unload(of(2), of(1)));
    assertMtxError("illegal <storage-element-number> argument '9' to 'unload' command", () -> mtx.unload(of(9), of(5)));
    assertMtxError("illegal <storage-element-number> argument '0' to 'unload' command", () -> mtx.unload(of(0), NONE));
    assertMtxError("illegal <drive-number> argument '5' to 'unload' command", () -> mtx.unload(of(2), of(5)));
    assertMtxError("illegal <drive-number> argument '5' to 'unload' command", () -> mtx.unload(NONE, of(5)));
    mtx.load(1, NONE);
    MtxException full = fails(() -> mtx.unload(of(3), NONE));
    assertEquals("Storage Element 3 is Already Full", full.mtxMessage());
    assertEquals(MtxException.Kind.SLOT_FULL, full.kind());
  }

  @Test
  void unloadWithUnknownSource() throws Exception {
    for (int i = 0; i < 6; i++) {
      lib.slot(i).full("F" + i);
    }
    lib.drives.get(0).full("X").loadedFrom(1000);
    reopen();
    assertEquals(OptionalInt.empty(), mtx.library().drive(0).loadedSlot());
    MtxException e = fails(() -> mtx.unload(NONE, NONE));
    assertEquals("No Source for tape in drive 0!", e.mtxMessage());
    assertEquals(MtxException.Kind.NO_SOURCE, e.kind());
  }

  @Test
  void destinationFullReportedByChanger() throws Exception {
    lib.slot(1).full("LATE");
    MtxException e = fails(() -> mtx.transfer(1, 2));
    assertEquals("Destination Element Address 1001 is Already Full", e.mtxMessage());
    assertEquals(MtxException.Kind.DESTINATION_FULL, e.kind());
    assertEquals("", out.toString());
  }

  @Test
  void removalPreventedPrintsSenseReport() throws Exception {
    lib.drives.get(1).full("X").loadedFrom(1001);
    lib.drives.get(1).removalPrevented = true;
    reopen();
    MtxException e = fails(() -> mtx.unload(NONE, of(1)));
    assertEquals(MtxTextTest.golden("unload-prevented.stderr"), e.mtxStderr());
    assertEquals("Unloading drive 1 into Storage Element 2...", out.toString());
    assertTrue(e.getMessage().contains("medium removal is prevented"), e.getMessage());
    assertNamesDeviceOnce(e);
  }

  @Test
  void invalidElementPrintsSenseReportWithFieldPointer() throws Exception {
    lib.storage.remove(5);
    MtxException e = fails(() -> mtx.transfer(1, 6));
    assertEquals(MtxTextTest.golden("move-invalid-element.stderr"), e.mtxStderr());
    assertEquals(MtxException.Kind.CHANGER_ERROR, e.kind());
  }

  @Test
  void cleaningAndOfflineSenseMessages() {
    lib.pendingSense.add(sense(2, 0x30, 0x03));
    assertMtxError("Cleaning Cartridge Installed and Ejected", () -> mtx.load(1, NONE));
    lib.pendingSense.add(sense(2, 0x3A, 0x00));
    assertMtxError("Drive needs offline before move", () -> mtx.load(1, NONE));
  }

  @Test
  void transferAndItsArgumentRules() throws Exception {
    mtx.transfer(7, 2);
    assertEquals("", out.toString());
    assertEquals("a5000000000a03e900000000", lib.commands(0xA5).get(0));
    assertTrue(mtx.library().slot(2).full());
    assertFalse(mtx.library().slot(7).full());
    assertMtxError("No source specified", () -> mtx.transfer(0, 2));
    assertMtxError("No destination specified", () -> mtx.transfer(1, 0));
    assertMtxError("Invalid source", () -> mtx.transfer(9, 2));
    assertMtxError("Invalid destination", () -> mtx.transfer(1, 9));
  }

  @Test
  void exchangeSwapsOrRotates() throws Exception {
    mtx.exchange(1, 3, NONE);
    assertEquals("a600000003e803ea03e80000", lib.commands(0xA6).get(0));
    assertEquals(Optional.of("S3"), mtx.library().slot(1).barcode());
    assertEquals(Optional.of("S1"), mtx.library().slot(3).barcode());
    mtx.exchange(1, 3, of(2));
    assertEquals("a600000003e803ea03e90000", lib.commands(0xA6).get(1));
    assertEquals(Optional.of("S1"), mtx.library().slot(2).barcode());
    assertMtxError("Invalid destination", () -> mtx.exchange(1, 3, of(9)));
    lib.exchangeSupported = false;
    MtxException e = fails(() -> mtx.exchange(3, 5, NONE));
    assertEquals("EXCHANGE MEDIUM from Element Address 1002 to 1004 Failed", e.mtxMessage());
    assertEquals("mtx: Request Sense: Additional Sense Code = 20", e.senseReport().get(7));
  }

  @Test
  void nextWalksTheFullStorageSlotsThenNoMoreMedia() throws Exception {
    mtx.next(NONE);
    mtx.next(NONE);
    mtx.next(NONE);
    MtxException e = fails(() -> mtx.next(NONE));
    assertEquals("No More Media", e.mtxMessage());
    assertEquals(MtxException.Kind.NO_MORE_MEDIA, e.kind());
    assertEquals(
        "Loading media from Storage Element 1 into drive 0...done\n"
            + "Unloading drive 0 into Storage Element 1...done\n"
            + "Loading media from Storage Element 3 into drive 0...done\n"
            + "Unloading drive 0 into Storage Element 3...done\n"
            + "Loading media from Storage Element 5 into drive 0...done\n"
            + "Unloading drive 0 into Storage Element 5...done\n",
        out.toString(), "mail slot 7 is never loaded by next");
  }

  @Test
  void previousWalksBackAndStopsAtSlotOneWithoutUnloading() throws Exception {
    mtx.load(3, NONE);
    out.setLength(0);
    mtx.previous(NONE);
    assertEquals("Unloading drive 0 into Storage Element 3...done\n"
        + "Loading media from Storage Element 1 into drive 0...done\n", out.toString());
    out.setLength(0);
    assertMtxError("No More Media", () -> mtx.previous(NONE));
    assertEquals("", out.toString());
    assertTrue(lib.drives.get(0).full);
  }

  @Test
  void previousOnEmptyDriveStartsAtLastStorageSlot() throws Exception {
    mtx.previous(of(1));
    assertEquals("Loading media from Storage Element 5 into drive 1...done\n", out.toString());
  }

  @Test
  void firstAndLast() throws Exception {
    mtx.first(NONE);
    assertEquals("Loading media from Storage Element 1 into drive 0...done\n", out.toString());
    out.setLength(0);
    mtx.first(NONE);
    assertEquals(MtxText.ALREADY_LOADED, out.toString());
    out.setLength(0);
    MtxException e = fails(() -> mtx.last(NONE));
    assertEquals("Source Element Address 1005 is Empty", e.mtxMessage(), "mtx does not check the slot before moving");
    assertEquals("Unloading drive 0 into Storage Element 1...done\n"
        + "Loading media from Storage Element 6 into drive 0...", out.toString());
    lib.slot(5).full("S6");
    reopen();
    mtx.last(NONE);
    assertEquals("Loading media from Storage Element 6 into drive 0...done\n", out.toString());
    out.setLength(0);
    mtx.last(NONE);
    assertEquals("loading...done.\n", out.toString());
  }

  @Test
  void driveNumberOutsideTheLibraryMeansDriveZeroForFirstLastNextPrevious() throws Exception {
    mtx.first(of(7));
    assertTrue(lib.drives.get(0).full);
    assertFalse(lib.drives.get(1).full);
  }

  @Test
  void nextWithUnknownSourceFails() throws Exception {
    for (int i = 0; i < 6; i++) {
      lib.slot(i).full("F" + i);
    }
    lib.drives.get(0).full("X").loadedFrom(1000);
    reopen();
    assertMtxError("No Source for tape in drive 0!", () -> mtx.next(NONE));
    assertMtxError("No Source for tape in drive 0!", () -> mtx.previous(NONE));
  }

  @Test
  void positionAndInventory() throws Exception {
    mtx.position(4);
    mtx.position(99);
    assertEquals(List.of("2b00000003eb00000000", "2b00000003e800000000"), lib.commands(0x2B));
    lib.pendingSense.add(sense(5, 0x20, 0x00));
    assertMtxError("Could not position transport", () -> mtx.position(2));
    MtxSemantics.inventory(SmcChanger.open(lib));
    assertEquals(1, lib.commands(0x07).size());
    lib.pendingSense.add(sense(5, 0x20, 0x00));
    assertMtxError("mtx:inventory failed", () -> MtxSemantics.inventory(SmcChanger.open(lib)));
  }

  @Test
  void statusAndInquiryFailuresAsMtxPrintsThem() throws Exception {
    lib.readyAt = java.time.Instant.MAX;
    lib.clock = java.time.Clock.systemUTC();
    SmcChanger impatient = SmcChanger.builder(lib)
        .retryWindow(java.time.Duration.ZERO).readyTimeout(java.time.Duration.ZERO).build();
    MtxException status = fails(() -> MtxSemantics.open(impatient, out));
    assertEquals("READ ELEMENT STATUS Command Failed", status.mtxMessage());
    assertEquals("mtx: Request Sense: Sense Key=Not Ready", status.senseReport().get(3));
    MtxException inquiry = fails(() -> MtxSemantics.inquiry(impatient));
    assertEquals("INQUIRY Command Failed", inquiry.mtxMessage());
    lib.readyAt = null;
    assertTrue(MtxSemantics.inquiry(impatient).startsWith("Product Type: Medium Changer\n"));
  }

  @Test
  void optionsReachTheCdb() throws Exception {
    mtx.options(new MoveOptions(OptionalInt.empty(), true, false, 3)).load(1, NONE);
    assertEquals("a500000003e801f4000001c0", lib.commands(0xA5).get(0));
  }
}
