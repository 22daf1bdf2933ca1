package dev.tapekit.iscsi;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Linux tgt daemon the test starts on a free loopback port and stops by its PID, with tgtadm and
 * tgtimg from the same unpacked packages ({@code src/test/tgt/fetch-tgt.sh}). Found through the system
 * property {@code tapekit.tgt.root} (default {@code /var/tmp/tapekit-tgt}, its {@code root}
 * subdirectory also tried); missing, the tests are skipped, unless {@code tapekit.require.tgt=true}.
 */
final class TgtDaemon implements AutoCloseable {
  private static final String MULTIARCH_LIB = "usr/lib/x86_64-linux-gnu";

  final Path root;
  final Path work;
  final int port;
  private final Process process;

  private TgtDaemon(Path root, Path work, int port, Process process) {
    this.root = root;
    this.work = work;
    this.port = port;
    this.process = process;
  }

  /** The unpacked tgt, or a skipped (or, when required, failed) test. */
  static Path locate() {
    String configured = System.getProperty("tapekit.tgt.root", "");
    Path base = Path.of(configured.isBlank() ? "/var/tmp/tapekit-tgt" : configured);
    String why = "no tgtd under " + base + " (set -Dtapekit.tgt.root, or run tape-iscsi/src/test/tgt/fetch-tgt.sh "
        + base + ")";
    for (Path candidate : List.of(base, base.resolve("root"))) {
      if (Files.isExecutable(candidate.resolve("usr/sbin/tgtd"))) {
        // tgtd keeps its management socket and lock under /var/run/tgtd, which only root may create.
        if (Files.isWritable(Path.of("/var/run/tgtd")) || Files.isWritable(Path.of("/var/run"))) {
          return candidate;
        }
        why = "tgtd needs root: it creates its management socket under /var/run/tgtd";
      }
    }
    if (Boolean.getBoolean("tapekit.require.tgt")) {
      Assertions.fail("tapekit.require.tgt=true but " + why);
    }
    Assumptions.abort(why);
    return null;
  }

  static TgtDaemon start(Path work) throws Exception {
    Path root = locate();
    Files.createDirectories(work);
    // tgtd keeps the control port (-C) in a signed 16-bit integer: stay below 32768.
    int port = freePortBelow32768();
    ProcessBuilder pb = new ProcessBuilder(root.resolve("usr/sbin/tgtd").toString(), "-f", "-C", Integer.toString(port),
        "--iscsi", "portal=127.0.0.1:" + port);
    pb.environment().put("LD_LIBRARY_PATH", root.resolve(MULTIARCH_LIB).toString());
    pb.redirectErrorStream(true).redirectOutput(work.resolve("tgtd.log").toFile());
    Process p = pb.start();
    TgtDaemon d = new TgtDaemon(root, work, port, p);
    for (int i = 0; i < 100; i++) {
      if (!p.isAlive()) {
        Assertions.fail("tgtd exited at start: " + Files.readString(work.resolve("tgtd.log")));
      }
      if (d.tryAdmin("--op", "show", "--mode", "system")) {
        return d;
      }
      Thread.sleep(100);
    }
    d.close();
    Assertions.fail("tgtd did not answer on control port " + port);
    return null;
  }

  private static int freePortBelow32768() throws IOException {
    for (int i = 0; i < 200; i++) {
      int candidate = 20000 + (int) (Math.random() * 12000);
      try (ServerSocket s = new ServerSocket(candidate)) {
        return candidate;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free TCP port between 20000 and 32000");
  }

  /** Runs tgtadm; a failure fails the test with tgtadm's output. */
  void admin(String... args) throws Exception {
    String out = run(root.resolve("usr/sbin/tgtadm"), prepend(args, "-C", Integer.toString(port), "--lld", "iscsi"));
    if (out != null) {
      Assertions.fail("tgtadm " + String.join(" ", args) + " failed: " + out);
    }
  }

  /** Runs tgtadm and returns what it printed. */
  String adminOutput(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("usr/sbin/tgtadm").toString());
    cmd.addAll(prepend(args, "-C", Integer.toString(port), "--lld", "iscsi"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LD_LIBRARY_PATH", root.resolve(MULTIARCH_LIB).toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private boolean tryAdmin(String... args) throws Exception {
    return run(root.resolve("usr/sbin/tgtadm"), prepend(args, "-C", Integer.toString(port), "--lld", "iscsi")) == null;
  }

  /** Creates a tape image with tgtimg. */
  void tape(Path file, String barcode, int megabytes) throws Exception {
    String out = run(root.resolve("usr/sbin/tgtimg"), List.of("--op", "new", "--device-type", "tape", "--barcode",
        barcode, "--size", Integer.toString(megabytes), "--type", "data", "--file", file.toString()));
    if (out != null) {
      Assertions.fail("tgtimg failed: " + out);
    }
  }

  private static List<String> prepend(String[] args, String... first) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(args));
    return all;
  }

  /** Null when the program succeeded, else its output. */
  private String run(Path program, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(program.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LD_LIBRARY_PATH", root.resolve(MULTIARCH_LIB).toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out";
    }
    return p.exitValue() == 0 ? null : new String(out, StandardCharsets.UTF_8) + " (exit " + p.exitValue() + ")";
  }

  /** tgtd ignores SIGTERM while targets exist: delete them through tgtadm, then stop the process we started. */
  @Override
  public void close() throws Exception {
    for (int tid = 1; tid <= 8; tid++) {
      tryAdmin("--op", "delete", "--mode", "target", "--tid", Integer.toString(tid), "--force");
    }
    tryAdmin("--op", "delete", "--mode", "system");
    if (!process.waitFor(3, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    // tgtd leaves its control socket behind: remove what this daemon created.
    Files.deleteIfExists(Path.of("/var/run/tgtd/socket." + port));
    Files.deleteIfExists(Path.of("/var/run/tgtd/socket." + port + ".lock"));
  }
}
