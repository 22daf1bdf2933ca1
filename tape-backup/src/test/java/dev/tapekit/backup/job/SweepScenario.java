package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The backups of the fault sweep ({@link BackupFaultSweepTest}, {@link BackupCrashChild}): a library
 * of 24 MiB tapes whose drive reports early warning at logical object 16 (4 MiB), so a few MiB of
 * backup span several tapes; commits every 2 MiB; and the checks after a fault: the catalog records
 * only what the tapes hold, and every snapshot it lists restores as its tree was.
 */
final class SweepScenario {
  static final String LIBRARY = "SWEEP";
  static final String POOL = "daily";
  static final List<String> TAPES = java.util.stream.IntStream.rangeClosed(1, 14)
      .mapToObj(i -> String.format("E010%02dL8", i)).toList();
  static final WriterOptions OPTIONS = WriterOptions.DEFAULT.withCommitBytes(2 << 20);

  private SweepScenario() {}

  /** A new library and catalog in {@code home}, its tapes labelled for the pool. */
  static void create(Path home) throws Exception {
    Files.createDirectories(home);
    try (LibraryDrive library = open(home, UnaryOperator.identity());
        CatalogStore store = catalog(home)) {
      store.putPool(Pool.of(POOL));
      for (String barcode : TAPES) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of(POOL), Optional.of(LIBRARY),
            BlockHeader.DEFAULT_BLOCK, Clock.systemUTC());
      }
    }
  }

  /** Drive 0 of the library in {@code home} seen through {@code wrap}, early warning at object 16. */
  static LibraryDrive open(Path home, UnaryOperator<TapeDrive> wrap) throws Exception {
    LibraryDrive library = Files.exists(home.resolve("catalog.db"))
        ? VirtualLibraryDrives.reopen(home, LIBRARY, wrap) : VirtualLibraryDrives.open(home, LIBRARY, 24, wrap);
    VirtualLibraryDrives.withLibrary(home, LIBRARY, lib -> lib.drive(0).faults().earlyWarningAtObject(16));
    return library;
  }

  /**
   * The state every point of a sweep starts from, in {@code dir}: two generated trees of a few MiB
   * (two or three small tapes each) and a scenario holding one backup of the first.
   */
  record Fixture(Path dir, Path tree1, Path tree2, Path template) {
    static Fixture create(Path dir) throws Exception {
      Fixture f = new Fixture(dir, tree(dir, "tree1", 1), tree(dir, "tree2", 2), dir.resolve("template"));
      SweepScenario.create(f.template);
      try (LibraryDrive library = open(f.template, UnaryOperator.identity());
          CatalogStore store = catalog(f.template)) {
        backup(store, library, f.tree1, dir);
      }
      return f;
    }

    private static Path tree(Path dir, String name, int seed) throws IOException {
      Path t = Files.createDirectories(dir.resolve(name));
      new TreeGenerator(new SplittableRandom(seed)).generate(t);
      return t;
    }

    /**
     * After a fault at {@code point} in the copy at {@code home}: the next job runs, and then the
     * catalog, the tapes and the snapshots of both trees agree; a failure names the point and the seed.
     */
    void assertRecovers(Path home, String point, long seed) {
      try (LibraryDrive library = open(home, UnaryOperator.identity());
          CatalogStore store = catalog(home)) {
        backup(store, library, tree2, dir);
        assertCatalogMatchesTapes(store, library);
        assertSnapshotsRestore(store, library, Map.of("host1/tree1", tree1, "host1/tree2", tree2), dir);
      } catch (AssertionError | Exception e) {
        throw new AssertionError(point + ": " + e.getMessage() + "; reproduce with -Dtests.seed=" + seed, e);
      }
    }

    /** A copy of the template state at {@code dir/name}, to fault. */
    Path point(String name) throws IOException {
      return copy(template, dir.resolve(name));
    }
  }

  /** A copy of the state in {@code template} at {@code home}, to fault. */
  static Path copy(Path template, Path home) throws IOException {
    try (Stream<Path> files = Files.walk(template)) {
      for (Path p : files.toList()) {
        Path to = home.resolve(template.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return home;
  }

  static CatalogStore catalog(Path home) throws IOException {
    return SqliteCatalogStore.open(home.resolve("catalog.db"));
  }

  /** One backup job of {@code tree} to the pool; returns the snapshot's name. */
  static String backup(CatalogStore store, LibraryDrive library, Path tree, Path spool) throws Exception {
    Clock clock = Clock.systemUTC();
    MediaPool pool = new MediaPool(store, POOL, Availability.changer(LIBRARY), clock, ZoneOffset.UTC);
    try (PoolWriter writer = new PoolWriter(store, pool, library, OPTIONS, clock)) {
      writer.begin("backup " + tree.getFileName(), false);
      String name = new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, spool, clock)
          .tree("host1/" + tree.getFileName(), tree, TreeReaderOptions.DEFAULT).snapshot().name();
      writer.finish();
      return name;
    }
  }

  /**
   * The catalog records only what the tapes hold: every file it lists on a tape is on that tape with
   * the same records (TAPE_FILE, chunk index, SNAPSHOT). Files on tape that the catalog lacks are what
   * a failed job wrote and never committed.
   */
  static void assertCatalogMatchesTapes(CatalogStore store, LibraryDrive library) throws Exception {
    for (Media m : store.media()) {
      if (m.membership().isEmpty() || store.files(m.uuid()).isEmpty()) {
        continue;
      }
      int seq = m.membership().get().sequence();
      Map<Long, List<CatalogRecord>> catalogued = new TreeMap<>();
      long[] current = {-1};
      store.content(m.uuid(), r -> {
        if (r instanceof CatalogRecord.TapeFile f) {
          current[0] = f.fileNumber();
        }
        catalogued.computeIfAbsent(current[0], k -> new ArrayList<>()).add(r);
      });
      Map<Long, List<CatalogRecord>> onTape = new TreeMap<>();
      TapeDrive drive = library.load(m.label());
      TapeScanner.scan(new DriveBlockSource(drive, m.label()), seq, new TapeScanner.Listener() {
        @Override
        public void file(CatalogRecord.TapeFile file) {
          onTape.computeIfAbsent(file.fileNumber(), k -> new ArrayList<>()).add(file);
        }

        @Override
        public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {
          onTape.get(file.fileNumber()).addAll(CatalogRecord.Chunks.of(file.tapeSequence(), file.fileNumber(),
              index.entries()));
        }

        @Override
        public void snapshot(CatalogRecord.Snapshot snapshot) {
          onTape.get(snapshot.fileNumber()).add(snapshot);
        }
      });
      for (Map.Entry<Long, List<CatalogRecord>> e : catalogued.entrySet()) {
        assertEquals(e.getValue(), onTape.get(e.getKey()), m.label() + " file " + e.getKey()
            + ": the catalog records what the tape holds");
      }
    }
  }

  /** Every snapshot the catalog lists restores as the tree of its source ({@code trees}: source to tree). */
  static void assertSnapshotsRestore(CatalogStore store, LibraryDrive library, Map<String, Path> trees, Path work)
      throws Exception {
    for (MediaSet set : store.mediaSets(POOL)) {
      for (SnapshotLocation s : store.snapshots(set.uuid())) {
        String name = s.snapshot().name();
        Path tree = trees.get(s.snapshot().source().equals("") ? "" : name.substring(0, name.lastIndexOf('/')));
        assertTrue(tree != null, "the catalog lists snapshot " + name + ", of no source a job backed up: " + trees);
        Path target = work.resolve("restore-" + UUID.randomUUID());
        TreeRestore.Result r = new TreeRestore(store, library, work).restore(set.uuid(), name, target,
            TreeWriterOptions.DEFAULT);
        assertEquals(List.of(), r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList(),
            name);
        TreeAssertions.assertSameTree(tree, target);
      }
    }
  }
}
