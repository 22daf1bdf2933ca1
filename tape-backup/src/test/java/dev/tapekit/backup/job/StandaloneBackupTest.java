package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.Operator;
import dev.tapekit.backup.media.StandaloneDrive;
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
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.testing.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and its restore at a standalone drive: the pool reaches offline tapes only, and an operator
 * inserts each one the drive asks for (here, by the virtual library's changer acting as the operator's
 * hands; the loader itself only sees the drive). The tree spans two small tapes.
 */
class StandaloneBackupTest {
  private static final Pattern LABEL = Pattern.compile("needs tape (\\S+)\\.");

  @TempDir
  Path dir;

  @Test
  void aTreeBacksUpAndRestoresThroughAnOperator() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    new TreeGenerator(new SplittableRandom(21)).generate(tree);
    byte[] big = new byte[26 << 20];
    new java.util.Random(21).nextBytes(big); // incompressible: more than one 24 MiB tape
    Files.write(tree.resolve("big.bin"), big);
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Clock clock = Clock.systemUTC();
    List<String> asked = new ArrayList<>();
    try (LibraryDrive hands = VirtualLibraryDrives.open(home, "SMALL", 24);
        CatalogStore store = SqliteCatalogStore.open(dir.resolve("catalog.db"))) {
      store.putPool(Pool.of("offsite"));
      for (String barcode : List.of("E01001L8", "E01002L8", "E01003L8")) {
        TapePreparation.label(store, hands.load(barcode), barcode, Optional.of("offsite"), Optional.empty(),
            BlockHeader.DEFAULT_BLOCK, clock); // no changer: offline, as tapes on a shelf are
      }
      hands.unload();
      Operator operator = message -> {
        asked.add(message);
        Matcher m = LABEL.matcher(message);
        assertTrue(m.find(), message);
        try {
          hands.unload(); // takes out what the drive ejected
          hands.load(m.group(1));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      FakeClock polls = new FakeClock(); // the drive's 5 s polls for the operator's tape pass at once
      StandaloneDrive drive = new StandaloneDrive(hands.drive(), "/dev/nst0", operator, Duration.ofSeconds(30),
          Duration.ofMinutes(5), polls, polls::sleep);
      MediaPool pool = new MediaPool(store, "offsite", Availability.standalone(), clock, ZoneOffset.UTC);
      UUID set;
      String name;
      List<String> tapes;
      try (PoolWriter writer = new PoolWriter(store, pool, drive, WriterOptions.DEFAULT, clock)) {
        writer.begin("backup offsite", false);
        name = new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, dir, clock)
            .tree("host1/tree", tree, TreeReaderOptions.DEFAULT).snapshot().name();
        writer.finish();
        set = writer.mediaSet();
        tapes = writer.tapesUsed();
        writer.eject();
      }
      assertTrue(tapes.size() >= 2, "the backup spans tapes: " + tapes);
      assertEquals(MediaLocation.OFFLINE, store.mediaByLabel(tapes.get(0)).orElseThrow().location());
      int requests = asked.size();
      assertTrue(requests >= tapes.size(), "the operator was asked for each tape: " + asked);

      Path restored = dir.resolve("restored");
      TreeRestore.Result r = new TreeRestore(store, drive, dir).restore(set, name, restored,
          TreeWriterOptions.DEFAULT);
      assertEquals(List.of(), r.problems().stream().filter(p -> p.kind() != TreeProblem.Kind.METADATA).toList());
      TreeAssertions.assertSameTree(tree, restored);
      assertTrue(asked.size() > requests, "the restore asked for its tapes too: " + asked);
    }
  }
}
