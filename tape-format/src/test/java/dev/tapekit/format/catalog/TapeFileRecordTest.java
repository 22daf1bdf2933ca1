package dev.tapekit.format.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a writer records about the file it wrote is what a scan of the tape reads back. */
class TapeFileRecordTest {
  private static final Instant T = Instant.parse("2026-12-05T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

  @Test
  void aWritersRecordIsTheScannersRecord() throws Exception {
    UUID set = new UUID(1, 2);
    MemoryTape tape = new MemoryTape("T00001L9");
    TapeLabels.writeLabels(tape, new MediaLabel("T00001L9", new UUID(3, 4), T, Optional.empty(),
        BlockHeader.DEFAULT_BLOCK), new MediaSetLabel("daily", set, 0, T, BlockHeader.DEFAULT_BLOCK, Optional.empty()));
    List<CatalogRecord.TapeFile> written = new ArrayList<>();
    for (int archive = 0; archive < 2; archive++) {
      ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BlockHeader.DEFAULT_BLOCK,
          ChunkArchiveOptions.of("store1", set, 0, CLOCK));
      assertThrows(IllegalStateException.class, w::tapeFile, "not before it is finished");
      for (int i = 0; i < 5; i++) {
        byte[] data = ("archive " + archive + " chunk " + i).repeat(3000).getBytes();
        w.add(MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data));
      }
      w.finish();
      written.add(w.tapeFile());
    }
    List<CatalogRecord.TapeFile> scanned = new ArrayList<>();
    TapeScanner.scan(tape, 0, new TapeScanner.Listener() {
      @Override
      public void file(CatalogRecord.TapeFile file) {
        scanned.add(file);
      }

      @Override
      public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {}

      @Override
      public void snapshot(CatalogRecord.Snapshot snapshot) {}
    });
    assertEquals(written, scanned);
    assertEquals(List.of(2L, 3L), written.stream().map(CatalogRecord.TapeFile::fileNumber).toList());
  }

  @Test
  void aFileOfAnotherTapeIsReportedNotRecorded() throws Exception {
    UUID set = new UUID(1, 2);
    MemoryTape tape = new MemoryTape("T00002L9");
    TapeLabels.writeLabels(tape, new MediaLabel("T00002L9", new UUID(3, 5), T, Optional.empty(),
        BlockHeader.DEFAULT_BLOCK), new MediaSetLabel("daily", set, 1, T, BlockHeader.DEFAULT_BLOCK, Optional.empty()));
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BlockHeader.DEFAULT_BLOCK,
        ChunkArchiveOptions.of("store1", set, 0, CLOCK))) { // says tape 0, is on tape 1
      w.finish();
    }
    List<TapeScanner.Unreadable> unreadable = TapeScanner.scan(tape, 1, new TapeScanner.Listener() {
      @Override
      public void file(CatalogRecord.TapeFile file) {
        throw new AssertionError("recorded " + file);
      }

      @Override
      public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {}

      @Override
      public void snapshot(CatalogRecord.Snapshot snapshot) {}
    });
    assertEquals(1, unreadable.size());
    assertEquals(2, unreadable.get(0).file());
  }
}
