package dev.tapekit.catalog.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code systemd-analyze calendar} and {@code systemd-analyze timespan} (the oracle for this
 * package's tests) and reads what they print.
 */
final class SystemdAnalyze {
  static final Path BINARY = Path.of("/usr/bin/systemd-analyze");
  private static final Pattern ELAPSE =
      Pattern.compile("^\\s*(Next elapse|Iter\\. #\\d+|\\(in UTC\\)): (?:\\w+ )?(\\S+ \\S+) (\\S+)$");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private SystemdAnalyze() {}

  /** Skips the calling test, saying why, when systemd-analyze is not installed. */
  static void assumeInstalled() {
    skipOrFail(Files.isExecutable(BINARY), BINARY + " is not installed (Debian/Ubuntu package "
        + "systemd); CI installs it, and these tests compare this package with it");
  }

  /**
   * Skips the calling test with {@code why} unless {@code ok}; fails it instead when the system
   * property {@code tapekit.require.systemd} is true (CI, which installs what these tests need).
   */
  private static void skipOrFail(boolean ok, String why) {
    if (!ok && Boolean.getBoolean("tapekit.require.systemd")) {
      throw new AssertionError(why + " (tapekit.require.systemd=true)");
    }
    Assumptions.assumeTrue(ok, why);
  }

  /** Skips the calling test, saying why, when systemd-analyze cannot take a base time (before systemd 244). */
  static void assumeBaseTime() {
    String help = run(ZoneId.of("UTC"), List.of(BINARY.toString(), "--help")).stdout;
    skipOrFail(help.contains("--base-time"), BINARY + " has no --base-time option (systemd 244 or "
        + "later has); without it the elapses depend on the clock");
  }

  /** Skips the calling test, saying why, when the C library has no time zone data for {@code zones}. */
  static void assumeZones(List<ZoneId> zones) {
    for (ZoneId zone : zones) {
      Path data = Path.of("/usr/share/zoneinfo", zone.getId());
      skipOrFail(Files.isRegularFile(data), data + " is missing (Debian/Ubuntu package tzdata); "
          + "without it systemd-analyze reads TZ=" + zone + " as UTC");
    }
  }

  /**
   * What {@code systemd-analyze calendar} said about one expression.
   *
   * @param normalized its "Normalized form:", empty when systemd refused the expression or failed
   * @param elapses the "Next elapse:" and "Iter. #N:" times, as instants; empty for "never"
   * @param failure the error systemd gave while computing the elapses, or empty
   */
  record Calendar(Optional<String> normalized, List<Instant> elapses, String failure) {}

  /**
   * Runs {@code TZ=zone systemd-analyze calendar --base-time=@base --iterations=n expressions...} once for
   * all {@code expressions} and returns what it said about each, in order. The base is passed to the
   * microsecond, systemd's resolution.
   */
  static Map<String, Calendar> calendar(ZoneId zone, Instant base, int iterations, List<String> expressions) {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "calendar",
        "--base-time=@" + base.getEpochSecond() + "." + String.format("%06d", base.getNano() / 1000),
        "--iterations=" + iterations));
    command.addAll(expressions);
    Output out = run(zone, command);
    // One block per accepted expression, in order, separated by empty lines; refusals go to stderr.
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = new ArrayList<>();
    for (String line : out.stdout.split("\n", -1)) {
      if (line.isBlank()) {
        if (!block.isEmpty()) {
          blocks.add(block);
          block = new ArrayList<>();
        }
      } else {
        block.add(line);
      }
    }
    Map<String, Calendar> results = new LinkedHashMap<>();
    int next = 0;
    for (String expression : expressions) {
      if (out.stderr.contains("Failed to parse calendar specification '" + expression + "'")) {
        results.put(expression, new Calendar(Optional.empty(), List.of(), ""));
        continue;
      }
      if (out.stderr.contains("Failed to determine next elapse for '" + expression + "'")) {
        results.put(expression, new Calendar(Optional.empty(), List.of(), out.stderr));
        continue;
      }
      assertTrue(next < blocks.size(), "no output for '" + expression + "' in:\n" + out);
      results.put(expression, block(expression, blocks.get(next++)));
    }
    return results;
  }

  private static Calendar block(String expression, List<String> lines) {
    String original = null;
    String normalized = null;
    List<Instant> elapses = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("Original form: ")) {
        original = trimmed.substring("Original form: ".length());
      } else if (trimmed.startsWith("Normalized form: ")) {
        normalized = trimmed.substring("Normalized form: ".length());
      } else {
        Matcher m = ELAPSE.matcher(line);
        if (m.matches() && m.group(3).equals("UTC")) {
          elapses.add(LocalDateTime.parse(m.group(2), STAMP).toInstant(ZoneOffset.UTC));
        }
      }
    }
    // systemd leaves out the original when it equals the normalized form
    assertEquals(expression, original != null ? original : normalized, "systemd-analyze output out of step");
    return new Calendar(Optional.of(normalized), List.copyOf(elapses), "");
  }

  /**
   * What {@code systemd-analyze timespan} said about one span.
   *
   * @param micros its "μs:" line, or empty when systemd refused the span
   * @param human its "Human:" line
   */
  record Span(Optional<Long> micros, String human) {}

  static Span timespan(String span) {
    Output out = run(ZoneId.of("UTC"), List.of(BINARY.toString(), "timespan", span));
    Long micros = null;
    String human = "";
    for (String line : out.stdout.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("us: ") || trimmed.startsWith("\u03bcs: ")) {
        micros = Long.parseUnsignedLong(trimmed.substring(trimmed.indexOf(' ') + 1));
      } else if (trimmed.startsWith("Human: ")) {
        human = trimmed.substring("Human: ".length());
      }
    }
    assertEquals(micros == null, out.stderr.contains("Failed to parse time span"), "unexpected output:\n" + out);
    return new Span(Optional.ofNullable(micros), human);
  }

  private record Output(String stdout, String stderr) {
    @Override
    public String toString() {
      return stdout + stderr;
    }
  }

  private static Output run(ZoneId zone, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TZ", zone.getId());
    builder.environment().put("LC_ALL", "C");
    try {
      Path stderr = Files.createTempFile("systemd-analyze", ".err");
      try {
        Process p = builder.redirectError(stderr.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish: " + command);
        return new Output(stdout, Files.readString(stderr));
      } finally {
        Files.delete(stderr);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
