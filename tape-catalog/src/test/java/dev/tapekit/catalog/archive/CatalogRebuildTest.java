package dev.tapekit.catalog.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.MediaSetVerifier;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogArchiveWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.snapshot.SnapshotArchiveOptions;
import dev.tapekit.format.snapshot.SnapshotArchiveWriter;
import dev.tapekit.format.snapshot.SnapshotEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-tape media set written as a backup writes one (labels, data files, the catalog recorded after
 * each tape confirmed its files, catalog archives exported from that catalog when a tape joins the
 * set and at the end), then catalogs rebuilt from the tapes alone.
 */
class CatalogRebuildTest {
  private static final int BLOCK = 64 * 1024;
  private static final Instant CTIME = Instant.parse("2026-12-05T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(CTIME.plusSeconds(600), ZoneOffset.UTC);
  private static final UUID SET = UUID.fromString("5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51");

  @TempDir
  Path dir;
  private CatalogStore writer;
  private MemoryTape tape0;
  private MemoryTape tape1;
  private final Set<String> digests = new TreeSet<>();

  @BeforeEach
  void writeTheSet() throws Exception {
    writer = SqliteCatalogStore.open(dir.resolve("writer.db"));
    tape0 = new MemoryTape("SETA01L9");
    tape1 = new MemoryTape("SETB01L9");
    Media m0 = label(tape0, 0);
    Media m1 = label(tape1, 1);
    writer.addMedia(m0);
    writer.addMedia(m1);
    assertTrue(writer.startMediaSet(new MediaSet(SET, "daily", "set", CTIME, Optional.empty(), new TreeMap<>()),
        m0.uuid(), Optional.empty(), CTIME));
    assertTrue(writer.assign(m1.uuid(), Optional.empty(), new Media.Membership(SET, 1, CTIME)));
    // tape 0: a chunk archive, a snapshot archive, then the job's catalog archive
    chunks(tape0, 0, 3, "a");
    snapshot(tape0);
    record(tape0, m0, 0);
    catalog(tape0, 0);
    record(tape0, m0, 0); // the catalog archive is a file of the tape too
    // tape 1 joins: the earlier tapes' catalog first, then data, then the job's catalog
    catalog(tape1, 1);
    chunks(tape1, 1, 4, "b");
    record(tape1, m1, 1);
    catalog(tape1, 1);
    tape0.rewind();
    tape1.rewind();
  }

  private static Media label(MemoryTape tape, int sequence) throws Exception {
    UUID uuid = new UUID(0x7a9e, sequence);
    TapeLabels.writeLabels(tape, new MediaLabel(tape.volume(), uuid, CTIME, Optional.of("daily"), BLOCK),
        new MediaSetLabel("daily", SET, sequence, CTIME, BLOCK, Optional.empty()));
    return Media.newTape(uuid, tape.volume(), CTIME, Optional.of("daily"), false);
  }

  private void chunks(MemoryTape tape, int sequence, int n, String seed) throws Exception {
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, ChunkArchiveOptions.of("store1", SET,
        sequence, CLOCK))) {
      for (int i = 0; i < n; i++) {
        byte[] data = (seed + " chunk " + i + " ").repeat(500 + i).getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        digests.add(HexFormat.of().formatHex(digest));
        assertTrue(w.add(digest, ByteBuffer.wrap(data)));
      }
      w.finish();
    }
  }

  private static void snapshot(MemoryTape tape) throws Exception {
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, new SnapshotArchiveOptions(SET, 0, CLOCK,
        "host1/etc/2026-12-05T18:00:00Z", "/etc", CTIME))) {
      w.add(SnapshotEntry.builder("", SnapshotEntry.Type.DIRECTORY).mode(0755).owner(0, 0, "root", "root")
          .times(CTIME, CTIME, CTIME).build());
      w.finish();
    }
  }

  /** What the writer does after the tape confirmed its files: records them (here: all, from the tape). */
  private void record(MemoryTape tape, Media m, int sequence) throws Exception {
    long end = tape.position().logicalObject();
    List<CatalogRecord> records = new ArrayList<>();
    assertEquals(List.of(), TapeScanner.scan(tape, sequence, new TapeScanner.Listener() {
      @Override
      public void file(CatalogRecord.TapeFile file) {
        records.add(file);
      }

      @Override
      public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {
        records.add(new CatalogRecord.Chunks(sequence, file.fileNumber(), 0, index.entries()));
      }

      @Override
      public void snapshot(CatalogRecord.Snapshot snapshot) {
        records.add(snapshot);
      }
    }));
    writer.clearContent(m.uuid());
    writer.commit(m.uuid(), records, end * BLOCK);
    tape.locate(end);
  }

  private void catalog(MemoryTape tape, int sequence) throws Exception {
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK,
        CatalogArchives.options(writer, SET, sequence, CLOCK))) {
      CatalogArchives.export(writer, w);
    }
  }

  private static List<CatalogRecord> content(CatalogStore store, UUID media) throws Exception {
    List<CatalogRecord> out = new ArrayList<>();
    store.content(media, out::add);
    return out;
  }

  private CatalogStore fresh(String name) throws Exception {
    return SqliteCatalogStore.open(dir.resolve(name + ".db"));
  }

  @Test
  void theWrittenSetVerifies() throws Exception {
    List<MediaSetVerifier.TapeReport> reports = MediaSetVerifier.verify(List.of(tape0, tape1), Optional.empty());
    assertEquals(List.of(ContentType.CATALOG_ARCHIVE, ContentType.CHUNK_ARCHIVE, ContentType.CATALOG_ARCHIVE),
        reports.get(1).files().stream().map(MediaSetVerifier.FileReport::type).toList());
  }

  @Test
  void theLastTapesCatalogArchiveRebuildsTheWholeSet() throws Exception {
    try (CatalogStore rebuilt = fresh("fast")) {
      CatalogRebuild.Result r = CatalogRebuild.fromCatalogArchive(rebuilt, tape1);
      assertEquals(new TreeSet<>(List.of(0, 1)), r.described());
      assertEquals(new TreeSet<>(), r.needed());
      assertEquals(SET, r.mediaSet());
      MediaSet set = rebuilt.mediaSet(SET).orElseThrow();
      assertEquals(List.of(new UUID(0x7a9e, 0), new UUID(0x7a9e, 1)), List.copyOf(set.members().values()));
      assertEquals(List.of("SETA01L9", "SETB01L9"), rebuilt.media().stream().map(Media::label).toList());
      assertEquals(content(writer, new UUID(0x7a9e, 0)), content(rebuilt, new UUID(0x7a9e, 0)));
      List<CatalogRecord> t1 = content(rebuilt, new UUID(0x7a9e, 1));
      assertEquals(3, t1.stream().filter(x -> x instanceof CatalogRecord.TapeFile).count(),
          "tape 1's catalog archive describes the two files before it, and is recorded itself");
      Set<String> found = new HashSet<>();
      rebuilt.chunkDigests(SET, d -> found.add(HexFormat.of().formatHex(d)));
      assertEquals(digests, new TreeSet<>(found));
      assertEquals("host1/etc/2026-12-05T18:00:00Z", rebuilt.snapshots(SET).get(0).snapshot().name());
      assertEquals(CTIME.plusSeconds(600), set.created(), "tape 1's labels do not say when the set started: "
          + "the time of the first file the archive describes stands in");
    }
  }

  @Test
  void aDamagedCatalogArchiveFallsBackToAnEarlierOneAndSaysWhatIsMissing() throws Exception {
    int last = tape1.objects() - 2; // the last block of the job's final catalog archive, before its filemark
    byte[] block = tape1.object(last);
    block[70] ^= 1; // inside the payload, which the CRC covers
    tape1.replace(last, block);
    try (CatalogStore rebuilt = fresh("cut")) {
      CatalogRebuild.Result r = CatalogRebuild.fromCatalogArchive(rebuilt, tape1);
      assertEquals(new TreeSet<>(List.of(0, 1)), r.described());
      assertEquals(new TreeSet<>(List.of(1)), r.needed(), "the early archive knew no files of tape 1 yet");
      assertTrue(r.advice().contains("[1]") && r.advice().contains("scan"), r.advice());
      CatalogRebuild.Result scanned = CatalogRebuild.scan(rebuilt, tape1);
      assertEquals(new TreeSet<>(), scanned.needed());
      assertEquals(1, scanned.unreadable().size(), "the damaged archive is reported, not recorded");
      assertEquals(4, scanned.unreadable().get(0).file());
      Set<String> found = new HashSet<>();
      rebuilt.chunkDigests(SET, d -> found.add(HexFormat.of().formatHex(d)));
      assertEquals(digests, new TreeSet<>(found));
    }
  }

  @Test
  void scanningTapesOneByOneSaysWhichAreStillNeeded() throws Exception {
    try (CatalogStore rebuilt = fresh("slow")) {
      CatalogRebuild.Result first = CatalogRebuild.scan(rebuilt, tape1);
      assertEquals(new TreeSet<>(List.of(0)), first.needed());
      CatalogRebuild.Result second = CatalogRebuild.scan(rebuilt, tape0);
      assertEquals(new TreeSet<>(), second.needed());
      assertEquals(content(writer, new UUID(0x7a9e, 0)), content(rebuilt, new UUID(0x7a9e, 0)));
      assertEquals(3, rebuilt.files(new UUID(0x7a9e, 1)).size(), "a scan records every readable file");
    }
  }

  @Test
  void aTapeWithoutCatalogArchivesOrSetIsRefusedWithAdvice() throws Exception {
    MemoryTape bare = new MemoryTape("BARE01L9");
    label(bare, 0);
    chunks(bare, 0, 1, "c");
    bare.rewind();
    try (CatalogStore rebuilt = fresh("bare")) {
      CatalogException e = assertThrows(CatalogException.NotFound.class,
          () -> CatalogRebuild.fromCatalogArchive(rebuilt, bare));
      assertTrue(e.getMessage().contains("scan the tape"), e.getMessage());
      CatalogException blank = assertThrows(CatalogException.NotFound.class,
          () -> CatalogRebuild.scan(rebuilt, new MemoryTape("BLANK1L9")));
      assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
    }
  }
}
