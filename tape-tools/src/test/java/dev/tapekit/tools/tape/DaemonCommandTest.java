package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.Sleeper;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape daemon}: jobs run at their simulated times on the embedded L700, {@code --once}, SIGTERM. */
@ExtendWith(VtlHomeExtension.class)
class DaemonCommandTest {
  static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  /** A clock that stands still until the test's sleeper moves it on by what it was asked to sleep. */
  static final class SimulatedClock extends Clock implements Sleeper {
    private volatile Instant now;
    private final List<Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Runnable onSleep = () -> {};

    SimulatedClock(Instant start) {
      now = start;
    }

    @Override
    public void sleep(Duration d) {
      sleeps.add(d);
      now = now.plus(d);
      onSleep.run();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A home under {@code clock} with the embedded L700 and pool daily. */
  private static TapeHome libraryAndPool(SimulatedClock clock) throws Exception {
    TapeHome t = new TapeHome(clock, clock);
    BackupCommandTest.library(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    return t;
  }

  @Test
  void runsEachJobWhenItIsDueAndLogsIt() throws Exception {
    SimulatedClock clock = new SimulatedClock(START);
    TapeHome t = libraryAndPool(clock);
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("backup-job", "create", "nightly", "--source", etc.toString(), "--pool", "daily",
        "--schedule", "10:01").exit());
    assertEquals(0, t.tape("backup-job", "create", "broken", "--source", "/nonexistent/dir", "--pool", "daily",
        "--schedule", "*:0/5").exit());
    assertEquals(0, t.tape("backup-job", "create", "manual", "--source", etc.toString(), "--pool", "daily").exit());

    ToolHarness.Result r = t.tape("daemon", "--max-runs", "2", "-q");
    assertEquals(0, r.exit(), r.err());
    assertEquals(START.plusSeconds(300), clock.instant(), "the second job is due at 10:05: " + clock.sleeps);
    assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1),
        Duration.ofMinutes(1)), clock.sleeps, "sleeps of at most a minute, to the due time");
    List<JobHistory.Run> runs = new JobHistory(t.environment.paths().jobHistory()).read();
    assertEquals(2, runs.size(), runs.toString());
    assertEquals("nightly", runs.get(0).job());
    assertEquals(START.plusSeconds(60), runs.get(0).start(), "due a minute after the daemon started");
    assertTrue(runs.get(0).ok(), runs.toString());
    assertEquals("broken", runs.get(1).job());
    assertEquals(START.plusSeconds(300), runs.get(1).start());
    String set = runs.get(0).mediaSet().orElseThrow();
    t.harness.mask(set, "$SET_UUID");
    t.tape("backup-job", "list");
    t.harness.assertGolden("tape-daemon");
    assertTrue(r.err().contains("job nightly finished: media set Mon Jan  5 10:01:00 2026 (" + set + "), "),
        r.err());
  }

  @Test
  void aBadConfigurationIsLoggedAndItsFixTakenUpWithoutARestart() throws Exception {
    SimulatedClock clock = new SimulatedClock(START);
    TapeHome t = libraryAndPool(clock);
    Path etc = BackupCommandTest.tree(t);
    Path jobs = t.config.resolve("tape-job.toml");
    String job = "[job.j1]\nsource = [\"" + etc + "\"]\npool = \"daily\"\nschedule = ";
    Files.writeString(jobs, job + "\"nightly\"\n");
    clock.onSleep = () -> {
      try {
        Files.writeString(jobs, job + "\"10:03\"\n"); // the operator's fix, while the daemon sleeps
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    ToolHarness.Result r = t.tape("daemon", "--max-runs", "1", "-q");
    assertEquals(0, r.exit(), r.err());
    List<String> log = r.err().lines().toList();
    assertTrue(log.get(1).startsWith("tape daemon: " + jobs + ": [job.j1] schedule is not a calendar event ("), log.get(1));
    assertTrue(log.get(1).endsWith("; trying again in 60 s"), log.get(1));
    assertEquals("tape daemon: next: job j1 at 2026-01-05 10:03:00", log.get(2));
    assertEquals("job j1 started", log.get(3));
    List<JobHistory.Run> runs = new JobHistory(t.environment.paths().jobHistory()).read();
    assertEquals(1, runs.size());
    assertEquals(START.plusSeconds(180), runs.get(0).start());
  }

  @Test
  void onceRunsWhatIsDueNowAndExits() throws Exception {
    SimulatedClock clock = new SimulatedClock(START);
    TapeHome t = libraryAndPool(clock);
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("backup-job", "create", "nightly", "--source", etc.toString(), "--pool", "daily",
        "--schedule", "02:00").exit());
    ToolHarness.Result r = t.tape("daemon", "--once", "-q");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("job nightly started\njob nightly finished: "), "never run: due. " + r.err());
    r = t.tape("daemon", "--once", "-q");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err(), "ran at 10:00, next at 02:00 tomorrow");
    clock.sleep(Duration.ofHours(16));
    r = t.tape("daemon", "--once", "-q");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("job nightly started\n"), "02:00 has come: " + r.err());
    assertEquals(2, new JobHistory(t.environment.paths().jobHistory()).read().size());
    assertTrue(clock.sleeps.size() == 1, "--once does not sleep: " + clock.sleeps);
  }

  /** The real thing: a JVM running tape daemon, stopped by SIGTERM while it sleeps, exits at once with 143. */
  @Test
  void stopsOnSigterm() throws Exception {
    TapeHome t = new TapeHome();
    try (Daemon d = new Daemon(t)) {
      assertTrue(d.line().startsWith("tape daemon: started"));
      assertEquals("tape daemon: no scheduled job", d.line());
      ToolHarness.Result second = t.tape("daemon", "--once");
      assertEquals(ExitCode.LOCKED.code(), second.exit(), second.err());
      assertEquals("another tape daemon runs the jobs of " + t.home + " (it holds " + t.home.resolve("locks/tape-daemon.lock")
          + ")\nwait for it to end, or stop it (systemctl stop tapekit-daemon)\n", second.err());
      long before = System.nanoTime();
      d.sigterm();
      assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10), "the sleep was cut short");
      assertEquals("tape daemon: stopped after 0 job runs", d.line());
    }
  }

  /** SIGTERM while a job runs: the job is let finish (its slow notify command too), then the daemon exits. */
  @Test
  void sigtermLetsTheRunningJobFinish() throws Exception {
    TapeHome t = new TapeHome();
    BackupCommandTest.library(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    Path done = t.home.resolve("notified");
    // a job that fails at once (no such source) and then spends two seconds telling about it
    assertEquals(0, t.tape("backup-job", "create", "slow", "--source", "/nonexistent/dir", "--pool", "daily",
        "--schedule", "*:*:0/2", "--notify-command", "sleep 2; cat > '" + done + "'").exit());
    try (Daemon d = new Daemon(t)) {
      assertTrue(d.line().startsWith("tape daemon: started"));
      String next = d.line();
      assertTrue(next.startsWith("tape daemon: next: job slow at ") || next.equals("job slow started"), next);
      if (!next.equals("job slow started")) {
        assertEquals("job slow started", d.line());
      }
      d.sigterm();
      assertTrue(d.line().startsWith("job slow failed: source /nonexistent/dir is not a directory"));
      assertEquals("tape daemon: stopped after 1 job run", d.line());
      assertTrue(Files.readString(done).startsWith("{\"event\":\"job-failed\",\"job\":\"slow\""),
          "the notify command was not cut off");
    }
  }

  /** {@code tape daemon} in a JVM of its own, in {@code t}'s directories, and its log lines. */
  private static final class Daemon implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    Daemon(TapeHome t) throws java.io.IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Tape.class.getName(), "daemon");
      pb.environment().putAll(t.environment.env());
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      process = pb.start();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            all.add(line);
            if (line.startsWith("tape daemon") || line.startsWith("job ")) { // not what the JVM may say
              lines.add(line);
            }
          }
        } catch (java.io.IOException ignored) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /** The daemon's next log line. */
    String line() throws InterruptedException {
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no line from tape daemon within 60 s; stderr: " + all);
      }
      return line;
    }

    /** Sends SIGTERM and waits for the exit, which must be the JVM's after SIGTERM. */
    void sigterm() throws InterruptedException {
      process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its stderr)
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGTERM; stderr: " + all);
      assertEquals(143, process.exitValue(), "stderr: " + all);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
