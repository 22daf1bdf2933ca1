package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.media.DriveKeys;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.TapePreparation;
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
import dev.tapekit.format.label.EncryptionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The backup flow of tape-backup's virtual-library tests, small enough for the kernel harness's
 * guest (software emulation): label blank tapes, back up a generated tree to a pool with {@link
 * PoolWriter} and {@link TreeBackup}, restore it whole and one chosen file with {@link TreeRestore},
 * verify the set with {@link SetVerify}; and an encrypted pool, which gets the drive's AES-256-GCM
 * where the drive has it and software encryption where not. Run on the tgt library by {@code
 * dev.tapekit.backup.kernel.BackupKernelTest} and on the virtual library by {@code
 * PositionCountingTapeDriveTest}.
 */
public final class BackupFlow {
  private static final Clock CLOCK = Clock.systemUTC();

  private final LibraryDrive library;
  private final Path dir;

  /** @param dir an empty scratch directory: the catalog, the tree, its restores */
  public BackupFlow(LibraryDrive library, Path dir) {
    this.library = library;
    this.dir = dir;
  }

  private static List<TreeProblem> serious(List<TreeProblem> problems) {
    return problems.stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList();
  }

  private void label(CatalogStore store, List<String> tapes, String pool) throws Exception {
    for (String barcode : tapes) {
      TapePreparation.label(store, library.load(barcode), barcode, Optional.of(pool),
          Optional.of(library.changerName()), BlockHeader.DEFAULT_BLOCK, CLOCK);
    }
  }

  private MediaPool pool(CatalogStore store, String name) {
    return new MediaPool(store, name, Availability.changer(library.changerName()), CLOCK, ZoneOffset.UTC);
  }

  /**
   * Labels {@code tapes} (blank ones) for pool "kernel", backs up a generated tree (about 2 MiB of
   * data: hard links, symlinks, sparse files, xattrs, awkward names, two files of 256-512 KiB) and restores it
   * as it was; then one of the large files alone, then verifies the set clean.
   */
  public void treeRoundTrip(List<String> tapes) throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    // large files of 256-512 KiB: the guest is emulated, and the jobs LOCATE there by reading forward
    TreeGenerator.Generated generated = new TreeGenerator(new SplittableRandom(7)).largeFiles(256 << 10)
        .generate(tree);
    try (CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      store.putPool(Pool.of("kernel"));
      label(store, tapes, "kernel");
      UUID set;
      TreeBackup.Result backup;
      List<String> used;
      try (PoolWriter writer = new PoolWriter(store, pool(store, "kernel"), library, WriterOptions.DEFAULT, CLOCK)) {
        writer.begin("backup kernel", false);
        backup = new TreeBackup(writer, ChunkerParams.DEFAULT, dir, CLOCK).tree("guest/tree", tree,
            TreeReaderOptions.DEFAULT);
        writer.finish();
        set = writer.mediaSet();
        used = writer.tapesUsed();
      }
      assertEquals(List.of(), serious(backup.problems()), "problems of the backup");
      assertTrue(!used.isEmpty() && tapes.containsAll(used), "tapes used: " + used);
      String snapshot = backup.snapshot().name();

      Path restored = dir.resolve("restored");
      TreeRestore.Result whole = new TreeRestore(store, library, dir).restore(set, snapshot, restored,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), serious(whole.problems()), "problems of the restore");
      TreeAssertions.assertSameTree(tree, restored);

      String chosen = generated.largeFiles.get(0);
      Path one = dir.resolve("one");
      TreeRestore restore = new TreeRestore(store, library, dir);
      TreeRestore.Result r;
      try (RestorePlan plan = restore.plan(set, RestoreSelection.paths(snapshot, chosen))) {
        r = restore.run(plan, one, TreeWriterOptions.DEFAULT);
      }
      assertEquals(List.of(), serious(r.problems()), "problems of the restore of " + chosen);
      assertArrayEquals(Files.readAllBytes(tree.resolve(chosen)), Files.readAllBytes(one.resolve(chosen)), chosen);
      List<String> paths = TreeAssertions.paths(one);
      assertTrue(paths.contains(chosen) && !paths.contains(generated.largeFiles.get(1)),
          "only " + chosen + " and its parents restored: " + paths);

      SetVerify.Result verified = new SetVerify(store, library, Optional.empty(), Duration.ofSeconds(30), CLOCK)
          .verify(set);
      assertTrue(verified.clean(), verified.toString());
      assertTrue(verified.digestsChecked(), "an unencrypted set's chunk digests are checked: " + verified);
      assertEquals(used.size(), verified.tapes().size(), verified.toString());
    }
  }

  /**
   * An encrypted pool on blank {@code tape}: the writer takes the drive's AES-256-GCM when the drive
   * has it ({@link DriveKeys#supported}), software encryption otherwise; the set restores with its
   * key and not without.
   *
   * @return the mode the writer chose
   */
  public EncryptionMode encryptedRoundTrip(String tape) throws Exception {
    Path tree = dir.resolve("secret-tree");
    Files.createDirectories(tree.resolve("sub"));
    byte[] data = new byte[1 << 20];
    new Random(11).nextBytes(data);
    Files.write(tree.resolve("random.bin"), data);
    Files.writeString(tree.resolve("sub/text.txt"), "tapekit on tgt\n".repeat(1000));
    TapeKey key = TapeKey.generate();
    KeyConfig wrapped = KeyConfig.wrap(key, Passphrase.of("correct horse".toCharArray()), KdfType.PBKDF2, "horse",
        CLOCK);
    try (CatalogStore store = SqliteCatalogStore.open(dir.resolve("secret.db"))) {
      store.putPool(Pool.of("secret").withEncryption(Optional.of(key.fingerprint().toString())));
      label(store, List.of(tape), "secret");
      boolean driveHasIt = DriveKeys.supported(library.load(tape));
      EncryptionMode mode;
      UUID set;
      String snapshot;
      try (PoolWriter writer = new PoolWriter(store, pool(store, "secret"), library, WriterOptions.DEFAULT,
          Optional.of(new SetEncryption(key, wrapped)), CLOCK)) {
        writer.begin("backup secret", false);
        mode = writer.encryptionMode().orElseThrow();
        assertEquals(driveHasIt ? EncryptionMode.DRIVE : EncryptionMode.SOFTWARE, mode,
            "the mode the drive allows (drive encryption: " + driveHasIt + ")");
        snapshot = new TreeBackup(writer, ChunkerParams.DEFAULT, dir, CLOCK).tree("guest/secret", tree,
            TreeReaderOptions.DEFAULT).snapshot().name();
        writer.finish();
        set = writer.mediaSet();
      }
      IllegalStateException without = assertThrows(IllegalStateException.class, () -> new TreeRestore(store, library,
          dir).restore(set, snapshot, dir.resolve("nokey"), TreeWriterOptions.DEFAULT));
      assertTrue(without.getMessage().contains(key.fingerprint().toString()), without.getMessage());
      Path restored = dir.resolve("secret-restored");
      TreeRestore.Result r = new TreeRestore(store, library, dir, Optional.of(key)).restore(set, snapshot, restored,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), serious(r.problems()), "problems of the restore with the key");
      TreeAssertions.assertSameTree(tree, restored);
      return mode;
    }
  }
}
