package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.ForwardingTapeLoader;
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
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores that write the chunks straight into the files (TreeRestore's run): a chunk used twice in
 * one file and in two files, a large file over several archives and tapes, thousands of small files,
 * a whole set whose listing is on its last tape (chunks read before it wait in the scratch
 * directory), a bound of one chunk in flight, the existing-files policies, and tapes that fail: a
 * damaged block, a damaged chunk in sound blocks (caught by a decoding thread), and a tape that
 * stops reading midway. Whatever fails, a file is either restored exactly or absent and reported.
 */
class DirectRestoreTest {
  @TempDir
  Path dir;

  private Path tree;
  /** What the next READ of the drive does instead, when set; null passes it on. */
  private final AtomicReference<ForwardingTapeLoader.DriveCall> onRead = new AtomicReference<>();

  @BeforeEach
  void makeTree() throws Exception {
    tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("many"));
    new TreeGenerator(new SplittableRandom(11)).generate(tree);
    byte[] big = new byte[36 << 20];
    new Random(11).nextBytes(big); // incompressible: over several archives and more than one 24 MiB tape
    Files.write(tree.resolve("big.bin"), big);
    byte[] half = new byte[3 << 20];
    new Random(12).nextBytes(half);
    byte[] twice = new byte[2 * half.length]; // its second half's chunks are its first half's
    System.arraycopy(half, 0, twice, 0, half.length);
    System.arraycopy(half, 0, twice, half.length, half.length);
    Files.write(tree.resolve("twice.bin"), twice);
    Files.write(tree.resolve("many/copy-of-twice.bin"), twice); // the same chunks in another file
    for (int i = 0; i < 3000; i++) {
      Files.writeString(tree.resolve(String.format("many/f%04d", i)), "small file " + i + "\n".repeat(i % 7));
    }
  }

  private TapeDrive wrap(TapeDrive drive) {
    return ForwardingTapeLoader.overriding(drive, (method, args) -> {
      ForwardingTapeLoader.DriveCall call = onRead.get();
      return method.equals("read") && call != null ? call.call(method, args) : ForwardingTapeLoader.PASS;
    });
  }

  private record Backup(UUID set, String snapshot, TreeBackup.Result result) {}

  private Backup backup(CatalogStore store, LibraryDrive library) throws Exception {
    Clock clock = Clock.systemUTC();
    store.putPool(Pool.of("daily"));
    for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8", "E01004L8")) {
      TapePreparation.label(store, library.load(barcode), barcode, Optional.of("daily"), Optional.of("SMALL"),
          BlockHeader.DEFAULT_BLOCK, clock);
    }
    MediaPool pool = new MediaPool(store, "daily", Availability.changer("SMALL"), clock, ZoneOffset.UTC);
    try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, clock)) {
      writer.begin("backup daily", false);
      TreeBackup.Result r = new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, dir, clock)
          .tree("host1/tree", tree, TreeReaderOptions.DEFAULT);
      writer.finish();
      assertTrue(writer.tapesUsed().size() >= 2, "the set spans tapes: " + writer.tapesUsed());
      return new Backup(writer.mediaSet(), r.snapshot().name(), r);
    }
  }

  private static List<TreeProblem> serious(List<TreeProblem> problems) {
    return problems.stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList();
  }

  private List<Path> scratchLeft() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("tapekit-restore-")).toList();
    }
  }

  @Test
  void chunksUsedTwiceAWholeSetOverTapesAndOneChunkInFlight() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(dir.resolve("vtl"), "SMALL", 24, this::wrap);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library);
      TreeBackup.Result tb = b.result();
      // twice.bin's second half and copy-of-twice.bin are chunks already written
      assertTrue(tb.chunks() - tb.chunksWritten() >= 2 * (3 << 20) / (512 << 10), tb.toString());

      // the whole set: its listing is on the last tape, so the chunks of the tapes before wait in scratch
      TreeRestore restore = new TreeRestore(store, library, dir).decoding(1, 1);
      Path all = dir.resolve("all");
      TreeRestore.Result r;
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.wholeSet())) {
        assertTrue(plan.tapes().size() >= 2, plan.describe(1 << 30));
        r = restore.run(plan, all, TreeWriterOptions.DEFAULT);
      }
      assertEquals(List.of(), serious(r.problems()));
      TreeAssertions.assertSameTree(tree, all.resolve(b.snapshot()));
      assertEquals(List.of(), scratchLeft(), "the scratch directory is removed");

      // the snapshot: its listing is read first, every chunk goes straight into its files
      Path one = dir.resolve("one");
      r = new TreeRestore(store, library, dir).decoding(2, 3).restore(b.set(), b.snapshot(), one,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), serious(r.problems()));
      TreeAssertions.assertSameTree(tree, one);
      assertEquals(r.tapes().stream().distinct().toList(), r.tapes(), "each tape is loaded once: " + r.tapes());
      assertEquals(List.of(), scratchLeft());
    }
  }

  @Test
  void existingFilesAreRefusedSkippedOrOverwritten() throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(dir.resolve("vtl"), "SMALL", 24, this::wrap);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library);
      for (TreeWriterOptions.Existing policy : TreeWriterOptions.Existing.values()) {
        Path target = Files.createDirectories(dir.resolve("existing-" + policy));
        Files.write(target.resolve("twice.bin"), "mine".getBytes());
        TreeRestore.Result r = new TreeRestore(store, library, dir).decoding(2, 2).restore(b.set(), b.snapshot(),
            target, new TreeWriterOptions(policy));
        List<TreeProblem> problems = serious(r.problems());
        if (policy == TreeWriterOptions.Existing.OVERWRITE) {
          assertEquals(List.of(), problems);
          TreeAssertions.assertSameTree(tree, target);
          continue;
        }
        assertEquals(List.of("twice.bin"), problems.stream().map(TreeProblem::path).toList(), problems.toString());
        assertEquals(policy == TreeWriterOptions.Existing.REFUSE ? TreeProblem.Kind.EXISTS
            : TreeProblem.Kind.KEPT_EXISTING, problems.get(0).kind());
        assertArrayEquals("mine".getBytes(), Files.readAllBytes(target.resolve("twice.bin")), "the file is kept");
        // the other file with the same chunks is restored
        assertArrayEquals(Files.readAllBytes(tree.resolve("many/copy-of-twice.bin")),
            Files.readAllBytes(target.resolve("many/copy-of-twice.bin")));
        assertArrayEquals(Files.readAllBytes(tree.resolve("big.bin")), Files.readAllBytes(target.resolve("big.bin")));
      }
    }
  }

  /** What the drive's READs do while a restore runs (set once the plan is made). */
  @FunctionalInterface
  private interface Fault {
    ForwardingTapeLoader.DriveCall during(RestorePlan plan, LibraryDrive library);
  }

  /** Restores the snapshot with {@code fault} in the drive; every file is restored exactly or absent and reported. */
  private TreeRestore.Result restoreWith(Fault fault) throws Exception {
    try (LibraryDrive library = VirtualLibraryDrives.open(dir.resolve("vtl"), "SMALL", 24, this::wrap);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      Backup b = backup(store, library);
      TreeRestore restore = new TreeRestore(store, library, dir).decoding(2, 4);
      Path target = dir.resolve("faulty");
      TreeRestore.Result r;
      try (RestorePlan plan = restore.plan(b.set(), RestoreSelection.snapshots(b.snapshot()))) {
        onRead.set(fault.during(plan, library));
        r = restore.run(plan, target, TreeWriterOptions.DEFAULT);
        onRead.set(null);
        assertEquals(plan.tapes().stream().map(RestorePlan.TapeVisit::label).toList(), r.tapes(),
            "every tape is read");
      }
      Set<String> lost = assertRestoredOrAbsent(target, r.problems());
      assertFalse(lost.isEmpty(), "a file needed what could not be read: " + r.problems());
      assertTrue(lost.size() < 3000, "the other files are restored: " + lost.size() + " lost");
      assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("cannot be read")), r.problems().toString());
      assertEquals(List.of(), scratchLeft());
      return r;
    }
  }

  /**
   * The 40th block read comes back with one payload byte changed; with {@code reseal} its CRC32C is
   * made right again, so that only the chunk's own checks can notice.
   */
  private Fault damagedBlock(boolean reseal) {
    return (plan, library) -> {
      int[] reads = {0};
      return (method, args) -> {
        if (++reads[0] != 40) {
          return ForwardingTapeLoader.PASS;
        }
        onRead.set(null);
        ByteBuffer buffer = (ByteBuffer) args[0];
        int start = buffer.position();
        Object result = library.drive().read(buffer);
        ByteBuffer block = buffer.duplicate().position(start).slice().order(ByteOrder.LITTLE_ENDIAN);
        block.put(BlockHeader.LENGTH + 1000, (byte) (block.get(BlockHeader.LENGTH + 1000) ^ 0x40));
        if (reseal) {
          CRC32C crc = new CRC32C();
          crc.update(block.duplicate().limit(56));
          crc.update(block.duplicate().position(BlockHeader.LENGTH).limit(BlockHeader.LENGTH + block.getInt(20)));
          block.putInt(56, (int) crc.getValue());
        }
        return result;
      };
    };
  }

  @Test
  void aDamagedBlockLosesOnlyTheFilesThatNeedIt() throws Exception {
    TreeRestore.Result r = restoreWith(damagedBlock(false));
    assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("block checksum failed")),
        r.problems().toString());
  }

  @Test
  void aChunkThatFailsItsChecksOnAWorkerIsNeverWritten() throws Exception {
    TreeRestore.Result r = restoreWith(damagedBlock(true));
    // the block passed; the chunk's own check of its stored bytes failed, on a decoding thread
    assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("checksum of the stored bytes")),
        r.problems().toString());
  }

  @Test
  void aTapeThatStopsReadingMidwayLosesTheRestOfItsChunksOnly() throws Exception {
    restoreWith((plan, library) -> {
      String fullest = plan.tapes().stream().max(Comparator.comparingLong(RestorePlan.TapeVisit::bytes))
          .orElseThrow().label();
      int[] reads = {0};
      return (method, args) -> { // the tape with the most chunks fails from its 30th block on, for good
        if (library.loaded().orElseThrow().equals(fullest) && ++reads[0] >= 30) {
          throw new IOException("READ failed: medium error (test)");
        }
        return ForwardingTapeLoader.PASS;
      };
    });
  }

  /**
   * Every regular file of the source is restored with its content, or absent from the target and
   * reported; returns the paths reported.
   */
  private Set<String> assertRestoredOrAbsent(Path target, List<TreeProblem> problems) throws IOException {
    Set<String> reported = problems.stream().filter(p -> p.kind() == TreeProblem.Kind.FAILED)
        .map(TreeProblem::path).collect(Collectors.toSet());
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String path = tree.relativize(f).toString();
        Path restored = target.resolve(path);
        if (reported.contains(path)) {
          assertFalse(Files.exists(restored, LinkOption.NOFOLLOW_LINKS), path + " is reported and must be absent");
        } else {
          assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(restored), path);
        }
      }
    }
    return reported;
  }
}
