package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape pool}: golden transcripts, the file it writes, and bad input. */
@ExtendWith(VtlHomeExtension.class)
class PoolCommandsTest {
  @Test
  void createListConfigUpdateRemove() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    assertEquals(0, t.tape("pool", "create", "weekly", "--allocation", "sat 02:00", "--retention", "4 weeks",
        "--template", "weekly-%id%", "--comment", "kept a month").exit());
    t.tape("pool", "list");
    t.tape("pool", "list", "--output-format", "json");
    t.tape("pool", "config", "weekly", "--output-format", "json-pretty");
    assertEquals(0, t.tape("pool", "update", "daily", "--retention", "overwrite").exit());
    t.tape("pool", "config", "daily");
    t.harness.note("media-pool.toml:\n" + Files.readString(t.config.resolve("media-pool.toml")));
    assertEquals(0, t.tape("pool", "remove", "weekly").exit());
    t.tape("pool", "list");
    t.harness.assertGolden("tape-pool");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    ToolHarness.Result r = t.tape("pool", "config", "nope");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    assertEquals(ExitCode.USAGE.code(), t.tape("pool", "create", "-bad").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("pool", "create", "p1", "--allocation", "someday").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("pool", "create", "p1", "--retention", "forever").exit());
    r = t.tape("pool", "create", "p1");
    assertEquals(0, r.exit(), r.err());
    assertEquals(ExitCode.REFUSED.code(), t.tape("pool", "create", "p1").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("pool", "update", "p1", "--drive", "nodrive").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("pool", "update", "p1", "--encrypt", "aa:bb").exit());
    Files.writeString(t.config.resolve("media-pool.toml"), "[pool.p1]\nretention = \"keep\"\nrotation = 3\n");
    r = t.tape("pool", "list");
    assertEquals(ExitCode.CONFIG.code(), r.exit());
    assertTrue(r.err().contains("media-pool.toml: [pool.p1] rotation is not a key tape knows; allowed: allocation, "
        + "comment, drive, encrypt, retention, template"), r.err());
    Files.writeString(t.config.resolve("media-pool.toml"), "[pool.p1\n");
    r = t.tape("pool", "list");
    assertEquals(ExitCode.CONFIG.code(), r.exit());
    assertTrue(r.err().contains("not valid TOML"), r.err());
    t.harness.assertGolden("tape-pool-errors");
  }
}
