package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.VirtualLibraryDrives;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.log.LogPage;
import dev.tapekit.scsi.log.LogParameter;
import dev.tapekit.scsi.log.SequentialAccessDevicePage;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup through the host-side buffer ({@code WriterOptions.driveBuffer}, 8 MiB here) whose drive
 * fails one WRITE while blocks behind it are still queued in memory: the job fails with that error,
 * nothing more reaches the drive, the catalog records only what the tapes confirmed, and the next job
 * and every snapshot the catalog lists restore. The scenario is the fault sweep's ({@link
 * SweepScenario}: 24 MiB tapes, early warning at 4 MiB, a commit every 2 MiB); the drive answers log
 * page 0Ch with an early-warning zone of 1000 MB, as a real LTO drive's, so that the buffer is not
 * capped to the virtual cartridge's small zone.
 */
class BufferedWriteFaultTest {
  private static final long BUFFER = 8L << 20;
  private static final long SEED = Long.getLong("tests.seed", 20261206L);

  /** The tests fault copies of one template state: it is made once. */
  @TempDir
  static Path dir;
  private static SweepScenario.Fixture fixture;

  @BeforeAll
  static void template() throws Exception {
    fixture = SweepScenario.Fixture.create(dir);
  }

  /**
   * What the wrapped drive saw: WRITE calls, the injected failure, and what was written after it.
   * After a failed WRITE no block may follow, no tape sync, and nothing from the buffer's thread; one
   * filemark may:
   * when the failed block was a label's, written without the buffer as every label is, the label's
   * file writer ends the file with a filemark on its way out (tape-format's BlockStreamWriter.close).
   */
  private static final class Injection {
    final long failAt;
    final AtomicLong writes = new AtomicLong();
    final AtomicReference<IOException> injected = new AtomicReference<>();
    final List<String> after = Collections.synchronizedList(new ArrayList<>());

    Injection(long failAt) {
      this.failAt = failAt;
    }

