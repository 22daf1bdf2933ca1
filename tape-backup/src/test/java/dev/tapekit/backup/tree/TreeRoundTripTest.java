package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import dev.tapekit.scsi.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated tree, read and written back, is the same tree: every type, content, mode, owner,
 * mtime, symlink target, hard-link group, user xattr and ACL; sparse files stay sparse; and the
 * restored tree reads back into the same entries (all but ctime).
 */
class TreeRoundTripTest {
  static final long SEED = Seeds.orDefault(0x7A9E_2026L);

  @TempDir
  Path tmp;

  @Test
  void generatedTreeComesBackTheSame() throws Exception {
    assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "file names are decoded as " + System.getProperty("sun.jnu.encoding") + ": run with a UTF-8 locale");
    assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(UserDefinedFileAttributeView.class),
        "the temporary directory's file system has no user xattrs");
    Seeds.replayable(TreeRoundTripTest.class, SEED, random -> {
      Path source = Files.createDirectory(tmp.resolve("source"));
      Path restored = Files.createDirectory(tmp.resolve("restored"));
      TreeGenerator.Generated g = new TreeGenerator(random).generate(source);

      CollectingSink backup = new CollectingSink();
      List<TreeProblem> readProblems = TreeReader.read(source, TreeReaderOptions.DEFAULT, backup);
      assertEquals(List.of(), withoutAclNotice(readProblems));
      assertEquals(TreeAssertions.paths(source).stream().sorted(SnapshotEntry::comparePaths).toList(),
          backup.paths(), "every path, in byte order");
      checkEntries(backup, g);

      List<TreeProblem> writeProblems = backup.restore(TreeWriter.open(restored, TreeWriterOptions.DEFAULT));
      assertEquals(List.of(), writeProblems);
      // Before anything reads the restored files (which changes their atimes).
      CollectingSink again = new CollectingSink();
      assertEquals(List.of(), withoutAclNotice(TreeReader.read(restored, TreeReaderOptions.DEFAULT, again)));
      assertEquals(backup.entries.stream().map(TreeRoundTripTest::withoutCtime).toList(),
          again.entries.stream().map(TreeRoundTripTest::withoutCtime).toList(),
          "the restored tree reads back into the same entries (atime included)");
      TreeAssertions.assertSameTree(source, restored);
      for (String p : g.sparseFiles) {
        TreeAssertions.assertSparse(restored.resolve(p));
      }
      for (String p : g.zeroRunFiles) {
        long before = TreeAssertions.allocatedBytes(source.resolve(p));
        assertTrue(TreeAssertions.allocatedBytes(restored.resolve(p)) < before,
            p + ": its written zeros are a hole once restored");
      }
      for (List<String> group : g.hardLinkGroups) {
        for (String p : group) {
          assertEquals(group.size(), Files.getAttribute(restored.resolve(p), "unix:nlink"), p);
        }
      }
    });
  }

  /** The backup's entries hold what the generator made. */
  private static void checkEntries(CollectingSink backup, TreeGenerator.Generated g) {
    List<String> paths = backup.paths();
    assertTrue(paths.indexOf("a") < paths.indexOf("a-c") && paths.indexOf("a-c") < paths.indexOf("a/b")
        && paths.indexOf("a/b") < paths.indexOf("a0"), "a < a-c < a/b < a0");
    for (List<String> group : g.hardLinkGroups) {
      List<String> sorted = group.stream().sorted(SnapshotEntry::comparePaths).toList();
      assertEquals(Type.REGULAR, backup.entry(sorted.get(0)).type(), sorted.get(0));
      for (String p : sorted.subList(1, sorted.size())) {
        assertEquals(Type.HARDLINK, backup.entry(p).type(), p);
        assertEquals(sorted.get(0), backup.entry(p).linkTarget(), p);
      }
    }
    for (String p : g.sparseFiles) {
      SnapshotEntry e = backup.entry(p);
      assertFalse(e.holes().isEmpty(), p + " has holes");
      assertEquals(e.size() - e.holes().stream().mapToLong(SnapshotEntry.Hole::length).sum(),
          backup.data.get(p).length, p + ": data bytes are the size less the holes");
    }
    for (String p : g.xattrPaths) {
      SnapshotEntry e = backup.entry(p);
      SnapshotEntry inode = e.type() == Type.HARDLINK ? backup.entry(e.linkTarget()) : e; // xattrs are the inode's
      assertTrue(inode.xattrs().stream().anyMatch(x -> x.name().equals("user.tapekit.empty")), p);
    }
    for (String p : g.aclPaths) {
      assertTrue(backup.entry(p).xattrs().stream().anyMatch(x -> x.name().startsWith("system.posix_acl_")), p);
    }
    for (String p : g.devices) {
      assertTrue(backup.entry(p).type() == Type.CHAR_DEVICE || backup.entry(p).type() == Type.BLOCK_DEVICE, p);
    }
    assertEquals(g.devices.isEmpty() ? Set.of() : Set.of("1:3", "300:70000", "7:0"), g.devices.stream()
        .map(p -> backup.entry(p).deviceMajor() + ":" + backup.entry(p).deviceMinor()).collect(Collectors.toSet()),
        "device numbers");
    for (String p : g.fifos) {
      assertEquals(Type.FIFO, backup.entry(p).type(), p);
    }
  }

  private static List<TreeProblem> withoutAclNotice(List<TreeProblem> problems) {
    return problems.stream().filter(p -> !(p.path().isEmpty() && p.kind() == TreeProblem.Kind.METADATA
        && !AttrTools.isAvailable())).toList();
  }

  /**
   * The entry without its ctime (a restore cannot set it) and, for a hard link, without its atime
   * (reading the file at the group's first path before it changes the inode's atime).
   */
  private static SnapshotEntry withoutCtime(SnapshotEntry e) {
    return new SnapshotEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.user(), e.group(), e.mtime(),
        e.type() == Type.HARDLINK ? Instant.EPOCH : e.atime(), Instant.EPOCH, e.size(), e.linkTarget(),
        e.deviceMajor(), e.deviceMinor(), e.holes(), e.xattrs(), e.chunks());
  }
}
