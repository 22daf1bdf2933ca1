package dev.tapekit.changer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.changer.testing.ScriptedLibrary;
import dev.tapekit.changer.testing.SimElement;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** mtx 1.3.12 numbering rules, one test per rule. */
class MtxLibraryTest {

  private static MtxLibrary view(ScriptedLibrary lib) throws Exception {
    return MtxLibrary.of(SmcChanger.open(lib).status());
  }

  @Test
  void slotsAreStorageThenMailSlotsFromOneDrivesFromZero() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(3, 2, 2);
    MtxLibrary v = view(lib);
    assertEquals(5, v.slotCount());
    assertEquals(3, v.storageSlotCount());
    assertEquals(2, v.importExportCount());
    assertEquals(1000, v.slot(1).address());
    assertEquals(1002, v.slot(3).address());
    assertFalse(v.slot(3).importExport());
    assertEquals(10, v.slot(4).address());
    assertTrue(v.slot(5).importExport());
    assertEquals(500, v.drive(0).address());
    assertEquals(501, v.drive(1).address());
    assertEquals(0, v.transportAddress());
    assertThrows(IndexOutOfBoundsException.class, () -> v.slot(0));
    assertThrows(IndexOutOfBoundsException.class, () -> v.drive(2));
  }

  @Test
  void notInstalledSlotsAndPhantomDrivesAreSkipped() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(3, 0, 2);
    lib.slot(1).asc = 0x83;
    lib.slot(1).ascq = 0x02;
    lib.drives.get(0).asc = 0x83;
    lib.drives.get(0).ascq = 0x04;
    MtxLibrary v = view(lib);
    assertEquals(2, v.slotCount());
    assertEquals(1002, v.slot(2).address());
    assertEquals(1, v.drives().size());
    assertEquals(501, v.drive(0).address());
  }

  @Test
  void loadedSlotIsTheSourceWhenThatSlotIsEmpty() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(5, 1, 1);
    lib.drives.get(0).full("E01004L8").loadedFrom(1003);
    assertEquals(OptionalInt.of(4), view(lib).drive(0).loadedSlot());
  }

  @Test
  void loadedSlotCanBeAMailSlot() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(5, 2, 1);
    lib.drives.get(0).full("E01004L8").loadedFrom(11);
    assertEquals(OptionalInt.of(7), view(lib).drive(0).loadedSlot());
  }

  @Test
  void fullSourceFallsBackToFirstEmptyStorageSlot() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(4, 1, 1);
    lib.slot(0).full("A");
    lib.slot(1).full("B");
    lib.drives.get(0).full("C").loadedFrom(1000);
    assertEquals(OptionalInt.of(3), view(lib).drive(0).loadedSlot());
  }

  @Test
  void sourceIsUsedEvenWithoutSvalidAsMtxDoes() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(4, 0, 1);
    lib.drives.get(0).full("C");
    lib.drives.get(0).sourceAddress = 1002;
    assertEquals(OptionalInt.of(3), view(lib).drive(0).loadedSlot());
  }

  @Test
  void noEmptyStorageSlotMeansUnknownAndMailSlotsAreNotOffered() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(2, 1, 2);
    lib.slot(0).full("A");
    lib.slot(1).full("B");
    lib.drives.get(0).full("C").loadedFrom(999);
    lib.drives.get(1).full("D");
    MtxLibrary v = view(lib);
    assertEquals(OptionalInt.empty(), v.drive(0).loadedSlot());
    assertEquals(OptionalInt.empty(), v.drive(1).loadedSlot());
  }

  @Test
  void fallbackListIsSharedLikeMtx() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(3, 0, 2);
    lib.drives.get(0).full("A").loadedFrom(1000);
    lib.drives.get(1).full("B").loadedFrom(4242);
    MtxLibrary v = view(lib);
    assertEquals(OptionalInt.of(1), v.drive(0).loadedSlot());
    assertEquals(OptionalInt.of(1), v.drive(1).loadedSlot(), "mtx hands out the first empty slot again");
  }

  @Test
  void noDrivesOrNoSlotsIsMtxsFatalError() throws Exception {
    ScriptedLibrary noDrives = ScriptedLibrary.standard(2, 0, 0);
    MtxException e = assertThrows(MtxException.class, () -> view(noDrives));
    assertEquals("no Data Transfer Element reported", e.mtxMessage());
    ScriptedLibrary noSlots = ScriptedLibrary.standard(0, 0, 1);
    assertEquals("no Storage Elements reported", assertThrows(MtxException.class, () -> view(noSlots)).mtxMessage());
  }

  @Test
  void transportIsFirstReportedOrZero() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(2, 0, 1);
    lib.transports.clear();
    assertEquals(0, view(lib).transportAddress());
    lib.transports.add(new SimElement(ElementType.MEDIUM_TRANSPORT, 3));
    assertEquals(3, view(lib).transportAddress());
  }

  @Test
  void cleaningCartridgesAndBarcodes() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(4, 0, 1);
    lib.slot(1).full("E01002L8");
    lib.slot(3).full("CLN003L1");
    MtxLibrary v = view(lib);
    assertTrue(v.slot(4).isCleaning());
    assertFalse(v.slot(2).isCleaning());
    assertEquals(Optional.of(4), v.firstCleaningSlot().map(MtxLibrary.Slot::number));
    assertEquals(Optional.of(2), v.findSlot("E01002L8").map(MtxLibrary.Slot::number));
    assertEquals(Optional.of(1), v.firstEmptyStorageSlot().map(MtxLibrary.Slot::number));
  }

  @Test
  void drivesMapToNodesBySerial() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(2, 0, 3);
    lib.drives.get(2).serial = "0000123456";
    MtxLibrary v = view(lib);
    Map<Integer, String> nodes = v.driveNodes(Map.of(
        "XYZZY_A1", "/dev/tape/by-id/scsi-XYZZY_A1-nst",
        " XYZZY_A2  ", "/dev/nst1",
        "123456", "/dev/nst7"));
    assertEquals(Map.of(0, "/dev/tape/by-id/scsi-XYZZY_A1-nst", 1, "/dev/nst1", 2, "/dev/nst7"), nodes);
    assertFalse(v.driveNodes(Map.of("56", "/dev/a", "456", "/dev/b")).containsKey(2),
        "ambiguous suffix matches are not guessed");
  }

  @Test
  void viewUpdatesAfterMoves() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(3, 0, 1);
    lib.slot(0).full("A");
    MtxLibrary v = view(lib).afterLoad(1, 0);
    assertFalse(v.slot(1).full());
    assertTrue(v.drive(0).full());
    assertEquals(OptionalInt.of(1), v.drive(0).loadedSlot());
    assertEquals(Optional.of("A"), v.drive(0).barcode());
    v = v.afterUnload(0, 3);
    assertEquals(Optional.of("A"), v.slot(3).barcode());
    v = v.afterTransfer(3, 2);
    assertEquals(Optional.of("A"), v.slot(2).barcode());
    assertFalse(v.slot(3).full());
  }
}
