package dev.tapekit.backup.job;

import dev.tapekit.format.snapshot.SnapshotEntry;
import java.util.List;
import java.util.Objects;

/**
 * What a restore brings back from one media set.
 *
 * <ul>
 *   <li>{@link WholeSet}: every snapshot, each into {@code <target>/<snapshot name>};
 *   <li>{@link Snapshots}: the named snapshots; one goes straight into the target, several each into
 *       {@code <target>/<snapshot name>};
 *   <li>{@link Paths}: paths of one snapshot (a file, or a directory with everything below it),
 *       into the target at their place in the tree; their parent directories come too.
 * </ul>
 */
public sealed interface RestoreSelection {
  /** Every snapshot of the set. */
  record WholeSet() implements RestoreSelection {}

  /** The snapshots named {@code names} (as the catalog lists them). */
  record Snapshots(List<String> names) implements RestoreSelection {
    public Snapshots {
      names = List.copyOf(new java.util.LinkedHashSet<>(names));
      if (names.isEmpty()) {
        throw new IllegalArgumentException("name at least one snapshot");
      }
    }
  }

  /**
   * Paths of snapshot {@code snapshot}, relative to its root ({@code etc/hosts}; a leading or
   * trailing '/' is ignored, "" is the whole snapshot).
   */
  record Paths(String snapshot, List<String> paths) implements RestoreSelection {
    public Paths {
      Objects.requireNonNull(snapshot, "snapshot");
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("name at least one path of snapshot " + snapshot);
      }
      paths = paths.stream().map(Paths::normalize).toList();
    }

    private static String normalize(String path) {
      String p = path;
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      String problem = SnapshotEntry.pathProblem(p);
      if (problem != null) {
        throw new IllegalArgumentException("'" + path + "' is no path of a snapshot: " + problem);
      }
      return p;
    }
  }

  /** The whole set. */
  static RestoreSelection wholeSet() {
    return new WholeSet();
  }

  /** Snapshots by name. */
  static RestoreSelection snapshots(String... names) {
    return new Snapshots(List.of(names));
  }

  /** Paths of one snapshot. */
  static RestoreSelection paths(String snapshot, String... paths) {
    return new Paths(snapshot, List.of(paths));
  }
}
