package dev.tapekit.sgio.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessHintTest {
  @TempDir Path dir;

  @Test
  void groupWritableNodeNamesItsGroupAndTheCommand() throws Exception {
    Path node = Files.createFile(dir.resolve("sg3"));
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
    giveToGroupTape(node);
    String group = Files.readAttributes(node, PosixFileAttributes.class).group().getName();
    String hint = AccessHint.forOpen(node, "backup");
    assertTrue(hint.contains("rw-rw----"), hint);
    assertTrue(hint.contains("run as root"), hint);
    if (!group.equals("root")) {
      assertTrue(hint.contains("add user 'backup' to group '" + group + "'"), hint);
      assertTrue(hint.contains("usermod -aG " + group + " backup"), hint);
    }
  }

  /** Like udev does for tape sg nodes; works when running as root, otherwise the file keeps its group. */
  private static void giveToGroupTape(Path node) {
    try {
      Files.getFileAttributeView(node, PosixFileAttributeView.class)
          .setGroup(node.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("tape"));
    } catch (IOException | UnsupportedOperationException e) {
      // not root or no such group: the hint then names the file's current group
    }
  }

  @Test
  void ownerOnlyNodeSuggestsAUdevRule() throws Exception {
    Path node = Files.createFile(dir.resolve("sg4"));
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
    String hint = AccessHint.forOpen(node, "");
    assertTrue(hint.contains("udev rule"), hint);
    assertTrue(hint.contains("user 'USER'"), hint);
  }

  @Test
  void unreadableAttributesStillGiveAHint() {
    String hint = AccessHint.forOpen(dir.resolve("gone"), "backup");
    assertTrue(hint.contains("run as root"), hint);
  }
}
