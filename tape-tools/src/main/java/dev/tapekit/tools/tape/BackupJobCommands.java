package dev.tapekit.tools.tape;

import dev.tapekit.catalog.time.CalendarEvent;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tape backup-job}: backups kept in {@code tape-job.toml}, run now ({@code run}) or on their
 * schedule by {@code tape daemon} (PBS: {@code proxmox-tape backup-job}). Every run is recorded in
 * the job history ({@link JobHistory}), from which {@code list} shows the last run and the next.
 */
@Command(name = "backup-job", description = "Backup jobs: what to back up to which pool, and when (run by tape daemon).",
    subcommands = {BackupJobCommands.Create.class, BackupJobCommands.Update.class, BackupJobCommands.ListJobs.class,
        BackupJobCommands.Show.class, BackupJobCommands.Run.class, BackupJobCommands.Remove.class})
final class BackupJobCommands {
  private BackupJobCommands() {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** The members of {@link #json} that are times (epoch seconds, as PBS gives them). */
  private static final Set<String> TIMES = Set.of("next-run", "last-run-starttime", "last-run-endtime");

  /** The options create and update share; null: not given. */
  static final class Settings {
    @Option(names = "--source", paramLabel = "DIR", description = "a directory to back up (repeat for more)")
    List<String> sources;

    @Option(names = "--pool", paramLabel = "POOL")
    String pool;

    @Option(names = "--drive", paramLabel = "DRIVE", description = "default: the pool's drive, the only drive; '' clears it")
    String drive;

    @Option(names = "--schedule", paramLabel = "EVENT",
        description = "when tape daemon runs the job: a calendar event (daily, 'mon..fri 02:00'); '' for none")
    String schedule;

    @Option(names = "--exclude", paramLabel = "GLOB", description = "leave out paths matching GLOB (repeat for more)")
    List<String> exclude;

    @Option(names = "--one-file-system", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "stay on each source's file system")
    Boolean oneFileSystem;

    @Option(names = "--eject-media", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "eject the tape when done")
    Boolean ejectMedia;

    @Option(names = "--export-media-set", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "move the media set's tapes to the import/export slots when done")
    Boolean exportMediaSet;

    @Option(names = "--notify-command", paramLabel = "CMD",
        description = "run through /bin/sh -c with a JSON event on standard input when the job finishes or fails, "
            + "or needs a tape; '' for none")
    String notifyCommand;

    @Option(names = "--comment", paramLabel = "TEXT")
    String comment;

    TapeConfig.Job apply(Session s, TapeConfig.Job j) throws ToolFailure {
      String p = pool == null ? j.pool() : pool;
      PoolCommands.existing(s, p);
      Optional<String> d = drive == null ? j.drive() : Optional.of(drive).filter(x -> !x.isEmpty());
      if (d.isPresent() && !s.config().drives().containsKey(d.get())) {
        throw new ToolFailure(ExitCode.NOT_FOUND, "no drive '" + d.get() + "' in " + s.paths().tapeToml()
            + " (tape drive list)");
      }
      Optional<String> sched = schedule == null ? j.schedule() : Optional.of(schedule).filter(x -> !x.isEmpty());
      if (sched.isPresent()) {
        PoolCommands.checkEvent(sched.get());
      }
      List<String> src = sources == null ? j.sources() : sources;
      if (src.isEmpty()) {
        throw new ToolFailure(ExitCode.USAGE, "what does job " + j.id() + " back up? give --source DIR (repeat for more)");
      }
      for (String dir : src) {
        if (!dir.startsWith("/")) {
          throw new ToolFailure(ExitCode.USAGE, "--source " + dir + ": give an absolute path (the daemon runs in /)");
        }
      }
      return new TapeConfig.Job(j.id(), src, p, d, sched, exclude == null ? j.exclude() : exclude,
          oneFileSystem == null ? j.oneFileSystem() : oneFileSystem,
          ejectMedia == null ? j.ejectMedia() : ejectMedia,
          exportMediaSet == null ? j.exportMediaSet() : exportMediaSet,
          notifyCommand == null ? j.notifyCommand() : Optional.of(notifyCommand).filter(x -> !x.isEmpty()),
          comment == null ? j.comment() : comment);
    }
  }

  static TapeConfig.Job existing(Session s, String id) throws ToolFailure {
    return TapeConfig.named("backup job", id, s.config().jobs(), s.paths().jobToml(),
        "tape backup-job create ID --source DIR --pool P");
  }

  /**
   * When {@code job} runs next: its schedule's first event after its last run's start, or after {@code
   * notBefore} when it never ran; empty without a schedule.
   */
  static Optional<Instant> nextRun(TapeConfig.Job job, Optional<JobHistory.Run> last, Instant notBefore, ZoneId zone) {
    return job.schedule().flatMap(e -> CalendarEvent.parse(e).next(last.map(JobHistory.Run::start).orElse(notBefore),
        zone));
  }

  static String time(Instant t, ZoneId zone) {
    return TIME.format(t.atZone(zone));
  }

  static Map<String, Object> json(TapeConfig.Job j, Optional<JobHistory.Run> last, Optional<Instant> next) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("source", j.sources());
    m.put("pool", j.pool());
    j.drive().ifPresent(d -> m.put("drive", d));
    j.schedule().ifPresent(e -> m.put("schedule", e));
    if (!j.exclude().isEmpty()) {
      m.put("exclude", j.exclude());
    }
    m.put("one-file-system", j.oneFileSystem());
    m.put("eject-media", j.ejectMedia());
    m.put("export-media-set", j.exportMediaSet());
    j.notifyCommand().ifPresent(c -> m.put("notify-command", c));
    if (!j.comment().isEmpty()) {
      m.put("comment", j.comment());
    }
    next.ifPresent(t -> m.put("next-run", t.getEpochSecond()));
    last.ifPresent(r -> {
      m.put("last-run-starttime", r.start().getEpochSecond());
      m.put("last-run-endtime", r.end().getEpochSecond());
      m.put("last-run-state", r.state());
      r.error().ifPresent(e -> m.put("last-run-error", e));
      r.mediaSet().ifPresent(u -> m.put("last-run-media-set-uuid", u));
    });
    return m;
  }

  @Command(name = "create", description = "Creates a backup job.")
  static final class Create extends TapeCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Mixin
    Settings settings = new Settings();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.checkName("backup job", id);
      if (s.config().jobs().containsKey(id)) {
        throw new ToolFailure(ExitCode.REFUSED, "backup job '" + id + "' exists already (tape backup-job update " + id + ")");
      }
      if (settings.pool == null) {
        throw new ToolFailure(ExitCode.USAGE, "which pool does job " + id + " write to? give --pool POOL (tape pool list)");
      }
      TapeConfig.Job j = settings.apply(s, new TapeConfig.Job(id, List.of(), settings.pool, Optional.empty(),
          Optional.empty(), List.of(), false, false, false, Optional.empty(), ""));
      s.config().jobs().put(id, j);
      s.config().saveJobs();
      return 0;
    }
  }

  @Command(name = "update", description = "Changes a backup job (an empty value clears --drive, --schedule and "
      + "--notify-command; --source and --exclude replace the lists).")
  static final class Update extends TapeCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Mixin
    Settings settings = new Settings();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Job j = settings.apply(s, existing(s, id));
      s.config().jobs().put(id, j);
      s.config().saveJobs();
      return 0;
    }
  }

  @Command(name = "list", description = "Lists the backup jobs, with their last and next runs.")
  static final class ListJobs extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      Map<String, JobHistory.Run> last = new JobHistory(s.paths().jobHistory()).last();
      ZoneId zone = s.clock().getZone();
      Instant now = s.clock().instant();
      List<Object> all = new ArrayList<>();
      Table t = new Table("id", "pool", "drive", "schedule", "next-run", "last-run", "last-state");
      for (TapeConfig.Job j : s.config().jobs().values()) {
        Optional<JobHistory.Run> l = Optional.ofNullable(last.get(j.id()));
        Optional<Instant> next = nextRun(j, l, now, zone);
        all.add(json(j, l, next));
        t.row(j.id(), j.pool(), j.drive().orElse(""), j.schedule().orElse(""), next.map(x -> time(x, zone)).orElse(""),
            l.map(r -> time(r.start(), zone)).orElse(""), l.map(JobHistory.Run::state).orElse(""));
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "show", description = "Shows a backup job's settings and its last run.")
  static final class Show extends TapeCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Job j = existing(s, id);
      Optional<JobHistory.Run> last = Optional.ofNullable(new JobHistory(s.paths().jobHistory()).last().get(id));
      ZoneId zone = s.clock().getZone();
      Optional<Instant> next = nextRun(j, last, s.clock().instant(), zone);
      Map<String, Object> m = json(j, last, next);
      Table t = new Table("Name", "Value");
      m.forEach((k, v) -> t.row(k, v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
          : TIMES.contains(k) ? time(Instant.ofEpochSecond((Long) v), zone) : v));
      s.print(() -> m, t::render);
      return 0;
    }
  }

  @Command(name = "run", description = {"Runs a backup job now, in the foreground, and records the run in the job history.",
      "Exit status 15 when no usable tape could be had (the notify command is told: tape-needed)."})
  static final class Run extends TapeCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Job j = existing(s, id);
      JobRuns.Outcome o;
      try (ProgressDisplay progress = s.progressDisplay()) {
        o = JobRuns.run(s, j, progress);
      }
      if (o.failure().isPresent()) {
        Exception e = o.failure().get();
        if (o.tapeNeeded() && !(e instanceof ToolFailure)) {
          throw new ToolFailure(ExitCode.TAPE_NEEDED, List.of("job " + id + ": " + JobRuns.message(e),
              "then run it again: tape backup-job run " + id), e);
        }
        throw e;
      }
      Backups.Result r = o.result().orElseThrow();
      s.print(r::json, r::text);
      return 0;
    }
  }

  @Command(name = "remove", description = "Removes a backup job (its history stays).")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(Session s) throws Exception {
      existing(s, id);
      s.config().jobs().remove(id);
      s.config().saveJobs();
      return 0;
    }
  }
}
