package dev.tapekit.scsi.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sg3_utils decoders (sg_decode_sense, sg_vpd, sg_logs, sg_inq, ...) on bytes we produced or
 * decoded, so tests can compare our decoding with an independent implementation.
 *
 * <p>When the tool is missing the test is skipped by assumption, unless the system property {@code
 * tapekit.require.sg3utils=true} (set by CI) demands it, in which case it fails.
 */
public final class Sg3Utils {
  private Sg3Utils() {}

  /** Skips (or, in CI, fails) the calling test when {@code tool} is not on the PATH. */
  public static void requireTool(String tool) {
    boolean present = onPath(tool);
    if (!present && Boolean.getBoolean("tapekit.require.sg3utils") && !onPath(PACKAGE_PROBE)) {
      fail(tool + ": sg3-utils is required by tapekit.require.sg3utils=true but is not installed");
    }
    // A tool newer than the installed sg3-utils (sg_rep_density arrived in 1.48; Debian 12 has 1.46)
    // is skipped even in CI: the package is there, this decoder is not.
    assumeTrue(present, tool + " is not installed (apt-get install sg3-utils; some tools need sg3-utils >= 1.48)");
  }

  /** A tool every sg3-utils version ships: its presence means the package is installed. */
  private static final String PACKAGE_PROBE = "sg_inq";

  /** Whether {@code tool} is an executable in a directory of {@code $PATH}. */
  public static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes {@code data} as a hex file and runs {@code tool args... --inhex=FILE}; returns stdout
   * followed by stderr. The exit status is not checked: decoders exit non-zero for some inputs and
   * the caller compares text.
   */
  public static String runInhex(String tool, byte[] data, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(args));
    command.add("--inhex={}");
    return runOnHexFile(data, command.toArray(new String[0]));
  }

  /**
   * Writes {@code data} as a hex file (16 bytes a line) and runs {@code command} with each {@code {}}
   * in it replaced by the file's path, for decoders that name the option otherwise ({@code
   * sg_read_attr --in={}}, {@code sg_decode_sense --file={}}). Skips like {@link #requireTool} when
   * {@code command[0]} is missing; returns stdout followed by stderr, exit status unchecked.
   */
  public static String runOnHexFile(byte[] data, String... command) throws IOException {
    requireTool(command[0]);
    Path file = Files.createTempFile("tapekit-inhex", ".hex");
    try {
      StringBuilder hex = new StringBuilder();
      for (int off = 0; off < data.length; off += 16) {
        hex.append(HexFormat.ofDelimiter(" ").formatHex(data, off, Math.min(data.length, off + 16))).append('\n');
      }
      Files.writeString(file, hex);
      List<String> cmd = new ArrayList<>();
      for (String part : command) {
        cmd.add(part.replace("{}", file.toString()));
      }
      return run(cmd);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Runs a command and returns stdout followed by stderr. */
  public static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(cmd + " did not finish in 30 s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + cmd, e);
    }
  }
}
