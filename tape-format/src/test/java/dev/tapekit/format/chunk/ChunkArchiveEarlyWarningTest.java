package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.BLOCK;
import static dev.tapekit.format.chunk.ChunkFixtures.PAYLOAD;
import static dev.tapekit.format.chunk.ChunkFixtures.SEED;
import static dev.tapekit.format.chunk.ChunkFixtures.array;
import static dev.tapekit.format.chunk.ChunkFixtures.chunks;
import static dev.tapekit.format.chunk.ChunkFixtures.options;
import static dev.tapekit.format.chunk.ChunkFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.chunk.ChunkFixtures.Chunk;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Early warning at every block position of an archive: every chunk {@code add} accepted is on the
 * first tape and readable, the chunk it refused and the rest go to the second tape, none is lost or
 * stored twice, and the first tape holds at most one chunk, the index and the footer beyond the block
 * that brought the warning.
 */
class ChunkArchiveEarlyWarningTest {
  @Test
  void earlyWarningAtEveryBlockLosesNoChunk() throws Exception {
    String reproduce = "reproduce with: -Dtest=ChunkArchiveEarlyWarningTest -Dtests.seed=" + SEED;
    List<Chunk> chunks = chunks(16, 1, 3 * PAYLOAD / 2, SEED);
    MemoryTape probe = new MemoryTape("PROBE1");
    write(probe, options(), chunks);
    int objects = probe.objects();
    assertTrue(objects >= 8, objects + " objects; " + reproduce);
    int largestStored = 0;
    for (Chunk c : chunks) {
      largestStored = Math.max(largestStored, c.data().length);
    }
    long indexBytes = IndexFormat.HEADER + (long) chunks.size() * IndexFormat.ENTRY + IndexFormat.TRAILER;
    // after the warning: the rest of one entry, the index, the footer, the block being filled, the filemark
    long overshoot = (EntryHeader.LENGTH + largestStored + indexBytes + 48 + PAYLOAD - 1) / PAYLOAD + 1 + 1;

    for (int at = 0; at <= objects; at++) {
      String where = "early warning from object " + at + "; " + reproduce;
      MemoryTape first = new MemoryTape("TAPE01").earlyWarningAt(at);
      ChunkArchiveIndex one;
      int accepted = 0;
      try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(first, BLOCK, options())) {
        while (accepted < chunks.size() && w.add(chunks.get(accepted).digest(), chunks.get(accepted).buffer())) {
          accepted++;
        }
        if (accepted < chunks.size()) {
          assertTrue(w.earlyWarning(), where);
          ByteBuffer refused = chunks.get(accepted).buffer();
          assertFalse(w.add(chunks.get(accepted).digest(), refused), "still refused; " + where);
          assertEquals(0, refused.position(), "a refused chunk's buffer is untouched; " + where);
        }
        one = w.finish();
      }
      if (at <= 1) {
        assertTrue(accepted < chunks.size(), "a warning from the first block stops the archive early; " + where);
      }
      if (at >= objects) {
        assertEquals(chunks.size(), accepted, "no warning, no refusal; " + where);
      }
      if (accepted < chunks.size()) {
        assertTrue(first.objects() - (at + 1) <= overshoot, (first.objects() - at - 1) + " objects after the warning, "
            + "at most " + overshoot + " expected; " + where);
      }

      MemoryTape second = new MemoryTape("TAPE02");
      ChunkArchiveIndex two = write(second, options().withTapeSequence(1), chunks.subList(accepted, chunks.size()));

      assertEquals(accepted, one.size(), where);
      assertEquals(chunks.size() - accepted, two.size(), where);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        MemoryTape tape = i < accepted ? first : second;
        ChunkArchiveIndex index = ChunkArchiveReader.readIndex(tape, (i < accepted ? one : two).start());
        assertArrayEquals(c.data(), array(ChunkArchiveReader.readChunk(tape, index.header(), index.start(),
            index.find(c.digest()).orElseThrow(), Optional.empty())), where);
        assertTrue(seen.add(c.hex()));
      }
      List<Chunk> streamed = new ArrayList<>();
      for (MemoryTape tape : List.of(first, second)) {
        try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, (tape == first ? one : two).start(),
            Optional.empty())) {
          while (r.nextEntry() != null) {
            streamed.add(Chunk.of(array(r.data())));
          }
        }
      }
      assertEquals(chunks.size(), streamed.size(), where);
      for (int i = 0; i < chunks.size(); i++) {
        assertArrayEquals(chunks.get(i).digest(), streamed.get(i).digest(), "chunk " + i + " in order; " + where);
      }
    }
  }
}
