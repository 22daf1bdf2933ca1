package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeFormat;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TapeAlert checks and cartridge memory tags after a load, in the virtual library's first drive. */
class LoadCheckTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T18:00:00Z"), ZoneOffset.UTC);
  private static final CartridgeTags.Application APP = new CartridgeTags.Application("tapekit", "tapekit backup",
      "1.2.3");
  private static final int[] TAGS = {0x0800, 0x0801, 0x0802, 0x0803, 0x0808};

  @TempDir
  Path home;

  private void raise(TapeAlertFlag... flags) throws Exception {
    VirtualLibraryDrives.withLibrary(home, "L700", lib -> {
      for (TapeAlertFlag f : flags) {
        lib.drive(0).raiseTapeAlert(f.number());
      }
      return null;
    });
  }

  private static String tag(TapeDrive drive, MamAttribute a) throws Exception {
    Optional<Attribute> found = drive.readAttributes(a.id()).stream().findFirst();
    if (found.isEmpty()) {
      return "";
    }
    return (a.format() == AttributeFormat.ASCII ? found.get().ascii() : found.get().text()).trim();
  }

  @Test
  void aTapeWithoutAlertsIsUsableAndTaggedAsPbsDoesUntilItIsFormatted() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0);
        CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      TapeDrive drive = library.load("E01001L8");
      Media media = TapePreparation.label(store, drive, "E01001L8", Optional.of("daily"), Optional.of("L700"),
          BlockHeader.DEFAULT_BLOCK, CLOCK);
      assertEquals("tapekit", tag(drive, MamAttribute.APPLICATION_VENDOR), "labelling tags the cartridge");

      LoadCheck.Result r = LoadCheck.afterLoad(drive, media, APP);
      assertEquals(LoadCheck.Verdict.OK, r.verdict());
      assertEquals(List.of(), r.warnings());
      assertEquals(Set.of(), r.flags());
      assertEquals("tapekit backup", tag(drive, MamAttribute.APPLICATION_NAME));
      assertEquals("1.2.3", tag(drive, MamAttribute.APPLICATION_VERSION));
      assertEquals("E01001L8", tag(drive, MamAttribute.USER_MEDIUM_TEXT_LABEL));
      assertEquals("daily", tag(drive, MamAttribute.MEDIA_POOL));

      assertEquals(List.of(), TapePreparation.format(drive, "E01001L8", true));
      assertEquals(List.of(), drive.readAttributes(TAGS), "formatting clears every tag");
      assertTrue(drive.readAttributes(MamAttribute.LOAD_COUNT.id()).size() == 1, "the drive's own attributes stay");
    }
  }

  @Test
  void criticalFlagsMakeTheTapeDamagedWhichTheCatalogRecords() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0);
        CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      TapeDrive drive = library.load("E01002L8");
      Media media = TapePreparation.label(store, drive, "E01002L8", Optional.empty(), Optional.of("L700"),
          BlockHeader.DEFAULT_BLOCK, CLOCK);
      drive.clearAttributes(MamAttribute.APPLICATION_VENDOR);
      raise(TapeAlertFlag.MEDIA, TapeAlertFlag.CLEANING_REQUIRED);

      LoadCheck.Result r = LoadCheck.afterLoad(drive, media, APP);
      assertTrue(r.damaged());
      assertEquals(Set.of(TapeAlertFlag.MEDIA), r.critical(),
          "cleaning required is critical for the drive, not the tape (PBS's mask)");
      assertEquals(1, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("clean the drive"), r.warnings().get(0));
      assertTrue(r.describe().contains("E01002L8 is damaged") && r.describe().contains("Media"), r.describe());
      assertEquals("", tag(drive, MamAttribute.APPLICATION_VENDOR), "a damaged tape is not tagged");

      Media marked = LoadCheck.recordDamage(store, media, r);
      assertEquals(MediaStatus.DAMAGED, marked.status());
      assertEquals(MediaStatus.DAMAGED, store.media(media.uuid()).orElseThrow().status());
    }
  }

  @Test
  void flagsThatDoNotConcernTheTapeAreWarnings() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0)) {
      TapeDrive drive = library.load("E01003L8");
      raise(TapeAlertFlag.CLEANING_REQUESTED, TapeAlertFlag.MEDIA_LIFE);
      Media media = Media.newTape(java.util.UUID.randomUUID(), "E01003L8", CLOCK.instant(), Optional.empty(), false);
      LoadCheck.Result r = LoadCheck.afterLoad(drive, media, APP);
      assertFalse(r.damaged());
      assertEquals(2, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("Media life") && r.warnings().get(0).contains("retire"),
          r.warnings().get(0));
      assertTrue(r.describe().contains("usable"), r.describe());
      assertThrows(IllegalArgumentException.class, () -> LoadCheck.recordDamage(null, media, r),
          "an OK tape is not recorded as damaged");
    }
  }

  @Test
  void aCartridgeWhoseMemoryRefusesTagsIsStillUsableWithWarnings() throws Exception {
    Path cartridge = VirtualLibraryDrives.withLibrary(home, "L700", lib -> lib.cartridgePath("E01004L8"));
    try (CartridgeFile f = CartridgeFile.open(cartridge)) {
      f.updateInfo(i -> i.withWriteProtected(true)); // the virtual drive then refuses WRITE ATTRIBUTE (07/27/00)
    }
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0)) {
      TapeDrive drive = library.load("E01004L8");
      Media media = Media.newTape(java.util.UUID.randomUUID(), "E01004L8", CLOCK.instant(), Optional.of("daily"),
          false);
      LoadCheck.Result r = LoadCheck.afterLoad(drive, media, APP);
      assertEquals(LoadCheck.Verdict.OK, r.verdict());
      assertEquals(5, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(4).contains("0808h (Media pool) not written")
          && r.warnings().get(4).contains("E01004L8"), r.warnings().get(4));
    }
  }
}
