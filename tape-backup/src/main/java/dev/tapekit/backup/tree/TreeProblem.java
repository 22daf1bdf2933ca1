package dev.tapekit.backup.tree;

import java.util.Objects;

/**
 * One thing that went wrong with one path while a tree was read ({@link TreeReader}) or written
 * ({@link TreeWriter}). A problem never stops the walk or the restore: the reader skips or records
 * the path as its {@link Kind} says and goes on.
 *
 * @param path the snapshot path ("" is the root); for a name that is not UTF-8 it is the name as
 *     Java decodes it, with U+FFFD for the bytes that are not
 * @param kind what happened, and so what became of the path
 * @param message what failed and why, for a person
 */
public record TreeProblem(String path, Kind kind, String message) {
  /** What happened to a path. Each constant says whether the path is in the snapshot (or on disk). */
  public enum Kind {
    /** Backup: could not be read (permission denied, I/O error); not recorded. */
    UNREADABLE,
    /** Backup: was listed but gone when it was read; not recorded. */
    VANISHED,
    /** Backup: the format cannot hold its name, link target or path (not UTF-8, too long); not recorded. */
    UNREPRESENTABLE,
    /** Backup: changed while it was read (size, mtime, ctime, type); recorded as read. */
    CHANGED,
    /** One metadata item (an xattr, ACLs, owner, mode, times) could not be read or set; the rest was. */
    METADATA,
    /** Restore: something is at the path and the policy is {@link TreeWriterOptions.Existing#REFUSE}; not restored. */
    EXISTS,
    /** Restore: something is at the path and the policy is {@link TreeWriterOptions.Existing#SKIP}; kept as it is. */
    KEPT_EXISTING,
    /** Restore: the path would lead out of the target (through a symlink); not restored. */
    ESCAPES_TARGET,
    /** Restore: a type this process cannot make (a socket; a device without root); not restored. */
    UNSUPPORTED,
    /** Restore: creating or writing it failed (the file may be partial), or its hard-link target is missing. */
    FAILED
  }

  public TreeProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + " '" + path + "': " + message;
  }
}
