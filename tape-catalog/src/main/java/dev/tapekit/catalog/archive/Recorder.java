package dev.tapekit.catalog.archive;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.MediaSetNames;
import dev.tapekit.catalog.Pool;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Records a media set and its tapes as tape labels or a catalog archive describe them, when a
 * catalog is rebuilt: the set if the catalog lacks it (named by its pool's template, at the set's
 * start in UTC), each tape if the catalog lacks it, and each tape's membership.
 */
final class Recorder {
  private final CatalogStore store;
  private final UUID set;
  private final String pool;
  private final Instant created;
  private final Optional<String> encryption;
  private boolean setRecorded;

  Recorder(CatalogStore store, UUID set, String pool, Instant created, Optional<String> encryption) {
    this.store = store;
    this.set = set;
    this.pool = pool;
    this.created = created;
    this.encryption = encryption;
  }

  /**
   * Records tape {@code uuid} labelled {@code label} as number {@code sequence} of the set.
   *
   * @param labelled its media label's ctime (or the best time known)
   * @return its UUID
   */
  UUID tape(UUID uuid, String label, int sequence, Instant labelled) throws CatalogException {
    if (!setRecorded) {
      String template = store.pool(pool).map(Pool::template).orElse(Pool.DEFAULT_TEMPLATE);
      store.recordMediaSet(new MediaSet(set, pool, MediaSetNames.format(template, created.atZone(ZoneOffset.UTC), set),
          created, encryption, new TreeMap<>()));
      setRecorded = true;
    }
    if (store.media(uuid).isEmpty()) {
      store.addMedia(Media.newTape(uuid, label, labelled, Optional.of(pool), false));
    }
    store.recordMembership(uuid, pool, new Media.Membership(set, sequence, sequence == 0 ? created : labelled));
    return uuid;
  }
}
