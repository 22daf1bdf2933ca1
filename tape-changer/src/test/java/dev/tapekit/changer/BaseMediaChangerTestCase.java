package dev.tapekit.changer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.smc.ElementDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MediaChanger} must do, whatever is behind it (scripted test library, the virtual
 * library, a real changer in the kernel harness). A binding supplies a changer with the layout of
 * {@link #newChanger}: {@code slots} storage slots, {@code mailSlots} import/export slots and {@code
 * drives} empty drives, with the given barcodes in storage slots (0-based index to barcode).
 */
public abstract class BaseMediaChangerTestCase {
  private static final int SLOTS = 8;
  private static final int MAIL_SLOTS = 2;
  private static final int DRIVES = 2;

  protected MediaChanger changer;

  /** A changer in the described state; every call starts from scratch. */
  protected abstract MediaChanger newChanger(int slots, int mailSlots, int drives, Map<Integer, String> barcodes)
      throws Exception;

  @BeforeEach
  void createChanger() throws Exception {
    changer = newChanger(SLOTS, MAIL_SLOTS, DRIVES, Map.of(0, "E01001L8", 2, "E01003L8", 5, "CLN001L1"));
  }

  @Test
  void statusReportsTheLayoutAndBarcodes() throws Exception {
    ChangerStatus s = changer.status();
    assertEquals(SLOTS, s.storage().size());
    assertEquals(MAIL_SLOTS, s.importExport().size());
    assertEquals(DRIVES, s.drives().size());
    assertEquals(Optional.of("E01001L8"), s.storage().get(0).barcode());
    assertTrue(s.storage().get(0).full());
    assertFalse(s.storage().get(1).full());
    assertTrue(s.storage().get(5).holdsCleaningCartridge());
    assertTrue(s.drives().stream().noneMatch(ElementDescriptor::full));
    assertEquals(s.drives().size(), s.drives().stream().map(ElementDescriptor::address).distinct().count());
  }

  @Test
  void loadAndUnloadRoundTrip() throws Exception {
    ChangerStatus before = changer.status();
    int slot = before.storage().get(2).address();
    int drive = before.drives().get(1).address();
    changer.move(slot, drive);
    ChangerStatus loaded = changer.status();
    ElementDescriptor d = loaded.element(drive).orElseThrow();
    assertTrue(d.full());
    assertEquals(Optional.of("E01003L8"), d.barcode());
    assertEquals(OptionalInt.of(slot), d.validSource());
    assertFalse(loaded.element(slot).orElseThrow().full());
    changer.move(drive, slot);
    ChangerStatus after = changer.status();
    assertEquals(Optional.of("E01003L8"), after.element(slot).orElseThrow().barcode());
    assertFalse(after.element(drive).orElseThrow().full());
  }

  @Test
  void slotToMailSlotAndBack() throws Exception {
    ChangerStatus s = changer.status();
    int slot = s.storage().get(0).address();
    int mail = s.importExport().get(0).address();
    changer.move(slot, mail);
    assertEquals(Optional.of("E01001L8"), changer.status().element(mail).orElseThrow().barcode());
    changer.move(mail, slot);
    assertTrue(changer.status().element(slot).orElseThrow().full());
  }

  @Test
  void refusalsCarryTheirReason() throws Exception {
    ChangerStatus s = changer.status();
    int emptySlot = s.storage().get(1).address();
    int fullSlot = s.storage().get(0).address();
    int otherFull = s.storage().get(2).address();
    int drive = s.drives().get(0).address();
    assertEquals(ChangerException.Reason.SOURCE_EMPTY,
        assertThrows(ChangerException.class, () -> changer.move(emptySlot, drive)).reason());
    assertEquals(ChangerException.Reason.DESTINATION_FULL,
        assertThrows(ChangerException.class, () -> changer.move(fullSlot, otherFull)).reason());
    int nowhere = unusedAddress(s);
    ChangerException invalid = assertThrows(ChangerException.class, () -> changer.move(fullSlot, nowhere));
    assertEquals(ChangerException.Reason.INVALID_ELEMENT_ADDRESS, invalid.reason());
    assertTrue(invalid.getMessage().contains("element " + nowhere), invalid.getMessage());
    assertTrue(invalid.getMessage().startsWith(changer.deviceName() + ": MOVE MEDIUM failed"), invalid.getMessage());
  }

  private static int unusedAddress(ChangerStatus s) {
    List<Integer> used = s.elements(dev.tapekit.changer.smc.ElementType.ALL).stream().map(ElementDescriptor::address).toList();
    int a = 0xFFF0;
    while (used.contains(a)) {
      a--;
    }
    return a;
  }

  @Test
  void mtxNumberingOverTheChanger() throws Exception {
    StringBuilder out = new StringBuilder();
    MtxSemantics mtx = MtxSemantics.open(changer, out);
    assertEquals(SLOTS + MAIL_SLOTS, mtx.library().slotCount());
    mtx.load(3, OptionalInt.of(1));
    mtx.unload(OptionalInt.empty(), OptionalInt.of(1));
    assertEquals("Loading media from Storage Element 3 into drive 1...done\n"
        + "Unloading drive 1 into Storage Element 3...done\n", out.toString());
    MtxLibrary fresh = MtxLibrary.of(changer.status());
    assertEquals(Optional.of("E01003L8"), fresh.slot(3).barcode());
    String text = MtxText.status("/dev/changer", fresh, MtxText.TagStyle.TRIMMED);
    assertTrue(text.startsWith("  Storage Changer /dev/changer:2 Drives, 10 Slots ( 2 Import/Export )\n"), text);
    assertTrue(text.contains("      Storage Element 3:Full :VolumeTag=E01003L8\n"), text);
  }

  @Test
  void inventoryAndPreventAllowSucceed() throws Exception {
    changer.inventory();
    changer.preventRemoval(true);
    changer.preventRemoval(false);
    assertEquals(SLOTS, changer.status().storage().size());
  }
}
