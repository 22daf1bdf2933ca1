package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the real launchers {@code target/dist/bin/pmtx}, {@code pmt} and {@code tape} as separate
 * processes when a {@code package} has built them (a plain {@code mvn test} skips this test): a load, a
 * write through stdin, a read to stdout and an unload, each in its own JVM, so the library state and the
 * drive session must survive between processes; and the tree's completion scripts and man pages.
 */
@ExtendWith(VtlHomeExtension.class)
class LauncherScriptTest {
  private static Path bin() {
    String dist = System.getProperty("tapekit.tools.dist", "target/dist");
    return Path.of(dist, "bin");
  }

  private record Run(int exit, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static Run run(byte[] stdin, String tool, String... args) throws IOException, InterruptedException {
    return run(stdin, bin().resolve(tool), args);
  }

  /** Runs {@code program} with {@code args}, no TAPE or CHANGER in the environment. */
  private static Run run(byte[] stdin, Path program, String... args) throws IOException, InterruptedException {
    return run(stdin, Map.of(), program, args);
  }

  /** Runs {@code program} with {@code args} and {@code environment} added, no TAPE or CHANGER. */
  private static Run run(byte[] stdin, Map<String, String> environment, Path program, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TAPEKIT_VTL_HOME", VtlHomeExtension.home().toString());
    pb.environment().put("TAPEKIT_LOCK_DIR", VtlHomeExtension.locks().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("TAPE");
    pb.environment().remove("CHANGER");
    pb.environment().putAll(environment);
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = new Thread(() -> copy(p.getErrorStream(), err));
    drainErr.start();
    Thread feed = new Thread(() -> {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // the tool may exit without reading its input
      }
    });
    feed.start();
    copy(p.getInputStream(), out);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), program + " did not finish");
    drainErr.join();
    feed.join();
    return new Run(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void launchersDriveTheVirtualLibraryAcrossProcesses() throws Exception {
    assumeTrue(Files.isExecutable(bin().resolve("pmtx")) && Files.isExecutable(bin().resolve("pmt")),
        "launchers not built (run the package phase): " + bin());
    Run status = run(new byte[0], "pmtx", "-f", "vtl:L700", "status");
    assertEquals(0, status.exit(), status.err());
    assertTrue(status.text().startsWith("  Storage Changer vtl:L700:4 Drives, 43 Slots ( 4 Import/Export )\n"));

    Run load = run(new byte[0], "pmtx", "-f", "vtl:L700", "load", "2", "0");
    assertEquals("Loading media from Storage Element 2 into drive 0...done\n", load.text());

    byte[] data = new byte[700_000];
    new Random(42).nextBytes(data);
    assertEquals(0, run(data, "pmt", "-f", "vtl:L700:0", "write").exit());
    Run mt = run(new byte[0], "pmt", "-f", "vtl:L700:0", "status");
    assertTrue(mt.text().contains("File number=1, block number=-1, partition=0."), mt.text());
    assertEquals(0, run(new byte[0], "pmt", "-f", "vtl:L700:0", "rewind").exit());
    Run read = run(new byte[0], "pmt", "-f", "vtl:L700:0", "read");
    assertEquals(0, read.exit(), read.err());
    assertArrayEquals(data, read.out());

    Run missing = run(new byte[0], "pmt", "-f", "vtl:L700:1", "rewind");
    assertEquals(ExitCode.NO_MEDIUM.code(), missing.exit());
    Run unload = run(new byte[0], "pmtx", "-f", "vtl:L700", "unload");
    assertEquals("Unloading drive 0 into Storage Element 2...done\n", unload.text());
  }

  /**
   * bin/tape, a JVM per command: its version (from the jar's manifest), its help, and a pool that one
   * run creates in $TAPEKIT_CONFIG and the next lists.
   */
  @Test
  void tapeRunsCommandsAcrossProcesses() throws Exception {
    assumeLaunchersBuilt();
    Path tape = bin().resolve("tape");
    Path config = VtlHomeExtension.home().resolve("tape-config");
    Map<String, String> env = Map.of("TAPEKIT_CONFIG", config.toString(),
        "TAPEKIT_HOME", VtlHomeExtension.home().resolve("tape-home").toString());
    Run version = run(new byte[0], env, tape, "--version");
    assertEquals(0, version.exit(), version.err());
    assertTrue(version.text().matches("tape \\(tapekit\\) \\d+\\.\\d+\\.\\d+\\S*\n"), version.text());
    Run help = run(new byte[0], env, tape, "--help");
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.text().startsWith("Usage: tape ") && help.text().contains("\n  pool "), help.text());

    Run create = run(new byte[0], env, tape, "pool", "create", "p1");
    assertEquals(0, create.exit(), create.err());
    assertTrue(Files.isRegularFile(config.resolve("media-pool.toml")));
    Run list = run(new byte[0], env, tape, "pool", "list", "--output-format", "json");
    assertEquals(0, list.exit(), list.err());
    assertEquals("[{\"name\":\"p1\",\"allocation\":\"continue\",\"retention\":\"keep\",\"template\":\"%c\"}]\n",
        list.text());
    Run missing = run(new byte[0], env, tape, "pool", "config", "p2");
    assertEquals(ExitCode.NOT_FOUND.code(), missing.exit(), missing.err());

    // README's first command, through the launcher (a small tree: DemoCommandTest runs the full one)
    Run demo = run(new byte[0], env, tape, "demo", "--size", "24");
    assertEquals(0, demo.exit(), demo.text() + demo.err());
    assertTrue(demo.text().contains("OK: the restored tree is the source, and the media set verifies"), demo.text());
  }

