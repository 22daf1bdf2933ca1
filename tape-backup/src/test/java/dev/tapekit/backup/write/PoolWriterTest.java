package dev.tapekit.backup.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.media.VirtualLibraryDrives;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.ChunkLocation;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.archive.CatalogRebuild;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.scsi.tape.TapeDrive;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import dev.tapekit.backup.media.ForwardingTapeLoader;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.scsi.log.TapeAlertFlag;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's chunks written through the virtual library to tapes of 24 MiB, so that it spans three
 * tapes; then each tape is read back against the catalog, every chunk restored by LOCATE, and the
 * catalog rebuilt from the last tape alone.
 */
class PoolWriterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T18:00:00Z"), ZoneOffset.UTC);
  private static final int BLOCK = BlockHeader.DEFAULT_BLOCK;

  private static final String NAME = "SMALL";

  @TempDir
  Path home;

  private LibraryDrive open() throws Exception {
    return VirtualLibraryDrives.open(home, NAME, 24);
  }

  @Test
  void aBackupSpansTapesAndEveryChunkComesBack() throws Exception {
    Map<String, byte[]> written = new LinkedHashMap<>();
    UUID set;
    List<String> tapes;
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      store.putPool(Pool.of("daily"));
      for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8", "E01004L8")) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of("daily"), Optional.of("SMALL"),
            BLOCK, CLOCK);
      }
      MediaPool pool = new MediaPool(store, "daily", Availability.changer(library.changerName()), CLOCK,
          ZoneOffset.UTC);
      Random random = new Random(42);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT.withArchiveBytes(8 << 20),
          CLOCK)) {
        writer.begin("backup daily", false);
        List<SnapshotEntry> entries = new ArrayList<>();
        entries.add(SnapshotEntry.builder("", SnapshotEntry.Type.DIRECTORY).mode(0755).times(Instant.EPOCH,
            Instant.EPOCH, Instant.EPOCH).build());
        for (int i = 0; i < 52; i++) {
          byte[] data = new byte[1 << 20];
          random.nextBytes(data); // incompressible: 52 MiB do not fit two 24 MiB tapes
          byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
          assertTrue(writer.addChunk("store1", digest, ByteBuffer.wrap(data)));
          assertFalse(writer.addChunk("store1", digest, ByteBuffer.wrap(data)), "a chunk is written once per set");
          written.put(HexFormat.of().formatHex(digest), data);
        }
        writer.snapshot("host1/data/2026-12-05T18:00:00Z", "/data", CLOCK.instant(), entries);
        writer.finish();
        set = writer.mediaSet();
        tapes = writer.tapesUsed();
      }
      assertEquals(3, tapes.size(), "52 MiB over 24 MiB tapes: " + tapes);
      MediaSet stored = store.mediaSet(set).orElseThrow();
      assertEquals(3, stored.members().size());
      assertEquals(MediaStatus.FULL, store.mediaByLabel(tapes.get(0)).orElseThrow().status());

      // every tape holds exactly what the catalog says, and every tape after the first starts with a catalog
      for (int seq = 0; seq < 3; seq++) {
        Media m = store.media(stored.members().get(seq)).orElseThrow();
        TapeDrive drive = library.load(m.label());
        DriveBlockSource source = new DriveBlockSource(drive, m.label());
        List<CatalogRecord.TapeFile> onTape = new ArrayList<>();
        assertEquals(List.of(), TapeScanner.scan(source, seq, new TapeScanner.Listener() {
          @Override
          public void file(CatalogRecord.TapeFile file) {
            onTape.add(file);
          }

          @Override
          public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {}

          @Override
          public void snapshot(CatalogRecord.Snapshot snapshot) {}
        }));
        List<CatalogRecord.TapeFile> catalogued = store.files(m.uuid()).stream().map(FilePart::file).toList();
        assertEquals(onTape, catalogued, m.label() + ": the catalog records every file, catalog archives too");
        if (seq > 0) {
          assertEquals(ContentType.CATALOG_ARCHIVE.magic(), onTape.get(0).contentType());
        }
      }
      // every chunk comes back by one LOCATE through the catalog
      for (Map.Entry<String, byte[]> e : written.entrySet()) {
        ChunkLocation at = store.findChunk(set, HexFormat.of().parseHex(e.getKey())).orElseThrow();
        Media m = store.media(at.media()).orElseThrow();
        DriveBlockSource source = new DriveBlockSource(library.load(m.label()), m.label());
        CatalogRecord.TapeFile file = store.files(m.uuid()).stream().map(FilePart::file)
            .filter(f -> f.fileNumber() == at.fileNumber()).findFirst().orElseThrow();
        BlockAddress start = new BlockAddress(file.fileNumber(), 0, file.firstLogicalObject());
        ByteBuffer back = ChunkArchiveReader.readChunk(source, ChunkArchiveReader.readHeader(source, start), start,
            at.entry(), Optional.empty());
        byte[] bytes = new byte[back.remaining()];
        back.get(bytes);
        assertArrayEquals(e.getValue(), bytes);
      }
      // the last tape alone rebuilds the set's catalog
      try (CatalogStore fresh = SqliteCatalogStore.open(home.resolve("rebuilt.db"))) {
        String last = tapes.get(tapes.size() - 1);
        CatalogRebuild.Result r = CatalogRebuild.fromCatalogArchive(fresh,
            new DriveBlockSource(library.load(last), last));
        assertEquals(new TreeSet<>(List.of(0, 1, 2)), r.described());
        assertEquals(new TreeSet<>(), r.needed());
        Set<String> digests = new TreeSet<>();
        fresh.chunkDigests(set, d -> digests.add(HexFormat.of().formatHex(d)));
        assertEquals(new TreeSet<>(written.keySet()), digests);
        assertEquals(1, fresh.snapshots(set).size());
      }
    }
  }

  /**
   * A library whose key manager controls the drive's encryption refuses a host's "encryption off":
   * for a pool without encryption that is no error; the writer says so.
   */
  @Test
  void aLibraryManagedEncryptionIsNoErrorForAPlainPool() throws Exception {
    java.util.function.UnaryOperator<TapeDrive> managed = drive -> ForwardingTapeLoader.overriding(drive,
        (method, args) -> {
          if (method.equals("clearEncryptionKey")) {
            throw new dev.tapekit.scsi.tape.TapeDriveException(drive.deviceName(), "encryption is controlled by the "
                + "library (injected)");
          }
          return ForwardingTapeLoader.PASS;
        });
    try (LibraryDrive library = VirtualLibraryDrives.open(home, NAME, 24, managed);
        CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      store.putPool(Pool.of("daily"));
      TapePreparation.label(store, library.load("E01001L8"), "E01001L8", Optional.of("daily"), Optional.of("SMALL"),
          BLOCK, CLOCK);
      MediaPool pool = new MediaPool(store, "daily", Availability.changer(library.changerName()), CLOCK,
          ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, CLOCK)) {
        writer.begin("backup daily", false);
        byte[] data = "managed".getBytes();
        assertTrue(writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data)));
        writer.finish();
        assertEquals(Optional.empty(), writer.encryptionMode());
        assertTrue(writer.encryption().contains("managed elsewhere"), writer.encryption());
      }
    }
  }

  /** A tape with critical TapeAlert flags after its load is marked damaged, and the backup goes on with another. */
  @Test
  void aDamagedTapeIsMarkedAndAnotherOneUsed() throws Exception {
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      store.putPool(Pool.of("daily"));
      for (String barcode : List.of("E01001L8", "E01002L8")) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of("daily"), Optional.of("SMALL"),
            BLOCK, CLOCK);
      }
      library.unload(); // the drive empty: the oldest label goes first (a tape in the drive would)
      String damaged = store.mediaByLabel("E01001L8").isPresent() ? "E01001L8" : null;
      TapeLoader flagging = new ForwardingTapeLoader(library) {
        @Override
        public TapeDrive load(String label) throws java.io.IOException {
          TapeDrive d = delegate.load(label);
          return !label.equals(damaged) ? d : overriding(d, (method, args) ->
              method.equals("tapeAlertFlags") ? Set.of(TapeAlertFlag.MEDIA) : PASS);
        }
      };
      MediaPool pool = new MediaPool(store, "daily", Availability.changer(library.changerName()), CLOCK,
          ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, flagging, WriterOptions.DEFAULT, CLOCK)) {
        writer.begin("backup daily", false);
        byte[] data = "after a damaged tape".getBytes();
        assertTrue(writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data)));
        writer.finish();
        assertEquals(List.of("E01002L8"), writer.tapesUsed());
        assertTrue(writer.warnings().stream().anyMatch(w -> w.contains("E01001L8 is damaged")), writer.warnings()
            .toString());
      }
      assertEquals(MediaStatus.DAMAGED, store.mediaByLabel("E01001L8").orElseThrow().status());
    }
  }

  /**
   * At the end of a job the media set goes to the import/export slots, as PBS's export-media-set: the
   * tape in the drive straight from the drive, the others from their slots; with one free slot left, one
   * goes and the other is reported; exported tapes are offline and no longer reachable.
   */
  @Test
  void theSetIsExportedToTheImportExportSlots() throws Exception {
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      store.putPool(Pool.of("daily"));
      for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8")) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of("daily"), Optional.of("SMALL"),
            BLOCK, CLOCK);
      }
      MediaPool pool = new MediaPool(store, "daily", Availability.changer(library.changerName()), CLOCK,
          ZoneOffset.UTC);
      Random random = new Random(7);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, CLOCK)) {
        writer.begin("backup daily", false);
        for (int i = 0; i < 30; i++) {
          byte[] data = new byte[1 << 20];
          random.nextBytes(data); // 30 MiB: two 24 MiB tapes
          writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data));
        }
        writer.finish();
        List<String> tapes = writer.tapesUsed();
        assertEquals(2, tapes.size(), tapes.toString());
        // three of the four mail slots (40..43) are taken by other tapes
        dev.tapekit.changer.MtxSemantics mtx = dev.tapekit.changer.MtxSemantics.open(
            dev.tapekit.changer.SmcChanger.open(dev.tapekit.vtl.VirtualLibraries.open("vtl:" + NAME, home)),
            java.io.Writer.nullWriter());
        for (int slot = 30; slot < 33; slot++) {
          mtx.transfer(slot, slot + 10);
        }
        TapeLoader.Exported first = writer.exportSet();
        assertEquals(1, first.exported().size(), first.toString());
        assertEquals(1, first.notExported().size(), first.toString());
        assertTrue(first.notExported().values().iterator().next().contains("no free import/export slot"),
            first.toString());
        String out = first.exported().keySet().iterator().next();
        assertEquals("import/export slot 43", first.exported().get(out));
        assertEquals(MediaLocation.OFFLINE, store.mediaByLabel(out).orElseThrow().location());
        assertFalse(library.reachable().contains(out), "a tape in a mail slot is not online");
        mtx = dev.tapekit.changer.MtxSemantics.open(
            dev.tapekit.changer.SmcChanger.open(dev.tapekit.vtl.VirtualLibraries.open("vtl:" + NAME, home)),
            java.io.Writer.nullWriter());
        mtx.transfer(40, 30); // the operator empties a mail slot
        TapeLoader.Exported second = writer.exportSet();
        assertEquals(tapes.stream().filter(t -> !t.equals(out)).toList(), List.copyOf(second.exported().keySet()));
        assertEquals(Optional.empty(), library.loaded(), "the drive's tape went too");
      }
    }
  }

  /**
   * A pool without tapes gets one: a blank tape of the library the catalog does not know is labelled
   * into it (barcode as label text); a written tape the catalog does not know is left alone.
   */
  @Test
  void aBlankTapeIsLabelledWhenThePoolHasNone() throws Exception {
    try (LibraryDrive library = open(); CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      try (CatalogStore other = SqliteCatalogStore.open(home.resolve("other.db"))) { // another site's tape
        TapePreparation.label(other, library.load("E01001L8"), "E01001L8", Optional.empty(), Optional.empty(), BLOCK,
            CLOCK);
      }
      library.unload(); // back to slot 1: the first the writer looks at
      store.putPool(Pool.of("daily"));
      MediaPool pool = new MediaPool(store, "daily", Availability.changer(library.changerName()), CLOCK,
          ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, CLOCK)) {
        writer.begin("backup daily", false);
        byte[] data = "first backup".getBytes();
        writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data));
        writer.finish();
        assertEquals(List.of("E01002L8"), writer.tapesUsed());
        assertTrue(writer.warnings().stream().anyMatch(w -> w.startsWith("E01001L8 is not in the catalog and not "
            + "blank")), writer.warnings().toString());
      }
      assertEquals(Optional.of("daily"), store.mediaByLabel("E01002L8").orElseThrow().pool());
      assertEquals(Optional.empty(), store.mediaByLabel("E01001L8"));
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT.withLabelBlankTapes(false),
          CLOCK)) {
        store.updateMedia(store.mediaByLabel("E01002L8").orElseThrow().uuid(), m -> m.withStatus(MediaStatus.FULL));
        assertThrows(dev.tapekit.catalog.CatalogException.NotFound.class, () -> writer.begin("backup daily", false),
            "without labelling, a pool out of tapes says so");
      }
    }
  }

  /**
   * A drive-encrypted set that runs out of labelled tapes mid-job: the blank tape labelled then gets its
   * label in the clear (with the set's drive key still on, the label was written encrypted, and reading
   * it back in the clear to write the media set label failed), and the set goes on, encrypted, on it.
   */
  @Test
  void aBlankTapeLabelledInTheMiddleOfADriveEncryptedSet() throws Exception {
    dev.tapekit.crypto.TapeKey key = dev.tapekit.crypto.TapeKey.generate();
    dev.tapekit.crypto.KeyConfig wrapped = dev.tapekit.crypto.KeyConfig.wrap(key,
        dev.tapekit.crypto.Passphrase.of("tape is not dead".toCharArray()), dev.tapekit.crypto.KdfType.PBKDF2, "the usual",
        CLOCK);
    try (LibraryDrive library = dev.tapekit.backup.media.VirtualLibraryDrives.open(home, "SMALL", 24);
        CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      store.putPool(Pool.of("vault").withEncryption(Optional.of(key.fingerprint().toString())));
      MediaPool pool = new MediaPool(store, "vault", Availability.changer("SMALL"), CLOCK, ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT,
          Optional.of(new SetEncryption(key, wrapped)), CLOCK)) {
        writer.begin("backup vault", false);
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) { // 40 MiB of random chunks: more than one 24 MiB tape
          byte[] data = new byte[1 << 20];
          random.nextBytes(data);
          writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data));
        }
        writer.finish();
        assertEquals(Optional.of(dev.tapekit.format.label.EncryptionMode.DRIVE), writer.encryptionMode());
        assertTrue(writer.tapesUsed().size() >= 2, writer.tapesUsed().toString());
        assertTrue(writer.warnings().stream().filter(w -> w.contains("a blank tape, labelled")).count() >= 2,
            writer.warnings().toString());
      }
    }
  }
}
