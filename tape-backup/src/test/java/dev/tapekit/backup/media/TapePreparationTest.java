package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.TapeDrive;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labelling and preparing tapes in the virtual library's drive. */
class TapePreparationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T18:00:00Z"), ZoneOffset.UTC);
  private static final int BLOCK = BlockHeader.DEFAULT_BLOCK;

  private static final String NAME = "L700";

  @TempDir
  Path home;

  private LibraryDrive open() throws Exception {
    return VirtualLibraryDrives.open(home, NAME, 0);
  }

  private static MediaSet set(String pool) {
    return new MediaSet(UUID.randomUUID(), pool, "set", CLOCK.instant(), Optional.empty(), new TreeMap<>());
  }

  @Test
  void aBlankTapeIsLabelledJoinsASetAndIsAppendedTo() throws Exception {
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      TapeDrive drive = library.load("E01001L8");
      Media labelled = TapePreparation.label(store, drive, "E01001L8", Optional.empty(), Optional.of("L700"), BLOCK,
          CLOCK);
      assertEquals(new MediaLocation.Online("L700"), store.media(labelled.uuid()).orElseThrow().location());
      MediaException again = assertThrows(MediaException.WrongTape.class, () -> TapePreparation.label(store, drive,
          "E01001L8", Optional.empty(), Optional.empty(), BLOCK, CLOCK));
      assertTrue(again.getMessage().contains("not blank"), again.getMessage());

      MediaSet first = set("daily");
      assertTrue(store.startMediaSet(first, labelled.uuid(), Optional.empty(), CLOCK.instant()));
      Media member = store.media(labelled.uuid()).orElseThrow();
      MediaSetLabel written = TapePreparation.prepare(drive, member, first, BLOCK, CLOCK);
      assertEquals(first.uuid(), written.mediaSet());
      assertEquals(2, drive.position().fileNumber().orElseThrow(), "ready to append file 2");
      drive.write(ByteBuffer.wrap(new byte[BLOCK]));
      drive.writeFilemarks(1, false);

      library.load("E01002L8");
      drive.write(ByteBuffer.wrap(new byte[] {9})); // another tape in between
      library.load("E01001L8");
      TapePreparation.prepare(drive, member, first, BLOCK, CLOCK);
      assertEquals(3, drive.position().fileNumber().orElseThrow(), "a tape already in the set is appended to at its end");

      MediaSet second = set("daily"); // the tape expired and is overwritten by a new set
      assertTrue(store.startMediaSet(second, member.uuid(), member.membership(), CLOCK.instant()));
      TapePreparation.prepare(drive, store.media(member.uuid()).orElseThrow(), second, BLOCK, CLOCK);
      assertEquals(2, drive.position().fileNumber().orElseThrow());
      drive.rewind();
      TapeLabels labels = TapeLabels.readLabels(new DriveBlockSource(drive, "E01001L8")).orElseThrow();
      assertEquals(labelled.uuid(), labels.media().media());
      assertEquals(second.uuid(), labels.mediaSet().orElseThrow().mediaSet());
      drive.locateFile(2);
      assertEquals(dev.tapekit.scsi.tape.ReadResult.Kind.END_OF_DATA,
          drive.read(ByteBuffer.allocate(BLOCK)).kind(), "the old set's files are gone");
    }
  }

  @Test
  void aTapeWhoseLabelIsNotTheCatalogsIsRefused() throws Exception {
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      TapeDrive drive = library.load("E01004L8");
      Media real = TapePreparation.label(store, drive, "E01004L8", Optional.empty(), Optional.empty(), BLOCK, CLOCK);
      MediaSet s = set("daily");
      assertTrue(store.startMediaSet(s, real.uuid(), Optional.empty(), CLOCK.instant()));
      Media impostor = new Media(UUID.randomUUID(), "E01004L8", real.labelled(), Optional.of("daily"),
          store.media(real.uuid()).orElseThrow().membership(), real.status(), real.location(), 0, 0, 0, false);
      MediaException e = assertThrows(MediaException.WrongTape.class,
          () -> TapePreparation.prepare(drive, impostor, s, BLOCK, CLOCK));
      assertTrue(e.getMessage().contains(real.uuid().toString()), e.getMessage());
      library.load("E01005L8");
      MediaException blank = assertThrows(MediaException.WrongTape.class,
          () -> TapePreparation.prepare(drive, store.media(real.uuid()).orElseThrow(), s, BLOCK, CLOCK));
      assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
    }
  }
}
