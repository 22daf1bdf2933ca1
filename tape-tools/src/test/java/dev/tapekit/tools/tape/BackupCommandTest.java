package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape backup} on the embedded L700: trees and standard input, dedup, bad input. */
@ExtendWith(VtlHomeExtension.class)
class BackupCommandTest {
  static void library(TapeHome t) throws Exception {
    Files.writeString(t.config.resolve("tape.toml"), """
        [changer.L700]
        path = "vtl:L700"

        [drive.lto0]
        path = "vtl:L700:0"
        changer = "L700"
        changer-drivenum = 0
        """);
  }

  static Path tree(TapeHome t) throws Exception {
    Path src = Files.createDirectories(t.home.getParent().resolve("src"));
    Files.createDirectories(src.resolve("etc/sub"));
    Files.writeString(src.resolve("etc/hosts"), "127.0.0.1 localhost\n");
    Files.writeString(src.resolve("etc/sub/big.txt"), "tape ".repeat(300_000));
    Files.createSymbolicLink(src.resolve("etc/link"), Path.of("hosts"));
    return src.resolve("etc");
  }

  @Test
  void backsUpTreesAndStdinAndDedupsTheSecondRun() throws Exception {
    TapeHome t = new TapeHome();
    library(t);
    Path etc = tree(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    ToolHarness.Result r = t.tape("backup", etc.toString(), "--pool", "daily", "--name", "host1/etc",
        "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"snapshot\":\"host1/etc/"), r.out());
    assertTrue(r.out().contains("\"entries\":5,\"bytes\":1500020,\"chunks\":2,\"chunks-written\":2"), r.out());
    assertTrue(r.out().contains("\"tapes\":[\"E01001L8\"]"), r.out() + " (L700's first data tape, labelled as it is blank)");

    r = t.tape("backup", etc.toString(), "--pool", "daily", "--name", "host1/etc", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"chunks\":2,\"chunks-written\":0"), "all on the set already: " + r.out());

    r = t.harness.tape("pool hello".getBytes(StandardCharsets.UTF_8), "backup", "--stdin", "dump.sql", "--pool",
        "daily", "--name", "db1/dump");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("db1/dump/"), r.out());
    assertTrue(r.out().matches("(?s).*tapes written: E01001L8\n.*"), r.out());
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    library(t);
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    ToolHarness.Result r = t.tape("backup", "--pool", "daily");
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    r = t.tape("backup", "/nonexistent/dir", "--pool", "daily");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    r = t.tape("backup", "/etc", "--pool", "nopool");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    r = t.tape("backup", "/etc", "--pool", "daily", "--drive", "nodrive");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    r = t.tape("backup", "/etc", "/usr", "--pool", "daily", "--name", "x/y");
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    t.harness.assertGolden("tape-backup-errors");
  }
}
