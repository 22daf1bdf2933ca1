package dev.tapekit.tools.tape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares a restored tree with its source, independently of tapekit's restore code: the same paths,
 * types, bytes, symbolic link targets, permissions, modification times (to the nanosecond the file
 * system keeps), user extended attributes, and hard links linked alike.
 */
final class TreeCheck {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private TreeCheck() {}

  /** The differences between {@code source} and {@code restored}, at most {@code limit}; empty when alike. */
  static List<String> compare(Path source, Path restored, int limit) throws IOException {
    List<String> diffs = new ArrayList<>();
    Map<Object, Path> firstLink = new HashMap<>(); // a source inode: the first path seen of it
    for (Path rel : relative(source).keySet()) {
      if (diffs.size() >= limit) {
        break;
      }
      Path a = source.resolve(rel);
      Path b = restored.resolve(rel);
      if (!Files.exists(b, NOFOLLOW)) {
        diffs.add(rel + ": missing");
        continue;
      }
      PosixFileAttributes x = Files.readAttributes(a, PosixFileAttributes.class, NOFOLLOW);
      PosixFileAttributes y = Files.readAttributes(b, PosixFileAttributes.class, NOFOLLOW);
      if (x.isSymbolicLink() != y.isSymbolicLink() || x.isDirectory() != y.isDirectory()
          || x.isRegularFile() != y.isRegularFile()) {
        diffs.add(rel + ": another type");
        continue;
      }
      if (x.isSymbolicLink()) {
        if (!Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b))) {
          diffs.add(rel + ": link target " + Files.readSymbolicLink(b) + ", not " + Files.readSymbolicLink(a));
        }
        continue;
      }
      if (!x.permissions().equals(y.permissions())) {
        diffs.add(rel + ": permissions " + y.permissions() + ", not " + x.permissions());
      }
      if (!x.lastModifiedTime().equals(y.lastModifiedTime())) {
        diffs.add(rel + ": modified " + y.lastModifiedTime() + ", not " + x.lastModifiedTime());
      }
      if (x.isRegularFile()) {
        if (x.size() != y.size()) {
          diffs.add(rel + ": " + y.size() + " bytes, not " + x.size());
        } else if (!sameBytes(a, b)) {
          diffs.add(rel + ": other bytes");
        }
        Path first = x.fileKey() == null ? null : firstLink.putIfAbsent(x.fileKey(), rel);
        if (first != null && !Objects.equals(y.fileKey(), Files.readAttributes(restored.resolve(first),
            PosixFileAttributes.class, NOFOLLOW).fileKey())) {
          diffs.add(rel + ": not hard-linked to " + first + " as in the source");
        }
      }
      if (!xattrs(a).equals(xattrs(b))) {
        diffs.add(rel + ": extended attributes " + xattrs(b).keySet() + ", not " + xattrs(a).keySet());
      }
    }
    for (Path rel : relative(restored).keySet()) {
      if (diffs.size() < limit && !Files.exists(source.resolve(rel), NOFOLLOW)) {
        diffs.add(rel + ": restored, but not in the source");
      }
    }
    return diffs;
  }

  private static TreeMap<Path, Boolean> relative(Path root) throws IOException {
    TreeMap<Path, Boolean> all = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> !p.equals(root)).forEach(p -> all.put(root.relativize(p), Boolean.TRUE));
    }
    return all;
  }

  private static boolean sameBytes(Path a, Path b) throws IOException {
    try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
      byte[] bx = new byte[1 << 16];
      byte[] by = new byte[1 << 16];
      while (true) {
        int n = x.readNBytes(bx, 0, bx.length);
        int m = y.readNBytes(by, 0, by.length);
        if (n != m || !Arrays.equals(bx, 0, n, by, 0, m)) {
          return false;
        }
        if (n == 0) {
          return true;
        }
      }
    }
  }

  private static Map<String, ByteBuffer> xattrs(Path p) {
    Map<String, ByteBuffer> out = new TreeMap<>();
    try {
      UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
      if (v == null) {
        return out;
      }
      for (String name : v.list()) {
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        out.put(name, b.flip());
      }
    } catch (IOException | UnsupportedOperationException none) {
      // no user xattrs here
    }
    return out;
  }
}
