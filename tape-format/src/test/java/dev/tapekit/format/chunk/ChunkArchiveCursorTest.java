package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.PAYLOAD;
import static dev.tapekit.format.chunk.ChunkFixtures.SEED;
import static dev.tapekit.format.chunk.ChunkFixtures.array;
import static dev.tapekit.format.chunk.ChunkFixtures.chunk;
import static dev.tapekit.format.chunk.ChunkFixtures.chunks;
import static dev.tapekit.format.chunk.ChunkFixtures.options;
import static dev.tapekit.format.chunk.ChunkFixtures.streamOffset;
import static dev.tapekit.format.chunk.ChunkFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.TapeEdits;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkFixtures.Chunk;
import dev.tapekit.format.chunk.ChunkFixtures.Content;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cursor reads entries in position order with a LOCATE only where it must: all of an archive's
 * chunks with one, every other one with one per gap of more than four blocks, an entry behind the
 * cursor with one of its own; each chunk decodes to its data; after a failure the next read locates
 * afresh.
 */
class ChunkArchiveCursorTest {
  MemoryTape tape;
  List<Chunk> chunks;
  ChunkArchiveIndex index;
  TapeEdits.CountingSource counting;

  /** File 0: a small archive; file 1: the one read, with chunks of 5 bytes to 90 KB over many blocks. */
  @BeforeEach
  void writeArchive() throws Exception {
    tape = new MemoryTape("TAPE08");
    write(tape, options(), chunks(2, 10, 100, SEED + 7));
    chunks = new ArrayList<>(chunks(40, 5, 90_000, SEED + 8));
    chunks.add(chunk(Content.TEXT, 70_000, SEED + 9));
    index = write(tape, options(), chunks);
    counting = new TapeEdits.CountingSource(tape);
  }

  /** The index's entries in position order, each with its chunk. */
  private List<ChunkArchiveIndex.Entry> inOrder() {
    return chunks.stream().map(c -> index.find(c.digest()).orElseThrow())
        .sorted(Comparator.comparingLong(ChunkArchiveIndex.Entry::block).thenComparingInt(ChunkArchiveIndex.Entry::offset))
        .toList();
  }

  private byte[] data(ChunkArchiveIndex.Entry e) {
    return chunks.stream().filter(c -> e.hasDigest(c.digest())).findFirst().orElseThrow().data();
  }

  @Test
  void adjacentEntriesNeedOneLocate() throws Exception {
    ChunkArchiveCursor cursor = new ChunkArchiveCursor(counting, index.header(), index.start());
    List<ChunkArchiveIndex.Entry> all = inOrder();
    for (ChunkArchiveIndex.Entry e : all) {
      assertArrayEquals(data(e), array(cursor.read(e).decode(Optional.empty())));
    }
    assertEquals(1, counting.locates);
    ChunkArchiveIndex.Entry last = all.get(all.size() - 1);
    long lastBlock = (streamOffset(last) + EntryHeader.LENGTH + last.storedLength() - 1) / PAYLOAD;
    // a LOCATE per chunk would read a block again wherever two chunks share one (most of them here)
    assertTrue(counting.reads <= lastBlock - all.get(0).block() + 2, counting.reads + " READs for the blocks "
        + all.get(0).block() + " to " + lastBlock + " of " + all.size() + " chunks: each block is read once");
  }

  @Test
  void smallGapsAreReadOverAndEntriesBehindOrFarAheadAreLocated() throws Exception {
    ChunkArchiveCursor cursor = new ChunkArchiveCursor(counting, index.header(), index.start());
    List<ChunkArchiveIndex.Entry> all = inOrder();
    int expected = 1;
    int readOver = 0;
    for (int i = 0; i < all.size(); i += 2) {
      if (i > 0) {
        ChunkArchiveIndex.Entry before = all.get(i - 2);
        long gap = streamOffset(all.get(i)) - (streamOffset(before) + EntryHeader.LENGTH + before.storedLength());
        if (gap > (long) ChunkArchiveCursor.MAX_GAP_BLOCKS * PAYLOAD) {
          expected++;
        } else {
          readOver++;
        }
      }
      assertArrayEquals(data(all.get(i)), array(cursor.read(all.get(i)).decode(Optional.empty())));
    }
    assertEquals(expected, counting.locates, "a LOCATE only past gaps of more than " + ChunkArchiveCursor.MAX_GAP_BLOCKS
        + " blocks");
    assertTrue(readOver > 0, "some gaps are read over");
    ChunkArchiveIndex.Entry first = all.get(0);
    assertArrayEquals(data(first), array(cursor.read(first).decode(Optional.empty())));
    assertEquals(expected + 1, counting.locates, "an entry behind the cursor is located");
  }

  @Test
  void anEntryOfAnotherArchiveFailsAndTheNextReadLocatesAfresh() throws Exception {
    ChunkArchiveCursor cursor = new ChunkArchiveCursor(counting, index.header(), index.start());
    List<ChunkArchiveIndex.Entry> all = inOrder();
    cursor.read(all.get(0));
    ChunkArchiveIndex.Entry wrong = new ChunkArchiveIndex.Entry(new byte[32], all.get(1).block(),
        all.get(1).offset(), all.get(1).flags(), all.get(1).plainLength(), all.get(1).storedLength());
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> cursor.read(wrong));
    assertEquals(TapeFormatException.Kind.MISPLACED, e.kind(), e.getMessage());
    int before = counting.locates;
    assertArrayEquals(data(all.get(2)), array(cursor.read(all.get(2)).decode(Optional.empty())));
    assertEquals(before + 1, counting.locates);
  }
}
