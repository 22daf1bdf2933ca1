package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.backup.tree.TreeProblem.Kind;
import dev.tapekit.backup.tree.TreeWriterOptions.Existing;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Existing files, confinement, what needs root, failing data and the order of directory metadata. */
class TreeWriterTest {
  static final Instant T1 = Instant.parse("2001-02-03T04:05:06.123456789Z");
  static final Instant T2 = Instant.parse("1999-12-31T23:59:59.987654321Z");

  @TempDir
  Path tmp;

  @Test
  void refuseLeavesExistingFilesAndReportsThem() throws Exception {
    Path target = existingTree();
    List<TreeProblem> problems = restoreOverExisting(target, Existing.REFUSE);
    assertEquals(Map.of("d/x", Kind.EXISTS, "f", Kind.EXISTS, "l", Kind.EXISTS, "plain", Kind.EXISTS,
        "plain/child", Kind.FAILED), kinds(problems));
    assertOld(target);
    assertEquals("new", Files.readString(target.resolve("fresh")), "what is not in the way is restored");
  }

  @Test
  void skipLeavesExistingFilesAndSaysSo() throws Exception {
    Path target = existingTree();
    List<TreeProblem> problems = restoreOverExisting(target, Existing.SKIP);
    assertEquals(Map.of("d/x", Kind.KEPT_EXISTING, "f", Kind.KEPT_EXISTING, "l", Kind.KEPT_EXISTING, "plain",
        Kind.KEPT_EXISTING, "plain/child", Kind.FAILED), kinds(problems));
    assertOld(target);
    assertEquals(FileTime.from(T2), Files.getLastModifiedTime(target.resolve("d")),
        "an existing directory keeps its metadata under SKIP");
  }

  @Test
  void overwriteReplacesFilesSymlinksAndEmptyDirectoriesOnly() throws Exception {
    Path target = existingTree();
    Path outside = Files.writeString(tmp.resolve("outside"), "outside");
    List<TreeProblem> problems = restoreOverExisting(target, Existing.OVERWRITE);
    assertEquals(Map.of(), kinds(problems));
    for (String p : List.of("d/x", "f", "l", "plain/child", "fresh")) {
      assertEquals("new", Files.readString(target.resolve(p)), p);
    }
    assertTrue(Files.isDirectory(target.resolve("plain")), "the file 'plain' is replaced by a directory");
    assertFalse(Files.isSymbolicLink(target.resolve("l")), "the symlink itself is replaced");
    assertEquals("outside", Files.readString(outside), "not what it pointed to");
    assertEquals(FileTime.from(T1), Files.getLastModifiedTime(target.resolve("d")), "its metadata is set");

    Path full = Files.createDirectories(tmp.resolve("full/busy"));
    Files.writeString(full.resolve("keep"), "keep");
    TreeWriter w = TreeWriter.open(tmp.resolve("full"), new TreeWriterOptions(Existing.OVERWRITE));
    w.add(file("busy", "x"), data("x"));
    List<TreeProblem> notEmpty = w.finish();
    assertEquals(Map.of("busy", Kind.FAILED), kinds(notEmpty));
    assertTrue(notEmpty.get(0).message().contains("not empty"), notEmpty.toString());
    assertEquals("keep", Files.readString(full.resolve("keep")));
  }

