package dev.tapekit.format.catalog;

import static dev.tapekit.format.catalog.CatalogFixtures.BLOCK;
import static dev.tapekit.format.catalog.CatalogFixtures.CTIME;
import static dev.tapekit.format.catalog.CatalogFixtures.chunk;
import static dev.tapekit.format.catalog.CatalogFixtures.chunks;
import static dev.tapekit.format.catalog.CatalogFixtures.file;
import static dev.tapekit.format.catalog.CatalogFixtures.handmade;
import static dev.tapekit.format.catalog.CatalogFixtures.list;
import static dev.tapekit.format.catalog.CatalogFixtures.options;
import static dev.tapekit.format.catalog.CatalogFixtures.readAll;
import static dev.tapekit.format.catalog.CatalogFixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogRecord.Chunks;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.catalog.CatalogRecord.Snapshot;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the writer writes, the reader reads back: every record type, large chunk lists, early warning. */
class CatalogArchiveRoundTripTest {
  @Test
  void everyRecordTypeComesBackWithItsHeader() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE02L9");
    TapeFile archive = file(0, 2, ContentType.CHUNK_ARCHIVE, 5000);
    TapeFile snapshotFile = file(0, 3, ContentType.SNAPSHOT_ARCHIVE, 7);
    TapeFile stream = new TapeFile(0, 4, 400, ContentType.DATA_STREAM.magic(), 1, 0, true, new UUID(5, 5), CTIME,
        123_456, 0);
    TapeFile part = new TapeFile(1, 2, 4, ContentType.DATA_STREAM.magic(), 1, 1, false, new UUID(5, 5), CTIME, 99, 0);
    TapeFile foreign = new TapeFile(1, 3, 20, 0x0123456789abcdefL, 7, 0, false, new UUID(6, 6), CTIME, 0, 0);
    Snapshot snapshot = new Snapshot(0, 3, "hôst/ětc/2026-12-05T18:20:01Z", "/srv/データ", CTIME, 7, 1, 2345);
    List<ChunkArchiveIndex.Entry> all = list(1, 5000);
    BlockAddress start;
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK, options())) {
      start = w.start();
      w.tapeFile(archive);
      w.chunks(0, 2, all.subList(0, 10));
      w.chunks(0, 2, all.subList(10, 5000)); // continues the list: 4096 + 894 in two more records
      w.tapeFile(snapshotFile);
      w.snapshot(snapshot);
      w.tapeFile(stream);
      w.tapeFile(part);
      w.tapeFile(foreign);
      assertEquals(new End(5, 3, 5000, 1, 0), w.finish());
    }
    CatalogArchiveReader r = CatalogArchiveReader.open(tape, start);
    assertEquals(options().tapes(), r.header().tapes());
    assertEquals("daily", r.header().pool());
    assertEquals(CatalogFixtures.MEDIA_SET, r.header().mediaSet());
    assertEquals(1, r.header().tapeSequence());
    List<CatalogRecord> read = new ArrayList<>();
    CatalogRecord c;
    while ((c = r.next()) != null) {
      read.add(c);
    }
    assertEquals(List.of(archive, new Chunks(0, 2, 0, all.subList(0, 10)), new Chunks(0, 2, 10, all.subList(10, 4106)),
        new Chunks(0, 2, 4106, all.subList(4106, 5000)), snapshotFile, snapshot, stream, part, foreign,
        new End(5, 3, 5000, 1, 0)), read);
    assertEquals(10, r.records());
    assertNull(r.next());
    assertEquals(ContentType.DATA_STREAM, ((TapeFile) read.get(6)).type().orElseThrow());
    assertTrue(((TapeFile) read.get(8)).type().isEmpty(), "a content type this tapekit does not know is kept");
  }

  @Test
  void twoHundredThousandChunksStreamBackInBoundedRecords() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE02L9");
    int n = 200_000;
    BlockAddress start;
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK, options())) {
      start = w.start();
      w.tapeFile(file(1, 2, ContentType.CHUNK_ARCHIVE, n));
      w.chunks(1, 2, chunks(7, n));
      w.finish();
    }
    CatalogArchiveReader r = CatalogArchiveReader.open(tape, start);
    assertTrue(r.next() instanceof TapeFile);
    long i = 0;
    CatalogRecord c;
    while ((c = r.next()) instanceof Chunks chunks) {
      assertTrue(chunks.entries().size() <= Chunks.MAX_ENTRIES);
      assertEquals(i, chunks.first());
      for (ChunkArchiveIndex.Entry e : chunks.entries()) {
        assertEquals(chunk(7, i++, n), e);
      }
    }
    assertEquals(n, i);
    assertEquals(new End(1, (n + Chunks.MAX_ENTRIES - 1) / Chunks.MAX_ENTRIES, n, 0, 0), c);
    assertNull(r.next());
  }

  @Test
  void aRecordOfAnUnknownTypeIsSkippedByItsLength() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE02L9");
    TapeFile f = file(0, 2, ContentType.DATA_STREAM, 0);
    BlockAddress start = handmade(tape, List.of(record(77, new byte[] {1, 2, 3, 4, 5}),
        RecordFormat.encode(f), record(0x1234, new byte[1000]), RecordFormat.encode(new End(1, 0, 0, 0, 2))));
    CatalogArchiveReader r = CatalogArchiveReader.open(tape, start);
    assertEquals(f, r.next());
    assertEquals(new End(1, 0, 0, 0, 2), r.next());
    assertNull(r.next());
    assertEquals(2, r.skipped());
    assertEquals(4, r.records());
  }

  @Test
  void earlyWarningDoesNotStopACatalog() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE02L9").earlyWarningAt(2);
    BlockAddress start;
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK, options())) {
      start = w.start();
      w.tapeFile(file(0, 2, ContentType.CHUNK_ARCHIVE, 20_000));
      w.chunks(0, 2, chunks(3, 20_000));
      w.finish();
      assertTrue(w.earlyWarning(), "the caller learns to change tapes after the catalog");
    }
    assertEquals(new End(1, 5, 20_000, 0, 0), readAll(tape, start).get(6));
  }

  @Test
  void theWriterRefusesRecordsThatBreakTheRules() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE02L9");
    BlockAddress start;
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK, options())) {
      start = w.start();
      assertThrows(IllegalArgumentException.class, () -> w.chunks(0, 2, list(1, 3)), "no TAPE_FILE before");
      assertThrows(IllegalArgumentException.class, () -> w.tapeFile(file(2, 2, ContentType.DATA_STREAM, 0)),
          "tape 2 is not in the header");
      w.tapeFile(file(0, 3, ContentType.CHUNK_ARCHIVE, 3));
      assertThrows(IllegalArgumentException.class, () -> w.tapeFile(file(0, 3, ContentType.DATA_STREAM, 0)),
          "the same file twice");
      assertThrows(IllegalArgumentException.class, () -> w.chunks(0, 3, list(1, 4)), "more chunks than items");
      assertThrows(IllegalStateException.class, w::finish, "chunks missing");
      w.chunks(0, 3, list(1, 3));
      assertEquals(new End(1, 1, 3, 0, 0), w.finish());
    }
    assertEquals(3, readAll(tape, start).size());
    assertThrows(IllegalArgumentException.class, () -> new CatalogArchiveOptions(CatalogFixtures.MEDIA_SET, 0,
        CatalogFixtures.CLOCK, "daily", CatalogFixtures.TAPES), "the tapes end with this tape");
    assertArrayEquals(RecordFormat.encode(new End(1, 2, 3, 4, 5)),
        RecordFormat.encode(RecordFormat.decode(RecordFormat.encode(new End(1, 2, 3, 4, 5)), null, 0)));
  }
}
