package dev.tapekit.sgio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Words for a user who may not open a device node: what access is needed and how to get it, naming
 * the group that owns the node (on Debian/Ubuntu {@code tape} for tape and changer sg nodes, {@code
 * disk} for others).
 */
public final class AccessHint {
  private AccessHint() {}

  /** The hint for an {@code EACCES}/{@code EPERM} from {@code open(node, O_RDWR)}. */
  public static String forOpen(Path node, String userName) {
    PosixFileAttributes attrs;
    try {
      attrs = Files.readAttributes(node, PosixFileAttributes.class);
    } catch (IOException | UnsupportedOperationException e) {
      return "read-write access to " + node + " is needed: run as root, or as a member of the group that owns it";
    }
    Set<PosixFilePermission> perms = attrs.permissions();
    String group = attrs.group().getName();
    String who = userName == null || userName.isEmpty() ? "USER" : userName;
    String prefix = "read-write access to " + node + " (" + PosixFilePermissions.toString(perms) + " "
        + attrs.owner().getName() + ":" + group + ") is needed: ";
    if (perms.contains(PosixFilePermission.GROUP_READ) && perms.contains(PosixFilePermission.GROUP_WRITE)
        && !group.equals("root")) {
      return prefix + "run as root, or add user '" + who + "' to group '" + group + "' (sudo usermod -aG "
          + group + " " + who + ", then log in again)";
    }
    return prefix + "run as root, or add a udev rule that gives a group (usually 'tape') read-write access"
        + " to the node and add user '" + who + "' to that group";
  }

  /** The hint for an {@code EACCES}/{@code EPERM} when queuing a command on a node that is open. */
  public static String forCommand() {
    return "the kernel refused this command for this process; commands outside the kernel's safe list"
        + " need the node opened read-write or the CAP_SYS_RAWIO capability (run as root)";
  }
}
