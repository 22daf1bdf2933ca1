package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.KeyResolver;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.crypto.WrongPassphraseException;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One drive-encrypted backup over three 24 MiB tapes, then two bad days: the catalog is lost (it
 * is rebuilt from the last tape, the key opened from the tape with its passphrase, and everything
 * restores), and the middle tape is damaged (every read of it fails: the files that need it are
 * reported, everything else restores).
 */
class RecoveryRestoreTest {
  @TempDir
  Path dir;

  private static final String PASSPHRASE = "tape is not dead";

  @Test
  void withoutTheCatalogAndWithADamagedTape() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    new TreeGenerator(new SplittableRandom(3)).generate(tree);
    for (int i = 0; i < 3; i++) {
      byte[] big = new byte[20 << 20];
      new Random(30 + i).nextBytes(big);
      Files.write(tree.resolve("big" + i + ".bin"), big);
    }
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Clock clock = Clock.systemUTC();
    TapeKey key = TapeKey.generate();
    KeyConfig wrapped = KeyConfig.wrap(key, Passphrase.of(PASSPHRASE.toCharArray()), KdfType.PBKDF2, "the usual", clock);
    try (LibraryDrive library = VirtualLibraryDrives.open(home, "SMALL", 24)) {
      UUID set;
      String name;
      List<String> tapes;
      try (CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
        store.putPool(Pool.of("vault").withEncryption(Optional.of(key.fingerprint().toString())));
        for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8", "E01004L8", "E01005L8")) {
          TapePreparation.label(store, library.load(barcode), barcode, Optional.of("vault"), Optional.of("SMALL"),
              BlockHeader.DEFAULT_BLOCK, clock);
        }
        MediaPool pool = new MediaPool(store, "vault", Availability.changer("SMALL"), clock, ZoneOffset.UTC);
        try (PoolWriter writer = new PoolWriter(store, pool, library, WriterOptions.DEFAULT,
            Optional.of(new SetEncryption(key, wrapped)), clock)) {
          writer.begin("backup vault", false);
          assertEquals(Optional.of(EncryptionMode.DRIVE), writer.encryptionMode(), "the virtual drives encrypt");
          name = new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, dir, clock).tree("host1/tree", tree,
              TreeReaderOptions.DEFAULT).snapshot().name();
          writer.finish();
          set = writer.mediaSet();
          tapes = writer.tapesUsed();
        }
        assertTrue(tapes.size() >= 3, "the backup spans at least three tapes: " + tapes);

        // the middle tape is damaged: what needs it is reported, the rest restores
        String damaged = tapes.get(1);
        Path partly = dir.resolve("partly");
        TreeRestore.Result r = new TreeRestore(store, new Damaged(library, damaged), dir, Optional.of(key))
            .restore(set, name, partly, TreeWriterOptions.DEFAULT);
        List<TreeProblem> lost = r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList();
        assertFalse(lost.isEmpty(), "a damaged tape loses something");
        assertTrue(lost.stream().anyMatch(p -> p.message().contains(damaged)), lost.toString());
        Set<String> lostFiles = new HashSet<>();
        lost.stream().map(TreeProblem::path).filter(p -> !p.isEmpty()).forEach(lostFiles::add);
        assertFalse(lostFiles.isEmpty(), lost.toString());
        try (Stream<Path> files = Files.walk(tree)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            String rel = tree.relativize(f).toString();
            Path back = partly.resolve(rel);
            if (lostFiles.contains(rel)) {
              assertFalse(Files.exists(back), rel + " is reported lost but exists");
            } else {
              assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(back), rel);
            }
          }
        }
      }

      // the catalog is gone: rebuild it from the last tape, open the key with the passphrase from the tape
      try (CatalogStore fresh = SqliteCatalogStore.open(dir.resolve("rebuilt.db"))) {
        assertThrows(WrongPassphraseException.class, () -> SetRecovery.recover(fresh, library,
            List.of(tapes.get(tapes.size() - 1)), Optional.of(prompt("wrong"))));
        SetRecovery.Result recovered = SetRecovery.recover(fresh, library, List.of(tapes.get(tapes.size() - 1)),
            Optional.of(prompt(PASSPHRASE)));
        assertEquals(set, recovered.mediaSet());
        assertEquals(Set.of(), recovered.missing());
        assertEquals(key.fingerprint(), recovered.key().orElseThrow().fingerprint());
        Path restored = dir.resolve("restored");
        TreeRestore.Result r = new TreeRestore(fresh, library, dir, recovered.key()).restore(set, name, restored,
            TreeWriterOptions.DEFAULT);
        assertEquals(List.of(), r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
        TreeAssertions.assertSameTree(tree, restored);
      }
    }
  }

  private static KeyResolver prompt(String passphrase) {
    return KeyResolver.builder().prompt(question -> Passphrase.of(passphrase.toCharArray())).build();
  }

  /** A loader whose drive cannot read tape {@code damaged}: every READ of it fails. */
  private static final class Damaged extends ForwardingTapeLoader {
    private final String damaged;

    Damaged(LibraryDrive library, String damaged) {
      super(library);
      this.damaged = damaged;
    }

    @Override
    public TapeDrive load(String label) throws IOException {
      TapeDrive drive = delegate.load(label);
      if (!label.equals(damaged)) {
        return drive;
      }
      return overriding(drive, (method, args) -> {
        if (method.equals("read")) {
          throw new IOException(label + ": medium error (injected)");
        }
        return PASS;
      });
    }
  }
}
