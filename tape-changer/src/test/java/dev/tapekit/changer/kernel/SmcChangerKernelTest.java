package dev.tapekit.changer.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxSemantics;
import dev.tapekit.changer.MtxText;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.sgio.kernel.KernelDevices;
import dev.tapekit.sgio.kernel.KernelScsi;
import dev.tapekit.sgio.SgIoTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * tape-changer against the tgt library in the real-kernel harness (changer LUN through QEMU's iSCSI
 * initiator and the guest's sg driver): READ ELEMENT STATUS with volume tags through {@link
 * SmcChanger}, MOVE MEDIUM through {@link MtxSemantics}, and the {@link MtxText} rendering of a fresh
 * element status compared with what the real {@code mtx} prints for the same sg node, byte for byte,
 * before and after every move. During the JUnit run the guest script keeps tape TK0002L8 (slot 2) in drive 0; drive 1 is
 * empty and is left empty.
 */
@Tag("kernel")
class SmcChangerKernelTest {
  private final KernelDevices devices = KernelDevices.get();

  private String mtx(String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "mtx";
    command[1] = "-f";
    command[2] = devices.sg("changer");
    System.arraycopy(args, 0, command, 3, args.length);
    return new String(KernelScsi.toolOutput(command), StandardCharsets.UTF_8);
  }

  private static MtxLibrary read(SmcChanger changer) throws Exception {
    return MtxLibrary.of(changer.status());
  }

  private void assertStatusTextIsMtxs(MtxLibrary library, String when) throws Exception {
    assertEquals(mtx("status"), MtxText.status(devices.sg("changer"), library), "mtx status " + when);
  }

  /**
   * MtxSemantics' locally updated view against a fresh READ ELEMENT STATUS, with trimmed tags: tgt
   * reports a blank (all spaces) tag for an emptied slot, which mtx prints; the local update cannot
   * know that and drops the tag.
   */
  private void assertLocalViewIsFresh(MtxSemantics api, SmcChanger changer, String when) throws Exception {
    String device = devices.sg("changer");
    assertEquals(MtxText.status(device, read(changer), MtxText.TagStyle.TRIMMED),
        MtxText.status(device, api.library(), MtxText.TagStyle.TRIMMED), "our local view " + when);
  }

  @Test
  void elementStatusWithVolumeTags() throws Exception {
    List<String> barcodes = Arrays.asList(devices.get("library.barcodes").split(","));
    int slots = Integer.parseInt(devices.get("library.slots"));
    try (SgIoTransport t = SgIoTransport.open(devices.sg("changer"))) {
      MtxLibrary library = read(SmcChanger.open(t));
      assertEquals(2, library.drives().size());
      assertEquals(slots, library.storageSlotCount());
      assertEquals(1, library.importExportCount());
      MtxLibrary.Drive drive0 = library.drive(0);
      assertTrue(drive0.full(), "the guest script loaded slot 2 into drive 0");
      assertEquals(OptionalInt.of(2), drive0.loadedSlot());
      assertEquals(barcodes.get(1), drive0.barcode().orElseThrow());
      assertFalse(library.drive(1).full());
      for (int i = 0; i < barcodes.size(); i++) {
        MtxLibrary.Slot slot = library.slot(i + 1);
        if (i == 1) {
          assertFalse(slot.full(), "slot 2's tape is in drive 0");
        } else {
          assertEquals(barcodes.get(i), slot.barcode().orElseThrow(), "tag of slot " + (i + 1));
        }
      }
      assertStatusTextIsMtxs(library, "at the start");
    }
  }

  /**
   * Slot 3 to drive 1 and back, and slot 4 to an empty slot and back, once through our MtxSemantics
   * and once through mtx: the progress text is the same, and after every move a fresh READ ELEMENT
   * STATUS, our locally updated view and mtx status all print the same text.
   */
  @Test
  void loadUnloadAndTransferPrintWhatMtxPrints() throws Exception {
    int emptySlot = Integer.parseInt(devices.get("library.tapes")) + 1;
    try (SgIoTransport t = SgIoTransport.open(devices.sg("changer"))) {
      SmcChanger changer = SmcChanger.open(t);
      StringBuilder ours = new StringBuilder();
      MtxSemantics mtxApi = MtxSemantics.open(changer, ours);

      mtxApi.load(3, OptionalInt.of(1));
      assertStatusTextIsMtxs(read(changer), "after our load 3 1");
      assertLocalViewIsFresh(mtxApi, changer, "after our load 3 1");
      assertTrue(read(changer).drive(1).full());
      mtxApi.unload(OptionalInt.of(3), OptionalInt.of(1));
      assertStatusTextIsMtxs(read(changer), "after our unload 3 1");
      mtxApi.transfer(4, emptySlot);
      assertStatusTextIsMtxs(read(changer), "after our transfer 4 " + emptySlot);
      assertLocalViewIsFresh(mtxApi, changer, "after our transfer 4 " + emptySlot);
      mtxApi.transfer(emptySlot, 4);

      String theirs = mtx("load", "3", "1");
      assertStatusTextIsMtxs(read(changer), "after mtx load 3 1");
      theirs += mtx("unload", "3", "1");
      theirs += mtx("transfer", "4", Integer.toString(emptySlot));
      theirs += mtx("transfer", Integer.toString(emptySlot), "4");
      assertEquals(theirs, ours.toString(), "progress text of load, unload and transfer");
      assertStatusTextIsMtxs(read(changer), "at the end");
      assertFalse(read(changer).drive(1).full(), "drive 1 is empty again");
    }
  }
}
