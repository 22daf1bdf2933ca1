package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.tools.pmt.Pmt;
import dev.tapekit.tools.pmtx.Pmtx;
import dev.tapekit.tools.tape.Tape;
import dev.tapekit.tools.tape.TapeEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs pmt and pmtx in-process ({@link CommandLine#execute} with captured stdout and stderr) and keeps a
 * transcript of every invocation, compared with a golden file under {@code
 * src/test/resources/dev/tapekit/tools/golden/}. Run with {@code -Dtapekit.golden.update=true} to
 * rewrite the golden files from the current output (then review the diff).
 *
 * <p>Transcript format, per invocation:
 *
 * <pre>
 * $ pmtx -f vtl:L700 load 1 0
 * exit 0
 * --- stdout
 * Loading media from Storage Element 1 into drive 0...done
 * --- stderr
 * </pre>
 *
 * Dates (the virtual cartridges' manufacture dates) are replaced by {@code YYYY-MM-DD} / {@code YYYYMMDD}.
 */
public final class ToolHarness {
  /** One invocation's outcome. */
  public record Result(int exit, String out, String err, byte[] binary) {}

  private final StringBuilder transcript = new StringBuilder();
  private Map<String, String> env = Map.of();
  private DeviceOpener opener = Devices::open;
  private TapeEnvironment tape;
  private final Map<String, String> masks = new java.util.LinkedHashMap<>();
  private final Map<java.util.regex.Pattern, String> patterns = new java.util.LinkedHashMap<>();

  public ToolHarness env(Map<String, String> newEnv) {
    this.env = newEnv;
    return this;
  }

  /** Devices for later pmt and pmtx invocations come from {@code newOpener} (e.g. a wrapper injecting refusals). */
  public ToolHarness opener(DeviceOpener newOpener) {
    this.opener = newOpener;
    return this;
  }

  /** Later {@code tape} invocations run in {@code environment}. */
  public ToolHarness tapeEnvironment(TapeEnvironment environment) {
    this.tape = environment;
    return this;
  }

  /** In transcripts, {@code text} (a temporary path, say) is written as {@code name}. */
  public ToolHarness mask(String text, String name) {
    masks.put(text, name);
    return this;
  }

  /** In transcripts, text matching {@code regex} is replaced by {@code replacement} (UUIDs, times). */
  public ToolHarness maskPattern(String regex, String replacement) {
    patterns.put(java.util.regex.Pattern.compile(regex), replacement);
    return this;
  }

  public Result tape(String... args) {
    return run("tape", new Tape(tape), null, args);
  }

  /** {@code tape} with {@code stdin} as its standard input. */
  public Result tape(byte[] stdin, String... args) {
    return run("tape", new Tape(tape.withStdin(new ByteArrayInputStream(stdin))), null, args);
  }

  public Result pmtx(String... args) {
    return run("pmtx", new Pmtx(env, opener), null, args);
  }

  public Result pmt(String... args) {
    return pmt(new byte[0], args);
  }

  public Result pmt(byte[] stdin, String... args) {
    return pmt(new ByteArrayInputStream(stdin), args);
  }

  /** Runs {@code command} as its launcher does ({@link Tool#execute}: its quick parser when it takes {@code args}). */
  public Result execute(Tool.QuickStart command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tool.execute(command, args, new PrintWriter(out, true), new PrintWriter(err, true), java.util.Optional.empty());
    return new Result(exit, out.toString(), err.toString(), new byte[0]);
  }

  /** Fails unless both invocations exited alike and printed the same. */
  public static void assertSameResult(Result expected, Result actual, String what) {
    assertEquals(expected.exit(), actual.exit(), what + ": exit");
    assertEquals(expected.out(), actual.out(), what + ": stdout");
    assertEquals(expected.err(), actual.err(), what + ": stderr");
  }

  public Result pmt(InputStream stdin, String... args) {
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    return run("pmt", new Pmt(env, stdin, binary, opener), binary, args);
  }

  private Result run(String name, Object command, ByteArrayOutputStream binary, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Tool.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true));
    int exit = cl.execute(args);
    Result r = new Result(exit, out.toString(), err.toString(), binary == null ? new byte[0] : binary.toByteArray());
    transcript.append("$ ").append(name);
    for (String a : args) {
      transcript.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$*?].*") ? "'" + a + "'" : a);
    }
    transcript.append("\nexit ").append(exit).append("\n--- stdout\n").append(r.out());
    if (binary != null && binary.size() > 0) {
      transcript.append("[").append(binary.size()).append(" bytes of tape data]\n");
    }
    transcript.append("--- stderr\n").append(r.err()).append('\n');
    return r;
  }

  /**
   * Closes {@code resource} on another thread after {@code millis} (a lock a job releases while a tool
   * waits for it); join the returned thread before asserting.
   */
  public static Thread closeLater(AutoCloseable resource, long millis) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(millis);
        resource.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    t.start();
    return t;
  }

  /** Adds a note line to the transcript (e.g. what the test did between invocations). */
  public void note(String text) {
    transcript.append("# ").append(text).append("\n\n");
  }

  public String transcript() {
    String text = transcript.toString();
    for (Map.Entry<String, String> m : masks.entrySet()) {
      text = text.replace(m.getKey(), m.getValue());
    }
    for (Map.Entry<java.util.regex.Pattern, String> m : patterns.entrySet()) {
      text = m.getKey().matcher(text).replaceAll(m.getValue());
    }
    return mask(text);
  }

  static String mask(String text) {
    String home = System.getProperty("tapekit.vtl.home");
    if (home != null) {
      text = text.replace(home, "$VTL_HOME");
    }
    return text.replaceAll("\\b20\\d\\d-\\d\\d-\\d\\d\\b", "YYYY-MM-DD").replaceAll("\\b20\\d{6}\\b", "YYYYMMDD");
  }

  /** Compares the transcript with golden file {@code name}; rewrites it when updating. */
  public void assertGolden(String name) throws IOException {
    String actual = transcript();
    String resource = "golden/" + name + ".txt";
    if (Boolean.getBoolean("tapekit.golden.update")) {
      Path file = Path.of("src/test/resources/dev/tapekit/tools").resolve(resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = ToolHarness.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no golden file " + resource + "; run with -Dtapekit.golden.update=true to create it");
      }
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(expected, actual, "transcript differs from " + resource);
    }
  }

  /** Lines of text, for assertions on parts. */
  public static List<String> lines(String text) {
    return text.lines().toList();
  }
}
