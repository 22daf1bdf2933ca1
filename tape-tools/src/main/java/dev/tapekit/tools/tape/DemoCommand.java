package dev.tapekit.tools.tape;

import dev.tapekit.catalog.MediaSet;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.vtl.LibraryLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tape demo}: the whole job on a fresh embedded virtual library, with the same commands a user
 * types, run here one after the other in a home of their own: a library with small cartridges, an
 * encryption key with a generated password and a paper key, a pool, barcode labels, an encrypted backup
 * of a sample tree (or {@code --source}) that spans tapes, the media list and content, a restore,
 * an independent byte-for-byte and metadata comparison of the restored tree, and a verify of the set.
 */
@Command(name = "demo", description = {"Runs the whole job on a fresh embedded virtual library: library, key, pool, "
    + "labels, an encrypted backup spanning tapes, media list and content, restore, comparison, verify.",
    "Exit status 0 when the restored tree is the source, byte for byte with its metadata; 14 when not."})
final class DemoCommand extends TapeCommand {
  static final String LIBRARY = "DEMO";
  static final long CARTRIDGE_MIB = 64;

  @Option(names = "--source", paramLabel = "DIR", description = "back up this directory instead of a generated sample tree")
  Path source;

  @Option(names = "--keep", description = "keep the demo's home (configuration, state, library, restored tree) to explore")
  boolean keep;

  @Option(names = "--size", paramLabel = "MIB", defaultValue = "300", description = "the sample tree's size (default 300)")
  long sizeMiB;

  @Override
  int run(Session s) throws Exception {
    if (sizeMiB < 1 || sizeMiB > 100_000) {
      throw new ToolFailure(ExitCode.USAGE, "--size is 1 to 100000 MiB");
    }
    if (source != null && !Files.isDirectory(source)) {
      throw new ToolFailure(ExitCode.NOT_FOUND, "--source " + source + " is not a directory");
    }
    Path home = keep ? Files.createDirectories(s.paths().home().resolve("demo-" + s.clock().instant().getEpochSecond()))
        : Files.createTempDirectory("tapekit-demo-");
    try {
      return demo(s, home);
    } catch (DemoStopped stopped) {
      s.out().println("\nNOT OK: " + stopped.getMessage());
      return stopped.status;
    } finally {
      if (keep) {
        s.out().println("\nkept: " + home + " — explore it with:\n  export TAPEKIT_CONFIG=" + home.resolve("config")
            + " TAPEKIT_HOME=" + home.resolve("state") + "\n  tape media list; tape media content; tape key list");
      } else {
        delete(home);
      }
      s.out().flush();
    }
  }

  private int demo(Session s, Path home) throws Exception {
    PrintWriter out = s.out();
    Map<String, String> env = new HashMap<>(s.environment().env());
    env.put("TAPEKIT_CONFIG", home.resolve("config").toString());
    env.put("TAPEKIT_HOME", home.resolve("state").toString());
    env.remove("TAPEKIT_VTL_HOME");
    env.remove("TAPEKIT_DRIVE");
    env.put("TAPEKIT_LOCK_DIR", home.resolve("state/locks").toString()); // its own: the demo's drives are its alone
    TapePaths paths = TapePaths.of(env, false, home);
    TapeEnvironment child = new TapeEnvironment(env, paths, s.clock(), s.environment().sleeper(),
        s.environment().stdin(), s.environment().operatorStream());
    out.println("tape demo: a fresh home in " + home + " (TAPEKIT_CONFIG and TAPEKIT_HOME point there)");

    List<String> failures = new ArrayList<>();
    step(out, "a virtual library " + LIBRARY + ": the L700's drives and its 20 LTO-8 cartridges, of " + CARTRIDGE_MIB
        + " MiB each, so that the backup spans tapes");
    LibraryLayout l700 = LibraryLayout.l700();
    Path layoutFile = home.resolve("demo-library.toml");
    Files.writeString(layoutFile, new LibraryLayout(LIBRARY, l700.changer(), CARTRIDGE_MIB, l700.drives(),
        l700.cartridges().stream().filter(c -> c.barcode().startsWith("E")).toList()).toToml());
    run(child, s, failures, "vtl", "create", LIBRARY, "--layout", layoutFile.toString(), "--capacity",
        CARTRIDGE_MIB + "M");

    step(out, "an encryption key: its password is generated here and given through TAPEKIT_KEY_PASSWORD "
        + "(interactively, tape key create asks twice)");
    String password = password();
    env.put(Passwords.ENV, password);
    child = new TapeEnvironment(env, paths, s.clock(), s.environment().sleeper(), s.environment().stdin(),
        s.environment().operatorStream());
    String created = run(child, s, failures, "key", "create", "--hint", "tape demo");
    java.util.regex.Matcher found = java.util.regex.Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){31}").matcher(created);
    if (!found.find()) {
      throw new ToolFailure(ExitCode.FAILED, "tape key create printed no fingerprint: " + created);
    }
    String fp = found.group();
    Path paper = home.resolve("paperkey.txt");
    run(child, s, failures, "key", "paperkey", fp, "--output-format", "text", "--output", paper.toString());
    out.println("password: " + password + "   (keep it: with it, the paper key or any tape of the set "
        + "recovers the key: tape key restore)");
    run(child, s, failures, "pool", "create", "demo", "--drive", LIBRARY + "-0", "--encrypt", fp);
    run(child, s, failures, "barcode-label", "--pool", "demo", "--drive", LIBRARY + "-0", "--quiet");

