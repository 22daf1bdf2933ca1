package dev.tapekit.tools.tape;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tape daemon}: runs the backup jobs of {@code tape-job.toml} on their schedules, one at a time,
 * logging to stderr (the journal, under systemd: lib/systemd/tapekit-daemon.service).
 *
 * <p>Each cycle it reads the configuration again (edits apply without a restart) and the job history,
 * and computes each scheduled job's next run: its schedule's first event after its last run's start,
 * or, for a job that never ran, after the daemon started or first saw the job (as a systemd timer
 * without {@code Persistent=}: runs missed while the daemon was down are not made up, except that a
 * job whose last recorded run is older than its latest event runs once at start). Due jobs run at once,
 * the earliest first; otherwise it sleeps until the next one, at most {@link #STEP} at a time.
 *
 * <p>SIGTERM (and any JVM shutdown) stops it: a sleeping daemon stops at once; a running job is let
 * finish — a backup is not cut off mid-tape — and the daemon exits after it. The JVM's status after
 * SIGTERM is 143, which the unit file counts as a clean stop.
 *
 * <p>One daemon (or {@code --once}) at a time per state directory: a second one exits with {@link
 * dev.tapekit.tools.ExitCode#LOCKED}.
 */
@Command(name = "daemon", description = {"Runs the backup jobs on their schedules (tape backup-job list shows "
    + "the next runs), one at a time, until SIGTERM; logs to stderr.",
    "On SIGTERM a running job is finished first (TimeoutStopSec of the unit allows for it)."})
final class DaemonCommand extends TapeCommand {
  /** The longest sleep between two looks at the configuration. */
  static final Duration STEP = Duration.ofMinutes(1);

  @Option(names = "--once", description = "run the jobs that are due now (jobs never run count as due), then exit")
  boolean once;

  @Option(names = "--max-runs", paramLabel = "N", hidden = true, description = "exit after N job runs (tests)")
  Integer maxRuns;

  /** What the shutdown hook and the loop share. */
  private final Object lock = new Object();
  private boolean stopRequested;
  private boolean runningJob;

  @Override
  int run(Session s) throws Exception {
    try (FileChannel alone = exclusive(s)) {
      if (once) {
        runOnce(s);
      } else {
        runUntilStopped(s);
      }
    }
    return 0;
  }

  /**
   * The daemons' lock file in the state directory, held while this one runs (closing the channel lets
   * it go), so that two daemons, or a daemon and a {@code --once}, never run the same job twice.
   */
  private static FileChannel exclusive(Session s) throws IOException, ToolFailure {
    Path file = s.paths().locks().resolve("tape-daemon.lock");
    Files.createDirectories(file.getParent());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (ch.tryLock() != null) {
        return ch;
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // as good as held by another process
    }
    ch.close();
    throw new ToolFailure(ExitCode.LOCKED, List.of("another tape daemon runs the jobs of " + s.paths().home()
        + " (it holds " + file + ")", "wait for it to end, or stop it (systemctl stop tapekit-daemon)"), null);
  }

  private void runUntilStopped(Session s) throws ToolFailure {
    Thread loop = Thread.currentThread();
    CountDownLatch ended = new CountDownLatch(1);
    Thread hook = new Thread(() -> stopAndWait(loop, ended), "tape daemon stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      loop(s);
    } finally {
      ended.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns once the loop has ended, and the JVM exits
      }
    }
  }

  /**
   * The shutdown hook's work: stop the loop (interrupting a sleep, never a job) and wait for it to end
   * ({@code ended}; not for the thread, which may then block in {@code System.exit}).
   */
  private void stopAndWait(Thread loop, CountDownLatch ended) {
    synchronized (lock) {
      stopRequested = true;
      if (!runningJob) {
        loop.interrupt();
      }
    }
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean stopping() {
    synchronized (lock) {
      return stopRequested;
    }
  }

  private void loop(Session s) throws ToolFailure {
    Instant started = s.clock().instant();
    Map<String, Instant> firstSeen = new HashMap<>();
    int runs = 0;
    JobRuns.log(s, "tape daemon: started; jobs in " + s.paths().jobToml() + ", history in " + s.paths().jobHistory());
    Optional<String> lastPlan = Optional.empty();
    boolean firstCycle = true;
    while (!stopping()) {
      Instant now = s.clock().instant();
      Instant seenAt = firstCycle ? started : now; // a job that appears later was added while the daemon ran
      firstCycle = false;
      List<Due> plan;
      try {
        TapeConfig config = TapeConfig.load(s.paths());
        Map<String, JobHistory.Run> last = new JobHistory(s.paths().jobHistory()).last();
        plan = new ArrayList<>();
        for (TapeConfig.Job j : config.jobs().values()) {
          Instant seen = firstSeen.computeIfAbsent(j.id(), id -> seenAt);
          BackupJobCommands.nextRun(j, Optional.ofNullable(last.get(j.id())), seen, zone(s))
              .ifPresent(t -> plan.add(new Due(j, t)));
        }
        plan.sort(Comparator.comparing(Due::time).thenComparing(d -> d.job().id()));
      } catch (ToolFailure | IOException e) {
        JobRuns.log(s, "tape daemon: " + e.getMessage().replace('\n', ' ') + "; trying again in " + STEP.toSeconds() + " s");
        if (!sleep(s, STEP)) {
          break;
        }
        continue;
      }
      if (!plan.isEmpty() && !plan.get(0).time().isAfter(now)) {
        if (runJob(s, plan.get(0).job())) {
          runs++;
        }
        if (maxRuns != null && runs >= maxRuns) {
          break;
        }
        continue;
      }
      String next = plan.isEmpty() ? "no scheduled job"
          : "next: job " + plan.get(0).job().id() + " at " + BackupJobCommands.time(plan.get(0).time(), zone(s));
      if (!lastPlan.equals(Optional.of(next))) {
        JobRuns.log(s, "tape daemon: " + next);
        lastPlan = Optional.of(next);
      }
      Duration wait = plan.isEmpty() ? STEP : Duration.between(now, plan.get(0).time());
      if (!sleep(s, wait.compareTo(STEP) > 0 ? STEP : wait)) {
        break;
      }
    }
    JobRuns.log(s, "tape daemon: stopped after " + runs + (runs == 1 ? " job run" : " job runs"));
  }

  /** The jobs due now, for {@code --once}: next run after the last one not later than now, or never run. */
  private void runOnce(Session s) throws Exception {
    Instant now = s.clock().instant();
    Map<String, JobHistory.Run> last = new JobHistory(s.paths().jobHistory()).last();
    for (TapeConfig.Job j : s.config().jobs().values()) {
      if (j.schedule().isEmpty()) {
        continue;
      }
      Optional<JobHistory.Run> l = Optional.ofNullable(last.get(j.id()));
      boolean due = l.isEmpty() || BackupJobCommands.nextRun(j, l, now, zone(s)).filter(t -> !t.isAfter(now)).isPresent();
      if (due) {
        runJob(s, j);
      }
    }
  }

  /**
   * Runs {@code job} in a session of its own (its drive and lock released after it), logging how it
   * went; false when it did not start because the daemon is stopping.
   */
  private boolean runJob(Session daemon, TapeConfig.Job job) {
    synchronized (lock) {
      if (stopRequested) {
        return false;
      }
      runningJob = true;
    }
    try (Session s = new Session(daemon.environment(), daemon.out(), daemon.err(), daemon.format(), daemon.quiet());
        ProgressDisplay progress = s.progressDisplay()) {
      JobRuns.log(s, "job " + job.id() + " started");
      JobRuns.Outcome o = JobRuns.run(s, job, progress);
      if (o.result().isPresent()) {
        Backups.Result r = o.result().get();
        JobRuns.log(s, "job " + job.id() + " finished: media set " + r.mediaSetName() + " (" + r.mediaSet() + "), "
            + Units.bytes(r.bytes()) + ", tapes written: " + (r.tapes().isEmpty() ? "none" : String.join(", ", r.tapes())));
      } else {
        JobRuns.log(s, "job " + job.id() + " failed: " + o.run().error().orElse("")
            + (o.tapeNeeded() ? " (tape needed)" : ""));
      }
    } catch (IOException e) {
      JobRuns.log(daemon, "job " + job.id() + ": closing its devices failed: " + e.getMessage());
    } catch (RuntimeException e) { // a bug: the daemon goes on with the other jobs
      JobRuns.log(daemon, "job " + job.id() + " failed: internal error: " + e);
    } finally {
      synchronized (lock) {
        runningJob = false;
      }
    }
    return true;
  }

  /** Sleeps {@code d} through the environment's sleeper; false when stopped (interrupted) meanwhile. */
  private boolean sleep(Session s, Duration d) {
    try {
      if (!d.isNegative() && !d.isZero()) {
        s.environment().sleeper().sleep(d);
      }
      return !stopping();
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static ZoneId zone(Session s) {
    return s.clock().getZone();
  }

  private record Due(TapeConfig.Job job, Instant time) {}
}
