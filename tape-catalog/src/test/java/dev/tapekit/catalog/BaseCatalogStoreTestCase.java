package dev.tapekit.catalog;

import static dev.tapekit.catalog.CatalogFixtures.T0;
import static dev.tapekit.catalog.CatalogFixtures.chunkArchive;
import static dev.tapekit.catalog.CatalogFixtures.entries;
import static dev.tapekit.catalog.CatalogFixtures.file;
import static dev.tapekit.catalog.CatalogFixtures.set;
import static dev.tapekit.catalog.CatalogFixtures.snapshotArchive;
import static dev.tapekit.catalog.CatalogFixtures.tape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.time.TimeSpan;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CatalogStore} contract, run against every implementation: a subclass says how to open
 * a store on a fresh catalog and a second store on the same catalog.
 */
public abstract class BaseCatalogStoreTestCase {
  protected CatalogStore store;

  /** A store on a fresh, empty catalog. */
  protected abstract CatalogStore openFresh() throws Exception;

  /** Another store on the catalog {@link #openFresh} opened last (as another process would). */
  protected abstract CatalogStore openAgain() throws Exception;

  /**
   * A store on a fresh catalog migrated only to schema {@code version} (what an older tapekit wrote);
   * {@link #openAgain} then opens the same catalog with this code's schema.
   */
  protected abstract CatalogStore openFreshAtSchemaVersion(int version) throws Exception;

