package dev.tapekit.format.snapshot;

import static dev.tapekit.format.snapshot.SnapshotFixtures.BLOCK;
import static dev.tapekit.format.snapshot.SnapshotFixtures.PAYLOAD;
import static dev.tapekit.format.snapshot.SnapshotFixtures.bodyStart;
import static dev.tapekit.format.snapshot.SnapshotFixtures.generated;
import static dev.tapekit.format.snapshot.SnapshotFixtures.options;
import static dev.tapekit.format.TapeEdits.overwriteStream;
import static dev.tapekit.format.TapeEdits.readStream;
import static dev.tapekit.format.snapshot.SnapshotFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.MemoryTape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Damage is found and named: a flipped byte under a right block CRC is CORRUPT, impossible fields
 * under a right entry CRC are INVALID, a cut-off file is TRUNCATED, each with tape, file and block.
 */
class SnapshotArchiveCorruptionTest {
  MemoryTape tape;
  SnapshotIndex index;
  BlockAddress start;
  List<SnapshotEntry> entries = new ArrayList<>();

  @BeforeEach
  void writeArchive() throws Exception {
    tape = new MemoryTape("TAPE07");
    write(tape, List.of(generated(1)));
    for (int i = 1; i <= 1500; i++) {
      entries.add(generated(i));
    }
    index = write(tape, entries);
    start = index.start();
  }

  void streamAll() throws Exception {
    SnapshotArchiveReader r = SnapshotArchiveReader.open(tape, start);
    while (r.next() != null) {
      // every entry, then the index and footer
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

  /** The stream offset of the {@code n}-th entry (its record lengths summed). */
  long entryOffset(int n) {
    long at = bodyStart();
    for (int i = 0; i < n; i++) {
      at += EntryFormat.encode(entries.get(i)).length;
    }
    return at;
  }

  @Test
  void aFlippedByteInAnEntryIsCorruptAndNamesItsBlock() throws Exception {
    long at = entryOffset(700);
    byte[] b = readStream(tape, start, at + 90, 1);
    b[0] ^= 0x10;
    overwriteStream(tape, start, at + 90, b);
    TapeFormatException e = fails(Kind.CORRUPT, this::streamAll);
    assertEquals(at / PAYLOAD, e.location().block());
    assertTrue(e.getMessage().contains("offset " + at % PAYLOAD), e.getMessage());
    fails(Kind.CORRUPT, () -> SnapshotArchiveReader.find(tape, index, entries.get(700).path()));
  }

  @Test
  void anImpossibleTypeWithItsChecksumRightIsInvalid() throws Exception {
    long at = entryOffset(3);
    byte[] record = readStream(tape, start, at, EntryFormat.encode(entries.get(3)).length);
    record[12] = 9;
    SnapshotFixtures.resealEntry(record);
    overwriteStream(tape, start, at, record);
    TapeFormatException e = fails(Kind.INVALID, this::streamAll);
    assertTrue(e.getMessage().contains("unknown type 9"), e.getMessage());
  }

  @Test
  void entriesOutOfOrderWithTheirChecksumsRightAreInvalid() throws Exception {
    long at = entryOffset(10);
    byte[] record = readStream(tape, start, at, EntryFormat.encode(entries.get(10)).length);
    byte[] path = entries.get(10).pathBytes();
    int pathAt = EntryFormat.FIXED + 2;
    assertEquals(entries.get(10).path(), SnapshotFixtures.utf8(java.util.Arrays.copyOfRange(record, pathAt,
        pathAt + path.length)));
    record[pathAt + path.length - 1] = '0'; // file0000011 -> file0000010: a repeat of the entry before
    SnapshotFixtures.resealEntry(record);
    overwriteStream(tape, start, at, record);
    fails(Kind.INVALID, this::streamAll);
  }

  @Test
  void aDamagedIndexIsCorrupt() throws Exception {
    long indexAt = index.indexBlock() * PAYLOAD + index.indexOffset();
    byte[] b = readStream(tape, start, indexAt + 40, 1);
    b[0] ^= 1;
    overwriteStream(tape, start, indexAt + 40, b);
    fails(Kind.CORRUPT, () -> SnapshotArchiveReader.readIndex(tape, start));
    fails(Kind.CORRUPT, this::streamAll);
  }

  @Test
  void anIndexEntryPointingElsewhereIsMisplaced() throws Exception {
    MemoryTape second = new MemoryTape("TAPE07");
    write(second, List.of(generated(1)));
    List<SnapshotEntry> shifted = new ArrayList<>(entries.subList(1, entries.size()));
    shifted.add(generated(1501));
    SnapshotIndex other = write(second, shifted);
    // records all have the same length: the other index names entry i + 1 where this tape holds entry i
    SnapshotIndex wrong = new SnapshotIndex(index.header(), start, other.indexBlock(), other.indexOffset(),
        other.sparse());
    fails(Kind.MISPLACED, () -> SnapshotArchiveReader.find(tape, wrong, shifted.get(600).path()));
  }

  @Test
  void aFileCutOffIsTruncated() throws Exception {
    tape = new MemoryTape("TAPE07");
    write(tape, List.of(generated(1)));
    start = tape.position();
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, options())) {
      for (SnapshotEntry e : entries) {
        w.add(e);
      }
    } // closed without finish: a filemark, no end-of-stream block
    assertEquals(1, start.file());
    fails(Kind.TRUNCATED, this::streamAll);
    fails(Kind.TRUNCATED, () -> SnapshotArchiveReader.readIndex(tape, start));
  }

  @Test
  void anEntryLengthBeyondTheLimitIsCorrupt() throws Exception {
    long at = entryOffset(5);
    byte[] len = new byte[4];
    ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
    overwriteStream(tape, start, at + 8, len);
    fails(Kind.CORRUPT, this::streamAll);
    assertEquals(new TapeLocation("TAPE07", 1, at / PAYLOAD), assertThrows(TapeFormatException.class,
        this::streamAll).location());
  }
}