  /** The tree's share/: tape's completion script completes its commands, and each tool has its man pages. */
  @Test
  void theTreeHasCompletionScriptsAndManPages() throws Exception {
    assumeLaunchersBuilt();
    Path share = bin().resolveSibling("share");
    for (String tool : List.of("tape", "pmt", "pmtx")) {
      assertTrue(Files.isRegularFile(share.resolve("bash-completion/completions").resolve(tool)), tool);
      assertTrue(Files.isRegularFile(share.resolve("man/man1").resolve(tool + ".1")), tool);
    }
    assertTrue(Files.isRegularFile(share.resolve("man/man1/tape-pool-create.1")));
    assertEquals(java.util.Set.of("pool"),
        CommandDocsTest.complete(share.resolve("bash-completion/completions/tape"), "tape", "po"));
  }

  private static void assumeLaunchersBuilt() {
    assumeTrue(Files.isExecutable(bin().resolve("pmtx")) && Files.isExecutable(bin().resolve("pmt"))
        && Files.isExecutable(bin().resolve("tape")), "launchers not built (run the package phase): " + bin());
  }

  /** bin/install-links into a fresh directory: mt, mtx, pmt, pmtx and tape links to the launchers. */
  private static Path installLinks() throws Exception {
    Path dir = Files.createDirectories(VtlHomeExtension.home().resolve("links"));
    Run install = run(new byte[0], "install-links", dir.toString());
    assertEquals(0, install.exit(), install.err());
    return dir;
  }

