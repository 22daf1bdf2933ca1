package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code [drive.X] buffer} in tape.toml: read, kept when tape rewrites the file, refused key by key. */
@ExtendWith(VtlHomeExtension.class)
class DriveBufferConfigTest {
  private static void setBuffer(TapeHome t, String value) throws Exception {
    Path toml = t.config.resolve("tape.toml");
    String text = Files.readString(toml).replaceAll("(?m)^buffer = .*\\n", "");
    Files.writeString(toml, value == null ? text : text.replace("[drive.lib-0]\n", "[drive.lib-0]\nbuffer = " + value
        + "\n"));
  }

  @Test
  void theBufferIsReadAndKept() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    ToolHarness.Result r = t.tape("drive", "config", "lib-0", "--output-format", "json");
    assertFalse(r.out().contains("buffer"), "not configured: the default, not written: " + r.out());
    for (var c : List.of(List.of("\"512MiB\"", "512MiB"), List.of("\"1GiB\"", "1GiB"), List.of("\"1024 KiB\"", "1MiB"),
        List.of("0", "0"), List.of("\"0\"", "0"), List.of("2097152", "2MiB"), List.of("\"4GiB\"", "4GiB"))) {
      setBuffer(t, c.get(0));
      r = t.tape("drive", "config", "lib-0", "--output-format", "json");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("\"buffer\":\"" + c.get(1) + "\""), c + ": " + r.out());
    }
    setBuffer(t, "\"96MiB\"");
    assertEquals(0, t.tape("drive", "update", "lib-0", "--changer-drivenum", "0").exit());
    assertTrue(Files.readString(t.config.resolve("tape.toml")).contains("buffer = \"96MiB\""),
        "tape drive update keeps the buffer");
    TapeConfig.Drive d = new TapeConfig.Drive("d", "vtl:lib:0", Optional.empty(), 0);
    assertEquals(WriterOptions.DEFAULT_DRIVE_BUFFER, d.writeBuffer(), "no buffer key: the library's default");
  }

  @Test
  void driveUpdateSetsAndClearsTheBuffer() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    Path toml = t.config.resolve("tape.toml");
    assertEquals(0, t.tape("drive", "update", "lib-0", "--buffer", "512MiB").exit());
    assertTrue(Files.readString(toml).contains("buffer = \"512MiB\""), Files.readString(toml));
    assertEquals(0, t.tape("drive", "update", "lib-0", "--buffer", "0").exit());
    assertTrue(Files.readString(toml).contains("buffer = 0") || Files.readString(toml).contains("buffer = \"0\""),
        Files.readString(toml));
    assertEquals(0, t.tape("drive", "update", "lib-0", "--buffer", "").exit());
    assertFalse(Files.readString(toml).contains("buffer"), "'' goes back to the default: " + Files.readString(toml));
    for (String bad : List.of("lots", "512KiB", "5GiB", "-1")) {
      ToolHarness.Result r = t.tape("drive", "update", "lib-0", "--buffer", bad);
      assertEquals(ExitCode.USAGE.code(), r.exit(), bad + ": " + r.err());
      assertTrue(r.err().contains("--buffer is " + bad) && r.err().contains("from 1MiB to 4GiB"), r.err());
    }
  }

  @Test
  void badSizesAreRefusedNamingTheKey() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    for (String bad : List.of("\"lots\"", "-1", "\"-1MiB\"", "12", "\"512KiB\"", "\"5GiB\"", "\"64 MB\"", "true",
        "1.5", "\"99999999999999GiB\"", "[1]")) {
      setBuffer(t, bad);
      ToolHarness.Result r = t.tape("drive", "list");
      assertEquals(ExitCode.CONFIG.code(), r.exit(), bad + ": " + r.err());
      assertTrue(r.err().contains("[drive.lib-0] buffer"), bad + ": " + r.err());
      assertTrue(r.err().contains("from 1MiB to 4GiB"), bad + ": " + r.err());
    }
  }
}
