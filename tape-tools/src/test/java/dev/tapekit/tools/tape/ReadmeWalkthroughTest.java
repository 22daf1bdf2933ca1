package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the README's "Tape backup, step by step" lines as they are written there: labels, a backup, a
 * restore of one file, the key store lost and the key recovered from tape, a verify. The placeholders
 * (FINGERPRINT, SET, SNAPSHOT) take what the commands before printed; paths outside the test's home
 * are moved into it; the password comes from TAPEKIT_KEY_PASSWORD where a user would type it.
 */
@ExtendWith(VtlHomeExtension.class)
class ReadmeWalkthroughTest {
  static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){31}");
  static final Pattern SET = Pattern.compile("media set .* \\(([0-9a-f-]{36})\\)");
  static final Pattern SNAPSHOT = Pattern.compile("\\S+/etc/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

  /** The indented lines of the README's walk-through. */
  static List<String> lines() throws Exception {
    List<String> all = Files.readAllLines(Path.of("..", "README.md"));
    int i = all.indexOf("#### Tape backup, step by step");
    assertTrue(i >= 0, "README has the walk-through");
    while (!all.get(i).startsWith("    ")) {
      i++;
    }
    List<String> lines = new ArrayList<>();
    for (; all.get(i).startsWith("    "); i++) {
      lines.add(all.get(i).strip());
    }
    return lines;
  }

  /** A shell line's words: spaces split, double quotes group. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words;
  }

  @Test
  void theReadmeWalkthroughWorksAsWritten() throws Exception {
    TapeHome t = new TapeHome();
    Map<String, String> env = new HashMap<>(t.environment.env());
    env.put(Passwords.ENV, "a long walk on tape");
    TapeEnvironment e = new TapeEnvironment(env, t.environment.paths(), t.environment.clock(),
        t.environment.sleeper(), t.environment.stdin(), t.environment.operatorStream());
    ToolHarness h = new ToolHarness().tapeEnvironment(e);
    Path work = t.home.getParent();
    Map<String, String> found = new HashMap<>();
    List<String> ran = new ArrayList<>();
    for (String line : lines()) {
      if (line.startsWith("export PATH=")) {
        continue; // the launchers: here the tool runs in-process
      }
      if (line.startsWith("rm -r ")) {
        assertTrue(line.replaceFirst("\\s*#.*$", "").endsWith("/keys"), line);
        try (Stream<Path> keys = Files.walk(t.home.resolve("keys"))) {
          for (Path p : keys.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
        ran.add(line);
        continue;
      }
      List<String> args = new ArrayList<>();
      for (String w : words(line)) {
        String v = found.getOrDefault(w, w);
        v = v.equals("/tmp/etc-back") ? work.resolve("etc-back").toString()
            : v.equals("paperkey.txt") ? work.resolve("paperkey.txt").toString() : v;
        args.add(v);
      }
      assertEquals("tape", args.remove(0), line);
      ToolHarness.Result r = h.tape(args.toArray(String[]::new));
      assertEquals(0, r.exit(), line + "\n" + r.out() + r.err() + "\nafter: " + ran);
      ran.add(line);
      remember(found, "FINGERPRINT", FINGERPRINT, r.out());
      if (args.get(0).equals("backup")) {
        Matcher set = SET.matcher(r.out());
        assertTrue(set.find(), r.out());
        found.put("SET", set.group(1));
        remember(found, "SNAPSHOT", SNAPSHOT, r.out());
      }
    }
    assertTrue(ran.size() >= 12, ran.toString());
    assertArrayEquals(Files.readAllBytes(Path.of("/etc/hosts")),
        Files.readAllBytes(work.resolve("etc-back").resolve("hosts")), "the file restored is /etc/hosts");
    assertFalse(Files.readString(work.resolve("paperkey.txt")).isEmpty());
  }

  private static void remember(Map<String, String> found, String name, Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!found.containsKey(name) && m.find()) {
      found.put(name, m.group());
    }
  }
}
