package dev.tapekit.backup.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link TreeReader} walks a tree. Immutable; {@link #DEFAULT} excludes nothing, crosses
 * file systems and reads ACLs when {@link AttrTools#isAvailable()}.
 *
 * @param excludes the exclude patterns ({@link ExcludePattern}); a path that any of them matches is
 *     left out, and a directory with everything below it
 * @param oneFileSystem stay on the root's file system: a directory on another one (a mount point)
 *     is recorded, with the attributes of the mounted file system's root as lstat(2) gives them, as
 *     an empty directory, as tar and restic do with {@code --one-file-system}
 * @param acls read POSIX ACLs (with getfattr, see {@link AttrTools}); false skips them (and their
 *     cost: a program run per directory)
 */
public record TreeReaderOptions(List<ExcludePattern> excludes, boolean oneFileSystem, boolean acls) {
  public static final TreeReaderOptions DEFAULT = new TreeReaderOptions(List.of(), false, true);

  public TreeReaderOptions {
    excludes = List.copyOf(excludes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds options; starts as {@link #DEFAULT}. Not thread-safe. */
  public static final class Builder {
    private final List<ExcludePattern> excludes = new ArrayList<>();
    private boolean oneFileSystem;
    private boolean acls = true;

    private Builder() {}

    /**
     * Adds exclude patterns.
     *
     * @throws IllegalArgumentException for a pattern {@link ExcludePattern#compile} refuses
     */
    public Builder exclude(String... patterns) {
      for (String p : patterns) {
        excludes.add(ExcludePattern.compile(p));
      }
      return this;
    }

    public Builder oneFileSystem(boolean oneFileSystem) {
      this.oneFileSystem = oneFileSystem;
      return this;
    }

    public Builder acls(boolean acls) {
      this.acls = acls;
      return this;
    }

    public TreeReaderOptions build() {
      return new TreeReaderOptions(excludes, oneFileSystem, acls);
    }
  }
}