    /** {@code drive} with a large early-warning zone whose {@code failAt}-th WRITE fails. */
    TapeDrive wrap(TapeDrive drive) {
      return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
          (proxy, method, args) -> {
            String m = method.getName();
            if (m.equals("sequentialAccessDevice")) {
              return SequentialAccessDevicePage.parse(LogPage.encode(SequentialAccessDevicePage.PAGE_CODE, 0,
                  List.of(LogParameter.counter(0x0006, 4, 1000))));
            }
            if (m.equals("write") || m.equals("writeFilemarks")) {
              if (injected.get() != null) {
                after.add(m + (m.equals("write") ? "" : "(" + args[0] + ")") + " on thread "
                    + Thread.currentThread().getName());
              } else if (m.equals("write") && writes.incrementAndGet() == failAt) {
                IOException e = new IOException(drive.deviceName() + ": medium error (injected at write "
                    + failAt + ")");
                injected.set(e);
                throw e;
              }
            }
            try {
              return method.invoke(drive, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  /** A backup of {@code tree} through an 8 MiB buffer; checks that the buffer is in use. */
  private static void backup(CatalogStore store, LibraryDrive library, Path tree, Path spool) throws Exception {
    Clock clock = Clock.systemUTC();
    MediaPool pool = new MediaPool(store, SweepScenario.POOL, Availability.changer(SweepScenario.LIBRARY), clock,
        ZoneOffset.UTC);
    try (PoolWriter writer = new PoolWriter(store, pool, library, SweepScenario.OPTIONS.withDriveBuffer(BUFFER),
        clock)) {
      writer.begin("backup " + tree.getFileName(), false);
      assertEquals(BUFFER, writer.driveBuffer(), "the buffer is the configured size: the drive's zone is large");
      new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, spool, clock)
          .tree("host1/" + tree.getFileName(), tree, TreeReaderOptions.DEFAULT);
      writer.finish();
    }
  }

  @Test
  void aWriteFailingWithBlocksQueuedBehindItLosesNothing() throws Exception {
    Injection counting = new Injection(Long.MAX_VALUE);
    Path counted = fixture.point("counted");
    try (LibraryDrive library = SweepScenario.open(counted, counting::wrap);
        CatalogStore store = SweepScenario.catalog(counted)) {
      counting.writes.set(0);
      backup(store, library, fixture.tree2(), dir);
      SweepScenario.assertCatalogMatchesTapes(store, library);
    }
    long total = counting.writes.get();
    assertTrue(total > 40, total + " writes: the job spans tapes");
    SplittableRandom random = new SplittableRandom(SEED);
    // how many blocks a tape takes varies by a few from run to run: early warning reaches the writer
    // when the buffer's thread has written the block that met it; so the last points leave a margin
    for (long k : List.of(1L, 2L + random.nextLong(total / 2), total / 2 + random.nextLong(total / 2 - 8),
        total - 8)) {
      String point = "write " + k + " of " + total + " fails";
      Path home = fixture.point("fail-" + k);
      Injection injection = new Injection(k);
      try (LibraryDrive library = SweepScenario.open(home, injection::wrap);
          CatalogStore store = SweepScenario.catalog(home)) {
        injection.writes.set(0);
        IOException thrown = assertThrows(IOException.class, () -> backup(store, library, fixture.tree2(), dir),
            point);
        assertTrue(names(thrown, injection.injected.get().getMessage()),
            point + ": the job fails with the drive's error, not another: " + thrown);
        assertTrue(injection.after.stream().allMatch(c -> c.startsWith("writeFilemarks(1) ")
            && !c.contains("tape-buffer")), point + ": after the failed write the drive got " + injection.after);
        SweepScenario.assertCatalogMatchesTapes(store, library);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; reproduce with -Dtests.seed=" + SEED, e);
      }
      fixture.assertRecovers(home, point + ", then a clean job", SEED);
    }
  }

  @Test
  void aVirtualCartridgesSmallEarlyWarningZoneCapsTheBuffer() throws Exception {
    Path home = fixture.point("capped");
    try (LibraryDrive library = SweepScenario.open(home, UnaryOperator.identity());
        CatalogStore store = SweepScenario.catalog(home)) {
      Clock clock = Clock.systemUTC();
      MediaPool pool = new MediaPool(store, SweepScenario.POOL, Availability.changer(SweepScenario.LIBRARY), clock,
          ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, library,
          SweepScenario.OPTIONS.withDriveBuffer(WriterOptions.DEFAULT_DRIVE_BUFFER), clock)) {
        writer.begin("capped", false);
        // a 24 MiB cartridge warns 1.5 MiB before its end (a sixteenth); the drive reports 1 MB
        // (log page 0Ch counts whole 10^6 bytes), and a 64 MiB buffer is more than the distance to
        // early warning: from the start the writer takes half of the zone
        assertEquals(500_000, writer.driveBuffer());
      }
      try (PoolWriter writer = new PoolWriter(store, pool(store), library, SweepScenario.OPTIONS.withDriveBuffer(0),
          Clock.systemUTC())) {
        writer.begin("unbuffered", false);
        assertEquals(0, writer.driveBuffer(), "0: no buffer");
      }
    }
  }

  /**
   * With no early warning injected: 64 MiB cartridges, whose own early warning is 2 MiB before the
   * end (the drive reports 2 MB), and an 8 MiB buffer. Far from early warning the writer uses all of
   * it; a buffer's length before, it shrinks to 1 MB, so the chunk archive, its index and the
   * catalog still fit in the zone and a 100 MiB stream ends each tape in time, committed whole.
   */
  @Test
  void aLargeBufferStillEndsASmallCartridgeInTime() throws Exception {
    Path home = Files.createDirectories(dir.resolve("own-early-warning"));
    String name = "OWNEW";
    Clock clock = Clock.systemUTC();
    try (LibraryDrive library = VirtualLibraryDrives.open(home, name, 64);
        CatalogStore store = SweepScenario.catalog(home)) {
      store.putPool(Pool.of(SweepScenario.POOL));
      for (String barcode : SweepScenario.TAPES.subList(0, 4)) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.of(SweepScenario.POOL),
            Optional.of(name), BlockHeader.DEFAULT_BLOCK, clock);
      }
      MediaPool pool = new MediaPool(store, SweepScenario.POOL, Availability.changer(name), clock, ZoneOffset.UTC);
      try (PoolWriter writer = new PoolWriter(store, pool, library, SweepScenario.OPTIONS.withDriveBuffer(BUFFER),
          clock)) {
        writer.begin("stream", false);
        assertEquals(BUFFER, writer.driveBuffer(), "far from early warning: the whole buffer");
        new TreeBackup(writer, VirtualLibraryDrives.SMALL_TAPE_CHUNKS, dir, clock)
            .stream("host1/stream", "data", randomBytes(100L << 20));
        writer.finish();
        assertEquals(2, writer.tapesUsed().size(), "the stream spans two tapes: " + writer.tapesUsed());
      }
      SweepScenario.assertCatalogMatchesTapes(store, library);
    }
  }

  /** {@code n} incompressible bytes drawn with the seed, made as they are read. */
  private static InputStream randomBytes(long n) {
    SplittableRandom random = new SplittableRandom(SEED);
    return new InputStream() {
      private long left = n;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        for (int i = 0; i < k; i++) {
          b[off + i] = (byte) random.nextInt(256);
        }
        left -= k;
        return k;
      }
    };
  }

  private static MediaPool pool(CatalogStore store) {
    return new MediaPool(store, SweepScenario.POOL, Availability.changer(SweepScenario.LIBRARY), Clock.systemUTC(),
        ZoneOffset.UTC);
  }

  /** Whether {@code thrown} or a cause of it says {@code message} (a pipeline stage passes it on by text). */
  private static boolean names(Throwable thrown, String message) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(message)) {
        return true;
      }
    }
    return false;
  }
}
