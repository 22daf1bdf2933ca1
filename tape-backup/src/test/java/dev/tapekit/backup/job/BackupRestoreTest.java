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
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated tree (hard links, symlinks, sparse files, xattrs, awkward names, a large file) backed
 * up through the virtual library onto 24 MiB tapes, so that it spans tapes, then restored from them
 * and compared with the original, metadata included; and a stream backed up and restored.
 */
class BackupRestoreTest {
  @TempDir
  Path dir;

  @Test
  void aTreeSpanningTapesRestoresAsItWas() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    new TreeGenerator(new SplittableRandom(7)).generate(tree);
    byte[] big = new byte[40 << 20];
    new Random(7).nextBytes(big); // incompressible: the backup needs more than one 24 MiB tape
    Files.write(tree.resolve("big.bin"), big);
    Files.write(tree.resolve("big-copy.bin"), big); // the same content again: its chunks are not written twice
    Path home = dir.resolve("vtl");
    Files.createDirectories(home);
    Clock clock = Clock.systemUTC();
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "SMALL", 24);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      store.putPool(Pool.of("daily"));
      for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8", "E01004L8", "E01005L8")) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of("daily"), Optional.of("SMALL"),
            BlockHeader.DEFAULT_BLOCK, clock);
      }
      MediaPool pool = new MediaPool(store, "daily", Availability.changer("SMALL"), clock, ZoneOffset.UTC);
      UUID set;
      TreeBackup.Result tb;
      TreeBackup.Result sb;
      byte[] dump = "CREATE TABLE t (x int);\n".repeat(50_000).getBytes();
      List<String> written;
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, clock)) {
        writer.begin("backup daily", false);
        List<Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TreeBackup backup = new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, dir, clock)
            .progress(seen::add);
        tb = backup.tree("host1/tree", tree, TreeReaderOptions.DEFAULT);
        Progress last = seen.get(seen.size() - 1);
        assertEquals(tb.bytesRead(), last.bytes(), "the last progress counts every byte read");
        assertEquals(tb.entries(), last.files());
        // the estimate counts sizes (holes too), the backup reads data: at least as much, and the time left comes
        assertTrue(last.totalBytes().orElseThrow() >= tb.bytesRead(), last.toString());
        assertTrue(seen.stream().anyMatch(p -> p.remaining().isPresent()), "progress says how long is left");
        assertTrue(seen.stream().map(Progress::tape).distinct().count() >= 2, "progress names each tape");
        sb = backup.stream("host1/db", "dump.sql", new ByteArrayInputStream(dump));
        writer.finish();
        set = writer.mediaSet();
        written = writer.tapesUsed();
      }
      assertTrue(written.size() >= 2, "the backup spans tapes: " + written);
      assertEquals(List.of(), tb.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
      assertTrue(tb.chunks() - tb.chunksWritten() >= 30, "a copy's chunks are deduplicated: " + tb);

      Path restored = dir.resolve("restored");
      TreeRestore.Result r = new TreeRestore(store, library, dir).restore(set, tb.snapshot().name(), restored,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
      TreeAssertions.assertSameTree(tree, restored);
      assertGnuDiffFindsNoDifference(tree, restored);
      assertEquals(r.tapes().stream().distinct().toList(), r.tapes(), "each tape is loaded once: " + r.tapes());

      Path restoredStream = dir.resolve("stream");
      new TreeRestore(store, library, dir).restore(set, sb.snapshot().name(), restoredStream,
          TreeWriterOptions.DEFAULT);
      assertArrayEquals(dump, Files.readAllBytes(restoredStream.resolve("dump.sql")));
    }
  }

  /**
   * GNU diff, a program no one here wrote, agrees: same names, same contents, same symlink targets.
   * It cannot compare FIFOs and devices and says so for each; such lines are accepted when both sides
   * are the same kind of special file (TreeAssertions checks their metadata).
   */
  private static void assertGnuDiffFindsNoDifference(Path expected, Path actual) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/diff")), "GNU diff (diffutils) is not installed");
    Process p = new ProcessBuilder("/usr/bin/diff", "-r", "--no-dereference", expected.toString(), actual.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    List<String> differences = out.lines()
        .filter(l -> !l.matches("File .* is a (fifo|character special file|block special file|socket) while file .* "
            + "is a \\1")).toList();
    assertEquals(List.of(), differences, "diff -r --no-dereference " + expected + " " + actual);
  }

  /** With the drive's AES-256-GCM (the virtual drives have it) or in software: the label says which. */
  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void anEncryptedSetRestoresOnlyWithItsKey(EncryptionMode mode) throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    new TreeGenerator(new SplittableRandom(11)).generate(tree);
    Path home = dir.resolve("vtl");
    Files.createDirectories(home);
    Clock clock = Clock.systemUTC();
    TapeKey key = TapeKey.generate();
    KeyConfig wrapped = KeyConfig.wrap(key, Passphrase.of("correct horse".toCharArray()), KdfType.PBKDF2, "horse",
        clock);
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "L700", 0);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      store.putPool(Pool.of("secret").withEncryption(Optional.of(key.fingerprint().toString())));
      TapePreparation.label(store, library.load("E01001L8"), "E01001L8", Optional.of("secret"), Optional.of("L700"),
          BlockHeader.DEFAULT_BLOCK, clock);
      MediaPool pool = new MediaPool(store, "secret", Availability.changer("L700"), clock, ZoneOffset.UTC);
      try (PoolWriter unkeyed = new PoolWriter(store, pool, library, WriterOptions.DEFAULT, clock)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unkeyed.begin("backup", false));
        assertTrue(e.getMessage().contains("never") || e.getMessage().contains("no key"), e.getMessage());
      }
      UUID set;
      String name;
      SetEncryption encryption = new SetEncryption(key, wrapped);
      try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT,
          Optional.of(mode == EncryptionMode.SOFTWARE ? encryption.softwareOnly() : encryption), clock)) {
        writer.begin("backup secret", false);
        assertEquals(Optional.of(mode), writer.encryptionMode());
        assertTrue(writer.encryption().startsWith(mode.text()), writer.encryption());
        name = new TreeBackup(writer, ChunkerParams.DEFAULT, dir, clock).tree("host1/tree", tree,
            TreeReaderOptions.DEFAULT).snapshot().name();
        writer.finish();
        set = writer.mediaSet();
      }
      TapeDrive drive = library.load("E01001L8");
      drive.rewind();
      MediaSetLabel label = TapeLabels.readLabels(new DriveBlockSource(drive, "E01001L8")).orElseThrow().mediaSet()
          .orElseThrow();
      assertEquals(mode, label.encryption().orElseThrow().mode());
      assertTrue(drive.encryptionStatus().isOff(), "the job takes its key with it");
      assertEquals(key.fingerprint(), label.encryption().orElseThrow().fingerprint());

      IllegalStateException without = assertThrows(IllegalStateException.class, () -> new TreeRestore(store, library,
          dir).restore(set, name, dir.resolve("nokey"), TreeWriterOptions.DEFAULT));
      assertTrue(without.getMessage().contains(key.fingerprint().toString()), without.getMessage());
      TapeKey other = TapeKey.generate();
      IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> new TreeRestore(store, library,
          dir, Optional.of(other)).restore(set, name, dir.resolve("wrongkey"), TreeWriterOptions.DEFAULT));
      assertTrue(wrong.getMessage().contains(other.fingerprint().toString()), wrong.getMessage());
      Path restored = dir.resolve("restored");
      TreeRestore.Result with = new TreeRestore(store, library, dir, Optional.of(key)).restore(set, name, restored,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), with.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
      TreeAssertions.assertSameTree(tree, restored);
    }
  }
}
