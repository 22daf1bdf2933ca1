package dev.tapekit.format.snapshot;

import static dev.tapekit.format.snapshot.SnapshotFixtures.BLOCK;
import static dev.tapekit.format.snapshot.SnapshotFixtures.everyKind;
import static dev.tapekit.format.snapshot.SnapshotFixtures.generated;
import static dev.tapekit.format.snapshot.SnapshotFixtures.options;
import static dev.tapekit.format.snapshot.SnapshotFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import dev.tapekit.format.TapeEdits.CountingSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Manifests come back exactly, by streaming and by path, reading few blocks for one path. */
class SnapshotArchiveRoundTripTest {
  static final String REPRODUCE = "reproduce with: -Dtest=SnapshotArchiveRoundTripTest -Dtests.seed="
      + SnapshotFixtures.SEED;

  @Test
  void everyTypeAndFieldComesBackByStreamingAndByPath() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    write(tape, List.of(generated(1))); // file 0: the archive under test is file 1
    List<SnapshotEntry> tree = everyKind();
    SnapshotIndex index = write(tape, tree);
    assertEquals(1, index.start().file());
    assertEquals(tree.size(), index.entries());
    assertEquals(1, index.sparseEntries());

    SnapshotArchiveReader reader = SnapshotArchiveReader.open(tape, index.start());
    assertEquals(index.header(), reader.header());
    List<SnapshotEntry> read = new ArrayList<>();
    for (SnapshotEntry e = reader.next(); e != null; e = reader.next()) {
      read.add(e);
    }
    assertEquals(tree, read);
    assertNull(reader.next());
    assertEquals(index.indexBlock(), reader.index().indexBlock());
    assertEquals(index.indexOffset(), reader.index().indexOffset());

