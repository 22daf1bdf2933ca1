package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.Progress;
import dev.tapekit.backup.media.MediaException;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Json;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of a backup job, as {@code tape backup-job run} and {@code tape daemon} do it: the job's
 * backup through {@link Backups#run} (the one backup path), the run appended to the {@link
 * JobHistory}, and the job's notify command told how it went.
 *
 * <p>The notify command runs through {@code /bin/sh -c} with one JSON object on its standard input:
 * {@code {"event":"job-finished","job":ID,"time":ISO,"media-set-uuid":U,"media-set-name":N,"tapes":[…]}},
 * {@code {"event":"job-failed","job":ID,"time":ISO,"error":MESSAGE}}, and before the latter, when the
 * job failed for want of a usable tape, {@code {"event":"tape-needed","job":ID,"pool":P,"time":ISO,
 * "error":MESSAGE}}. A notify command that fails or takes longer than {@link #NOTIFY_TIMEOUT_SECONDS}
 * is reported on stderr; it never fails the job.
 */
final class JobRuns {
  static final long NOTIFY_TIMEOUT_SECONDS = 60;

  private JobRuns() {}

  /** How a run went: the backup's result, or why it failed. */
  record Outcome(JobHistory.Run run, Optional<Backups.Result> result, Optional<Exception> failure) {
    boolean tapeNeeded() {
      return failure.isPresent() && JobRuns.tapeNeeded(failure.get());
    }
  }

  /** The lock-holder name of job {@code id}'s runs. */
  static String lockName(String id) {
    return "backup-job " + id;
  }

  static Backups.Request request(TapeConfig.Job job) {
    return new Backups.Request(lockName(job.id()), job.sources(), Optional.empty(), job.pool(), job.drive(),
        Optional.empty(), job.exclude(), job.oneFileSystem(), job.ejectMedia(), job.exportMediaSet(),
        dev.tapekit.backup.write.WriterOptions.DEFAULT.lockTimeout());
  }

  /** Runs {@code job} in session {@code s}, records the run and notifies; never throws for the job's failure. */
  static Outcome run(Session s, TapeConfig.Job job, Progress.Listener progress) {
    Instant start = s.clock().instant();
    Optional<Backups.Result> result = Optional.empty();
    Optional<Exception> failure = Optional.empty();
    try {
      result = Optional.of(Backups.run(s, request(job), progress));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = Optional.of(e);
    }
    Instant end = s.clock().instant();
    JobHistory.Run run = new JobHistory.Run(job.id(), start, end, result.isPresent(),
        result.map(r -> r.mediaSet().toString()), failure.map(JobRuns::message));
    try {
      new JobHistory(s.paths().jobHistory()).append(run);
    } catch (IOException e) {
      log(s, "job " + job.id() + ": the run could not be recorded in " + s.paths().jobHistory() + ": " + e.getMessage());
    }
    Outcome outcome = new Outcome(run, result, failure);
    if (job.notifyCommand().isPresent()) {
      for (Map<String, Object> event : events(job, outcome, end)) {
        notify(s, job, event);
      }
    }
    return outcome;
  }

  /** The events {@code outcome} is told as. */
  static List<Map<String, Object>> events(TapeConfig.Job job, Outcome outcome, Instant time) {
    if (outcome.result().isPresent()) {
      Backups.Result r = outcome.result().get();
      Map<String, Object> m = event("job-finished", job, time);
      m.put("media-set-uuid", r.mediaSet().toString());
      m.put("media-set-name", r.mediaSetName());
      m.put("tapes", r.tapes());
      return List.of(m);
    }
    Map<String, Object> failed = event("job-failed", job, time);
    failed.put("error", outcome.run().error().orElse(""));
    if (!outcome.tapeNeeded()) {
      return List.of(failed);
    }
    Map<String, Object> needed = event("tape-needed", job, time);
    needed.put("pool", job.pool());
    needed.put("error", outcome.run().error().orElse(""));
    return List.of(needed, failed);
  }

  private static Map<String, Object> event(String name, TapeConfig.Job job, Instant time) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", name);
    m.put("job", job.id());
    m.put("time", time.toString());
    return m;
  }

  /**
   * Whether {@code e} says no usable tape could be had: none writable in the pool and in reach, the
   * wanted tape not in the library, or nobody inserting it into a standalone drive in time.
   */
  static boolean tapeNeeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ToolFailure f && f.exitCode() == ExitCode.TAPE_NEEDED
          || t instanceof CatalogException.NotFound || t instanceof MediaException.NotInLibrary
          || t instanceof MediaException.OperatorTimeout) {
        return true;
      }
    }
    return false;
  }

  /** {@code e} in one line, for the history and the log. */
  static String message(Exception e) {
    String m = e instanceof ToolFailure f ? String.join("; ", f.lines())
        : e instanceof RuntimeException || e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replace('\n', ' ');
  }

  /** Runs the job's notify command with {@code event} on its standard input. */
  private static void notify(Session s, TapeConfig.Job job, Map<String, Object> event) {
    String command = job.notifyCommand().orElseThrow();
    Path output = null;
    try {
      Files.createDirectories(s.paths().scratch());
      output = Files.createTempFile(s.paths().scratch(), "notify-", ".out");
      Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write((Json.write(event, false) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException closedEarly) {
        // a command that does not read its input is told nothing more; its exit status still counts
      }
      if (!p.waitFor(NOTIFY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        log(s, "job " + job.id() + ": notify command '" + command + "' took longer than " + NOTIFY_TIMEOUT_SECONDS
            + " s and was killed (" + event.get("event") + ")");
      } else if (p.exitValue() != 0) {
        String said = Files.readString(output, StandardCharsets.UTF_8).strip();
        log(s, "job " + job.id() + ": notify command '" + command + "' failed with exit status " + p.exitValue()
            + " (" + event.get("event") + ")" + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")));
      }
    } catch (IOException e) {
      log(s, "job " + job.id() + ": notify command '" + command + "' could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log(s, "job " + job.id() + ": notify command '" + command + "' interrupted");
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover file in the scratch directory
        }
      }
    }
  }

  /** A line on stderr, also with {@code --quiet}: the daemon's log. */
  static void log(Session s, String line) {
    s.err().println(line);
    s.err().flush();
  }
}
