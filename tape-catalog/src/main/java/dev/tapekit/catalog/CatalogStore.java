package dev.tapekit.catalog;

import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where the inventory (tapes, pools, media sets) and the content catalog (which file, chunk and
 * snapshot is where) persist. Implementations: {@code SqliteCatalogStore} (embedded, one host) and
 * {@code PostgresCatalogStore} (one catalog for several hosts sharing a library); both pass {@code
 * BaseCatalogStoreTestCase}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Every write is one transaction: it happens whole or not at all, also when the process dies
 *       or the database connection is lost ({@link CatalogException.Unavailable}) in the middle.
 *   <li>Content is recorded only by {@link #commit}, which the caller calls after the tape confirmed
 *       the files (tape sync, then catalog commit), so the catalog is always a prefix of the tape.
 *   <li>Tapes move into media sets only by {@link #startMediaSet} and {@link #assign}, which are
 *       compare-and-set: of two sessions (on any hosts) allocating the same tape, one gets it.
 *   <li>Label texts are unique ({@link CatalogException.DuplicateLabel}).
 *   <li>Thread-safe. Lists come in a stable order (labels, ctimes, file numbers).
 * </ul>
 */
public interface CatalogStore extends AutoCloseable {
  /** What and where this catalog is, for messages: e.g. {@code SQLite catalog /var/lib/tapekit/catalog.db}. */
  String describe();

  // ---- pools

  /** Adds or replaces pool {@code pool.name()}. */
  void putPool(Pool pool) throws CatalogException;

  Optional<Pool> pool(String name) throws CatalogException;

  /** All pools, by name. */
  List<Pool> pools() throws CatalogException;

  /** Removes a pool; refused ({@link CatalogException.Conflict}) while a tape or media set belongs to it. */
  void removePool(String name) throws CatalogException;

  // ---- tapes

  /** Adds a newly labelled tape, with no media set ({@link Media#membership()} empty). */
  void addMedia(Media media) throws CatalogException;

  Optional<Media> media(UUID uuid) throws CatalogException;

  Optional<Media> mediaByLabel(String label) throws CatalogException;

  /** All tapes, by label text. */
  List<Media> media() throws CatalogException;

  /**
   * Changes a tape atomically: {@code change} sees its current state and returns the new one, whose
   * UUID, label text, pool and membership must be unchanged (those change only by {@link #assign}).
   *
   * @return the tape as stored
   */
  Media updateMedia(UUID uuid, UnaryOperator<Media> change) throws CatalogException;

  /** Removes a tape and its content (its cartridge is destroyed or relabelled). */
  void removeMedia(UUID uuid) throws CatalogException;

  /**
   * The tape named {@code labelOrUuid}: its label text, or its media UUID (the only way to name one of
   * two tapes that an old inventory let share a label).
   */
  default Media resolve(String labelOrUuid) throws CatalogException {
    Optional<Media> byLabel = mediaByLabel(labelOrUuid);
    if (byLabel.isPresent()) {
      return byLabel.get();
    }
    try {
      UUID uuid = UUID.fromString(labelOrUuid);
      return media(uuid).orElseThrow(() -> new CatalogException.NotFound(describe() + ": no tape with media UUID "
          + uuid + ": see the inventory"));
    } catch (IllegalArgumentException notUuid) {
      throw new CatalogException.NotFound(describe() + ": no tape labelled '" + labelOrUuid
          + "': see the inventory, or name the tape by its media UUID");
    }
  }

  // ---- media sets

  /**
   * Starts media set {@code set} (its members are ignored) with tape {@code first} as number 0, if
   * that tape's membership is still {@code expected}; its content and stored status are cleared.
   *
   * @return false (nothing changed) when the tape's membership is no longer {@code expected}: another
   *     session took it
   */
  boolean startMediaSet(MediaSet set, UUID first, Optional<Media.Membership> expected, java.time.Instant assigned)
      throws CatalogException;

  /**
   * Adds tape {@code media} to its set as {@code next.sequence()}, if its membership is still {@code
   * expected} and that sequence number is free; its content and stored status are cleared.
   *
   * @return false (nothing changed) when another session took the tape or the sequence number
   */
  boolean assign(UUID media, Optional<Media.Membership> expected, Media.Membership next) throws CatalogException;

  Optional<MediaSet> mediaSet(UUID uuid) throws CatalogException;

  /** The media sets of {@code pool}, oldest first. */
  List<MediaSet> mediaSets(String pool) throws CatalogException;

  /**
   * Records what a media set is without changing any tape: used when a catalog is rebuilt from tape.
   * An existing set of that UUID is left as it is.
   */
  void recordMediaSet(MediaSet set) throws CatalogException;

  /**
   * Records tape {@code media} as a member of a set as its labels say, without the compare-and-set of
   * {@link #assign}: used when a catalog is rebuilt from tape. Its content is cleared when the
   * membership changes.
   */
  void recordMembership(UUID media, String pool, Media.Membership membership) throws CatalogException;

  /**
   * Records that media set {@code copy} is a copy of media set {@code original} ({@link
   * MediaSet#copyOf()}). Linking the same pair again changes nothing.
   *
   * @throws CatalogException.NotFound when either set is not in the catalog
   * @throws CatalogException.Conflict when {@code copy} is already a copy of another set, or when the
   *     link would close a loop (the original is, through its own originals, a copy of {@code copy})
   */
  void linkCopy(UUID copy, UUID original) throws CatalogException;

  /** The media sets that are copies of {@code original}, oldest first. */
  List<MediaSet> copies(UUID original) throws CatalogException;

  // ---- content

  /**
   * Records files the tape confirmed, in one transaction: TAPE_FILE records, each chunk archive's
   * CHUNKS and each snapshot archive's SNAPSHOT record, all of {@code media}'s tape sequence; and the
   * tape's bytes used. Records of files already recorded replace them.
   */
  void commit(UUID media, List<CatalogRecord> records, long bytesUsed) throws CatalogException;

  /**
   * A tape's content as catalog records, in the order a catalog archive holds them: each file's
   * TAPE_FILE record followed by its CHUNKS records (ascending digests, at most {@link
   * CatalogRecord.Chunks#MAX_ENTRIES} each) or its SNAPSHOT record; no END record.
   */
  void content(UUID media, Consumer<CatalogRecord> records) throws CatalogException;

  /**
   * The chunks of chunk archive {@code fileNumber} on tape {@code media}, in ascending digest order:
   * one archive's index as the catalog has it (none when it has no such archive), read without
   * holding the whole tape's content in memory.
   */
  List<ChunkArchiveIndex.Entry> chunks(UUID media, long fileNumber) throws CatalogException;

  /** Removes a tape's content. */
  void clearContent(UUID media) throws CatalogException;

  /** Where chunk {@code digest} is in media set {@code set}: the lowest tape and file that has it. */
  Optional<ChunkLocation> findChunk(UUID set, byte[] digest) throws CatalogException;

  /** Every chunk digest of media set {@code set} (each digest once per file that holds it). */
  void chunkDigests(UUID set, Consumer<byte[]> digests) throws CatalogException;

  /** The snapshot archives of media set {@code set}, by tape and file. */
  List<SnapshotLocation> snapshots(UUID set) throws CatalogException;

  /** Every part of tape file {@code file} (a data stream spans tapes as parts), by part number. */
  List<FilePart> parts(UUID set, UUID file) throws CatalogException;

  /** The files recorded on tape {@code media}, by file number. */
  List<FilePart> files(UUID media) throws CatalogException;

  // ---- locks

  /**
   * Takes a lock, waiting up to {@code timeout}.
   *
   * @throws CatalogException.LockTimeout naming the holders when it was not granted in time
   */
  CatalogLock lock(LockTarget target, LockHolder holder, Duration timeout) throws CatalogException;

  /** Who holds {@code target} now. */
  List<LockHolder> holders(LockTarget target) throws CatalogException;

  @Override
  void close() throws CatalogException;
}
