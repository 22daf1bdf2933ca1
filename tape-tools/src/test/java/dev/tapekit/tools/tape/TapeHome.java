package dev.tapekit.tools.tape;

import dev.tapekit.scsi.Sleeper;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A fresh configuration and state directory for {@code tape} tests, inside the test's virtual-library
 * home ({@link VtlHomeExtension}, which removes it after the test), and a {@link ToolHarness} whose
 * {@code tape} runs there; transcripts show the directories as {@code $CONFIG}, {@code $HOME} and
 * {@code $VTL_HOME}.
 */
final class TapeHome {
  final Path config;
  final Path home;
  final Path vtl;
  final TapeEnvironment environment;
  final ToolHarness harness;

  TapeHome() throws IOException {
    this(Clock.system(ZoneOffset.UTC));
  }

  TapeHome(Clock clock) throws IOException {
    this(clock, Sleeper.SYSTEM);
  }

  /** With {@code clock} and {@code sleeper} (a test clock that the sleeper moves on, say). */
  TapeHome(Clock clock, Sleeper sleeper) throws IOException {
    vtl = VtlHomeExtension.home();
    config = Files.createDirectories(vtl.resolve("tape-config"));
    home = Files.createDirectories(vtl.resolve("tape-home"));
    Map<String, String> env = Map.of("TAPEKIT_CONFIG", config.toString(), "TAPEKIT_HOME", home.toString(),
        "TAPEKIT_VTL_HOME", vtl.toString());
    environment = new TapeEnvironment(env, TapePaths.of(env, false, Path.of("/nonexistent")), clock, sleeper,
        new ByteArrayInputStream(new byte[0]), new PrintStream(PrintStream.nullOutputStream()));
    harness = new ToolHarness().tapeEnvironment(environment).mask(config.toString(), "$CONFIG")
        .mask(home.toString(), "$HOME");
  }

  ToolHarness.Result tape(String... args) {
    return harness.tape(args);
  }
}
