package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.backup.tree.TreeProblem.Kind;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk's order, excludes, mount points, change detection and what it skips and reports. */
class TreeReaderTest {
  @TempDir
  Path root;

  @Test
  void entriesComeInByteOrderNotDepthFirstOrder() throws Exception {
    assumeUtf8Names();
    Files.createDirectories(root.resolve("a/b"));
    for (String f : List.of("a/b/z", "a/b-c", "a-c", "a.x", "a0", "\uE000", "\uD83D\uDE00")) {
      Files.writeString(root.resolve(f), f);
    }
    CollectingSink sink = read(TreeReaderOptions.DEFAULT);
    // '-' (0x2D) < '.' < '/' (0x2F) < '0' (0x30); U+E000 (EE 80 80) < U+1F600 (F0 9F 98 80) in UTF-8,
    // though not in UTF-16 (Java's String order puts the surrogate pair first).
    assertEquals(List.of("", "a", "a-c", "a.x", "a/b", "a/b-c", "a/b/z", "a0", "\uE000", "\uD83D\uDE00"),
        sink.paths());
    assertTrue("\uD83D\uDE00".compareTo("\uE000") < 0, "String order differs, so the test means something");
  }

  @Test
  void excludesLeaveOutPathsAndWholeSubtrees() throws Exception {
    for (String d : List.of("cache", "sub/node_modules/m", "sub/deep", "node_modules")) {
      Files.createDirectories(root.resolve(d));
    }
    for (String f : List.of("keep.txt", "x.tmp", "cache/f", "sub/cache", "sub/y.tmp", "sub/node_modules/m/f",
        "sub/deep/k", "sub/keep2")) {
      Files.writeString(root.resolve(f), f);
    }
    String anchored = root.toAbsolutePath() + "/sub/deep";
    CollectingSink sink = read(TreeReaderOptions.builder().exclude("*.tmp", "cache/", "**/node_modules", anchored)
        .build());
    assertEquals(List.of("", "keep.txt", "sub", "sub/cache", "sub/keep2"), sink.paths());
  }

  @Test
  void oneFileSystemRecordsMountPointsAsEmptyDirectories() throws Exception {
    Path mnt = Files.createDirectory(root.resolve("mnt"));
    Files.writeString(root.resolve("outer"), "outer");
    Commands.Result mount = Commands.run(List.of("mount", "-t", "tmpfs", "-o", "mode=0710,size=1m", "tapekit-test",
        mnt.toString()));
    assumeTrue(mount.exit() == 0, "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): " + mount.err());
    try {
      Files.writeString(mnt.resolve("inner"), "inner");
      CollectingSink one = read(TreeReaderOptions.builder().oneFileSystem(true).build());
      assertEquals(List.of("", "mnt", "outer"), one.paths());
      assertEquals(Type.DIRECTORY, one.entry("mnt").type());
      assertEquals(0710, one.entry("mnt").mode(), "the mounted root's attributes, as lstat gives them");
      CollectingSink all = read(TreeReaderOptions.DEFAULT);
      assertEquals(List.of("", "mnt", "mnt/inner", "outer"), all.paths());
    } finally {
      Commands.check(List.of("umount", mnt.toString()));
    }
  }

  @Test
  void aFileThatChangesWhileReadIsReportedAndRecordedAsRead() throws Exception {
    Path f = root.resolve("log");
    Files.writeString(f, "first line\n");
    // An old mtime, so the append changes it whatever the clock's granularity.
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Files.writeString(root.resolve("quiet"), "stays");
    CollectingSink sink = new CollectingSink() {
      @Override
      public List<ChunkRef> data(String path, FileData in) throws IOException, InterruptedException {
        List<ChunkRef> chunks = super.data(path, in);
        if (path.equals("log")) { // between the read and the after-stat
          Files.writeString(f, "second line\n", StandardOpenOption.APPEND);
        }
        return chunks;
      }
    };
    List<TreeProblem> problems = TreeReader.read(root, TreeReaderOptions.builder().acls(false).build(), sink);
    assertEquals(1, problems.size(), problems.toString());
    TreeProblem p = problems.get(0);
    assertEquals("log", p.path());
    assertEquals(Kind.CHANGED, p.kind());
    assertTrue(p.message().contains("size 11 before, 11 read, 23 after"), p.message());
    assertTrue(p.message().contains("mtime"), p.message());
    assertEquals(11, sink.entry("log").size(), "recorded as read");
    assertEquals(List.of("", "log", "quiet"), sink.paths());
  }

