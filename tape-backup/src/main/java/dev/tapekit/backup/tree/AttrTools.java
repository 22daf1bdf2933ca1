package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry.Xattr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * POSIX ACLs (and xattrs outside {@code user.*}) through getfattr and setfattr from Debian's
 * package {@code attr}, since Java reads and writes only {@code user.*} xattrs.
 *
 * <p>Contract:
 * <ul>
 *   <li>Availability is found once, when the class loads: {@link #isAvailable()} and, when not,
 *       {@link #unavailabilityCause()} (install it with {@code apt-get install attr}). Without the
 *       tools a backup records no ACLs (one {@link TreeProblem.Kind#METADATA} problem for the root
 *       says so) and a restore reports each path whose ACLs it could not set.
 *   <li>ACLs are read as the kernel gives them: the xattrs {@code system.posix_acl_access} and
 *       {@code system.posix_acl_default}, binary (FORMAT.md 7.2.2). Symlinks are never followed.
 *   <li>Cost: one getfattr run per directory with subdirectories (for its entries and, read ahead,
 *       theirs: see TreeReader) and one setfattr run per ACL restored.
 *   <li>Thread-safe (stateless).
 * </ul>
 */
public final class AttrTools {
  /** getfattr's -m pattern: exactly the two ACL xattrs. */
  static final String ACL_PATTERN = "^system\\.posix_acl_(access|default)$";
  /**
   * Arguments per getfattr run, in bytes with their pointers: a quarter of Linux's 2 MiB for argv and
   * the environment under the usual 8 MiB stack limit, and within it under a 2 MiB one.
   */
  private static final int BATCH_BYTES = 512 << 10;
  private static final String CAUSE = cause();
  /** getfattr runs so far in this JVM (tests count the runs of a walk). */
  static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

  private AttrTools() {}

  /** Whether getfattr and setfattr are installed (in the PATH). */
  public static boolean isAvailable() {
    return CAUSE == null;
  }

  /** Why ACLs cannot be read or written, or null when they can. */
  public static String unavailabilityCause() {
    return CAUSE;
  }

  private static String cause() {
    List<String> missing = new ArrayList<>();
    for (String program : List.of("getfattr", "setfattr")) {
      if (Commands.find(program) == null) {
        missing.add(program);
      }
    }
    return missing.isEmpty() ? null : String.join(" and ", missing) + " not found in the PATH (Debian package "
        + "'attr': apt-get install attr), so POSIX ACLs are neither read nor restored";
  }

  /**
   * The ACL xattrs of {@code files} (absolute paths), by each path's {@code toString()}; files
   * without ACLs, and files getfattr could not read (it says why on its standard error, ignored
   * here: the walk reports a vanished or unreadable file itself), are not in the map.
   */
  static Map<String, List<Xattr>> readAcls(List<Path> files) throws IOException {
    Map<String, List<Xattr>> acls = new HashMap<>();
    List<String> argv = new ArrayList<>();
    int bytes = 0;
    for (Path f : files) {
      if (argv.isEmpty()) {
        argv.addAll(List.of("getfattr", "--absolute-names", "-h", "-d", "-m", ACL_PATTERN, "-e", "hex", "--"));
        bytes = 0;
      }
      String s = f.toString();
      argv.add(s);
      bytes += s.getBytes(StandardCharsets.UTF_8).length + 1 + Long.BYTES;
      if (bytes >= BATCH_BYTES) {
        RUNS.incrementAndGet();
        parse(Commands.run(argv).out(), acls);
        argv.clear();
      }
    }
    if (!argv.isEmpty()) {
      RUNS.incrementAndGet();
      parse(Commands.run(argv).out(), acls);
    }
    return acls;
  }

  /** Sets the xattr {@code name} of {@code file}, not following a symlink. */
  static void setXattr(Path file, String name, byte[] value) throws IOException {
    List<String> argv = new ArrayList<>(List.of("setfattr", "-h", "-n", name));
    if (value.length > 0) {
      argv.addAll(List.of("-v", "0x" + HexFormat.of().formatHex(value)));
    }
    argv.addAll(List.of("--", file.toString()));
    Commands.check(argv);
  }

  /**
   * Parses getfattr's dump: blocks of "# file: PATH" and "name=0xHEX" lines, blank lines between.
   * PATH has control characters and backslashes as "\ooo" (octal) escapes.
   */
  static void parse(byte[] out, Map<String, List<Xattr>> into) {
    String file = null;
    for (String line : new String(out, StandardCharsets.ISO_8859_1).split("\n")) {
      if (line.startsWith("# file: ")) {
        file = unescape(line.substring("# file: ".length()));
      } else if (file != null && !line.isEmpty() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        String name = eq < 0 ? line : line.substring(0, eq);
        String value = eq < 0 ? "" : line.substring(eq + 1);
        byte[] bytes = value.startsWith("0x") ? HexFormat.of().parseHex(value.substring(2)) : new byte[0];
        into.computeIfAbsent(file, k -> new ArrayList<>()).add(new Xattr(unescape(name), bytes));
      }
    }
  }

  /** getfattr's quoting undone: "\ooo" is the byte ooo (octal); the bytes are UTF-8. */
  static String unescape(String latin1) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(latin1.length());
    for (int i = 0; i < latin1.length(); i++) {
      char c = latin1.charAt(i);
      if (c == '\\' && isOctal(latin1, i + 1)) {
        b.write(Integer.parseInt(latin1.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
