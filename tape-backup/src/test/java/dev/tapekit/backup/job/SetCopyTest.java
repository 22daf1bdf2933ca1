package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.tree.TreeAssertions;
import dev.tapekit.backup.tree.TreeGenerator;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated tree backed up over two 24 MiB tapes of pool "daily" in drive 0, copied in drive 1 to
 * pool "offsite", and restored from the copy: the same tree. The copy is linked to its original and
 * verifies clean. An encrypted set is copied to a pool with another key.
 */
class SetCopyTest {
  @TempDir
  Path dir;

  private Path tree(long seed, int bigMiB) throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    new TreeGenerator(new SplittableRandom(seed)).generate(tree);
    byte[] big = new byte[bigMiB << 20];
    new Random(seed).nextBytes(big); // incompressible
    Files.write(tree.resolve("big.bin"), big);
    return tree;
  }

  private static TreeBackup.Result backup(TwoDriveLibrary lib, MediaPool pool, Optional<SetEncryption> encryption,
      Path tree, UUID[] set) throws Exception {
    try (PoolWriter writer = new PoolWriter(lib.store, pool, lib.first, WriterOptions.DEFAULT, encryption,
        TwoDriveLibrary.CLOCK)) {
      writer.begin("backup", false);
      TreeBackup.Result r = new TreeBackup(writer, ChunkerParams.DEFAULT, lib.home, TwoDriveLibrary.CLOCK).tree("host1/tree",
          tree, TreeReaderOptions.DEFAULT);
      writer.finish();
      set[0] = writer.mediaSet();
      return r;
    }
  }

  private static Set<String> digests(TwoDriveLibrary lib, UUID set) throws Exception {
    Set<String> out = new HashSet<>();
    lib.store.chunkDigests(set, d -> out.add(HexFormat.of().formatHex(d)));
    return out;
  }

  private static void assertRestores(TreeRestore.Result r, Path tree, Path restored) throws Exception {
    assertEquals(List.of(), r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
    TreeAssertions.assertSameTree(tree, restored);
  }

  @Test
  void aCopyRestoresTheSameTreeAndIsLinkedToItsOriginal() throws Exception {
    Path tree = tree(7, 30);
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      MediaPool daily = lib.pool("daily", Optional.empty(), "E01001L8", "E01002L8", "E01003L8");
      MediaPool offsite = lib.pool("offsite", Optional.empty(), "E01004L8", "E01005L8", "E01006L8");
      UUID[] set = new UUID[1];
      TreeBackup.Result backup = backup(lib, daily, Optional.empty(), tree, set);
      MediaSet original = lib.store.mediaSet(set[0]).orElseThrow();
      assertEquals(2, original.members().size(), "the original spans two tapes");

      SetCopy copier = new SetCopy(lib.store, lib.first, Optional.empty(), TwoDriveLibrary.CLOCK);
      IllegalArgumentException samePool = assertThrows(IllegalArgumentException.class, () -> copier.copy(set[0],
          daily, lib.second, WriterOptions.DEFAULT, Optional.empty()));
      assertTrue(samePool.getMessage().contains("pool of its own"), samePool.getMessage());

      SetCopy.Result r = copier.copy(set[0], offsite, lib.second, WriterOptions.DEFAULT, Optional.empty());
      assertEquals(set[0], r.source());
      assertNotEquals(set[0], r.target());
      assertEquals(List.of("E01001L8", "E01002L8"), r.tapesRead());
      assertTrue(r.tapesWritten().size() >= 2 && r.tapesWritten().stream().allMatch(t -> t.compareTo("E01004L8") >= 0),
          "the copy is on the offsite pool's tapes: " + r.tapesWritten());
      assertEquals(digests(lib, set[0]).size(), r.chunksRead(), "every chunk of the original was read: " + r);
      assertEquals(r.chunksRead(), r.chunksWritten());
      assertEquals(1, r.snapshots());
      assertEquals(digests(lib, set[0]), digests(lib, r.target()), "the copy holds the same chunks");

      MediaSet copy = lib.store.mediaSet(r.target()).orElseThrow();
      assertEquals(Optional.of(set[0]), copy.copyOf());
      assertEquals("offsite", copy.pool());
      assertEquals(List.of(copy), lib.store.copies(set[0]));
      for (UUID tape : copy.members().values()) {
        Media m = lib.store.media(tape).orElseThrow();
        assertEquals(Optional.of("offsite"), m.pool());
      }
      assertEquals(List.of(backup.snapshot().name()), lib.store.snapshots(r.target()).stream()
          .map(s -> s.snapshot().name()).toList());

      Path restored = dir.resolve("restored");
      assertRestores(new TreeRestore(lib.store, lib.second, dir).restore(r.target(), backup.snapshot().name(),
          restored, TreeWriterOptions.DEFAULT), tree, restored);
      SetVerify.Result verified = new SetVerify(lib.store, lib.second, Optional.empty(), Duration.ofSeconds(5),
          TwoDriveLibrary.CLOCK).verify(r.target());
      assertTrue(verified.clean(), verified.toString());
    }
  }

  @Test
  void anEncryptedSetIsCopiedUnderTheTargetPoolsKey() throws Exception {
    Path tree = tree(11, 2);
    TapeKey sourceKey = TapeKey.generate();
    TapeKey targetKey = TapeKey.generate();
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      MediaPool secret = lib.pool("secret", Optional.of(sourceKey.fingerprint().toString()), "E01001L8");
      MediaPool vault = lib.pool("vault", Optional.of(targetKey.fingerprint().toString()), "E01002L8");
      UUID[] set = new UUID[1];
      TreeBackup.Result backup = backup(lib, secret, Optional.of(encryption(sourceKey)), tree, set);
      SetCopy keyless = new SetCopy(lib.store, lib.first, Optional.empty(), TwoDriveLibrary.CLOCK);
      IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> keyless.copy(set[0], vault,
          lib.second, WriterOptions.DEFAULT, Optional.of(encryption(targetKey))));
      assertTrue(noKey.getMessage().contains(sourceKey.fingerprint().toString()), noKey.getMessage());

      SetCopy.Result r = new SetCopy(lib.store, lib.first, Optional.of(sourceKey), TwoDriveLibrary.CLOCK).copy(set[0],
          vault, lib.second, WriterOptions.DEFAULT, Optional.of(encryption(targetKey)));
      assertEquals(Optional.of(targetKey.fingerprint().toString()),
          lib.store.mediaSet(r.target()).orElseThrow().encryption());
      Path restored = dir.resolve("restored");
      assertRestores(new TreeRestore(lib.store, lib.second, dir, Optional.of(targetKey)).restore(r.target(),
          backup.snapshot().name(), restored, TreeWriterOptions.DEFAULT), tree, restored);
      IllegalStateException withSourceKey = assertThrows(IllegalStateException.class, () -> new TreeRestore(lib.store,
          lib.second, dir, Optional.of(sourceKey)).restore(r.target(), backup.snapshot().name(), dir.resolve("wrong"),
          TreeWriterOptions.DEFAULT));
      assertTrue(withSourceKey.getMessage().contains(targetKey.fingerprint().toString()),
          "the copy opens only with the target pool's key: " + withSourceKey.getMessage());
    }
  }

  private static SetEncryption encryption(TapeKey key) throws Exception {
    return new SetEncryption(key, KeyConfig.wrap(key, Passphrase.of("correct horse".toCharArray()), KdfType.PBKDF2,
        "horse", TwoDriveLibrary.CLOCK));
  }
}
