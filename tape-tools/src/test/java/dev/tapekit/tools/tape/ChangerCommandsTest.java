package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape changer}: golden transcripts against the virtual libraries, and bad input. */
@ExtendWith(VtlHomeExtension.class)
class ChangerCommandsTest {
  @Test
  void scanCreateListStatusUpdateRemove() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "L700", "--no-config", "--quiet").exit());
    assertEquals(0, t.tape("vtl", "create", "L80", "--profile", "L80", "--no-config", "--quiet").exit());
    ToolHarness.Result r = t.tape("changer", "scan");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("│ vtl:L700 │ STK    │ L700  │ XYZZY_A │"), r.out());
    t.tape("changer", "scan", "--output-format", "json");
    r = t.tape("changer", "create", "lib", "--path", "vtl:L700");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, t.tape("changer", "create", "big", "--path", "vtl:L80", "--export-slots", "39,40").exit());
    t.tape("changer", "list");
    t.tape("changer", "list", "--output-format", "json");
    t.tape("changer", "config", "big");
    t.tape("changer", "config", "big", "--output-format", "json");
    r = t.tape("changer", "status", "lib");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("│ slot          │ 22       │ CLN101L8   │             │ full  │"), r.out());
    t.tape("changer", "status", "big", "--output-format", "json");
    assertEquals(0, t.tape("changer", "update", "lib", "--export-slots", "15,16").exit());
    t.harness.note("tape.toml:\n" + Files.readString(t.config.resolve("tape.toml")));
    r = t.tape("changer", "status", "lib");
    assertTrue(r.out().contains("│ import-export │ 15       │ E01015L8   │             │ full  │"), r.out());
    assertEquals(0, t.tape("changer", "update", "lib", "--export-slots", "").exit());
    assertEquals(0, t.tape("changer", "remove", "big").exit());
    t.tape("changer", "status");
    t.harness.assertGolden("tape-changer");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    ToolHarness.Result r = t.tape("changer", "status");
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    assertEquals(ExitCode.USAGE.code(), t.tape("changer", "create", "lib").exit(), "--path is required");
    assertEquals(ExitCode.NO_DEVICE.code(), t.tape("changer", "create", "lib", "--path", "vtl:NOPE").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), t.tape("changer", "create", "lib", "--path", "/dev/nonexistent-sg").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), t.tape("changer", "create", "lib", "--path", "vtl:L700:0").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("changer", "create", "lib", "--path", "vtl:L700", "--export-slots",
        "a,b").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("changer", "create", "lib", "--path", "vtl:L700", "--export-slots",
        "40").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("changer", "create", "x", "--path", "vtl:L700").exit());
    assertEquals(0, t.tape("changer", "create", "lib", "--path", "vtl:L700").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("changer", "create", "lib", "--path", "vtl:L80").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("changer", "create", "lib2", "--path", "vtl:L700").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), t.tape("changer", "update", "lib", "--path", "vtl:L700:1").exit());
    assertEquals(0, t.tape("changer", "update", "lib", "--path", "vtl:L80").exit());
    assertTrue(t.tape("changer", "config", "lib", "--output-format", "json").out().contains("\"path\":\"vtl:L80\""));
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("changer", "status", "nope").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("changer", "config", "nope").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("changer", "update", "nope", "--path", "vtl:L80").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("changer", "remove", "nope").exit());
    Files.writeString(t.config.resolve("tape.toml"), "[changer.lib]\npath = \"vtl:L700\"\nexport-slots = \"15\"\n");
    r = t.tape("changer", "list");
    assertEquals(ExitCode.CONFIG.code(), r.exit(), r.err());
    t.harness.assertGolden("tape-changer-errors");
  }
}