  @Test
  void filesAndDirectoriesThatVanishAreReportedAndSkipped() throws Exception {
    // As root, chmod 000 does not make a file unreadable; a file removed after its directory was
    // listed, and a directory removed before its contents were read, are what root meets.
    Files.createDirectories(root.resolve("d/e"));
    for (String f : List.of("a", "b", "c", "d/e/f")) {
      Files.writeString(root.resolve(f), f);
    }
    CollectingSink sink = new CollectingSink() {
      @Override
      public void entry(SnapshotEntry entry) throws IOException, InterruptedException {
        super.entry(entry);
        if (entry.path().equals("a")) {
          Files.delete(root.resolve("b"));
        } else if (entry.path().equals("d")) {
          deleteTree(root.resolve("d"));
        }
      }
    };
    List<TreeProblem> problems = TreeReader.read(root, TreeReaderOptions.builder().acls(false).build(), sink);
    assertEquals(List.of("", "a", "c", "d"), sink.paths());
    assertEquals(List.of("b", "d"), problems.stream().map(TreeProblem::path).toList(), problems.toString());
    assertTrue(problems.stream().allMatch(p -> p.kind() == Kind.VANISHED), problems.toString());
  }

  @Test
  void filesRootCannotOpenOrReadAreReportedAndSkipped() throws Exception {
    // Root reads any ordinary file, so bind-mount two that refuse it: a write-only sysctl (open
    // fails with EACCES) and this JVM's own /proc/PID/mem (reading offset 0 fails with EIO).
    Path sysctl = Path.of("/proc/sys/vm/compact_memory");
    assumeTrue(Files.exists(sysctl), "no " + sysctl);
    Path writeOnly = Files.createFile(root.resolve("write-only"));
    Path eio = Files.createFile(root.resolve("eio"));
    Files.writeString(root.resolve("z"), "after them");
    Commands.Result mount = Commands.run(List.of("mount", "--bind", sysctl.toString(), writeOnly.toString()));
    assumeTrue(mount.exit() == 0, "cannot bind-mount here (needs root and CAP_SYS_ADMIN): " + mount.err());
    try {
      Commands.check(List.of("mount", "--bind", "/proc/" + ProcessHandle.current().pid() + "/mem", eio.toString()));
      try {
        CollectingSink sink = new CollectingSink();
        List<TreeProblem> problems = TreeReader.read(root, TreeReaderOptions.builder().acls(false).build(), sink);
        assertEquals(List.of("", "z"), sink.paths());
        assertEquals(List.of("eio", "write-only"), problems.stream().map(TreeProblem::path).toList());
        assertTrue(problems.stream().allMatch(p -> p.kind() == Kind.UNREADABLE), problems.toString());
        assertTrue(problems.get(0).message().startsWith("reading it failed"), problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("it cannot be opened"), problems.get(1).message());
      } finally {
        Commands.check(List.of("umount", eio.toString()));
      }
    } finally {
      Commands.check(List.of("umount", writeOnly.toString()));
    }
  }

