package dev.tapekit.vtl.cartridge;

import static dev.tapekit.vtl.cartridge.CartridgeFileTest.info;
import static dev.tapekit.vtl.cartridge.CartridgeFileTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Seeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power loss at a random point of a random workload (appends, filemarks, syncs, truncations, close and
 * reopen), through {@link FaultInjectingFileChannel}: unsynced writes are lost, kept or torn
 * independently. After the crash the cartridge must open with every object up to the last sync intact
 * and nothing but a prefix of what was written after it; and it must take appends again.
 * {@code -Dtests.seed=N} replays one seed.
 */
class CartridgeCrashTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return Seeds.of(300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everythingSyncedSurvivesAPowerLoss(long seed) {
    Seeds.replayable(getClass(), seed, random -> run(random, dir.resolve("s" + seed)));
  }

  /** What a block or filemark was, for comparison after the crash. */
  private record Written(RecordType type, byte[] data) {}

  private void run(SplittableRandom random, Path home) throws IOException {
    Files.createDirectories(home);
    Path p = home.resolve("E01001L8.tkc");
    CartridgeFile.create(p, info("E01001L8")).close();
    FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
    disk.operationsUntilCrash = 1 + random.nextInt(120);
    List<Written> written = new ArrayList<>(); // everything that may be on the cartridge, in order
    int synced = 0; // objects that must survive
    CartridgeFile f = CartridgeFile.open(p, false, disk);
    try {
      for (int step = 0; step < 60; step++) {
        int op = random.nextInt(20);
        if (op < 10) {
          byte[] b = new byte[1 + random.nextInt(random.nextBoolean() ? 40 : 3000)];
          if (op != 0) {
            random.nextBytes(b);
          }
          written.subList((int) f.objectCount(), written.size()).clear();
          boolean zero = java.util.Arrays.equals(b, new byte[b.length]); // a random block may be all zeros too
          written.add(new Written(zero ? RecordType.ZERO : RecordType.DATA, b));
          f.appendBlock(ByteBuffer.wrap(b));
        } else if (op < 12) {
          written.subList((int) f.objectCount(), written.size()).clear();
          written.add(new Written(RecordType.FILEMARK, null));
          f.appendFilemarks(1);
        } else if (op < 15) {
          f.sync();
          synced = (int) f.objectCount();
        } else if (op < 17) {
          long n = random.nextLong(f.objectCount() + 1);
          synced = (int) Math.min(synced, n);
          f.truncate(n);
        } else if (op == 17) {
          f.close();
          synced = (int) f.objectCount();
          f = CartridgeFile.open(p, false, disk);
        }
      }
    } catch (IOException e) {
      assertTrue(disk.crashed, () -> "not the simulated crash: " + e);
    }
    disk.crash(random);

    try (CartridgeFile after = CartridgeFile.open(p)) {
      long n = after.objectCount();
      assertTrue(n >= synced, "only " + n + " objects after the crash, " + synced + " were synced");
      assertTrue(n <= written.size(), n + " objects after the crash, only " + written.size() + " were written");
      for (int i = 0; i < n; i++) {
        Written w = written.get(i);
        assertEquals(w.type(), after.typeAt(i), "type of object " + i);
        if (w.type() != RecordType.FILEMARK) {
          assertArrayEquals(w.data(), read(after, i), "object " + i);
        }
      }
      after.appendBlock(ByteBuffer.wrap(new byte[] {42}));
    }
    try (CartridgeFile again = CartridgeFile.open(p)) {
      long n = again.objectCount();
      assertTrue(n >= synced + 1);
      assertArrayEquals(new byte[] {42}, read(again, n - 1), "appended after recovery");
    }
  }
}
