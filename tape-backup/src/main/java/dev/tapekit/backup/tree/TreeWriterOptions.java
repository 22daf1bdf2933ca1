package dev.tapekit.backup.tree;

import java.util.Objects;

/**
 * How a {@link TreeWriter} restores. Immutable; {@link #DEFAULT} refuses to replace anything.
 *
 * @param existing what to do when something is already at an entry's path
 */
public record TreeWriterOptions(Existing existing) {
  public static final TreeWriterOptions DEFAULT = new TreeWriterOptions(Existing.REFUSE);

  /**
   * What to do with a file already at an entry's path. An existing directory where the entry is a
   * directory is never in the way: the restore goes into it (and sets its metadata, but under
   * {@link #SKIP}).
   */
  public enum Existing {
    /** Leave it and report the path {@link TreeProblem.Kind#EXISTS}; the entry is not restored. */
    REFUSE,
    /** Remove it (a directory only when empty) and restore the entry. */
    OVERWRITE,
    /** Leave it and report the path {@link TreeProblem.Kind#KEPT_EXISTING}; the entry is not restored. */
    SKIP
  }

  public TreeWriterOptions {
    Objects.requireNonNull(existing, "existing");
  }
}
