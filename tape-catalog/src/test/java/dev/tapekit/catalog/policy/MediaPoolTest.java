package dev.tapekit.catalog.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.catalog.time.CalendarEvent;
import dev.tapekit.catalog.time.TimeSpan;
import dev.tapekit.scsi.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the README's "Policies", with a clock that moves only when told. */
class MediaPoolTest {
  @TempDir
  Path dir;
  private final FakeClock clock = new FakeClock(); // 2026-01-01T00:00:00Z, a Thursday
  private CatalogStore store;
  private int labelled;

  @BeforeEach
  void open() throws Exception {
    store = SqliteCatalogStore.open(dir.resolve("catalog.db"), clock);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private MediaPool pool(Pool config) throws CatalogException {
    store.putPool(config);
    return new MediaPool(store, config.name(), Availability.changer("lib"), clock, ZoneOffset.UTC);
  }

  /** A tape labelled now (each a minute after the last), online in "lib". */
  private Media tape(String label, String pool) throws CatalogException {
    Media m = Media.newTape(UUID.randomUUID(), label, clock.instant().plusSeconds(60L * labelled++),
        Optional.ofNullable(pool), false).withLocation(new MediaLocation.Online("lib"));
    store.addMedia(m);
    return m;
  }

  private static LockHolder backup() {
    return LockHolder.thisProcess("backup daily", Instant.EPOCH, LockHolder.Mode.EXCLUSIVE);
  }

  /** Runs one write session: its first tape, written full when {@code fill}. */
  private Media session(MediaPool pool, boolean fill) throws CatalogException {
    try (WriteSession s = pool.startWriteSession(backup(), false, Duration.ZERO)) {
      Media t = s.tape();
      if (fill) {
        store.updateMedia(t.uuid(), m -> m.withStatus(MediaStatus.FULL));
      }
      return t;
    }
  }

  private void setStatus(Media m, MediaStatus s) throws CatalogException {
    store.updateMedia(m.uuid(), x -> x.withStatus(s));
  }

  private void move(Media m, MediaLocation l) throws CatalogException {
    store.updateMedia(m.uuid(), x -> x.withLocation(l));
  }

  @Test
  void continueAppendsToTheCurrentSetAndItsLastTape() throws Exception {
    MediaPool pool = pool(Pool.of("daily"));
    Media a = tape("A00001L9", null);
    tape("B00001L9", null);
    assertEquals(Optional.of("the pool has no media set yet"), pool.newSetReason(false));
    Media first = session(pool, false);
    assertEquals(a.uuid(), first.uuid(), "the oldest free tape");
    assertEquals(MediaStatus.WRITABLE, pool.status(store.media(a.uuid()).orElseThrow()));
    clock.advance(Duration.ofDays(30));
    assertEquals(Optional.empty(), pool.newSetReason(false));
    try (WriteSession s = pool.startWriteSession(backup(), false, Duration.ZERO)) {
      assertEquals(Optional.empty(), s.newSetReason());
      assertEquals(a.uuid(), s.tape().uuid(), "the set's writable last tape again");
      setStatus(a, MediaStatus.FULL);
      Media next = s.nextTape();
      assertEquals(1, next.membership().orElseThrow().sequence());
      assertEquals(s.set().uuid(), next.membership().orElseThrow().mediaSet());
    }
    assertEquals(1, store.mediaSets("daily").size());
    assertEquals(MediaStatus.FULL, pool.status(store.media(a.uuid()).orElseThrow()));
    assertEquals(Optional.empty(), pool.expiry(store.media(a.uuid()).orElseThrow()), "continue: never while newest");
  }

  @Test
  void allocationOrderIsPoolTapesThenExpiredThenFree() throws Exception {
    MediaPool pool = pool(Pool.of("daily").withAllocation(Pool.Allocation.ALWAYS)
        .withRetention(Pool.Retention.OVERWRITE));
    Media free = tape("F00001L9", null);
    Media poolB = tape("PB0001L9", "daily");
    Media poolA = tape("PA0001L9", "daily"); // labelled after poolB: poolB first
    Media otherPool = tape("OT0001L9", "weekly");
    Media damaged = tape("DM0001L9", "daily");
    setStatus(damaged, MediaStatus.DAMAGED);
    Media vaulted = tape("VA0001L9", "daily");
    move(vaulted, new MediaLocation.Vault("offsite"));
    Media elsewhere = tape("EL0001L9", "daily");
    move(elsewhere, new MediaLocation.Online("other-lib"));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofHours(1));
      order.add(session(pool, true).label());
    }
    // PBS's order (src/tape/media_pool.rs alloc_writable_media): empty tapes of the pool, then expired
    // tapes of the pool's other sets (always + overwrite: a set expires at its own start), then free tapes
    assertEquals(List.of("PB0001L9", "PA0001L9", "PB0001L9", "PA0001L9", "PB0001L9"), order);
    assertEquals(Optional.empty(), store.media(free.uuid()).orElseThrow().membership());
    assertEquals(Optional.empty(), store.media(otherPool.uuid()).orElseThrow().membership());
    for (Media never : List.of(damaged, vaulted, elsewhere)) {
      assertEquals(Optional.empty(), store.media(never.uuid()).orElseThrow().membership(), never.label());
    }
    assertTrue(poolA.labelled().isAfter(poolB.labelled()));
  }

  @Test
  void freeTapesAreTakenWhenThePoolHasNone() throws Exception {
    MediaPool pool = pool(Pool.of("daily"));
    Media older = tape("F00002L9", null);
    tape("F00001L9", null);
    assertEquals(older.uuid(), session(pool, true).uuid(), "oldest label time first, then label text");
    Media second;
    try (WriteSession s = pool.startWriteSession(backup(), false, Duration.ZERO)) {
      second = s.tape();
    }
    assertEquals("F00001L9", second.label());
    assertEquals(Optional.of("daily"), second.pool());
    try (WriteSession s = pool.startWriteSession(backup(), false, Duration.ZERO)) {
      setStatus(second, MediaStatus.FULL);
      CatalogException e = assertThrows(CatalogException.NotFound.class, s::nextTape);
      assertTrue(e.getMessage().contains("no usable tape for pool daily (in changer lib)"), e.getMessage());
    }
  }

  /**
   * On a library shared by jobs or hosts, a tape in another drive is not allocated (another job is
   * labelling or writing it), and the tape already in the job's own drive goes first among equals.
   */
  @Test
  void aTapeInAnotherDriveIsPassedOverAndTheOneInThisDriveGoesFirst() throws Exception {
    MediaPool pool = pool(Pool.of("daily"));
    tape("PA0001L9", "daily");
    tape("PB0001L9", "daily");
    tape("PC0001L9", "daily");
    tape("F00001L9", null);
    try (WriteSession s = pool.startWriteSession(backup(), false, Duration.ZERO)) {
      Media t = s.tape(new DriveOccupancy(Optional.of("PC0001L9"), Set.of("PA0001L9")));
      assertEquals("PC0001L9", t.label(), "the pool's tape in this drive, not the oldest (in another drive)");
      setStatus(t, MediaStatus.FULL);
      assertEquals("PB0001L9", s.nextTape(new DriveOccupancy(Optional.of("F00001L9"), Set.of("PA0001L9"))).label(),
          "a pool tape before the free one in this drive: this drive's tape goes first only among equals");
    }
    clock.advance(Duration.ofDays(1));
    try (WriteSession s = pool.startWriteSession(backup(), true, Duration.ZERO)) {
      CatalogException e = assertThrows(CatalogException.NotFound.class,
          () -> s.tape(new DriveOccupancy(Optional.empty(), Set.of("PA0001L9", "F00001L9"))));
      assertTrue(e.getMessage().contains("no usable tape for pool daily"), e.getMessage());
      assertEquals("PA0001L9", s.tape().label(), "once no other drive holds it");
    }
  }

  @Test
  void aCalendarEventStartsTheNextSet() throws Exception {
    MediaPool pool = pool(Pool.of("weekly").withAllocation(new Pool.Allocation.At(CalendarEvent.parse("mon 02:00"))));
    tape("A00001L9", null);
    tape("B00001L9", null);
    clock.advance(Duration.ofHours(10)); // Thu 2026-01-01 10:00
    Media first = session(pool, false);
    clock.advance(Duration.ofDays(3)); // Sun 10:00
    assertEquals(Optional.empty(), pool.newSetReason(false));
    clock.advance(Duration.ofHours(16)); // Mon 02:00
    Optional<String> reason = pool.newSetReason(false);
    assertTrue(reason.orElseThrow().contains("2026-01-05T02:00:00Z"), reason.toString());
    Media second = session(pool, false);
    assertFalse(second.membership().orElseThrow().mediaSet().equals(first.membership().orElseThrow().mediaSet()));
    assertNotEquals(first.uuid(), second.uuid(), "the old set's tape is kept (retention keep)");
  }

  @Test
  void retentionCountsFromTheSetsLastUse() throws Exception {
    // continue: from the start of the next set
    MediaPool cont = pool(Pool.of("daily").withRetention(new Pool.Retention.For(TimeSpan.parse("7days"))));
    tape("A00001L9", null);
    tape("B00001L9", null);
    Media a = session(cont, true);
    assertEquals(Optional.empty(), cont.expiry(store.media(a.uuid()).orElseThrow()));
    clock.advance(Duration.ofDays(2));
    Instant nextStart = clock.instant();
    try (WriteSession s = cont.startWriteSession(backup(), true, Duration.ZERO)) {
      assertEquals(Optional.of("a new media set was asked for"), s.newSetReason());
      s.tape();
    }
    Media full = store.media(a.uuid()).orElseThrow();
    assertEquals(Optional.of(nextStart.plus(Duration.ofDays(7))), cont.expiry(full));
    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertFalse(cont.expired(full));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(cont.expired(full));

    // always: from the set's own start; keep: never; WORM: never
    MediaPool always = pool(Pool.of("always").withAllocation(Pool.Allocation.ALWAYS)
        .withRetention(new Pool.Retention.For(TimeSpan.parse("1h"))));
    tape("C00001L9", "always");
    Instant start = clock.instant();
    Media c = session(always, true);
    assertEquals(Optional.of(start.plus(Duration.ofHours(1))), always.expiry(store.media(c.uuid()).orElseThrow()));
    Media worm = store.media(c.uuid()).orElseThrow();
    Media wormTape = new Media(worm.uuid(), worm.label(), worm.labelled(), worm.pool(), worm.membership(),
        worm.status(), worm.location(), 0, 0, 0, true);
    assertEquals(Optional.empty(), always.expiry(wormTape));
    store.putPool(store.pool("always").orElseThrow().withRetention(Pool.Retention.KEEP));
    assertEquals(Optional.empty(), always.expiry(store.media(c.uuid()).orElseThrow()));
  }

  @Test
  void calendarRetentionCountsFromTheEvent() throws Exception {
    MediaPool pool = pool(Pool.of("weekly").withAllocation(new Pool.Allocation.At(CalendarEvent.parse("mon 02:00")))
        .withRetention(Pool.Retention.OVERWRITE));
    tape("A00001L9", null);
    Media a = session(pool, true); // Thu 2026-01-01 00:00; the event follows on Mon 02:00
    assertEquals(Optional.of(Instant.parse("2026-01-05T02:00:00Z")), pool.expiry(store.media(a.uuid()).orElseThrow()));
  }

  @Test
  void anUnusableCurrentSetStartsANewOne() throws Exception {
    MediaPool pool = pool(Pool.of("daily"));
    Media a = tape("A00001L9", null);
    tape("B00001L9", null);
    tape("C00001L9", null);
    session(pool, false);
    move(a, MediaLocation.OFFLINE);
    assertTrue(pool.newSetReason(false).orElseThrow().contains("offline, out of this drive's reach"),
        "the docs' rule, not the code's: an offline last tape closes the set");
    move(a, new MediaLocation.Vault("offsite"));
    assertTrue(pool.newSetReason(false).orElseThrow().contains("in vault offsite"));
    move(a, new MediaLocation.Online("lib"));
    setStatus(a, MediaStatus.DAMAGED);
    assertTrue(pool.newSetReason(false).orElseThrow().contains("is damaged"));
    setStatus(a, MediaStatus.UNKNOWN);
    assertEquals(Optional.empty(), pool.newSetReason(false));
    store.putPool(pool.pool().withEncryption(Optional.of("aa:bb")));
    assertTrue(pool.newSetReason(false).orElseThrow().contains("encryption key changed"));
    store.putPool(pool.pool().withEncryption(Optional.empty()));
    store.removeMedia(a.uuid());
    assertTrue(pool.newSetReason(false).orElseThrow().contains("incomplete"));
  }

  @Test
  void oneBackupPerSetAtATimeAndRestoresKeepTheirSet() throws Exception {
    MediaPool pool = pool(Pool.of("daily").withAllocation(Pool.Allocation.ALWAYS)
        .withRetention(Pool.Retention.OVERWRITE));
    Media a = tape("A00001L9", "daily");
    Media b = tape("B00001L9", "daily");
    Media first = session(pool, true);
    assertEquals(a.uuid(), first.uuid());
    try (CatalogLock restore = store.lock(LockTarget.mediaSet(first.membership().orElseThrow().mediaSet()),
        LockHolder.thisProcess("restore", Instant.EPOCH, LockHolder.Mode.SHARED), Duration.ZERO)) {
      assertEquals(b.uuid(), session(pool, true).uuid(), "the expired set a restore reads is skipped");
    }
    MediaPool cont = pool(Pool.of("cont"));
    tape("C00001L9", "cont");
    session(cont, false);
    try (WriteSession running = cont.startWriteSession(backup(), false, Duration.ZERO)) {
      CatalogException e = assertThrows(CatalogException.LockTimeout.class,
          () -> cont.startWriteSession(backup(), false, Duration.ofMillis(100)));
      assertTrue(e.getMessage().contains("'backup daily'"), e.getMessage());
    }
  }
}