  @Test
  void installLinksLinksTheOriginalNamesAndLeavesOtherFilesAlone() throws Exception {
    assumeLaunchersBuilt();
    Path dir = installLinks();
    for (String[] pair : new String[][] {{"mt", "pmt"}, {"mtx", "pmtx"}, {"pmt", "pmt"}, {"pmtx", "pmtx"},
        {"tape", "tape"}}) {
      assertEquals(bin().resolve(pair[1]).toRealPath(), dir.resolve(pair[0]).toRealPath(), pair[0]);
    }
    assertEquals(0, run(new byte[0], "install-links", dir.toString()).exit(), "links already there");
    Files.delete(dir.resolve("mt"));
    Files.writeString(dir.resolve("mt"), "#!/bin/sh\n");
    Run refused = run(new byte[0], "install-links", dir.toString());
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains(dir.resolve("mt") + " exists; left alone"), refused.err());
    assertEquals(0, run(new byte[0], "install-links", "--force", dir.toString()).exit());
    assertEquals(bin().resolve("pmt").toRealPath(), dir.resolve("mt").toRealPath());
  }

  /** Under the name mtx every failure exits 1 with mtx's lines only; under pmtx the detailed statuses stay. */
  @Test
  void underTheNameMtxEveryFailureExitsOne() throws Exception {
    assumeLaunchersBuilt();
    Path mtx = installLinks().resolve("mtx");
    assertEquals(0, run(new byte[0], mtx, "-f", "vtl:L700", "load", "1", "0").exit());
    String[][] failures = {
      {"load 2 0", "Drive 0 Full (Storage Element 1 loaded)", "9"},
      {"unload 3 1", "Data Transfer Element 1 is Empty", "7"},
      {"load 70 1", "Invalid <storage-element-number> argument '70' to 'load' command", "2"},
      {"transfer 21 24", "Source Element Address 1020 is Empty", "8"},
    };
    for (String[] f : failures) {
      List<String> args = new java.util.ArrayList<>(List.of("-f", "vtl:L700"));
      args.addAll(List.of(f[0].split(" ")));
      Run asMtx = run(new byte[0], mtx, args.toArray(String[]::new));
      assertEquals(1, asMtx.exit(), f[0] + ": " + asMtx.err());
      assertEquals(f[1] + "\n", asMtx.err(), f[0]);
      Run asPmtx = run(new byte[0], "pmtx", args.toArray(String[]::new));
      assertEquals(Integer.parseInt(f[2]), asPmtx.exit(), f[0] + ": " + asPmtx.err());
    }
    Run badWord = run(new byte[0], mtx, "-f", "vtl:L700", "frob");
    assertEquals(1, badWord.exit());
    assertTrue(badWord.err().startsWith("Usage:\n\tmtx --version\n"), badWord.err());
    // mtx runs each command as it reads it: 'load abc' is a load without a slot, which fails before
    // mtx reaches 'abc' (seen against mtx 1.3.12 in the kernel harness); pmtx checks the line first.
    Run loadWithoutSlot = run(new byte[0], mtx, "-f", "vtl:L700", "load", "abc");
    assertEquals(1, loadWithoutSlot.exit());
    assertEquals("No source specified\n", loadWithoutSlot.err());
    assertEquals(2, run(new byte[0], "pmtx", "-f", "vtl:L700", "load", "abc").exit());
  }

  /** Under the name mt: 1 for usage and open failures (st refuses to open an empty drive), 2 when the command fails. */
  @Test
  void underTheNameMtTheExitStatusesAreMtsOnes() throws Exception {
    assumeLaunchersBuilt();
    Path mt = installLinks().resolve("mt");
    Run empty = run(new byte[0], mt, "-f", "vtl:L700:0", "rewind");
    assertEquals(1, empty.exit(), empty.err());
    assertEquals("vtl:L700:0: No medium found\n", empty.err(), "what mt prints when st cannot open an empty drive");
    assertEquals(ExitCode.NO_MEDIUM.code(), run(new byte[0], "pmt", "-f", "vtl:L700:0", "rewind").exit());
    Run changer = run(new byte[0], mt, "-f", "vtl:L700", "status");
    assertEquals(2, changer.exit(), changer.err());
    Run badCount = run(new byte[0], mt, "-f", "vtl:L700:0", "fsf", "x");
    assertEquals(1, badCount.exit(), badCount.err());
    Run status = run(new byte[0], mt, "-f", "vtl:L700:0", "stat");
    assertEquals(0, status.exit(), status.err());
    assertTrue(status.text().startsWith("SCSI 2 tape drive:\n"), status.text());
    // A command that stops early is st's EIO, as perror prints it (seen against mt-st in the kernel harness).
    assertEquals(0, run(new byte[0], "pmtx", "-f", "vtl:L700", "load", "1", "0").exit());
    Run beyondEnd = run(new byte[0], mt, "-f", "vtl:L700:0", "fsf", "5");
    assertEquals(2, beyondEnd.exit(), beyondEnd.err());
    assertEquals("vtl:L700:0: Input/output error\n", beyondEnd.err());
  }

  /**
   * Where no device is needed (usage errors, a device node that does not exist), the tools under the
   * names mt and mtx print what the installed mt and mtx print, with the same exit status.
   */
  @Test
  void sameStatusAndStderrAsTheInstalledMtAndMtx() throws Exception {
    assumeLaunchersBuilt();
    Path links = installLinks();
    Path realMtx = Path.of("/usr/sbin/mtx");
    Path realMt = Path.of("/bin/mt");
    boolean haveMtx = Files.isExecutable(realMtx);
    boolean haveMt = Files.isExecutable(realMt);
    assumeTrue(haveMtx || haveMt, "neither /usr/sbin/mtx nor /bin/mt is installed (Debian packages mtx, mt-st)");
    String missing = VtlHomeExtension.home().resolve("no-such-node").toString();
    if (haveMtx) {
      for (String[] args : new String[][] {{}, {"--version"}, {"frob"}, {"-f", missing, "status"},
          {"-f", missing, "frob"}, {"-f", missing, "load", "x"}, {"-f", "/dev/null", "status"}}) {
        assertSame(run(new byte[0], realMtx, args), run(new byte[0], links.resolve("mtx"), args), "mtx", args, true);
      }
    } else {
      System.err.println("skipped the mtx comparison: /usr/sbin/mtx is not installed (Debian package mtx)");
    }
    if (haveMt) {
      for (String[] args : new String[][] {{}, {"-x", "status"}, {"-f"}, {"-f", missing, "status"},
          {"-f", missing, "rewind"}, {"-f", missing, "fsf", "1", "2"}, {"-f", "/dev/null", "status"}}) {
        assertSame(run(new byte[0], realMt, args), run(new byte[0], links.resolve("mt"), args), "mt", args, true);
      }
      // the command list after these lines is pmt's, not mt-st's: compare the first line
      for (String[] args : new String[][] {{"frob"}, {"-f", missing, "f"}, {"-h"}}) {
        assertSame(run(new byte[0], realMt, args), run(new byte[0], links.resolve("mt"), args), "mt", args, false);
      }
    } else {
      System.err.println("skipped the mt comparison: /bin/mt is not installed (Debian package mt-st)");
    }
  }

  private static void assertSame(Run original, Run ours, String name, String[] args, boolean wholeStderr) {
    String what = name + " " + String.join(" ", args);
    assertEquals(original.exit(), ours.exit(), what + ": exit status; ours said " + ours.err());
    if (wholeStderr) {
      assertEquals(original.err(), ours.err(), what + ": stderr");
    } else {
      assertEquals(original.err().lines().findFirst(), ours.err().lines().findFirst(), what + ": first line of stderr");
    }
    assertEquals(original.text(), ours.text(), what + ": stdout");
  }

  /** Which source the launcher's JVM loaded {@code Pmtx} from, with {@code environment} added. */
  private static String pmtxSource(Path dist, Map<String, String> environment) throws Exception {
    Path log = VtlHomeExtension.home().resolve("class-load-" + System.nanoTime() + ".txt");
    List<String> command = List.of(dist.resolve("bin/pmtx").toString(), "-f", "vtl:L700", "status");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TAPEKIT_VTL_HOME", VtlHomeExtension.home().toString());
    pb.environment().put("TAPEKIT_LOCK_DIR", VtlHomeExtension.locks().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("TAPEKIT_JAVA_OPTS", "-Xlog:class+load:file=" + log);
    pb.environment().putAll(environment);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.startsWith("  Storage Changer vtl:L700:"), "nothing but the status on stdout and stderr: " + output);
    return Files.readAllLines(log).stream().filter(l -> l.contains(" dev.tapekit.tools.pmtx.Pmtx source: "))
        .findFirst().orElseThrow().replaceFirst(".* source: ", "");
  }

  /**
   * The build's class-data-sharing archive is used by the java that made it, and silently not by
   * another tree (a copy: the archive binds to its path) or with TAPEKIT_CDS=off.
   */
  @Test
  void classDataSharingArchiveIsUsedWhereItFitsAndSilentlySkippedElsewhere() throws Exception {
    assumeLaunchersBuilt();
    Path dist = bin().getParent();
    assumeTrue(Files.exists(dist.resolve("lib/tapekit.jsa")), "built with -Dtapekit.cds.skip=true: no archive");
    assertEquals("shared objects file (top)", pmtxSource(dist, Map.of()));
    assertTrue(pmtxSource(dist, Map.of("TAPEKIT_CDS", "off")).startsWith("file:"));
    Path copy = VtlHomeExtension.home().resolve("copy");
    for (String dir : List.of("bin", "lib")) {
      Files.createDirectories(copy.resolve(dir));
      try (var files = Files.list(dist.resolve(dir))) {
        for (Path f : files.toList()) {
          Files.copy(f, copy.resolve(dir).resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    assertTrue(pmtxSource(copy, Map.of()).startsWith("file:"), "the archive of another path");
    ProcessBuilder make = new ProcessBuilder(copy.resolve("bin/pmt").toString());
    make.environment().put("TAPEKIT_CDS", "update");
    make.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = make.redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), said);
    assertEquals("shared objects file (top)", pmtxSource(copy, Map.of()), "after TAPEKIT_CDS=update: " + said);
  }
}
