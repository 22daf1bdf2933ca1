package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lib/systemd/tapekit-daemon.service, as the tarball ships it: what it says, and systemd's opinion of it. */
class DaemonUnitFileTest {
  static final Path UNIT = Path.of("src/main/dist/lib/systemd/tapekit-daemon.service");

  @Test
  void startsTapeDaemonAndGivesARunningJobTimeToFinish() throws Exception {
    List<String> lines = Files.readAllLines(UNIT);
    for (String wanted : List.of("Type=simple", "ExecStart=/opt/tapekit-tools/bin/tape daemon", "KillSignal=SIGTERM",
        "SuccessExitStatus=143", "TimeoutStopSec=30min", "Restart=on-failure", "WantedBy=multi-user.target")) {
      assertTrue(lines.contains(wanted), wanted + " in " + UNIT);
    }
    String component = Files.readString(Path.of("src/assembly/component.xml"));
    assertTrue(component.contains("<directory>src/main/dist/lib/systemd</directory>"), "the tarball holds the unit");
    assertTrue(component.contains("<destName>tape</destName>"), "the tarball holds bin/tape, the unit's ExecStart");
  }

  @Test
  void systemdAnalyzeVerifiesIt(@TempDir Path dir) throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(analyze) || Files.isExecutable(analyze = Path.of("/bin/systemd-analyze")),
        "systemd-analyze is not installed");
    // verify wants ExecStart's program to exist: a stand-in for the installed bin/tape
    Path tape = Files.writeString(dir.resolve("tape"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(tape, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unit = dir.resolve("tapekit-daemon.service");
    Files.writeString(unit, Files.readString(UNIT).replace("ExecStart=/opt/tapekit-tools/bin/tape daemon",
        "ExecStart=" + tape + " daemon"));
    Process p = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify took over a minute");
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), said);
    // it warns about lines it ignores without failing: none may be about this unit
    assertTrue(said.lines().noneMatch(l -> l.contains("tapekit-daemon.service")), said);
  }
}
