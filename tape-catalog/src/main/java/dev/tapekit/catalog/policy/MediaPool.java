package dev.tapekit.catalog.policy;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.MediaSetNames;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A pool's policies over a catalog: each tape's status, when a tape expires, when a new media set
 * starts, and which tape a write session gets next. The module README ("Policies") states every rule;
 * this class is its implementation, and reads time only from its {@link Clock}.
 *
 * <p>It reads the catalog afresh for every decision, so several sessions (on several hosts, through
 * a shared PostgreSQL catalog) may use it at once: tapes move into sets only by the store's
 * compare-and-set, so no tape is given to two sessions.
 */
public final class MediaPool {
  private final CatalogStore store;
  private final String name;
  private final Availability availability;
  private final Clock clock;
  private final ZoneId zone;

  /**
   * @param zone the time zone of calendar events and media set names
   */
  public MediaPool(CatalogStore store, String name, Availability availability, Clock clock, ZoneId zone) {
    this.store = Objects.requireNonNull(store, "store");
    this.name = Objects.requireNonNull(name, "name");
    this.availability = Objects.requireNonNull(availability, "availability");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** The pool's configuration, as the catalog has it now. */
  public Pool pool() throws CatalogException {
    return store.pool(name).orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": no pool named "
        + name + ": define it first"));
  }

  /** The pool's newest media set, if it has one. */
  public Optional<MediaSet> currentSet() throws CatalogException {
    List<MediaSet> sets = store.mediaSets(name);
    return sets.isEmpty() ? Optional.empty() : Optional.of(sets.get(sets.size() - 1));
  }

  /**
   * A tape's status as this pool sees it: a stored full, damaged or retired wins; a tape of another
   * pool is unknown; a tape in no set is writable; the last tape of the pool's current set is
   * writable; every other tape in a set is full.
   */
  public MediaStatus status(Media m) throws CatalogException {
    return status(m, currentSet());
  }

  private MediaStatus status(Media m, Optional<MediaSet> current) {
    if (m.status() == MediaStatus.FULL || m.status().unusable()) {
      return m.status();
    }
    if (m.pool().isPresent() && !m.pool().get().equals(name)) {
      return MediaStatus.UNKNOWN;
    }
    if (m.membership().isEmpty()) {
      return MediaStatus.WRITABLE;
    }
    if (current.isPresent() && m.inSet(current.get().uuid())
        && current.get().last().map(m.uuid()::equals).orElse(false)) {
      return MediaStatus.WRITABLE;
    }
    return MediaStatus.FULL;
  }

  /**
   * When tape {@code m} may be overwritten; empty when never (retention {@code keep}, WORM media, a
   * tape in no set, the newest set of a {@code continue} pool). The set's last use is: for {@code
   * continue} the start of the pool's next newer set; for {@code always} the set's own start; for a
   * calendar event the event following the set's start, or the next set's start if that came first.
   * The tape expires at that last use ({@code overwrite}) or the retention span after it.
   */
  public Optional<Instant> expiry(Media m) throws CatalogException {
    return expiry(m, pool(), store.mediaSets(name));
  }

  private Optional<Instant> expiry(Media m, Pool pool, List<MediaSet> sets) {
    if (m.worm() || pool.retention() instanceof Pool.Retention.Keep || m.membership().isEmpty()) {
      return Optional.empty();
    }
    UUID setId = m.membership().get().mediaSet();
    int index = -1;
    for (int i = 0; i < sets.size(); i++) {
      if (sets.get(i).uuid().equals(setId)) {
        index = i;
      }
    }
    Instant start = index >= 0 ? sets.get(index).created() : m.membership().get().assigned();
    Optional<Instant> nextStart = index >= 0 && index + 1 < sets.size() ? Optional.of(sets.get(index + 1).created())
        : Optional.empty();
    Optional<Instant> lastUse;
    if (pool.allocation() instanceof Pool.Allocation.Always) {
      lastUse = Optional.of(start);
    } else if (pool.allocation() instanceof Pool.Allocation.At at) {
      Optional<Instant> event = at.event().next(start, zone);
      lastUse = event.isEmpty() ? nextStart
          : Optional.of(nextStart.filter(n -> n.isBefore(event.get())).orElse(event.get()));
    } else {
      lastUse = nextStart;
    }
    if (pool.retention() instanceof Pool.Retention.For span) {
      return lastUse.map(t -> t.plus(span.span().duration()));
    }
    return lastUse;
  }

  /** Whether tape {@code m} is full and past its expiry. */
  public boolean expired(Media m) throws CatalogException {
    return expired(m, pool(), store.mediaSets(name), currentSet());
  }

  private boolean expired(Media m, Pool pool, List<MediaSet> sets, Optional<MediaSet> current) {
    if (status(m, current) != MediaStatus.FULL) {
      return false;
    }
    Optional<Instant> at = expiry(m, pool, sets);
    return at.isPresent() && !clock.instant().isBefore(at.get());
  }

  /**
   * Why the next write session must start a new media set, or empty when it appends to the current
   * one. In order: forced; no current set; the current set unusable (a gap in its tapes, a tape that
   * is not where the set says, a tape whose pool is not the set's, an encryption key other than the
   * pool's, a tape damaged, retired or of unknown status, a last tape in a vault or out of reach, or
   * a full last tape); then the policy: {@code always}, or the calendar event following the set's
   * start has come.
   */
  public Optional<String> newSetReason(boolean force) throws CatalogException {
    if (force) {
      return Optional.of("a new media set was asked for");
    }
    Pool pool = pool();
    Optional<MediaSet> current = currentSet();
    if (current.isEmpty()) {
      return Optional.of("the pool has no media set yet");
    }
    Optional<String> unusable = unusable(current.get(), pool);
    if (unusable.isPresent()) {
      return unusable;
    }
    if (pool.allocation() instanceof Pool.Allocation.Always) {
      return Optional.of("the pool's allocation is 'always'");
    }
    if (pool.allocation() instanceof Pool.Allocation.At at) {
      Optional<Instant> event = at.event().next(current.get().created(), zone);
      if (event.isPresent() && !clock.instant().isBefore(event.get())) {
        return Optional.of("the allocation event '" + at.event().text() + "' came at " + event.get());
      }
    }
    return Optional.empty();
  }

  private Optional<String> unusable(MediaSet set, Pool pool) throws CatalogException {
    if (!set.complete() || set.members().isEmpty()) {
      return Optional.of("media set " + set.name() + " is incomplete: the inventory lacks some of its tapes");
    }
    if (!set.encryption().equals(pool.encryption())) {
      return Optional.of("the pool's encryption key changed (set " + set.encryption().orElse("unencrypted")
          + ", pool " + pool.encryption().orElse("unencrypted") + ")");
    }
    Optional<MediaSet> current = Optional.of(set);
    for (Map.Entry<Integer, UUID> e : set.members().entrySet()) {
      Optional<Media> found = store.media(e.getValue());
      if (found.isEmpty() || !found.get().inSet(set.uuid())
          || found.get().membership().get().sequence() != e.getKey()) {
        return Optional.of("the inventory is inconsistent: tape " + e.getKey() + " of media set " + set.name()
            + " is not where the set says");
      }
      Media m = found.get();
      if (!m.pool().equals(Optional.of(set.pool()))) {
        return Optional.of("the inventory is inconsistent: tape " + m.label() + " is in pool "
            + m.pool().orElse("(none)") + ", its set in pool " + set.pool());
      }
      MediaStatus s = status(m, current);
      boolean last = e.getKey().equals(set.members().lastKey());
      if (s == MediaStatus.FULL && !last) {
        continue;
      }
      if (!last || s != MediaStatus.WRITABLE) {
        return Optional.of("tape " + m.label() + " of media set " + set.name() + " is " + s.text());
      }
      if (m.location() instanceof MediaLocation.Vault v) {
        return Optional.of("the last tape " + m.label() + " of media set " + set.name() + " is in vault " + v.name());
      }
      if (!availability.reaches(m.location())) {
        return Optional.of("the last tape " + m.label() + " of media set " + set.name() + " is "
            + m.location().text() + ", out of this drive's reach");
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a write session: decides whether it appends to the current set or starts a new one
   * ({@link #newSetReason}), and locks that set exclusively for {@code holder} (one backup per media
   * set at a time), waiting up to {@code timeout}.
   */
  public WriteSession startWriteSession(LockHolder holder, boolean forceNewSet, Duration timeout)
      throws CatalogException {
    if (holder.mode() != LockHolder.Mode.EXCLUSIVE) {
      throw new IllegalArgumentException("a write session holds its media set exclusively");
    }
    Pool pool = pool();
    Optional<String> reason = newSetReason(forceNewSet);
    MediaSet set;
    if (reason.isPresent()) {
      UUID uuid = UUID.randomUUID();
      Instant now = clock.instant();
      set = new MediaSet(uuid, name, MediaSetNames.format(pool.template(), now.atZone(zone), uuid), now,
          pool.encryption(), new TreeMap<>());
    } else {
      set = currentSet().orElseThrow();
    }
    CatalogLock lock = store.lock(LockTarget.mediaSet(set.uuid()), holder, timeout);
    return new WriteSession(this, set, reason, lock, holder);
  }

  /**
   * The tape a session writes next: the set's last tape while it is writable and reachable (only
   * for a session that continues a set, before it changed tapes); else a tape for the set's next
   * sequence number, chosen in this order — tapes of the pool in no set (oldest label first), then
   * expired tapes of the pool's other sets (oldest set first, skipping sets a restore holds), then
   * tapes of no pool (oldest label first); among equals, by label text. Damaged, retired and
   * unreachable tapes are never chosen; nor, for a new tape, one in another drive ({@code drives}),
   * and the tape in the job's own drive goes first among the pool's tapes in no set and among the
   * tapes of no pool. (The set's last tape is not passed over when another drive holds it: the set is
   * this session's, so the tape was left there, and loading it says where it is.)
   */
  Media allocate(WriteSession session, boolean mayContinue, DriveOccupancy drives) throws CatalogException {
    Pool pool = pool();
    Optional<MediaSet> stored = store.mediaSet(session.set().uuid());
    if (mayContinue && stored.isPresent() && stored.get().last().isPresent()) {
      Media last = store.media(stored.get().last().get()).orElseThrow();
      if (status(last, stored) == MediaStatus.WRITABLE && availability.reaches(last.location())) {
        return last;
      }
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      List<MediaSet> sets = store.mediaSets(name);
      Optional<MediaSet> now = store.mediaSet(session.set().uuid());
      MediaSet current = now.orElse(session.set()); // the session's set is the pool's current one
      int sequence = current.nextSequence();
      boolean lostRace = false;
      for (Media candidate : candidates(pool, sets, current, drives)) {
        Optional<Media.Membership> expected = candidate.membership();
        Optional<CatalogLock> oldSet = Optional.empty();
        if (expected.isPresent()) { // an expired tape: skip its set while a restore reads it
          try {
            oldSet = Optional.of(store.lock(LockTarget.mediaSet(expected.get().mediaSet()), session.holder(),
                Duration.ZERO));
          } catch (CatalogException.LockTimeout inUse) {
            continue;
          }
        }
        try {
          Instant assigned = clock.instant();
          boolean taken = now.isEmpty()
              ? store.startMediaSet(session.set(), candidate.uuid(), expected, assigned)
              : store.assign(candidate.uuid(), expected, new Media.Membership(current.uuid(), sequence, assigned));
          if (taken) {
            return store.media(candidate.uuid()).orElseThrow();
          }
          lostRace = true;
          if (store.mediaSet(session.set().uuid()).map(MediaSet::nextSequence).orElse(0) != sequence) {
            break; // our own set changed under us: read again
          }
        } finally {
          oldSet.ifPresent(CatalogLock::close);
        }
      }
      if (!lostRace) {
        break;
      }
    }
    throw new CatalogException.NotFound(store.describe() + ": no usable tape for pool " + name + " ("
        + (availability.changer().map(c -> "in changer " + c).orElse("offline, for a standalone drive"))
        + "): label new tapes, move tapes into reach, or check the pool's retention");
  }

  private List<Media> candidates(Pool pool, List<MediaSet> sets, MediaSet session, DriveOccupancy drives)
      throws CatalogException {
    Optional<MediaSet> current = Optional.of(session);
    List<Media> empty = new ArrayList<>();
    List<Media> free = new ArrayList<>();
    List<Media> expired = new ArrayList<>();
    Map<UUID, Instant> setStart = new HashMap<>();
    for (MediaSet s : sets) {
      setStart.put(s.uuid(), s.created());
    }
    for (Media m : store.media()) {
      if (!availability.reaches(m.location()) || m.status().unusable() || drives.otherDrives().contains(m.label())) {
        continue;
      }
      if (m.membership().isEmpty()) {
        if (status(m, current) != MediaStatus.WRITABLE) {
          continue;
        }
        if (m.pool().isEmpty()) {
          free.add(m);
        } else if (m.pool().get().equals(name)) {
          empty.add(m);
        }
      } else if (m.pool().equals(Optional.of(name)) && !m.inSet(session.uuid()) && expired(m, pool, sets, current)) {
        expired.add(m);
      }
    }
    Comparator<Media> byLabel = Comparator.comparing((Media m) -> !drives.thisDrive().equals(Optional.of(m.label())))
        .thenComparing(Media::labelled).thenComparing(Media::label);
    empty.sort(byLabel);
    free.sort(byLabel);
    expired.sort(Comparator.comparing((Media m) -> setStart.getOrDefault(m.membership().get().mediaSet(),
        m.membership().get().assigned())).thenComparing(Media::label));
    List<Media> out = new ArrayList<>(empty);
    out.addAll(expired);
    out.addAll(free);
    return out;
  }
}