  /** Runs one SQL statement on the catalog opened last, outside any store (as an older tapekit would). */
  protected abstract void execute(String sql) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) { // null when openFresh was skipped (no PostgreSQL here)
      store.close();
    }
  }

  private Media addTape(String label, String pool) throws CatalogException {
    Media m = tape(label, label.hashCode() & 0xff, Optional.ofNullable(pool));
    store.addMedia(m);
    return m;
  }

  /** A set of pool "daily" with {@code tapes} tapes, 0 first. */
  private MediaSet setWith(int minutes, Media... tapes) throws CatalogException {
    MediaSet s = set("daily", minutes);
    assertTrue(store.startMediaSet(s, tapes[0].uuid(), tapes[0].membership(), T0));
    for (int i = 1; i < tapes.length; i++) {
      assertTrue(store.assign(tapes[i].uuid(), tapes[i].membership(), new Media.Membership(s.uuid(), i, T0)));
    }
    return store.mediaSet(s.uuid()).orElseThrow();
  }

  private List<CatalogRecord> content(UUID media) throws CatalogException {
    List<CatalogRecord> out = new ArrayList<>();
    store.content(media, out::add);
    return out;
  }

  // ---- pools

  @Test
  void poolsAreStoredReplacedListedAndRemoved() throws Exception {
    Pool daily = Pool.of("daily").withRetention(new Pool.Retention.For(TimeSpan.parse("2 weeks")))
        .withEncryption(Optional.of("aa:bb")).withTemplate("%Y-%m-%d %id%");
    store.putPool(daily);
    store.putPool(Pool.of("archive").withAllocation(Pool.Allocation.ALWAYS));
    assertEquals(Optional.of(daily), store.pool("daily"));
    assertEquals(List.of("archive", "daily"), store.pools().stream().map(Pool::name).toList());
    store.putPool(daily.withRetention(Pool.Retention.OVERWRITE));
    assertEquals(Pool.Retention.OVERWRITE, store.pool("daily").orElseThrow().retention());
    store.removePool("archive");
    assertEquals(Optional.empty(), store.pool("archive"));
    assertThrows(CatalogException.NotFound.class, () -> store.removePool("archive"));
  }

  @Test
  void aPoolWithTapesIsNotRemoved() throws Exception {
    store.putPool(Pool.of("daily"));
    addTape("T00001L9", "daily");
    CatalogException e = assertThrows(CatalogException.Conflict.class, () -> store.removePool("daily"));
    assertTrue(e.getMessage().contains("1 tape(s)"), e.getMessage());
  }

  // ---- tapes

  @Test
  void tapesAreFoundByUuidAndLabelAndListedByLabel() throws Exception {
    Media b = addTape("B00001L9", null);
    Media a = addTape("A00001L9", "daily");
    assertEquals(Optional.of(a), store.media(a.uuid()));
    assertEquals(Optional.of(b), store.mediaByLabel("B00001L9"));
    assertEquals(List.of(a, b), store.media());
    assertEquals(a, store.resolve("A00001L9"));
    assertEquals(b, store.resolve(b.uuid().toString()));
    CatalogException e = assertThrows(CatalogException.NotFound.class, () -> store.resolve("C00001L9"));
    assertTrue(e.getMessage().contains("'C00001L9'") && e.getMessage().contains(store.describe()), e.getMessage());
  }

  @Test
  void duplicateLabelTextsAreRefused() throws Exception {
    Media first = addTape("T00001L9", null);
    Media twin = Media.newTape(UUID.randomUUID(), "T00001L9", T0, Optional.empty(), false);
    CatalogException e = assertThrows(CatalogException.DuplicateLabel.class, () -> store.addMedia(twin));
    assertTrue(e.getMessage().contains(first.uuid().toString()), e.getMessage());
    assertThrows(CatalogException.Conflict.class, () -> store.addMedia(Media.newTape(first.uuid(), "OTHER1L9", T0,
        Optional.empty(), false)));
    assertEquals(1, store.media().size());
  }

  @Test
  void updatesChangeStatusLocationAndCountersOnly() throws Exception {
    Media m = addTape("T00001L9", null);
    Media changed = store.updateMedia(m.uuid(), x -> x.withStatus(MediaStatus.DAMAGED)
        .withLocation(new MediaLocation.Vault("offsite")).withCounters(3, 1).withBytesUsed(77));
    assertEquals(changed, store.media(m.uuid()).orElseThrow());
    assertEquals("vault-offsite", changed.location().text());
    assertThrows(IllegalArgumentException.class, () -> store.updateMedia(m.uuid(),
        x -> x.assignedTo("daily", new Media.Membership(UUID.randomUUID(), 0, T0))));
    assertEquals(changed, store.media(m.uuid()).orElseThrow());
    assertThrows(CatalogException.NotFound.class, () -> store.updateMedia(UUID.randomUUID(), x -> x));
  }

  @Test
  void removingATapeRemovesItsContent() throws Exception {
    Media a = addTape("T00001L9", null);
    MediaSet s = setWith(0, a);
    store.commit(a.uuid(), chunkArchive(0, 2, entries(1, 10)), 100);
    store.removeMedia(a.uuid());
    assertEquals(Optional.empty(), store.media(a.uuid()));
    List<byte[]> digests = new ArrayList<>();
    store.chunkDigests(s.uuid(), digests::add);
    assertEquals(0, digests.size());
  }

  // ---- media sets

  @Test
  void setsStartWithTheirFirstTapeAndGrowBySequence() throws Exception {
    Media a = addTape("T00001L9", null);
    Media b = addTape("T00002L9", null);
    MediaSet s = setWith(5, a, b);
    assertEquals(List.of(a.uuid(), b.uuid()), List.copyOf(s.members().values()));
    assertTrue(s.complete());
    Media stored = store.media(b.uuid()).orElseThrow();
    assertEquals(Optional.of("daily"), stored.pool());
    assertEquals(new Media.Membership(s.uuid(), 1, T0), stored.membership().orElseThrow());
    assertEquals(MediaStatus.UNKNOWN, stored.status());
    MediaSet later = set("daily", 9);
    Media c = addTape("T00003L9", null);
    assertTrue(store.startMediaSet(later, c.uuid(), Optional.empty(), T0));
    assertEquals(List.of(s.uuid(), later.uuid()), store.mediaSets("daily").stream().map(MediaSet::uuid).toList());
  }

  @Test
  void aCopyIsLinkedToItsOriginalOnce() throws Exception {
    MediaSet original = setWith(0, addTape("T00001L9", null));
    store.putPool(Pool.of("offsite"));
    MediaSet copy = set("offsite", 5);
    Media c = addTape("T00002L9", null);
    assertTrue(store.startMediaSet(copy, c.uuid(), Optional.empty(), T0));
    assertEquals(Optional.empty(), store.mediaSet(copy.uuid()).orElseThrow().copyOf(), "no copy until linked");
    assertEquals(List.of(), store.copies(original.uuid()));

    store.linkCopy(copy.uuid(), original.uuid());
    store.linkCopy(copy.uuid(), original.uuid()); // again: nothing changes
    MediaSet linked = store.mediaSet(copy.uuid()).orElseThrow();
    assertEquals(Optional.of(original.uuid()), linked.copyOf());
    assertEquals(List.of(c.uuid()), List.copyOf(linked.members().values()));
    assertEquals(List.of(linked), store.copies(original.uuid()));
    assertEquals(List.of(linked), store.mediaSets("offsite"));
    assertEquals(Optional.empty(), store.mediaSet(original.uuid()).orElseThrow().copyOf());

    MediaSet other = set("daily", 9);
    assertTrue(store.startMediaSet(other, addTape("T00003L9", null).uuid(), Optional.empty(), T0));
    CatalogException twice = assertThrows(CatalogException.Conflict.class, () -> store.linkCopy(copy.uuid(),
        other.uuid()));
    assertTrue(twice.getMessage().contains("already a copy of " + original.uuid()), twice.getMessage());
    CatalogException loop = assertThrows(CatalogException.Conflict.class, () -> store.linkCopy(original.uuid(),
        copy.uuid()));
    assertTrue(loop.getMessage().contains("loop"), loop.getMessage());
    assertThrows(CatalogException.NotFound.class, () -> store.linkCopy(UUID.randomUUID(), original.uuid()));
    assertThrows(CatalogException.NotFound.class, () -> store.linkCopy(other.uuid(), UUID.randomUUID()));
    assertEquals(List.of(linked), store.copies(original.uuid()), "refused links changed nothing");
  }

  @Test
  void setsOfTheSchemaBeforeCopiesMigrateAsNoCopies() throws Exception {
    store.close();
    store = openFreshAtSchemaVersion(1);
    store.close();
    UUID old = UUID.fromString("0b1d5e70-0000-4000-8000-000000000001");
    execute("INSERT INTO pool (name, allocation, retention, encryption, template, comment)"
        + " VALUES ('daily', 'continue', 'keep', NULL, '%c', '')");
    execute("INSERT INTO media_set (uuid, pool, name, created, encryption) VALUES ('" + old + "', 'daily', 'old set', "
        + T0.getEpochSecond() + ", 'fp')");
    store = openAgain();
    MediaSet migrated = store.mediaSet(old).orElseThrow();
    assertEquals(new MediaSet(old, "daily", "old set", T0, Optional.of("fp"), new java.util.TreeMap<>()), migrated);
    assertEquals(Optional.empty(), migrated.copyOf());
    MediaSet copy = setWith(3, addTape("T00001L9", null));
    store.linkCopy(copy.uuid(), old);
    assertEquals(List.of(copy.uuid()), store.copies(old).stream().map(MediaSet::uuid).toList());
  }

  @Test
  void assignmentIsCompareAndSet() throws Exception {
    Media a = addTape("T00001L9", null);
    Media b = addTape("T00002L9", null);
    Media c = addTape("T00003L9", null);
    MediaSet s = setWith(0, a);
    MediaSet other = set("daily", 1);
    // b is no longer "in no set" once taken: a second taker that expected that loses
    assertTrue(store.assign(b.uuid(), Optional.empty(), new Media.Membership(s.uuid(), 1, T0)));
    assertFalse(store.startMediaSet(other, b.uuid(), Optional.empty(), T0));
    assertEquals(Optional.empty(), store.mediaSet(other.uuid()), "a lost start leaves no set behind");
    // a taken sequence number is not given twice
    assertFalse(store.assign(c.uuid(), Optional.empty(), new Media.Membership(s.uuid(), 1, T0)));
    assertEquals(Optional.empty(), store.media(c.uuid()).orElseThrow().membership());
    // overwriting an expired tape names the set it expects it in
    Media bNow = store.media(b.uuid()).orElseThrow();
    assertTrue(store.startMediaSet(other, b.uuid(), bNow.membership(), T0));
    assertEquals(other.uuid(), store.media(b.uuid()).orElseThrow().membership().orElseThrow().mediaSet());
    assertThrows(CatalogException.Conflict.class, () -> store.startMediaSet(other, c.uuid(), Optional.empty(), T0));
  }

  @Test
  void assignmentClearsContentAndStoredStatus() throws Exception {
    Media a = addTape("T00001L9", null);
    MediaSet s = setWith(0, a);
    store.commit(a.uuid(), chunkArchive(0, 2, entries(1, 3)), 500);
    store.updateMedia(a.uuid(), m -> m.withStatus(MediaStatus.FULL));
    Media full = store.media(a.uuid()).orElseThrow();
    assertTrue(store.startMediaSet(set("daily", 1), a.uuid(), full.membership(), T0));
    Media reused = store.media(a.uuid()).orElseThrow();
    assertEquals(MediaStatus.UNKNOWN, reused.status());
    assertEquals(0, reused.bytesUsed());
    assertEquals(List.of(), content(a.uuid()));
    assertEquals(Optional.empty(), store.findChunk(s.uuid(), entries(1, 3).get(0).digest()));
  }

  // ---- content

  @Test
  void committedContentComesBackInCatalogArchiveOrder() throws Exception {
    Media a = addTape("T00001L9", null);
    setWith(0, a);
    List<ChunkArchiveIndex.Entry> many = entries(7, CatalogRecord.Chunks.MAX_ENTRIES * 2 + 5);
    List<CatalogRecord> records = new ArrayList<>(chunkArchive(0, 2, many));
    records.addAll(snapshotArchive(0, 3, "host1/etc/2026-12-01"));
    records.add(file(0, 4, ContentType.DATA_STREAM, 0));
    store.commit(a.uuid(), records, 12345);
    assertEquals(records, content(a.uuid()));
    assertEquals(12345, store.media(a.uuid()).orElseThrow().bytesUsed());
    assertEquals(List.of(2L, 3L, 4L), store.files(a.uuid()).stream().map(f -> f.file().fileNumber()).toList());
  }

  @Test
  void oneArchivesChunksComeBackByDigest() throws Exception {
    Media a = addTape("T00001L9", null);
    setWith(0, a);
    List<ChunkArchiveIndex.Entry> two = entries(2, 5000); // more than one CHUNKS record
    store.commit(a.uuid(), chunkArchive(0, 2, two), 1);
    store.commit(a.uuid(), chunkArchive(0, 3, entries(3, 7)), 2);
    store.commit(a.uuid(), snapshotArchive(0, 4, "host1/etc/1"), 3);
    assertEquals(two, store.chunks(a.uuid(), 2));
    assertEquals(entries(3, 7), store.chunks(a.uuid(), 3));
    assertEquals(List.of(), store.chunks(a.uuid(), 4), "a snapshot archive has no chunks");
    assertThrows(CatalogException.NotFound.class, () -> store.chunks(UUID.randomUUID(), 2));
  }

  @Test
  void recommittingAFileReplacesIt() throws Exception {
    Media a = addTape("T00001L9", null);
    MediaSet s = setWith(0, a);
    store.commit(a.uuid(), chunkArchive(0, 2, entries(1, 5)), 1);
    store.commit(a.uuid(), chunkArchive(0, 2, entries(2, 3)), 2);
    assertEquals(chunkArchive(0, 2, entries(2, 3)), content(a.uuid()));
    assertEquals(Optional.empty(), store.findChunk(s.uuid(), entries(1, 5).get(0).digest()));
  }

  @Test
  void aBadBatchRecordsNothing() throws Exception {
    Media a = addTape("T00001L9", null);
    setWith(0, a);
    List<CatalogRecord> good = chunkArchive(0, 2, entries(1, 5));
    List<CatalogRecord> orphan = new ArrayList<>(good);
    orphan.add(new CatalogRecord.Chunks(0, 3, 0, entries(3, 2))); // no TAPE_FILE for file 3
    assertThrows(IllegalArgumentException.class, () -> store.commit(a.uuid(), orphan, 9));
    List<CatalogRecord> wrongTape = new ArrayList<>(good);
    wrongTape.add(file(1, 3, ContentType.DATA_STREAM, 0));
    assertThrows(IllegalArgumentException.class, () -> store.commit(a.uuid(), wrongTape, 9));
    assertEquals(List.of(), content(a.uuid()), "a refused batch leaves nothing of itself");
    assertEquals(0, store.media(a.uuid()).orElseThrow().bytesUsed());
    Media loose = addTape("T00002L9", null);
    assertThrows(CatalogException.Conflict.class, () -> store.commit(loose.uuid(), good, 1));
  }

  @Test
  void chunksAreFoundInTheirSetOnly() throws Exception {
    Media a = addTape("T00001L9", null);
    Media b = addTape("T00002L9", null);
    Media c = addTape("T00003L9", null);
    MediaSet s = setWith(0, a, b);
    MediaSet other = set("daily", 1);
    assertTrue(store.startMediaSet(other, c.uuid(), Optional.empty(), T0));
    List<ChunkArchiveIndex.Entry> e = entries(11, 4);
    store.commit(a.uuid(), chunkArchive(0, 2, e.subList(0, 2)), 1);
    store.commit(b.uuid(), chunkArchive(1, 2, e), 1); // the same chunks again, later in the set
    store.commit(c.uuid(), chunkArchive(0, 2, entries(12, 1)), 1);
    ChunkLocation at = store.findChunk(s.uuid(), e.get(1).digest()).orElseThrow();
    assertEquals(new ChunkLocation(a.uuid(), 0, 2, e.get(1)), at, "the lowest tape that has it");
    assertEquals(new ChunkLocation(b.uuid(), 1, 2, e.get(3)), store.findChunk(s.uuid(), e.get(3).digest())
        .orElseThrow());
    assertEquals(Optional.empty(), store.findChunk(s.uuid(), entries(12, 1).get(0).digest()));
    Set<String> digests = new HashSet<>();
    store.chunkDigests(s.uuid(), d -> digests.add(HexFormat.of().formatHex(d)));
    assertEquals(4, digests.size());
    ChunkSet loaded = ChunkSet.load(store, s.uuid());
    assertEquals(4, loaded.size());
    assertTrue(loaded.contains(e.get(2).digest()));
    assertFalse(loaded.contains(entries(12, 1).get(0).digest()));
  }

  @Test
  void snapshotsAndSpannedPartsAreListedBySet() throws Exception {
    Media a = addTape("T00001L9", null);
    Media b = addTape("T00002L9", null);
    MediaSet s = setWith(0, a, b);
    UUID stream = UUID.randomUUID();
    CatalogRecord.TapeFile part0 = new CatalogRecord.TapeFile(0, 3, 40, ContentType.DATA_STREAM.magic(), 1, 0, true,
        stream, T0, 100, 0);
    CatalogRecord.TapeFile part1 = new CatalogRecord.TapeFile(1, 2, 4, ContentType.DATA_STREAM.magic(), 1, 1, false,
        stream, T0, 50, 0);
    List<CatalogRecord> onA = new ArrayList<>(snapshotArchive(0, 2, "host1/etc/1"));
    onA.add(part0);
    store.commit(a.uuid(), onA, 1);
    List<CatalogRecord> onB = new ArrayList<>(List.of(part1));
    onB.addAll(snapshotArchive(1, 3, "host1/etc/2"));
    store.commit(b.uuid(), onB, 1);
    assertEquals(List.of("host1/etc/1", "host1/etc/2"), store.snapshots(s.uuid()).stream()
        .map(l -> l.snapshot().name()).toList());
    assertEquals(List.of(new FilePart(a.uuid(), part0), new FilePart(b.uuid(), part1)), store.parts(s.uuid(), stream));
  }

  @Test
  void anotherStoreSeesCommittedState() throws Exception {
    Media a = addTape("T00001L9", null);
    MediaSet s = setWith(0, a);
    store.commit(a.uuid(), chunkArchive(0, 2, entries(1, 5)), 10);
    try (CatalogStore again = openAgain()) {
      assertEquals(store.media(), again.media());
      assertEquals(store.mediaSet(s.uuid()), again.mediaSet(s.uuid()));
      List<CatalogRecord> seen = new ArrayList<>();
      again.content(a.uuid(), seen::add);
      assertEquals(content(a.uuid()), seen);
    }
  }

  // ---- locks

  private static LockHolder holder(String job, LockHolder.Mode mode) {
    return LockHolder.thisProcess(job, T0, mode);
  }

  @Test
  void anExclusiveLockExcludesAndNamesItsHolder() throws Exception {
    LockTarget set = LockTarget.mediaSet(UUID.randomUUID());
    try (CatalogStore other = openAgain();
        CatalogLock held = store.lock(set, holder("backup daily", LockHolder.Mode.EXCLUSIVE), Duration.ofSeconds(1))) {
      assertEquals(List.of(held.holder()), other.holders(set));
      CatalogException e = assertThrows(CatalogException.LockTimeout.class, () -> other.lock(set,
          holder("backup weekly", LockHolder.Mode.EXCLUSIVE), Duration.ofMillis(200)));
      assertTrue(e.getMessage().contains("'backup daily'") && e.getMessage().contains("pid "
          + ProcessHandle.current().pid()) && e.getMessage().contains(set.toString()), e.getMessage());
      assertThrows(CatalogException.LockTimeout.class, () -> other.lock(set,
          holder("restore", LockHolder.Mode.SHARED), Duration.ZERO));
    }
    try (CatalogLock again = store.lock(set, holder("backup weekly", LockHolder.Mode.EXCLUSIVE), Duration.ZERO)) {
      assertEquals(1, store.holders(set).size());
    }
    assertEquals(List.of(), store.holders(set));
  }

  @Test
  void restoresShareALockThatKeepsABackupOut() throws Exception {
    LockTarget set = LockTarget.mediaSet(UUID.randomUUID());
    try (CatalogStore other = openAgain();
        CatalogLock r1 = store.lock(set, holder("restore 1", LockHolder.Mode.SHARED), Duration.ZERO);
        CatalogLock r2 = other.lock(set, holder("restore 2", LockHolder.Mode.SHARED), Duration.ZERO)) {
      assertEquals(2, store.holders(set).size());
      CatalogException e = assertThrows(CatalogException.LockTimeout.class, () -> other.lock(set,
          holder("backup", LockHolder.Mode.EXCLUSIVE), Duration.ofMillis(100)));
      assertTrue(e.getMessage().contains("'restore 1'") && e.getMessage().contains("'restore 2'"), e.getMessage());
      r1.close();
      r1.close(); // twice is harmless
      assertThrows(CatalogException.LockTimeout.class, () -> other.lock(set,
          holder("backup", LockHolder.Mode.EXCLUSIVE), Duration.ZERO));
    }
    try (CatalogLock backup = store.lock(set, holder("backup", LockHolder.Mode.EXCLUSIVE), Duration.ZERO)) {
      assertEquals(LockHolder.Mode.EXCLUSIVE, store.holders(set).get(0).mode());
    }
  }

  @Test
  void aDriveIsReservedByOneJobAtATime() throws Exception {
    LockTarget drive = LockTarget.drive("lto9-0");
    LockTarget otherDrive = LockTarget.drive("lto9-1");
    try (CatalogStore other = openAgain();
        CatalogLock held = store.lock(drive, holder("backup", LockHolder.Mode.EXCLUSIVE), Duration.ZERO);
        CatalogLock free = other.lock(otherDrive, holder("restore", LockHolder.Mode.EXCLUSIVE), Duration.ZERO)) {
      assertThrows(CatalogException.LockTimeout.class, () -> other.lock(drive,
          holder("restore", LockHolder.Mode.EXCLUSIVE), Duration.ofMillis(60)));
    }
  }
}
