package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape backup-job}: golden transcripts, runs on the embedded L700, history, notify commands, bad input. */
@ExtendWith(VtlHomeExtension.class)
class BackupJobCommandsTest {
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void createListShowRunUpdateRemove() throws Exception {
    TapeHome t = new TapeHome(Clock.fixed(NOW, ZoneOffset.UTC));
    BackupCommandTest.library(t);
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    // nightly's sources need not exist until it runs; fixed paths keep the text tables' widths fixed
    ToolHarness.Result r = t.tape("backup-job", "create", "nightly", "--source", "/srv/data", "--source", "/home",
        "--pool", "daily", "--schedule", "02:00", "--exclude", "*.tmp", "--comment", "every night");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, t.tape("backup-job", "create", "adhoc", "--source", etc.toString(), "--pool", "daily",
        "--drive", "lto0", "--eject-media").exit());
    t.tape("backup-job", "list");
    t.tape("backup-job", "list", "--output-format", "json");
    t.tape("backup-job", "show", "nightly");

    // the backup's own output (host names, timings) is tape backup's, tested there: kept out of the transcript
    r = new ToolHarness().tapeEnvironment(t.environment).tape("backup-job", "run", "adhoc", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"tapes\":[\"E01001L8\"]"), r.out());
    List<JobHistory.Run> runs = new JobHistory(t.environment.paths().jobHistory()).read();
    assertEquals(1, runs.size());
    JobHistory.Run run = runs.get(0);
    assertEquals("adhoc", run.job());
    assertTrue(run.ok());
    assertEquals(NOW, run.start());
    assertTrue(r.out().contains("\"media-set-uuid\":\"" + run.mediaSet().orElseThrow() + "\""), r.out());
    t.harness.mask(run.mediaSet().get(), "$SET_UUID");

    t.tape("backup-job", "list");
    t.tape("backup-job", "show", "adhoc", "--output-format", "json-pretty");
    r = t.tape("backup-job", "update", "nightly", "--schedule", "", "--drive", "lto0", "--notify-command",
        "logger -t tape", "--one-file-system", "--exclude", "*.o", "--exclude", "*.a");
    assertEquals(0, r.exit(), r.err());
    t.tape("backup-job", "show", "nightly");
    t.harness.note("tape-job.toml:\n" + Files.readString(t.config.resolve("tape-job.toml")));
    assertEquals(0, t.tape("backup-job", "update", "nightly", "--notify-command", "", "--one-file-system=false",
        "--schedule", "mon..fri 22:30").exit());
    assertEquals(0, t.tape("backup-job", "remove", "adhoc").exit());
    t.tape("backup-job", "list");
    t.harness.assertGolden("tape-backup-job");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome(Clock.fixed(NOW, ZoneOffset.UTC));
    BackupCommandTest.library(t);
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    String src = etc.toString();
    expect(t, ExitCode.NOT_FOUND, "backup-job", "show", "nope");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "run", "nope");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "remove", "nope");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "update", "nope", "--pool", "daily");
    expect(t, ExitCode.USAGE, "backup-job", "create", "x", "--source", src, "--pool", "daily");
    expect(t, ExitCode.USAGE, "backup-job", "create", "j1", "--pool", "daily");
    expect(t, ExitCode.USAGE, "backup-job", "create", "j1", "--source", src);
    expect(t, ExitCode.USAGE, "backup-job", "create", "j1", "--source", "relative/dir", "--pool", "daily");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "create", "j1", "--source", src, "--pool", "nopool");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "create", "j1", "--source", src, "--pool", "daily", "--drive", "nodrive");
    expect(t, ExitCode.USAGE, "backup-job", "create", "j1", "--source", src, "--pool", "daily", "--schedule", "someday");
    expect(t, ExitCode.OK, "backup-job", "create", "j1", "--source", src, "--pool", "daily");
    expect(t, ExitCode.REFUSED, "backup-job", "create", "j1", "--source", src, "--pool", "daily");
    expect(t, ExitCode.USAGE, "backup-job", "update", "j1", "--schedule", "mon..fri 25:00");
    expect(t, ExitCode.REFUSED, "pool", "remove", "daily");
    expect(t, ExitCode.OK, "backup-job", "create", "gone", "--source", "/nonexistent/dir", "--pool", "daily");
    expect(t, ExitCode.NOT_FOUND, "backup-job", "run", "gone");
    Files.writeString(t.config.resolve("tape-job.toml"), "[job.j2]\nsource = [\"/etc\"]\npool = \"weekly\"\n");
    expect(t, ExitCode.CONFIG, "backup-job", "list");
    Files.writeString(t.config.resolve("tape-job.toml"), "[job.j2]\nsource = [\"/etc\"]\npool = \"daily\"\nschedule = \"nightly\"\n");
    expect(t, ExitCode.CONFIG, "backup-job", "list");
    expect(t, ExitCode.CONFIG, "daemon", "--once");
    t.harness.assertGolden("tape-backup-job-errors");
    List<JobHistory.Run> runs = new JobHistory(t.environment.paths().jobHistory()).read();
    assertEquals(1, runs.size(), "the failed run is recorded");
    assertFalse(runs.get(0).ok());
    assertTrue(runs.get(0).error().orElseThrow().contains("/nonexistent/dir is not a directory"), runs.toString());
  }

  private static void expect(TapeHome t, ExitCode code, String... args) {
    ToolHarness.Result r = t.tape(args);
    assertEquals(code.code(), r.exit(), String.join(" ", args) + ": " + r.err());
  }

  @Test
  void notifyCommandIsToldOfFinishedFailedAndTapeNeeded() throws Exception {
    TapeHome t = new TapeHome(Clock.fixed(NOW, ZoneOffset.UTC));
    BackupCommandTest.library(t);
    Files.writeString(t.config.resolve("tape.toml"), "\n[drive.solo]\npath = \"vtl:L700:1\"\n", StandardOpenOption.APPEND);
    Path etc = BackupCommandTest.tree(t);
    Path events = t.home.resolve("events.jsonl");
    String notify = "cat >> '" + events + "'";
    assertEquals(0, t.tape("pool", "create", "daily", "--drive", "lto0").exit());
    assertEquals(0, t.tape("pool", "create", "offsite", "--drive", "solo").exit());
    assertEquals(0, t.tape("backup-job", "create", "ok", "--source", etc.toString(), "--pool", "daily",
        "--notify-command", notify).exit());
    assertEquals(0, t.tape("backup-job", "create", "broken", "--source", "/nonexistent/dir", "--pool", "daily",
        "--notify-command", notify).exit());
    assertEquals(0, t.tape("backup-job", "create", "notape", "--source", etc.toString(), "--pool", "offsite",
        "--notify-command", notify).exit());

    ToolHarness.Result r = t.tape("backup-job", "run", "ok", "-q");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    String set = new JobHistory(t.environment.paths().jobHistory()).last().get("ok").mediaSet().orElseThrow();
    assertEquals(List.of("{\"event\":\"job-finished\",\"job\":\"ok\",\"time\":\"2026-01-05T10:00:00Z\","
        + "\"media-set-uuid\":\"" + set + "\",\"media-set-name\":\"Mon Jan  5 10:00:00 2026\",\"tapes\":[\"E01001L8\"]}"),
        Files.readAllLines(events));

    Files.delete(events);
    r = t.tape("backup-job", "run", "broken");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    assertEquals(List.of("{\"event\":\"job-failed\",\"job\":\"broken\",\"time\":\"2026-01-05T10:00:00Z\",\"error\":"
        + "\"source /nonexistent/dir is not a directory (to back up a stream, pipe it into tape backup --stdin NAME)\"}"),
        Files.readAllLines(events));

    Files.delete(events);
    r = t.tape("backup-job", "run", "notape");
    assertEquals(ExitCode.TAPE_NEEDED.code(), r.exit(), r.err());
    assertTrue(r.err().contains("no usable tape for pool offsite"), r.err());
    List<String> lines = Files.readAllLines(events);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("{\"event\":\"tape-needed\",\"job\":\"notape\",\"time\":\"2026-01-05T10:00:00Z\","
        + "\"pool\":\"offsite\",\"error\":\""), lines.get(0));
    assertTrue(lines.get(0).contains("no usable tape for pool offsite"), lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"event\":\"job-failed\",\"job\":\"notape\""), lines.get(1));

    // a failing notify command is reported and does not fail the job
    assertEquals(0, t.tape("backup-job", "update", "ok", "--notify-command", "echo no mail server >&2; exit 3").exit());
    r = t.tape("backup-job", "run", "ok", "-q");
    assertEquals(0, r.exit(), r.err());
    assertEquals("job ok: notify command 'echo no mail server >&2; exit 3' failed with exit status 3 (job-finished): "
        + "no mail server\n", r.err());
  }

  @Test
  void historyIgnoresATornLastLineAndEndsItBeforeAppending() throws Exception {
    TapeHome t = new TapeHome();
    Path file = t.environment.paths().jobHistory();
    JobHistory h = new JobHistory(file);
    JobHistory.Run a = new JobHistory.Run("a1", NOW, NOW.plusSeconds(5), true, java.util.Optional.of("u-1"),
        java.util.Optional.empty());
    h.append(a);
    Files.writeString(file, "{\"job\":\"b1\",\"start\":\"2026-01-05T1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertEquals(List.of(a), h.read(), "a torn last line is not a run");
    JobHistory.Run b = new JobHistory.Run("b1", NOW.plusSeconds(60), NOW.plusSeconds(61), false,
        java.util.Optional.empty(), java.util.Optional.of("no tape"));
    h.append(b);
    assertEquals(List.of(a, b), h.read(), "the run after a torn line is whole");
    assertEquals(3, Files.readAllLines(file).size(), Files.readString(file));
  }
}
