package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.vtl.FaultPlan;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup job hit by faults at sampled points of its I/O, and killed at its commit points; after
 * each, the catalog records only what the tapes hold, every snapshot it lists restores, and the next
 * job runs. Every point starts from the same state: a library of small tapes (early warning every
 * 4 MiB, so the job spans tapes) holding one earlier backup.
 *
 * <ul>
 *   <li>transient: the {@code k}-th SCSI command of the job times out in the transport (the virtual
 *       drive's {@link FaultPlan}); a command that may have moved the tape is not retried, so the job
 *       may fail;
 *   <li>persistent: from the {@code k}-th drive call on, every call fails (the drive is gone);
 *   <li>killed: the job's process halts right before, or right after, each tape sync.
 * </ul>
 *
 * Points are sampled with the seed ({@code -Dtests.seed}); a failure names the point.
 */
class BackupFaultSweepTest {
  private static final long SEED = Long.getLong("tests.seed", 20261205L);
  private static final int POINTS = Integer.getInteger("tapekit.sweep.points", 5);

  @TempDir
  Path dir;

  private SweepScenario.Fixture fixture;

  @BeforeEach
  void template() throws Exception {
    fixture = SweepScenario.Fixture.create(dir);
  }

  /** The job after the fault runs, and then the catalog, the tapes and the snapshots agree. */
  private void assertRecovers(Path home, String point) {
    fixture.assertRecovers(home, point, SEED);
  }

  /** {@code count} points in 1..{@code n}, the first and last among them, the rest drawn with the seed. */
  private static List<Long> sample(long n, int count) {
    TreeSet<Long> points = new TreeSet<>(List.of(1L, n));
    SplittableRandom random = new SplittableRandom(SEED);
    while (points.size() < Math.min(count, n)) {
      points.add(1 + random.nextLong(n));
    }
    return new ArrayList<>(points);
  }

  private static FaultPlan faults(Path home) throws Exception {
    return dev.tapekit.backup.media.VirtualLibraryDrives.withLibrary(home, SweepScenario.LIBRARY,
        lib -> lib.drive(0).faults());
  }

  @Test
  void aCommandTimingOutAnywhereLosesNothing() throws Exception {
    long commands;
    Path counted = fixture.point("counted");
    try (LibraryDrive library = SweepScenario.open(counted, UnaryOperator.identity());
        CatalogStore store = SweepScenario.catalog(counted)) {
      long before = faults(counted).commandCount();
      SweepScenario.backup(store, library, fixture.tree2(), dir);
      commands = faults(counted).commandCount() - before;
    }
    assertTrue(commands > 50, commands + " commands");
    int failed = 0;
    for (long k : sample(commands, POINTS)) {
      Path home = fixture.point("timeout-" + k);
      try (LibraryDrive library = SweepScenario.open(home, UnaryOperator.identity());
          CatalogStore store = SweepScenario.catalog(home)) {
        FaultPlan plan = faults(home);
        plan.timeoutOnCommand(plan.commandCount() + k);
        SweepScenario.backup(store, library, fixture.tree2(), dir);
      } catch (IOException e) {
        failed++;
      }
      assertRecovers(home, "timeout at command " + k + " of " + commands);
    }
    assertTrue(failed > 0, "some timed-out command failed the job");
  }

  @Test
  void aDriveThatGoesAwayAnywhereLosesNothing() throws Exception {
    AtomicLong calls = new AtomicLong();
    Path counted = fixture.point("counted");
    try (LibraryDrive library = SweepScenario.open(counted, d -> failingFrom(d, calls, Long.MAX_VALUE));
        CatalogStore store = SweepScenario.catalog(counted)) {
      calls.set(0);
      SweepScenario.backup(store, library, fixture.tree2(), dir);
    }
    long total = calls.get();
    for (long k : sample(total, POINTS)) {
      Path home = fixture.point("gone-" + k);
      AtomicLong n = new AtomicLong();
      try (LibraryDrive library = SweepScenario.open(home, d -> failingFrom(d, n, k));
          CatalogStore store = SweepScenario.catalog(home)) {
        n.set(0);
        SweepScenario.backup(store, library, fixture.tree2(), dir);
      } catch (IOException e) {
        // expected: the drive is gone
      }
      assertRecovers(home, "drive gone from call " + k + " of " + total);
    }
  }

  /** A drive whose every call from the {@code from}-th on fails, counting calls in {@code calls}. */
  private static TapeDrive failingFrom(TapeDrive drive, AtomicLong calls, long from) {
    return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("close") && !method.getName().equals("deviceName")
              && calls.incrementAndGet() >= from) {
            throw new IOException(drive.deviceName() + ": the drive is gone (injected at call " + from + ")");
          }
          try {
            return method.invoke(drive, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aJobKilledAtACommitPointLosesNothing() throws Exception {
    AtomicLong syncs = new AtomicLong();
    Path counted = fixture.point("counted");
    try (LibraryDrive library = SweepScenario.open(counted, d -> countingSyncs(d, syncs));
        CatalogStore store = SweepScenario.catalog(counted)) {
      syncs.set(0);
      SweepScenario.backup(store, library, fixture.tree2(), dir);
    }
    assertTrue(syncs.get() >= 3, syncs + " tape syncs: the job commits more than once");
    // points 1..2S: sync (p+1)/2, before it for odd p, after it for even p
    for (long p : sample(2 * syncs.get(), POINTS)) {
      long n = (p + 1) / 2;
      String when = p % 2 == 1 ? "before" : "after";
      Path home = fixture.point("kill-" + when + "-" + n);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          BackupCrashChild.class.getName(), home.toString(), fixture.tree2().toString(), dir.toString(), when,
          Long.toString(n)).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the job process ends");
      assertEquals(137, process.exitValue(), "the job is killed " + when + " tape sync " + n + " of " + syncs + ": "
          + out);
      assertRecovers(home, "killed " + when + " tape sync " + n + " of " + syncs);
    }
  }

  /** A drive that counts its tape syncs (WRITE FILEMARKS 0) in {@code syncs}. */
  private static TapeDrive countingSyncs(TapeDrive drive, AtomicLong syncs) {
    return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
        (proxy, method, args) -> {
          if (method.getName().equals("writeFilemarks") && (Integer) args[0] == 0) {
            syncs.incrementAndGet();
          }
          try {
            return method.invoke(drive, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
