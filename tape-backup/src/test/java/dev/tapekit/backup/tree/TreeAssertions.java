package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.snapshot.SnapshotEntry.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares two directory trees as a restore must reproduce them, straight from the file system
 * (independent of {@link TreeReader}): the same paths, and for each the same type, mode, owner,
 * mtime to the nanosecond, size, contents, symlink target, device numbers, user xattrs and ACLs
 * (when getfattr is installed), and the same hard-link groups (paths that share an inode). Not
 * compared: atime (reading a tree changes it), ctime (cannot be set), allocation (see {@link
 * #allocatedBytes}).
 */
public final class TreeAssertions {
  private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,rdev,nlink,fileKey";

  private TreeAssertions() {}

  /** Asserts that {@code actual} holds what {@code expected} holds (see the class comment). */
  public static void assertSameTree(Path expected, Path actual) throws IOException {
    List<String> paths = paths(expected);
    assertEquals(paths, paths(actual), "the trees hold different paths");
    Map<Object, Set<String>> expectedLinks = new HashMap<>();
    Map<Object, Set<String>> actualLinks = new HashMap<>();
    List<Path> expectedFiles = new ArrayList<>();
    List<Path> actualFiles = new ArrayList<>();
    for (String p : paths) {
      Path e = p.isEmpty() ? expected : expected.resolve(p);
      Path a = p.isEmpty() ? actual : actual.resolve(p);
      expectedFiles.add(e);
      actualFiles.add(a);
      Map<String, Object> ea = Files.readAttributes(e, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      Map<String, Object> aa = Files.readAttributes(a, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int format = (Integer) ea.get("mode") & 0170000;
      String what = "'" + p + "': ";
      assertEquals(format, (Integer) aa.get("mode") & 0170000, what + "type");
      if (format != 0120000) {
        assertEquals(Integer.toOctalString((Integer) ea.get("mode") & 07777),
            Integer.toOctalString((Integer) aa.get("mode") & 07777), what + "mode");
      }
      assertEquals(ea.get("uid"), aa.get("uid"), what + "uid");
      assertEquals(ea.get("gid"), aa.get("gid"), what + "gid");
      assertEquals(ea.get("lastModifiedTime"), aa.get("lastModifiedTime"), what + "mtime");
      if (format != 040000) {
        assertEquals(ea.get("size"), aa.get("size"), what + "size");
      }
      if (format == 020000 || format == 060000) {
        assertEquals(ea.get("rdev"), aa.get("rdev"), what + "device number");
      }
      if (format == 0100000) {
        assertEquals(-1L, Files.mismatch(e, a), what + "contents differ at this offset");
      }
      if (format == 0120000) {
        assertEquals(Files.readSymbolicLink(e).toString(), Files.readSymbolicLink(a).toString(), what + "target");
      }
      if (format == 0100000 || format == 040000) {
        assertEquals(userXattrs(e), userXattrs(a), what + "user xattrs");
      }
      if (format != 040000 && (Integer) ea.get("nlink") > 1) {
        expectedLinks.computeIfAbsent(ea.get("fileKey"), k -> new TreeSet<>()).add(p);
        actualLinks.computeIfAbsent(aa.get("fileKey"), k -> new TreeSet<>()).add(p);
      }
    }
    assertEquals(new TreeSet<>(groups(expectedLinks)), new TreeSet<>(groups(actualLinks)),
        "hard-link groups (paths that share an inode)");
    if (AttrTools.isAvailable()) {
      assertEquals(acls(expected, expectedFiles), acls(actual, actualFiles), "ACLs");
    }
  }

  /** The bytes {@code file} has allocated on disk (stat's %b blocks of 512 bytes). */
  public static long allocatedBytes(Path file) throws IOException {
    Commands.Result r = Commands.run(List.of("stat", "--format=%b", "--", file.toAbsolutePath().toString()));
    assertEquals(0, r.exit(), r.err());
    return Long.parseLong(new String(r.out(), StandardCharsets.US_ASCII).strip()) * 512;
  }

  /** Every path below {@code root} ("" for the root itself), sorted, symlinks not followed. */
  public static List<String> paths(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private static List<String> groups(Map<Object, Set<String>> links) {
    return links.values().stream().map(Object::toString).toList();
  }

  private static Map<String, String> userXattrs(Path file) throws IOException {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    Map<String, String> x = new TreeMap<>();
    for (String name : v.list()) {
      ByteBuffer b = ByteBuffer.allocate(v.size(name));
      v.read(name, b);
      x.put(name, HexFormat.of().formatHex(b.array(), 0, b.position()));
    }
    return x;
  }

  private static Map<String, List<String>> acls(Path root, List<Path> files) throws IOException {
    Map<String, List<String>> byPath = new TreeMap<>();
    for (Map.Entry<String, List<Xattr>> e : AttrTools.readAcls(files).entrySet()) {
      byPath.put(root.relativize(Path.of(e.getKey())).toString(), e.getValue().stream().map(Xattr::toString).sorted()
          .toList());
    }
    return byPath;
  }

  /** Asserts that a file is sparse: fewer bytes allocated than its size. */
  public static void assertSparse(Path file) throws IOException {
    long size = Files.size(file);
    long allocated = allocatedBytes(file);
    assertTrue(allocated < size, file + ": " + allocated + " bytes allocated for " + size + " bytes: not sparse");
  }
}
