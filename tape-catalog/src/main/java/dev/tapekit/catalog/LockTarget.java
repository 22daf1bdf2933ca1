package dev.tapekit.catalog;

import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link CatalogLock} locks: a media set (a backup holds it exclusively, restores share it),
 * a drive (reserved exclusively by the job using it) or a pool (held exclusively while a tape is
 * allocated from it).
 *
 * @param kind {@code media-set}, {@code drive} or {@code pool}
 * @param name the set's UUID, the drive's or the pool's name
 */
public record LockTarget(String kind, String name) {
  public LockTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (!kind.equals("media-set") && !kind.equals("drive") && !kind.equals("pool")) {
      throw new IllegalArgumentException("a lock is on a media-set, drive or pool, not a " + kind);
    }
    if (name.isEmpty() || name.length() > 200) {
      throw new IllegalArgumentException("a lock target is named by 1 to 200 characters");
    }
  }

  public static LockTarget mediaSet(UUID set) {
    return new LockTarget("media-set", set.toString());
  }

  public static LockTarget drive(String drive) {
    return new LockTarget("drive", drive);
  }

  public static LockTarget pool(String pool) {
    return new LockTarget("pool", pool);
  }

  /** {@code kind:name}: the key under which stores keep it. */
  public String key() {
    return kind + ":" + name;
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
