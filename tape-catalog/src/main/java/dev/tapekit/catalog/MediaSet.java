package dev.tapekit.catalog;

import dev.tapekit.format.content.ContentHeader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A media set: tapes written one after another, the unit of restore (dedup is complete within it).
 *
 * @param uuid the set's UUID, as its tapes' media set labels say
 * @param pool its pool
 * @param name its name, made from the pool's template when it started
 * @param created when it started (the ctime of tape 0's media set label)
 * @param encryption the fingerprint of the key it is encrypted with, if any
 * @param members its tapes by sequence number; a gap is a tape the inventory no longer has
 * @param copyOf the set it is a copy of (written from that set's tapes, for off-site rotation), once the
 *     copy finished ({@link CatalogStore#linkCopy})
 */
public record MediaSet(UUID uuid, String pool, String name, Instant created, Optional<String> encryption,
    SortedMap<Integer, UUID> members, Optional<UUID> copyOf) {
  /** A set that is no copy. */
  public MediaSet(UUID uuid, String pool, String name, Instant created, Optional<String> encryption,
      SortedMap<Integer, UUID> members) {
    this(uuid, pool, name, created, encryption, members, Optional.empty());
  }

  public MediaSet {
    Objects.requireNonNull(uuid, "uuid");
    if (uuid.equals(ContentHeader.NO_SET)) {
      throw new IllegalArgumentException("the nil UUID names no media set");
    }
    Names.check("pool name", pool);
    Objects.requireNonNull(name, "name");
    created = created.truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(encryption, "encryption");
    members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    Objects.requireNonNull(copyOf, "copyOf");
    if (copyOf.map(uuid::equals).orElse(false)) {
      throw new IllegalArgumentException("media set " + uuid + " cannot be a copy of itself");
    }
  }

  /** Whether every sequence number from 0 to the last has a tape. */
  public boolean complete() {
    return members.isEmpty() || members.lastKey() == members.size() - 1;
  }

  /** The last tape, if any. */
  public Optional<UUID> last() {
    return members.isEmpty() ? Optional.empty() : Optional.of(members.get(members.lastKey()));
  }

  /** The sequence number the next tape gets. */
  public int nextSequence() {
    return members.isEmpty() ? 0 : members.lastKey() + 1;
  }
}
