package dev.tapekit.backup.tree;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The Debian programs this package runs where Java has no API: mkfifo, mknod and touch
 * (coreutils), getfattr and setfattr (package {@code attr}). Paths are passed absolute, after
 * {@code --}, so no name is taken for an option.
 */
final class Commands {
  private Commands() {}

  /** What a program did: its exit status, its standard output and its standard error as text. */
  record Result(int exit, byte[] out, String err) {
    /** The error text for a failed run, e.g. "mkfifo exited with 1: mkfifo: ...: File exists". */
    String failure(String program) {
      return program + " exited with " + exit + (err.isBlank() ? "" : ": " + err.strip());
    }
  }

  /** The program's file if it is an executable in the PATH, else null. */
  static Path find(String program) {
    String path = System.getenv("PATH");
    for (String dir : (path == null || path.isEmpty() ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Runs {@code argv} with no input and waits for it. */
  static Result run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "tapekit-" + argv.get(0) + "-stderr");
    errReader.setDaemon(true);
    errReader.start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      int exit = p.waitFor();
      errReader.join();
      return new Result(exit, out, err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(argv.get(0) + " was interrupted");
    }
  }

  /** Runs {@code argv} and throws an IOException with its error text unless it exits with 0. */
  static void check(List<String> argv) throws IOException {
    Result r = run(argv);
    if (r.exit() != 0) {
      throw new IOException(r.failure(argv.get(0)));
    }
  }

  /** {@code instant} as touch's {@code -d} takes it: "@seconds.nanoseconds" (-0.5 s is "@-0.500000000"). */
  static String touchTime(Instant instant) {
    return "@" + BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9))
        .toPlainString();
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
