package dev.tapekit.format.catalog;

import static dev.tapekit.format.catalog.CatalogFixtures.BLOCK;
import static dev.tapekit.format.catalog.CatalogFixtures.PAYLOAD;
import static dev.tapekit.format.catalog.CatalogFixtures.bodyStart;
import static dev.tapekit.format.catalog.CatalogFixtures.chunks;
import static dev.tapekit.format.catalog.CatalogFixtures.file;
import static dev.tapekit.format.catalog.CatalogFixtures.handmade;
import static dev.tapekit.format.catalog.CatalogFixtures.list;
import static dev.tapekit.format.catalog.CatalogFixtures.options;
import static dev.tapekit.format.TapeEdits.overwriteStream;
import static dev.tapekit.format.catalog.CatalogFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogRecord.Chunks;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.content.ContentType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Damage is found and named: a flipped byte under a right block CRC is CORRUPT, impossible records
 * or counts under a right record CRC are INVALID, a catalog without END is TRUNCATED, each with
 * tape, file and block.
 */
class CatalogArchiveCorruptionTest {
  static final TapeFile ARCHIVE = file(0, 2, ContentType.CHUNK_ARCHIVE, 10_000);
  MemoryTape tape;

  @BeforeEach
  void firstFile() throws Exception {
    tape = new MemoryTape("TAPE07");
    handmade(tape, List.of(RecordFormat.encode(new End(0, 0, 0, 0, 0)))); // file 0: an empty catalog
  }

  /** A hand-made catalog archive as file 1 of a fresh tape. */
  BlockAddress fresh(byte[]... records) throws Exception {
    firstFile();
    return handmade(tape, List.of(records));
  }

  BlockAddress write() throws Exception {
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(tape, BLOCK, options())) {
      w.tapeFile(ARCHIVE);
      w.chunks(0, 2, chunks(1, 10_000));
      w.finish();
      return w.start();
    }
  }

  TapeFormatException fails(Kind kind, Executable read) {
    TapeFormatException e = assertThrows(TapeFormatException.class, read);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals("TAPE07", e.location().volume());
    assertEquals(1, e.location().file());
    assertTrue(e.getMessage().startsWith("tape TAPE07, file 1, block "), e.getMessage());
    return e;
  }

  @Test
  void aFlippedByteInARecordIsCorruptAndNamesItsBlock() throws Exception {
    BlockAddress start = write();
    // In the second CHUNKS record: after the TAPE_FILE record and the first CHUNKS record.
    long at = bodyStart() + RecordFormat.TAPE_FILE_LENGTH + RecordFormat.CHUNKS_FIXED
        + (long) RecordFormat.CHUNK_ENTRY * Chunks.MAX_ENTRIES;
    byte[] b = {(byte) (tape.object((int) (start.logicalObject() + (at + 500) / PAYLOAD))[64
        + (int) ((at + 500) % PAYLOAD)] ^ 0x04)};
    overwriteStream(tape, start, at + 500, b);
    TapeFormatException e = fails(Kind.CORRUPT, () -> readAll(tape, start));
    assertEquals(at / PAYLOAD, e.location().block(), "the block where the damaged record starts");
    assertTrue(e.getMessage().contains("checksum of the catalog record"), e.getMessage());
  }

  @Test
  void aDamagedMagicOrLengthIsCorrupt() throws Exception {
    BlockAddress start = write();
    overwriteStream(tape, start, bodyStart() + 1, new byte[] {0});
    fails(Kind.CORRUPT, () -> readAll(tape, start));
    firstFile();
    BlockAddress second = write();
    overwriteStream(tape, second, bodyStart() + 14, new byte[] {0x7f});
    assertTrue(fails(Kind.CORRUPT, () -> readAll(tape, second)).getMessage().contains("length field"));
  }

  @Test
  void wrongEndCountsAreInvalid() throws Exception {
    BlockAddress start = handmade(tape, List.of(RecordFormat.encode(file(0, 2, ContentType.DATA_STREAM, 0)),
        RecordFormat.encode(new End(2, 0, 0, 0, 0))));
    assertTrue(fails(Kind.INVALID, () -> readAll(tape, start)).getMessage().contains("END record counts"));
  }

  @Test
  void chunksMissingAtTheEndAreInvalid() throws Exception {
    BlockAddress start = handmade(tape, List.of(RecordFormat.encode(file(0, 2, ContentType.CHUNK_ARCHIVE, 5)),
        RecordFormat.encode(new Chunks(0, 2, 0, list(1, 4))), RecordFormat.encode(new End(1, 1, 4, 0, 0))));
    assertTrue(fails(Kind.INVALID, () -> readAll(tape, start)).getMessage().contains("holds 5"));
  }

  @Test
  void recordsThatBreakTheRulesAreInvalid() throws Exception {
    BlockAddress undescribed = fresh(RecordFormat.encode(new Chunks(0, 2, 0, list(1, 4))));
    fails(Kind.INVALID, () -> readAll(tape, undescribed));
    BlockAddress gap = fresh(RecordFormat.encode(file(0, 2, ContentType.CHUNK_ARCHIVE, 8)),
        RecordFormat.encode(new Chunks(0, 2, 0, list(1, 4))), RecordFormat.encode(new Chunks(0, 2, 5, list(2, 3))));
    fails(Kind.INVALID, () -> readAll(tape, gap));
    BlockAddress notListed = fresh(RecordFormat.encode(file(5, 2, ContentType.DATA_STREAM, 0)));
    fails(Kind.INVALID, () -> readAll(tape, notListed));
    BlockAddress afterEnd = fresh(RecordFormat.encode(new End(0, 0, 0, 0, 0)),
        RecordFormat.encode(file(0, 2, ContentType.DATA_STREAM, 0)));
    assertTrue(fails(Kind.INVALID, () -> readAll(tape, afterEnd)).getMessage().contains("after the END"));
  }

  @Test
  void aCatalogWithoutEndIsTruncated() throws Exception {
    BlockAddress start = handmade(tape, List.of(RecordFormat.encode(file(0, 2, ContentType.DATA_STREAM, 0))));
    assertTrue(fails(Kind.TRUNCATED, () -> readAll(tape, start)).getMessage().contains("without its END record"));
  }

  @Test
  void aCatalogCutOffByACrashIsTruncated() throws Exception {
    BlockAddress start = write();
    tape.truncate((int) start.logicalObject() + 3);
    fails(Kind.TRUNCATED, () -> readAll(tape, start));
  }
}