    SnapshotIndex fromTape = SnapshotArchiveReader.readIndex(tape, index.start());
    SnapshotIndex fromCatalog = SnapshotArchiveReader.readIndex(tape, index.start(), index.indexBlock(),
        index.indexOffset());
    for (SnapshotIndex i : List.of(fromTape, fromCatalog)) {
      assertEquals(index.header(), i.header());
      assertEquals(index.entries(), i.entries());
      assertEquals(index.indexBlock(), i.indexBlock());
    }
    for (SnapshotEntry e : tree) {
      assertEquals(Optional.of(e), SnapshotArchiveReader.find(tape, index.start(), e.path()), e.path());
      assertEquals(Optional.of(e), SnapshotArchiveReader.find(tape, fromCatalog, e.path()), e.path());
    }
    assertEquals(Optional.empty(), SnapshotArchiveReader.find(tape, index, "hosts.bak"));
    assertEquals(Optional.empty(), SnapshotArchiveReader.find(tape, index, "zzz"));
  }

  @Test
  void headerDataIsTheDocumentedJson() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    SnapshotIndex index = write(tape, List.of());
    tape.locate(index.start().logicalObject());
    TapeFileReader file = TapeFileReader.open(tape, 0);
    assertEquals("{\"snapshot\":\"host/etc/2026-12-05T18:20:01Z\",\"source\":\"/etc\",\"created\":"
        + "\"2026-12-05T18:20:01Z\"}", new String(file.header().data(), StandardCharsets.UTF_8));
    assertEquals(1, file.header().version());
    assertEquals(SnapshotFixtures.CLOCK.instant(), file.header().ctime());
    assertEquals(0, index.entries());
    assertEquals(Optional.empty(), SnapshotArchiveReader.find(tape, index.start(), ""));
    SnapshotArchiveReader reader = SnapshotArchiveReader.open(tape, index.start());
    assertNull(reader.next());
    assertEquals(0, reader.index().entries());
  }

  @Test
  void outOfOrderAndRepeatedPathsAreRefused() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, options())) {
      w.add(SnapshotEntry.builder("b", Type.FIFO).build());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.add(SnapshotEntry.builder("a", Type.FIFO).build()));
      assertTrue(e.getMessage().contains("'a' is added after 'b'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> w.add(SnapshotEntry.builder("b", Type.FIFO).build()));
      // byte order, not component order: "b/c" < "b.c" would hold per component, but '/' (0x2f) > '.' (0x2e)
      w.add(SnapshotEntry.builder("b/c", Type.FIFO).build());
      assertThrows(IllegalArgumentException.class, () -> w.add(SnapshotEntry.builder("b.c", Type.FIFO).build()));
      w.add(SnapshotEntry.builder("c", Type.FIFO).build());
      assertEquals(3, w.finish().entries());
    }
  }

  @Test
  void entriesTheFormatCannotHoldAreRefused() {
    for (String bad : List.of("/etc", "etc/", "a//b", "./a", "a/..", "a\0b", "\ud800")) {
      assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder(bad, Type.FIFO).build(), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("", Type.REGULAR).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.FIFO).mode(010000).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.SYMLINK).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.HARDLINK).linkTarget("b")
        .build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.FIFO).device(1, 2).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.REGULAR).size(5).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.REGULAR).size(5)
        .holes(List.of(new SnapshotEntry.Hole(0, 3), new SnapshotEntry.Hole(2, 2))).build());
    assertThrows(IllegalArgumentException.class, () -> SnapshotEntry.builder("a", Type.FIFO).xattr("x", new byte[0])
        .xattr("x", new byte[1]).build());
  }

  /** One path by LOCATE: the first, the last, one in the middle, one missing; few blocks each. */
  @Test
  void findingOnePathReadsFewBlocks() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    List<SnapshotEntry> all = new ArrayList<>();
    all.add(SnapshotEntry.builder("", Type.DIRECTORY).mode(0755).build());
    for (int i = 1; i <= 5000; i++) {
      all.add(generated(i));
    }
    SnapshotIndex index = write(tape, all);
    long blocks = tape.objects() - 1;
    assertTrue(blocks > 10, blocks + " blocks");
    assertEquals(20, index.sparseEntries());
    CountingSource counting = new CountingSource(tape);
    String missing = "data/d002/file0002500x";
    for (String path : List.of("", all.get(5000).path(), all.get(2500).path(), missing)) {
      counting.reset();
      Optional<SnapshotEntry> found = SnapshotArchiveReader.find(counting, index, path);
      assertEquals(path.equals(missing) ? Optional.empty() : Optional.of(all.stream()
          .filter(e -> e.path().equals(path)).findFirst().orElseThrow()), found, path + "; " + REPRODUCE);
      assertEquals(1, counting.locates, path);
      assertTrue(counting.reads <= 3, counting.reads + " blocks read for '" + path + "': at most 256 entries");

      counting.reset();
      assertEquals(found, SnapshotArchiveReader.find(counting, index.start(), path));
      assertTrue(counting.locates <= 5, counting.locates + " LOCATEs: header, next file, tail, index, entry");
      assertTrue(counting.reads <= 9, counting.reads + " blocks read of " + blocks + " for '" + path + "'");
    }
  }

  /** 100,000 entries stream back one by one; the writer and reader keep 391 index entries, not 100,000. */
  @Test
  void aHundredThousandEntriesStreamBackWithASparseIndex() throws Exception {
    int n = 100_000;
    MemoryTape tape = new MemoryTape("TAPE01");
    SnapshotIndex index;
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, options())) {
      for (int i = 1; i <= n; i++) {
        w.add(generated(i));
      }
      index = w.finish();
    }
    assertEquals(n, index.entries());
    assertEquals((n + 255) / 256, index.sparseEntries());
    assertTrue(index.sparse().bytes().length < 20 * 1024, index.sparse().bytes().length + " bytes of index");
    SnapshotArchiveReader reader = SnapshotArchiveReader.open(tape, index.start());
    int i = 0;
    for (SnapshotEntry e = reader.next(); e != null; e = reader.next()) {
      i++;
      if (i % 997 == 0 || i == n) {
        assertEquals(generated(i), e);
      }
    }
    assertEquals(n, i);
    assertEquals(index.sparseEntries(), reader.index().sparseEntries());
    assertEquals(Optional.of(generated(77_777)), SnapshotArchiveReader.find(tape, index.start(),
        generated(77_777).path()));
  }

  /** A directory's subtree comes back by LOCATE to its first entry, across many index intervals, and nothing else. */
  @Test
  void aSubtreeIsReadFromItsFirstEntry() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    List<SnapshotEntry> all = new java.util.ArrayList<>();
    for (int i = 1; i < 6000; i++) {
      all.add(generated(i));
    }
    SnapshotIndex index = write(tape, all);
    List<SnapshotEntry> subtree = new java.util.ArrayList<>();
    SnapshotArchiveReader.scan(tape, index, "data/d003/", e -> e.path().startsWith("data/d003/") && subtree.add(e));
    assertEquals(all.subList(2999, 3999), subtree);
    List<SnapshotEntry> first = new java.util.ArrayList<>();
    SnapshotArchiveReader.scan(tape, index, "", e -> first.size() < 3 && first.add(e));
    assertEquals(all.subList(0, 3), first);
    List<SnapshotEntry> none = new java.util.ArrayList<>();
    SnapshotArchiveReader.scan(tape, index, "zzz/", none::add);
    assertEquals(List.of(), none);
  }
}
