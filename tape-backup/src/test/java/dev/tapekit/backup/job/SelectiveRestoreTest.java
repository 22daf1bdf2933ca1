package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.media.VirtualLibraryDrives;
import dev.tapekit.backup.tree.TreeAssertions;
import dev.tapekit.backup.tree.TreeGenerator;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.ssc.LtoDensity;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores of less than a snapshot, and of a whole set, from one media set on the virtual library:
 * one file by LOCATE (the drive's READ commands are counted: only the listing's and the file's blocks
 * are read), a directory with everything below it, a hard link whose target is not restored, a path
 * the snapshot lacks, and every snapshot of the set in one pass.
 */
class SelectiveRestoreTest {
  @TempDir
  Path dir;

  private final AtomicLong reads = new AtomicLong();
  private final List<TreeProblem> noProblems = List.of();
  private Path tree;
  private TreeGenerator.Generated generated;
  private byte[] wanted;

  @BeforeEach
  void makeTree() throws Exception {
    tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("many/deeper"));
    generated = new TreeGenerator(new SplittableRandom(5)).generate(tree);
    for (int i = 0; i < 1500; i++) { // a listing of several index intervals
      Files.writeString(tree.resolve(String.format("many/deeper/f%04d", i)), "file " + i + "\n");
    }
    byte[] big = new byte[12 << 20];
    new Random(5).nextBytes(big); // incompressible: many blocks that a one-file restore must not read
    Files.write(tree.resolve("big.bin"), big);
    wanted = new byte[2 << 20];
    new Random(6).nextBytes(wanted);
    Files.write(tree.resolve("many/wanted.bin"), wanted);
    Files.setLastModifiedTime(tree.resolve("many/wanted.bin"), FileTime.fromMillis(1_700_000_000_123L));
  }

  private TapeDrive counting(TapeDrive drive) {
    return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
        (proxy, method, args) -> {
          if (method.getName().equals("read")) {
            reads.incrementAndGet();
          }
          try {
            return method.invoke(drive, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private record Backup(UUID set, String tree, String stream, byte[] dump) {}

  private Backup backup(CatalogStore store, LibraryDrive library, Clock clock) throws Exception {
    store.putPool(Pool.of("daily"));
    TapePreparation.label(store, library.load("E01001L8"), "E01001L8", Optional.of("daily"), Optional.of("L700"),
        BlockHeader.DEFAULT_BLOCK, clock);
    MediaPool pool = new MediaPool(store, "daily", Availability.changer("L700"), clock, ZoneOffset.UTC);
    byte[] dump = "INSERT INTO t VALUES (1);\n".repeat(20_000).getBytes();
    try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, clock)) {
      writer.begin("backup daily", false);
      TreeBackup backup = new TreeBackup(writer, ChunkerParams.DEFAULT, dir, clock);
      TreeBackup.Result t = backup.tree("host1/tree", tree, TreeReaderOptions.DEFAULT);
      TreeBackup.Result s = backup.stream("host1/db", "dump.sql", new ByteArrayInputStream(dump));
      writer.finish();
      return new Backup(writer.mediaSet(), t.snapshot().name(), s.snapshot().name(), dump);
    }
  }

  private static List<TreeProblem> serious(List<TreeProblem> problems) {
    return problems.stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList();
  }

  @Test
  void oneFileIsReadByLocateAndOnlyItsBlocks() throws Exception {
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Clock clock = Clock.systemUTC();
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0, this::counting);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library, clock);
      TreeRestore restore = new TreeRestore(store, library, dir);
      reads.set(0);
      Path target = dir.resolve("one");
      TreeRestore.Result r;
      List<String> phases = new ArrayList<>();
      restore.progress(p -> phases.add(p.phase()), clock);
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.paths(b.tree(), "/many/wanted.bin"))) {
        assertEquals(List.of("E01001L8"), plan.listingTapes());
        assertEquals(1, plan.tapes().size());
        assertTrue(plan.bytes() >= wanted.length, plan.describe(400_000_000));
        assertTrue(plan.describe(400_000_000).contains("E01001L8"), plan.describe(400_000_000));
        // the virtual drive reports the LTO-8 density of its tape: the plan's time is at LTO-8's native rate
        assertEquals(java.util.OptionalLong.of(LtoDensity.LTO_8.nativeBytesPerSecond()), plan.driveRate());
        assertEquals(plan.describe(LtoDensity.LTO_8.nativeBytesPerSecond()), plan.describe());
        r = restore.run(plan, target, TreeWriterOptions.DEFAULT);
      }
      assertEquals(noProblems, serious(r.problems()));
      assertArrayEquals(wanted, Files.readAllBytes(target.resolve("many/wanted.bin")));
      assertEquals(FileTime.fromMillis(1_700_000_000_123L), Files.getLastModifiedTime(target.resolve("many/wanted.bin")));
      assertEquals(List.of("", "many", "many/wanted.bin"), TreeAssertions.paths(target));
      long payload = BlockHeader.DEFAULT_BLOCK - BlockHeader.LENGTH;
      long fileBlocks = (wanted.length + payload - 1) / payload;
      // the listing: header, index, one interval of entries; the chunk archive: header; the chunks: their blocks,
      // each chunk maybe one block more where it starts mid-block
      assertTrue(reads.get() <= fileBlocks + r.chunksRead() + 12, reads.get() + " READs for " + fileBlocks
          + " blocks of data; the tape holds over " + (12 << 20) / payload);
      // every byte read is counted, planning included, and it is the READs' worth, not the tape's
      assertTrue(r.bytesRead() >= wanted.length && r.bytesRead() <= reads.get() * (long) BlockHeader.DEFAULT_BLOCK,
          r.bytesRead() + " bytes read in " + reads.get() + " READs");
      assertTrue(phases.contains("listing") && phases.contains("reading") && phases.contains("finishing files"),
          phases.toString());
      // the same restore again with the same TreeRestore: its own bytes, not the first one's added
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.paths(b.tree(), "/many/wanted.bin"))) {
        TreeRestore.Result again = restore.run(plan, dir.resolve("again"), TreeWriterOptions.DEFAULT);
        assertEquals(r.bytesRead(), again.bytesRead());
      }
    }
  }

  @Test
  void aDirectoryAHardLinkAndAMissingPath() throws Exception {
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Clock clock = Clock.systemUTC();
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library, clock);
      TreeRestore restore = new TreeRestore(store, library, dir);
      List<String> group = generated.hardLinkGroups.get(0);
      String link = group.stream().sorted(dev.tapekit.format.snapshot.SnapshotEntry::comparePaths).toList().get(group.size() - 1);
      Path target = dir.resolve("some");
      TreeRestore.Result r;
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.paths(b.tree(), "many", link, "no/such/file"))) {
        assertEquals(1, plan.problems().size(), plan.problems().toString());
        r = restore.run(plan, target, TreeWriterOptions.DEFAULT);
      }
      assertEquals(List.of("no/such/file"), serious(r.problems()).stream().map(TreeProblem::path).toList());
      TreeAssertions.assertSameTree(tree.resolve("many"), target.resolve("many"));
      assertArrayEquals(Files.readAllBytes(tree.resolve(link)), Files.readAllBytes(target.resolve(link)),
          "a hard link whose target is not restored comes back as a copy of the file");
      assertThrows(CatalogException.NotFound.class, () -> restore.plan(b.set(), RestoreSelection.snapshots("nope")));
    }
  }

  @Test
  void aWholeSetRestoresEverySnapshotInOnePass() throws Exception {
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Clock clock = Clock.systemUTC();
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library, clock);
      TreeRestore restore = new TreeRestore(store, library, dir);
      Path target = dir.resolve("all");
      TreeRestore.Result r;
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.wholeSet())) {
        assertEquals(List.of(), plan.listingTapes(), "a whole set needs no listing first");
        assertEquals(List.of(b.tree(), b.stream()), plan.snapshots());
        r = restore.run(plan, target, TreeWriterOptions.DEFAULT);
      }
      assertEquals(noProblems, serious(r.problems()));
      assertEquals(List.of("E01001L8"), r.tapes());
      TreeAssertions.assertSameTree(tree, target.resolve(b.tree()));
      assertArrayEquals(b.dump(), Files.readAllBytes(target.resolve(b.stream()).resolve("dump.sql")));
    }
  }
}