  @Test
  void namesAndTargetsThatAreNotUtf8AreReportedAndSkipped() throws Exception {
    assumeUtf8Names();
    Files.writeString(root.resolve("good"), "good");
    // Java cannot name such a file; the shell's printf makes the byte 0xFF.
    Commands.check(List.of("sh", "-c", "touch \"$1/$(printf 'bad\\377name')\" && mkdir \"$1/$(printf 'dir\\377')\" "
        + "&& touch \"$1/$(printf 'dir\\377')/inside\" && ln -s \"$(printf 'to\\377')\" \"$1/badlink\"", "sh",
        root.toString()));
    CollectingSink sink = read(TreeReaderOptions.builder().acls(false).build());
    assertEquals(List.of("", "good"), sink.paths());
    List<TreeProblem> problems = TreeReader.read(root, TreeReaderOptions.builder().acls(false).build(),
        new CollectingSink());
    assertEquals(List.of("badlink", "bad\uFFFDname", "dir\uFFFD"),
        problems.stream().map(TreeProblem::path).sorted().toList(), problems.toString());
    assertTrue(problems.stream().allMatch(p -> p.kind() == Kind.UNREPRESENTABLE), problems.toString());
  }

  @Test
  void hardLinksAreRecordedOnceAtTheFirstPathInByteOrder() throws Exception {
    Files.createDirectories(root.resolve("z"));
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("z/original"), "shared");
    Files.createLink(root.resolve("a/second"), root.resolve("z/original"));
    Files.createLink(root.resolve("a-third"), root.resolve("z/original"));
    CollectingSink sink = read(TreeReaderOptions.builder().acls(false).build());
    assertEquals(Type.REGULAR, sink.entry("a-third").type());
    assertEquals(6, sink.entry("a-third").size());
    for (String p : List.of("a/second", "z/original")) {
      assertEquals(Type.HARDLINK, sink.entry(p).type(), p);
      assertEquals("a-third", sink.entry(p).linkTarget(), p);
    }
    assertEquals(List.of("a-third"), List.copyOf(sink.data.keySet()), "its data is read once");
  }

  @Test
  void excludedFirstLinkLeavesTheNextPathAsTheRegularEntry() throws Exception {
    Files.writeString(root.resolve("a.tmp"), "shared");
    Files.createLink(root.resolve("b"), root.resolve("a.tmp"));
    CollectingSink sink = read(TreeReaderOptions.builder().acls(false).exclude("*.tmp").build());
    assertEquals(List.of("", "b"), sink.paths());
    assertEquals(Type.REGULAR, sink.entry("b").type());
  }

  @Test
  void errorsOfTheSinkEndTheWalk() throws Exception {
    Files.writeString(root.resolve("f"), "data");
    Files.writeString(root.resolve("g"), "data");
    IOException tapeFull = new IOException("tape full");
    IOException fromData = assertThrows(IOException.class, () -> TreeReader.read(root, TreeReaderOptions.DEFAULT,
        new CollectingSink() {
          @Override
          public List<ChunkRef> data(String path, FileData in) throws IOException {
            throw tapeFull;
          }
        }));
    assertSame(tapeFull, fromData);
    IOException fromEntry = assertThrows(IOException.class, () -> TreeReader.read(root, TreeReaderOptions.DEFAULT,
        new CollectingSink() {
          @Override
          public void entry(SnapshotEntry entry) throws IOException {
            if (entry.path().equals("f")) {
              throw tapeFull;
            }
          }
        }));
    assertSame(tapeFull, fromEntry);
  }

  @Test
  void aSinkThatDoesNotReadToTheEndIsABug() throws Exception {
    Files.writeString(root.resolve("f"), "data");
    assertThrows(IllegalStateException.class, () -> TreeReader.read(root, TreeReaderOptions.DEFAULT,
        new CollectingSink() {
          @Override
          public List<ChunkRef> data(String path, FileData in) {
            return List.of();
          }
        }));
  }

  @Test
  void theRootMustBeADirectory() throws Exception {
    Path file = Files.writeString(root.resolve("file"), "x");
    assertThrows(NotDirectoryException.class, () -> TreeReader.read(file, TreeReaderOptions.DEFAULT,
        new CollectingSink()));
  }

  @Test
  void aSymlinkedRootIsFollowedAndNothingBelowIt() throws Exception {
    Path real = Files.createDirectory(root.resolve("real"));
    Files.writeString(real.resolve("f"), "x");
    Files.createSymbolicLink(real.resolve("up"), root);
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    CollectingSink sink = new CollectingSink();
    assertEquals(List.of(), TreeReader.read(link, TreeReaderOptions.builder().acls(false).build(), sink));
    assertEquals(List.of("", "f", "up"), sink.paths());
    assertEquals(Type.SYMLINK, sink.entry("up").type());
    assertEquals(root.toString(), sink.entry("up").linkTarget());
  }

  @Test
  void aStreamIsAOneFileSnapshot() throws Exception {
    byte[] dump = new byte[(256 << 10) + 10];
    Arrays.fill(dump, 0, 10, (byte) 'x');
    dump[dump.length - 1] = 'y';
    Instant time = Instant.parse("2026-12-05T18:20:01.123456789Z");
    CollectingSink sink = new CollectingSink();
    StreamSnapshot.read("db.dump", new ByteArrayInputStream(dump), time, sink);
    assertEquals(List.of("", "db.dump"), sink.paths());
    SnapshotEntry dir = sink.entry("");
    SnapshotEntry file = sink.entry("db.dump");
    assertEquals(Type.DIRECTORY, dir.type());
    assertEquals(StreamSnapshot.DIRECTORY_MODE, dir.mode());
    assertEquals(Type.REGULAR, file.type());
    assertEquals(StreamSnapshot.FILE_MODE, file.mode());
    assertEquals(time, file.mtime());
    assertEquals(dump.length, file.size());
    assertEquals(List.of(new Hole(4096, (256 << 10) - 4096)), file.holes(), "long zero runs of a stream are holes too");
    long uid = (Integer) Files.getAttribute(Path.of("/proc/self").toRealPath(), "unix:uid");
    assertEquals(uid, file.uid());
    assertEquals(uid == 0 ? "root" : file.user(), file.user());
    assertThrows(IllegalArgumentException.class, () -> StreamSnapshot.read("a/b", new ByteArrayInputStream(dump),
        time, new CollectingSink()));
    assertThrows(IllegalArgumentException.class, () -> StreamSnapshot.read("..", new ByteArrayInputStream(dump),
        time, new CollectingSink()));
  }

  @Test
  void aclsAreReadWithGetfattr() throws Exception {
    assumeTrue(AttrTools.isAvailable(), AttrTools::unavailabilityCause);
    Path f = Files.writeString(root.resolve("f"), "x");
    byte[] acl = HexFormat.of().parseHex("0200000001000600ffffffff02000400d204000004000400ffffffff"
        + "10000400ffffffff20000000ffffffff");
    AttrTools.setXattr(f, "system.posix_acl_access", acl);
    Files.createDirectory(root.resolve("d"));
    AttrTools.setXattr(root.resolve("d"), "system.posix_acl_default", acl);
    AttrTools.setXattr(root, "system.posix_acl_default", acl);
    CollectingSink sink = read(TreeReaderOptions.DEFAULT);
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_access", acl)), sink.entry("f").xattrs());
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_default", acl)), sink.entry("d").xattrs());
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_default", acl)), sink.entry("").xattrs());
    assertEquals(List.of(), read(TreeReaderOptions.builder().acls(false).build()).entry("f").xattrs());
  }

  /**
   * One getfattr run reads a directory's entries and its subdirectories' entries; a file made in a
   * subdirectory after that look-ahead, before the subdirectory is listed, still has its ACL read.
   */
  @Test
  void aclsReadAheadForSubdirectoriesMissNoLaterFile() throws Exception {
    assumeTrue(AttrTools.isAvailable(), AttrTools::unavailabilityCause);
    byte[] acl = HexFormat.of().parseHex("0200000001000600ffffffff02000400d204000004000400ffffffff"
        + "10000400ffffffff20000000ffffffff");
    for (String d : List.of("a", "a/b", "a/c", "a/c/e")) {
      Files.createDirectory(root.resolve(d));
    }
    for (String f : List.of("a/1", "a/b/2", "a/b/3", "a/c/4", "a/c/e/5")) {
      Files.writeString(root.resolve(f), f);
      if (!f.endsWith("3")) {
        AttrTools.setXattr(root.resolve(f), "system.posix_acl_access", acl);
      }
    }
    AttrTools.setXattr(root.resolve("a/c/e"), "system.posix_acl_default", acl);
    Path late = root.resolve("a/c/late");
    CollectingSink sink = new CollectingSink() {
      @Override
      public void entry(SnapshotEntry entry) throws IOException, InterruptedException {
        super.entry(entry);
        if (entry.path().equals("a/b/3")) { // a/c was read ahead when a was listed, and is listed next
          Files.writeString(late, "late");
          try {
            AttrTools.setXattr(late, "system.posix_acl_access", acl);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
    long runs = AttrTools.RUNS.get();
    assertEquals(List.of(), TreeReader.read(root, TreeReaderOptions.DEFAULT, sink));
    // the root itself; its entries with a's; a's with b's and c's; c's (for late) with e's
    assertEquals(4, AttrTools.RUNS.get() - runs, "getfattr runs");
    List<SnapshotEntry.Xattr> access = List.of(new SnapshotEntry.Xattr("system.posix_acl_access", acl));
    for (String f : List.of("a/1", "a/b/2", "a/c/4", "a/c/e/5", "a/c/late")) {
      assertEquals(access, sink.entry(f).xattrs(), f);
    }
    assertEquals(List.of(), sink.entry("a/b/3").xattrs());
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_default", acl)), sink.entry("a/c/e").xattrs());
  }

  @Test
  void getfattrOutputIsUnescaped() {
    Map<String, List<SnapshotEntry.Xattr>> acls = new HashMap<>();
    AttrTools.parse(("# file: /t/new\\012line\n" + "system.posix_acl_access=0x0102\n\n"
        + "# file: /t/back\\134slash \u00c3\u00a9\n" + "system.posix_acl_default=0x\n" + "system.empty\n\n")
        .getBytes(StandardCharsets.ISO_8859_1), acls);
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_access", new byte[] {1, 2})),
        acls.get("/t/new\nline"));
    assertEquals(List.of(new SnapshotEntry.Xattr("system.posix_acl_default", new byte[0]),
        new SnapshotEntry.Xattr("system.empty", new byte[0])), acls.get("/t/back\\slash \u00e9"));
    assertNull(acls.get("/t/other"));
  }

  private CollectingSink read(TreeReaderOptions options) throws Exception {
    CollectingSink sink = new CollectingSink();
    List<TreeProblem> problems = TreeReader.read(root, options, sink);
    assertTrue(problems.stream().allMatch(p -> p.kind() == Kind.UNREPRESENTABLE
        || (p.kind() == Kind.METADATA && !AttrTools.isAvailable())), problems.toString());
    return sink;
  }

  static void assumeUtf8Names() {
    assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "file names are decoded as " + System.getProperty("sun.jnu.encoding") + ": run with a UTF-8 locale");
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The progress estimate: file sizes, a hard-linked file once, excluded files left out. */
  @Test
  void theEstimateCountsWhatTheBackupWouldRead(@TempDir Path tree) throws Exception {
    java.nio.file.Files.write(tree.resolve("a"), new byte[100]);
    java.nio.file.Files.createLink(tree.resolve("b"), tree.resolve("a"));
    java.nio.file.Files.write(tree.resolve("c.tmp"), new byte[50]);
    java.nio.file.Files.createDirectories(tree.resolve("d"));
    java.nio.file.Files.write(tree.resolve("d/e"), new byte[30]);
    java.nio.file.Files.createSymbolicLink(tree.resolve("f"), tree.resolve("a"));
    assertEquals(130, TreeReader.estimateBytes(tree, TreeReaderOptions.builder().exclude("*.tmp").build()));
    assertEquals(180, TreeReader.estimateBytes(tree, TreeReaderOptions.DEFAULT));
  }
}