  @Test
  void pathsThroughSymlinksAreRefused() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(dir(""), null);
    w.add(SnapshotEntry.builder("evil", Type.SYMLINK).linkTarget(outside.toString()).build(), null);
    w.add(file("evil/planted", "planted"), data("planted"));
    w.add(SnapshotEntry.builder("evil/secret", Type.REGULAR).build(), null);
    w.add(SnapshotEntry.builder("link", Type.HARDLINK).linkTarget("evil/secret").build(), null);
    List<TreeProblem> problems = w.finish();
    assertEquals(Map.of("evil/planted", Kind.ESCAPES_TARGET, "evil/secret", Kind.ESCAPES_TARGET, "link",
        Kind.FAILED), kinds(problems));
    assertFalse(Files.exists(outside.resolve("planted")));
    assertEquals("secret", Files.readString(outside.resolve("secret")));
    assertEquals(1, (Integer) Files.getAttribute(outside.resolve("secret"), "unix:nlink"), "no link to it");
    assertEquals(List.of("", "evil"), TreeAssertions.paths(target));
  }

  @Test
  void aHardLinkTargetThroughASymlinkIsRefused() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    Files.createSymbolicLink(target.resolve("etc"), outside); // already there, not from the archive
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("x", Type.HARDLINK).linkTarget("etc/passwd").build(), null);
    assertEquals(Map.of("x", Kind.ESCAPES_TARGET), kinds(w.finish()));
    assertFalse(Files.exists(target.resolve("x"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void devicesNeedRootSocketsAreNeverMadeFifosAlwaysAre() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT, false);
    w.add(SnapshotEntry.builder("dev", Type.CHAR_DEVICE).device(1, 3).mode(0666).build(), null);
    w.add(SnapshotEntry.builder("fifo", Type.FIFO).mode(0640).times(T1, T2, T1).build(), null);
    w.add(SnapshotEntry.builder("sock", Type.SOCKET).build(), null);
    assertEquals(Map.of("dev", Kind.UNSUPPORTED, "sock", Kind.UNSUPPORTED), kinds(w.finish()));
    Path fifo = target.resolve("fifo");
    assertEquals(010640, (Integer) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS));
    assertEquals(FileTime.from(T1), Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS));
    assertEquals(FileTime.from(T2), Files.getAttribute(fifo, "lastAccessTime", LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("", "fifo"), TreeAssertions.paths(target));
  }

  @Test
  void devicesAreMadeAsRoot() throws Exception {
    assumeTrue(TreeGenerator.isRoot(), "only root makes devices");
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("b", Type.BLOCK_DEVICE).device(259, 65_537).mode(0660).build(), null);
    w.add(SnapshotEntry.builder("c", Type.CHAR_DEVICE).device(1, 3).mode(0666).build(), null);
    assertEquals(List.of(), w.finish());
    long rdev = (Long) Files.getAttribute(target.resolve("b"), "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    assertEquals(259, UnixStat.major(rdev));
    assertEquals(65_537, UnixStat.minor(rdev));
    assertEquals(060660, (Integer) Files.getAttribute(target.resolve("b"), "unix:mode", LinkOption.NOFOLLOW_LINKS));
    assertEquals(020666, (Integer) Files.getAttribute(target.resolve("c"), "unix:mode", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void ownersAreRestoredByNameWhenTheNameExistsElseByNumber() throws Exception {
    assumeTrue(TreeGenerator.isRoot(), "only root gives files away");
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("by-name", Type.REGULAR).owner(4242, 4343, "daemon", "daemon").mode(04755).build(),
        null);
    w.add(SnapshotEntry.builder("by-number", Type.REGULAR).owner(4242, 4343, "no-such-user-tapekit",
        "no-such-group-tapekit").mode(02755).build(), null);
    w.add(SnapshotEntry.builder("symlink", Type.SYMLINK).linkTarget("by-name").owner(4242, 4343, "", "").build(),
        null);
    assertEquals(List.of(), w.finish());
    assertEquals("daemon", Files.getOwner(target.resolve("by-name")).getName());
    assertEquals("daemon", ((Principal) Files.getAttribute(target.resolve("by-name"), "posix:group"))
        .getName());
    assertEquals(0104755, Files.getAttribute(target.resolve("by-name"), "unix:mode"), "setuid kept after chown");
    assertEquals(4242, Files.getAttribute(target.resolve("by-number"), "unix:uid"));
    assertEquals(4343, Files.getAttribute(target.resolve("by-number"), "unix:gid"));
    assertEquals(0102755, Files.getAttribute(target.resolve("by-number"), "unix:mode"));
    assertEquals(4242, Files.getAttribute(target.resolve("symlink"), "unix:uid", LinkOption.NOFOLLOW_LINKS),
        "the symlink itself");
  }

  @Test
  void aDirectoryGetsItsTimesAndModeAfterItsWholeSubtree() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("a", Type.DIRECTORY).mode(0555).times(T1, T1, T1).build(), null);
    w.add(file("a-c", "sibling"), data("sibling")); // sorts before a/b: a's subtree is not over yet
    w.add(file("a/b", "child"), data("child"));
    w.add(SnapshotEntry.builder("a/sub", Type.DIRECTORY).mode(0500).times(T2, T2, T2).build(), null);
    w.add(file("a/sub/deep", "deep"), data("deep"));
    w.add(file("a0", "after"), data("after"));
    assertEquals(List.of(), w.finish());
    assertEquals(FileTime.from(T1), Files.getLastModifiedTime(target.resolve("a")));
    assertEquals(040555, Files.getAttribute(target.resolve("a"), "unix:mode"));
    assertEquals(FileTime.from(T2), Files.getLastModifiedTime(target.resolve("a/sub")));
    assertEquals(040500, Files.getAttribute(target.resolve("a/sub"), "unix:mode"));
    assertEquals("deep", Files.readString(target.resolve("a/sub/deep")));
  }

  @Test
  void timesBefore1970WithFractionsAreExact() throws Exception {
    Instant old = Instant.parse("1938-04-24T22:13:19.876543211Z");
    Instant older = Instant.parse("1969-12-31T23:59:54.5Z");
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("d", Type.DIRECTORY).mode(0755).times(old, older, old).build(), null);
    w.add(SnapshotEntry.builder("f", Type.REGULAR).mode(0644).times(older, old, old).build(), null);
    w.add(SnapshotEntry.builder("l", Type.SYMLINK).linkTarget("f").times(old, older, old).build(), null);
    assertEquals(List.of(), w.finish());
    assertEquals(FileTime.from(old), Files.getLastModifiedTime(target.resolve("d")));
    assertEquals(FileTime.from(older), Files.getAttribute(target.resolve("d"), "lastAccessTime"));
    assertEquals(FileTime.from(older), Files.getLastModifiedTime(target.resolve("f")));
    assertEquals(FileTime.from(old), Files.getAttribute(target.resolve("f"), "lastAccessTime"));
    assertEquals(FileTime.from(old), Files.getLastModifiedTime(target.resolve("l"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void holesStaySparseAndAFileEndingInAHoleHasItsSize() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    byte[] data = "head".repeat(1024).getBytes(StandardCharsets.US_ASCII); // 4096 bytes
    long size = 16L << 20;
    List<Hole> holes = List.of(new Hole(2048, (4 << 20) - 2048), new Hole((4 << 20) + 2048, size - (4 << 20) - 2048));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(SnapshotEntry.builder("sparse", Type.REGULAR).mode(0644).size(size).holes(holes)
        .chunks(CollectingSink.chunks(data)).build(), new ByteArrayInputStream(data));
    assertEquals(List.of(), w.finish());
    Path f = target.resolve("sparse");
    assertEquals(size, Files.size(f));
    TreeAssertions.assertSparse(f);
    assertTrue(TreeAssertions.allocatedBytes(f) <= 64 << 10, TreeAssertions.allocatedBytes(f) + " bytes allocated");
    byte[] back = Files.readAllBytes(f);
    assertArrayEquals(Arrays.copyOf(data, 2048), Arrays.copyOf(back, 2048));
    assertArrayEquals(Arrays.copyOfRange(data, 2048, 4096),
        Arrays.copyOfRange(back, 4 << 20, (4 << 20) + 2048));
    assertEquals(-1, Arrays.mismatch(new byte[(4 << 20) - 2048],
        Arrays.copyOfRange(back, 2048, 4 << 20)));
  }

  @Test
  void aFailingDataStreamIsReportedThrownAndTheRestoreGoesOn() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    IOException lost = new IOException("chunk 3 is unreadable on tape T00042");
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw lost;
      }
    };
    assertSame(lost, assertThrows(IOException.class, () -> w.add(file("a", "content"), failing)));
    assertThrows(EOFException.class, () -> w.add(file("b", "content"), data("cont")));
    w.add(SnapshotEntry.builder("c", Type.HARDLINK).linkTarget("a").build(), null);
    w.add(file("d", "fine"), data("fine"));
    assertEquals(Map.of("a", Kind.FAILED, "b", Kind.FAILED, "c", Kind.FAILED), kinds(w.finish()));
    assertEquals("fine", Files.readString(target.resolve("d")));
  }

  @Test
  void missingParentsAreMade() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    TreeWriter w = TreeWriter.open(target, TreeWriterOptions.DEFAULT);
    w.add(file("x/y/z", "selected alone"), data("selected alone"));
    assertEquals(List.of(), w.finish());
    assertEquals("selected alone", Files.readString(target.resolve("x/y/z")));
  }

  @Test
  void entriesOutOfOrderAndAfterFinishAreRefused() throws Exception {
    TreeWriter w = TreeWriter.open(Files.createDirectory(tmp.resolve("target")), TreeWriterOptions.DEFAULT);
    w.add(file("b", ""), null);
    assertThrows(IllegalArgumentException.class, () -> w.add(file("a", ""), null));
    assertThrows(IllegalArgumentException.class, () -> w.add(file("b", ""), null));
    w.finish();
    assertThrows(IllegalStateException.class, () -> w.add(file("c", ""), null));
    assertThrows(NotDirectoryException.class,
        () -> TreeWriter.open(Files.writeString(tmp.resolve("plain"), ""), TreeWriterOptions.DEFAULT));
  }

  /**
   * A target with: file f, directory d holding d/x, symlink l (to a file outside), file plain (where
   * the archive has a directory with a child); every old file says "old".
   */
  private Path existingTree() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("target/d"));
    target = target.getParent();
    Files.writeString(target.resolve("f"), "old");
    Files.writeString(target.resolve("d/x"), "old");
    Files.writeString(target.resolve("plain"), "old");
    Files.setLastModifiedTime(target.resolve("d"), FileTime.from(T2));
    Files.createSymbolicLink(target.resolve("l"), tmp.resolve("outside"));
    return target;
  }

  private static List<TreeProblem> restoreOverExisting(Path target, Existing policy) throws IOException {
    TreeWriter w = TreeWriter.open(target, new TreeWriterOptions(policy));
    w.add(dir(""), null);
    w.add(SnapshotEntry.builder("d", Type.DIRECTORY).mode(0755).times(T1, T1, T1).build(), null);
    w.add(file("d/x", "new"), data("new"));
    w.add(file("f", "new"), data("new"));
    w.add(file("fresh", "new"), data("new"));
    w.add(file("l", "new"), data("new"));
    w.add(dir("plain"), null);
    w.add(file("plain/child", "new"), data("new"));
    return w.finish();
  }

  private static void assertOld(Path target) throws IOException {
    for (String p : List.of("d/x", "f", "plain")) {
      assertEquals("old", Files.readString(target.resolve(p)), p);
    }
    assertTrue(Files.isSymbolicLink(target.resolve("l")));
  }

  private static Map<String, Kind> kinds(List<TreeProblem> problems) {
    Map<String, Kind> m = new TreeMap<>();
    for (TreeProblem p : problems) {
      assertEquals(null, m.put(p.path(), p.kind()), "one problem per path: " + problems);
    }
    return m;
  }

  private static SnapshotEntry dir(String path) {
    return SnapshotEntry.builder(path, Type.DIRECTORY).mode(0755).times(T1, T1, T1).build();
  }

  private static SnapshotEntry file(String path, String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    return SnapshotEntry.builder(path, Type.REGULAR).mode(0644).times(T1, T1, T1).size(b.length)
        .chunks(CollectingSink.chunks(b)).build();
  }

  private static InputStream data(String content) {
    return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
  }
}
