package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** After {@code tape backup}: media list and content, restore (whole, snapshot, paths), verify, copy. */
@ExtendWith(VtlHomeExtension.class)
class RestoreCommandsTest {
  static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  static TapeHome home() throws Exception {
    TapeHome t = new TapeHome();
    t.harness.maskPattern(UUID_RE, "<uuid>").maskPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")
        .maskPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", "<time>")
        .maskPattern("\"(ctime|media-set-ctime|backup-time|seconds)\":[0-9.]+", "\"$1\":<n>")
        .maskPattern("in \\d+\\.\\d s", "in <t> s").maskPattern("[0-9.]+ MB/s", "<rate>");
    BackupCommandTest.library(t);
    return t;
  }

  @Test
  void backupListContentRestoreVerify() throws Exception {
    TapeHome t = home();
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "daily", "--template", "daily-set").exit());
    ToolHarness.Result b = t.tape("backup", etc.toString(), "--pool", "daily", "--name", "host1/etc", "-q");
    assertEquals(0, b.exit(), b.err());
    Matcher snap = Pattern.compile("host1/etc/\\S+Z").matcher(b.out());
    assertTrue(snap.find(), b.out());
    String snapshot = snap.group();

    t.tape("media", "list");
    t.tape("media", "list", "--output-format", "json");
    t.tape("media", "content");
    t.tape("media", "content", "--output-format", "json");

    Path whole = t.home.getParent().resolve("restored");
    ToolHarness.Result r = t.tape("restore", "daily-set", whole.toString(), "-q");
    assertEquals(0, r.exit(), r.err());
    Path restored = whole.resolve(snapshot); // a whole set: each snapshot in a directory of its name
    assertArrayEquals(Files.readAllBytes(etc.resolve("sub/big.txt")), Files.readAllBytes(restored.resolve("sub/big.txt")));
    assertEquals("hosts", Files.readSymbolicLink(restored.resolve("link")).toString());

    Path one = t.home.getParent().resolve("one");
    r = t.tape("restore", "daily-set", one.toString(), "--snapshot", snapshot, "--path", "hosts", "-q");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(one.resolve("hosts")));
    assertFalse(Files.exists(one.resolve("sub/big.txt")), "only the path chosen");

    r = t.tape("restore", "daily-set", one.toString(), "--snapshot", snapshot, "--path", "hosts", "-q");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), "the file is there already: " + r.out() + r.err());
    assertEquals(0, t.tape("restore", "daily-set", one.toString(), "--snapshot", snapshot, "--path", "hosts",
        "--existing", "overwrite", "-q").exit());

    r = t.tape("verify", "daily-set");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("media set daily-set verified"), r.out());
    assertEquals(0, t.tape("verify", "daily-set", "--output-format", "json").exit());
    assertEquals(0, t.tape("restore", "daily-set", t.home.getParent().resolve("json").toString(), "--snapshot",
        snapshot, "--output-format", "json", "-q").exit());
    t.harness.assertGolden("tape-media-restore-verify");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = home();
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("restore", "nosuchset", "/tmp/x").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("restore", "6f1c2a4e-0000-4000-8000-000000000000", "/tmp/x").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("verify", "nosuchset").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("media", "status", "NOTAPE").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("media", "move", "NOTAPE", "--location", "moon").exit());
    t.harness.assertGolden("tape-restore-errors");
  }

  /** A tape of the set out of the library: the restore says which tape and what to do, and restores the rest. */
  @Test
  void aMissingTapeIsNamed() throws Exception {
    TapeHome t = home();
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "daily", "--template", "daily-set").exit());
    assertEquals(0, t.tape("backup", etc.toString(), "--pool", "daily", "-q").exit());
    // the operator takes E01001L8 out of drive 0 into a mail slot (mtx's slot 40), where a job never loads from
    assertEquals(0, t.harness.pmtx("-f", "vtl:L700", "unload", "40", "0").exit());
    ToolHarness.Result r = t.tape("restore", "daily-set", t.home.getParent().resolve("out").toString(), "-q");
    assertEquals(ExitCode.NOT_VERIFIED.code(), r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("E01001L8 could not be loaded") && r.out().contains("pmtx transfer 40"), r.out());
  }

  /** A library whose tapes are all taken: the backup says so and what to do. */
  @Test
  void noWritableTapeLeft() throws Exception {
    TapeHome t = home();
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "full", "--allocation", "always", "--retention", "keep", "--template", "full-%id%").exit());
    ToolHarness.Result r = null;
    for (int i = 0; i < 25; i++) { // 20 LTO-8 tapes: each backup starts a new set, kept forever
      r = t.tape("backup", etc.toString(), "--pool", "full", "-q", "--output-format", "json");
      if (r.exit() != 0) {
        break;
      }
    }
    assertEquals(ExitCode.TAPE_NEEDED.code(), r.exit(), r.out() + r.err());
    t.harness.note("after 20 sets on 20 tapes");
    t.harness.assertGolden("tape-backup-library-full");
  }

  /** copy: a set into a new set of another pool, read in one drive and written in the other; then restorable. */
  @Test
  void copyToAnotherPoolAndRestoreFromTheCopy() throws Exception {
    TapeHome t = home();
    Files.writeString(t.config.resolve("tape.toml"), Files.readString(t.config.resolve("tape.toml")) + """

        [drive.lto1]
        path = "vtl:L700:1"
        changer = "L700"
        changer-drivenum = 1
        """);
    Path etc = BackupCommandTest.tree(t);
    assertEquals(0, t.tape("pool", "create", "daily", "--drive", "lto0", "--template", "daily-set").exit());
    assertEquals(0, t.tape("pool", "create", "offsite", "--drive", "lto1", "--template", "offsite-set").exit());
    assertEquals(0, t.tape("backup", etc.toString(), "--pool", "daily", "-q").exit());
    ToolHarness.Result r = t.tape("copy", "daily-set", "--pool", "offsite");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("to offsite-set"), r.out());
    assertEquals(ExitCode.USAGE.code(), t.tape("copy", "daily-set", "--pool", "offsite", "--source-drive", "lto1")
        .exit(), "one drive cannot read and write at once");
    assertEquals(0, t.tape("media", "content", "--pool", "offsite", "--output-format", "json").exit());
    Path back = t.home.getParent().resolve("from-copy");
    r = t.tape("restore", "offsite-set", back.toString(), "-q");
    assertEquals(0, r.exit(), r.out() + r.err());
    t.harness.assertGolden("tape-copy");
    try (var dirs = Files.walk(back)) {
      assertTrue(dirs.anyMatch(p -> p.endsWith("sub/big.txt")), "the copy restores");
    }
  }

  /**
   * The JSON of media list and media content has every field of PBS's MediaListEntry and
   * MediaContentEntry (pbs-api-types/src/tape/media.rs, kebab-case), but MediaContentEntry's store: a
   * PBS datastore, where a tapekit snapshot has a source directory instead.
   */
  @Test
  void mediaListAndContentCarryPbsFieldNames() throws Exception {
    TapeHome t = home();
    assertEquals(0, t.tape("pool", "create", "daily", "--template", "daily-set").exit());
    assertEquals(0, t.tape("backup", BackupCommandTest.tree(t).toString(), "--pool", "daily", "-q").exit());
    String list = t.tape("media", "list", "--output-format", "json").out();
    for (String field : List.of("label-text", "uuid", "ctime", "location", "status", "expired", "catalog",
        "media-set-name", "media-set-uuid", "seq-nr", "media-set-ctime", "pool", "bytes-used")) {
      assertTrue(list.contains("\"" + field + "\":"), field + " in " + list);
    }
    String content = t.tape("media", "content", "--output-format", "json").out();
    for (String field : List.of("label-text", "uuid", "media-set-name", "media-set-uuid", "media-set-ctime",
        "seq-nr", "pool", "snapshot", "backup-time")) {
      assertTrue(content.contains("\"" + field + "\":"), field + " in " + content);
    }
  }
}