    Path tree = source;
    long sourceBytes;
    if (tree == null) {
      tree = Files.createDirectories(home.resolve("source"));
      step(out, "a sample tree of about " + sizeMiB + " MiB in " + tree);
      DemoTree sample = new DemoTree(20261206);
      sample.generate(tree, sizeMiB << 20);
      out.println(sample.files() + " files, " + Units.bytes(sample.bytes()) + " of data (and a file of holes)");
      sourceBytes = sample.bytes();
    } else {
      sourceBytes = size(tree); // files' lengths: holes count as data here
    }

    Instant t0 = s.clock().instant();
    run(child, s, failures, "backup", tree.toString(), "--pool", "demo", "--name", "demo/source");
    Duration backup = Duration.between(t0, s.clock().instant());
    run(child, s, failures, "media", "list");
    run(child, s, failures, "media", "content");

    MediaSet set;
    List<String> tapes = new ArrayList<>();
    try (Session look = new Session(child, new PrintWriter(PrintWriter.nullWriter()), s.err(), s.format(), true)) {
      List<MediaSet> sets = look.catalog().mediaSets("demo");
      if (sets.isEmpty()) {
        throw new ToolFailure(ExitCode.FAILED, "the backup made no media set: see its messages above");
      }
      set = sets.get(sets.size() - 1);
      for (var m : set.members().values()) {
        look.catalog().media(m).ifPresent(x -> tapes.add(x.label()));
      }
    }
    Path restored = home.resolve("restored");
    t0 = s.clock().instant();
    run(child, s, failures, "restore", set.uuid().toString(), restored.toString());
    Duration restore = Duration.between(t0, s.clock().instant());

    step(out, "the restored tree against the source, byte for byte, with permissions, times, links and xattrs");
    Path snapshotDir;
    try (Stream<Path> dirs = Files.walk(restored, 3)) {
      snapshotDir = dirs.filter(p -> restored.relativize(p).toString().startsWith("demo/source/")
          && restored.relativize(p).getNameCount() == 3).findFirst().orElse(restored);
    }
    List<String> diffs = TreeCheck.compare(tree, snapshotDir, 20);
    diffs.forEach(d -> out.println("  differs: " + d));
    out.println(diffs.isEmpty() ? "identical: " + snapshotDir : diffs.size() + " differences");
    if (!diffs.isEmpty()) {
      failures.add("the restored tree differs from the source");
    }

    t0 = s.clock().instant();
    run(child, s, failures, "verify", set.uuid().toString());
    Duration verify = Duration.between(t0, s.clock().instant());

    step(out, "what it did");
    out.println("backed up " + Units.bytes(sourceBytes) + " in " + Units.duration(backup) + " ("
        + Units.rate(sourceBytes, backup) + "), encrypted, onto " + tapes.size() + " tapes: " + String.join(", ", tapes));
    out.println("restored in " + Units.duration(restore) + " (" + Units.rate(sourceBytes, restore) + "), verified the set in "
        + Units.duration(verify));
    if (!failures.isEmpty()) {
      out.println("NOT OK: " + String.join("; ", failures));
      return ExitCode.NOT_VERIFIED.code();
    }
    out.println("OK: the restored tree is the source, and the media set verifies");
    return 0;
  }

  /** Runs one tape command in the demo's home, showing it as the user would type it; its output. */
  private static String run(TapeEnvironment child, Session s, List<String> failures, String... args) {
    PrintWriter out = s.out();
    out.println("\n$ tape " + String.join(" ", quoted(args)));
    out.flush();
    java.io.StringWriter captured = new java.io.StringWriter();
    int status = Tape.execute(child, args, new PrintWriter(captured, true), s.err());
    out.print(captured);
    out.flush();
    if (status != 0) {
      failures.add("tape " + args[0] + " exited " + status);
      throw new DemoStopped(status, "tape " + String.join(" ", quoted(args)) + " exited " + status
          + ": the demo stops here (its messages are above)");
    }
    return captured.toString();
  }

  /** A step failed: the demo ends with that step's exit status. */
  private static final class DemoStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    DemoStopped(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private static List<String> quoted(String[] args) {
    List<String> q = new ArrayList<>();
    for (String a : args) {
      q.add(a.matches("[A-Za-z0-9_./:=%@+-]+") ? a : "'" + a + "'");
    }
    return q;
  }

  private static void step(PrintWriter out, String what) {
    out.println("\n# " + what);
    out.flush();
  }

  /** 6 groups of 4 letters and digits from a secure random source: about 124 bits. */
  static String password() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int g = 0; g < 6; g++) {
      if (g > 0) {
        sb.append('-');
      }
      for (int i = 0; i < 4; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }

  private static long size(Path tree) throws IOException {
    try (Stream<Path> all = Files.walk(tree)) {
      return all.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }

  private static void delete(Path home) throws IOException {
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
