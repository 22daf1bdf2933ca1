package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.ChunkLocation;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The SQL both stores share. One connection, used by one thread at a time; every write is one
 * transaction. Subclasses open the connection and keep locks their own way.
 */
abstract class JdbcCatalogStore implements CatalogStore {
  private static final String MEDIA_COLUMNS = "id, uuid, label, labelled, pool, media_set, seq, assigned, status,"
      + " location, bytes_used, loads, errors, worm";
  private static final int BATCH = 4096;

  final Dialect dialect;
  final Clock clock;
  private final Connector connector;
  private final String where;
  private Connection connection; // guarded by this
  private boolean closed; // guarded by this

  /** A unit of work on the connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException, CatalogException;
  }

  JdbcCatalogStore(Dialect dialect, Connector connector, Clock clock, String where, List<List<String>> steps)
      throws CatalogException {
    this.dialect = dialect;
    this.connector = connector;
    this.clock = clock;
    this.where = where;
    write(c -> {
      lockSchema(c);
      Schema.migrate(c, dialect, where, steps);
      return null;
    });
  }

  @Override
  public String describe() {
    return where;
  }

  /** Keeps other processes from migrating the schema until the transaction ends. */
  abstract void lockSchema(Connection c) throws SQLException;

  /** Whether {@code e} says a UNIQUE or PRIMARY KEY constraint was violated. */
  abstract boolean uniqueViolation(SQLException e);

  /** Whether {@code e} says the connection is gone. */
  abstract boolean connectionLost(SQLException e);

  // ---- transactions

  /** Runs {@code work} in one transaction and commits it. */
  final synchronized <T> T write(Work<T> work) throws CatalogException {
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      T result = work.run(c);
      c.commit();
      c.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      rollback(c);
      throw translate(e, "write");
    } catch (CatalogException | RuntimeException e) {
      rollback(c);
      throw e;
    }
  }

  /**
   * Runs {@code work} that only reads: in a transaction where the store needs one for a consistent
   * view or to stream large results ({@link #readsInTransaction}), else statement by statement (in
   * SQLite's WAL mode each statement reads a committed state without waiting for a writer, whereas
   * its immediate transactions would queue every reader behind every writer).
   */
  final synchronized <T> T read(Work<T> work) throws CatalogException {
    if (readsInTransaction()) {
      return write(work);
    }
    Connection c = connection();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(e, "read");
    }
  }

  /** Whether reads run in a transaction. */
  abstract boolean readsInTransaction();

  /** Runs {@code work} that reads several statements in one transaction, so they see one state. */
  final <T> T consistent(Work<T> work) throws CatalogException {
    return write(work);
  }

  private Connection connection() throws CatalogException {
    if (closed) {
      throw new IllegalStateException(where + " is closed");
    }
    try {
      if (connection == null || connection.isClosed()) {
        connection = connector.connect();
      }
      return connection;
    } catch (SQLException e) {
      throw new CatalogException.Unavailable(where + ": cannot connect: " + e.getMessage()
          + ": check that the database is running and reachable", e);
    }
  }

  private void rollback(Connection c) {
    try {
      if (!c.isClosed()) {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      dropConnection();
    }
  }

  private synchronized void dropConnection() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // it is gone either way
    }
    connection = null;
  }

  final CatalogException translate(SQLException e, String what) {
    if (connectionLost(e)) {
      dropConnection();
      return new CatalogException.Unavailable(where + ": the connection was lost during a " + what
          + "; nothing of it was recorded (" + e.getMessage() + "): retry when the database is reachable", e);
    }
    return new CatalogException(where + ": " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() throws CatalogException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      throw new CatalogException(where + ": close failed: " + e.getMessage(), e);
    } finally {
      connection = null;
    }
  }

  // ---- pools

  @Override
  public void putPool(Pool pool) throws CatalogException {
    write(c -> {
      update(c, "DELETE FROM pool WHERE name = ?", pool.name());
      update(c, "INSERT INTO pool (name, allocation, retention, encryption, template, comment) VALUES (?, ?, ?, ?, ?, ?)",
          pool.name(), pool.allocation().text(), pool.retention().text(), pool.encryption().orElse(null),
          pool.template(), pool.comment());
      return null;
    });
  }

  @Override
  public Optional<Pool> pool(String name) throws CatalogException {
    return read(c -> first(c, "SELECT name, allocation, retention, encryption, template, comment FROM pool WHERE name = ?",
        JdbcCatalogStore::pool, name));
  }

  @Override
  public List<Pool> pools() throws CatalogException {
    return read(c -> all(c, "SELECT name, allocation, retention, encryption, template, comment FROM pool ORDER BY name",
        JdbcCatalogStore::pool));
  }

  private static Pool pool(ResultSet r) throws SQLException {
    return new Pool(r.getString(1), Pool.Allocation.parse(r.getString(2)), Pool.Retention.parse(r.getString(3)),
        Optional.ofNullable(r.getString(4)), r.getString(5), r.getString(6));
  }

  @Override
  public void removePool(String name) throws CatalogException {
    write(c -> {
      long tapes = count(c, "SELECT COUNT(*) FROM media WHERE pool = ?", name);
      long sets = count(c, "SELECT COUNT(*) FROM media_set WHERE pool = ?", name);
      if (tapes > 0 || sets > 0) {
        throw new CatalogException.Conflict(where + ": pool " + name + " still has " + tapes + " tape(s) and " + sets
            + " media set(s): destroy or move its tapes first");
      }
      if (update(c, "DELETE FROM pool WHERE name = ?", name) == 0) {
        throw new CatalogException.NotFound(where + ": no pool named " + name);
      }
      return null;
    });
  }

  // ---- tapes

  @Override
  public void addMedia(Media m) throws CatalogException {
    if (m.membership().isPresent()) {
      throw new IllegalArgumentException(m + ": a tape joins a media set by startMediaSet or assign, not addMedia");
    }
    write(c -> {
      Optional<Media> sameLabel = first(c, "SELECT " + MEDIA_COLUMNS + " FROM media WHERE label = ?",
          JdbcCatalogStore::media, m.label());
      if (sameLabel.isPresent()) {
        throw new CatalogException.DuplicateLabel(where + ": another tape is already labelled '" + m.label() + "' ("
            + sameLabel.get().uuid() + "): label texts are unique; destroy that tape's entry or choose another label");
      }
      if (count(c, "SELECT COUNT(*) FROM media WHERE uuid = ?", m.uuid().toString()) > 0) {
        throw new CatalogException.Conflict(where + ": media UUID " + m.uuid() + " is already in the inventory");
      }
      try {
        update(c, "INSERT INTO media (uuid, label, labelled, pool, status, location, bytes_used, loads, errors, worm)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", m.uuid().toString(), m.label(), m.labelled().getEpochSecond(),
            m.pool().orElse(null), m.status().text(), m.location().text(), m.bytesUsed(), m.loads(), m.errors(),
            m.worm() ? 1 : 0);
      } catch (SQLException e) {
        if (uniqueViolation(e)) {
          throw new CatalogException.DuplicateLabel(where + ": another session just added a tape labelled '"
              + m.label() + "' or with media UUID " + m.uuid() + ": label texts are unique");
        }
        throw e;
      }
      return null;
    });
  }

  @Override
  public Optional<Media> media(UUID uuid) throws CatalogException {
    return read(c -> first(c, "SELECT " + MEDIA_COLUMNS + " FROM media WHERE uuid = ?", JdbcCatalogStore::media,
        uuid.toString()));
  }

  @Override
  public Optional<Media> mediaByLabel(String label) throws CatalogException {
    return read(c -> first(c, "SELECT " + MEDIA_COLUMNS + " FROM media WHERE label = ?", JdbcCatalogStore::media,
        label));
  }

  @Override
  public List<Media> media() throws CatalogException {
    return read(c -> all(c, "SELECT " + MEDIA_COLUMNS + " FROM media ORDER BY label", JdbcCatalogStore::media));
  }

  private static Media media(ResultSet r) throws SQLException {
    String set = r.getString(6);
    Optional<Media.Membership> membership = set == null ? Optional.empty()
        : Optional.of(new Media.Membership(UUID.fromString(set), r.getInt(7), Instant.ofEpochSecond(r.getLong(8))));
    return new Media(UUID.fromString(r.getString(2)), r.getString(3), Instant.ofEpochSecond(r.getLong(4)),
        Optional.ofNullable(r.getString(5)), membership, MediaStatus.parse(r.getString(9)),
        MediaLocation.parse(r.getString(10)), r.getLong(11), r.getLong(12), r.getLong(13), r.getInt(14) != 0);
  }

  @Override
  public Media updateMedia(UUID uuid, UnaryOperator<Media> change) throws CatalogException {
    return write(c -> {
      Media old = lockedRow(c, uuid).media();
      Media changed = Objects.requireNonNull(change.apply(old), "change returned null");
      if (!changed.uuid().equals(old.uuid()) || !changed.label().equals(old.label())
          || !changed.labelled().equals(old.labelled()) || !changed.pool().equals(old.pool())
          || !changed.membership().equals(old.membership())) {
        throw new IllegalArgumentException(old + ": updateMedia changes status, location, counters and WORM only");
      }
      update(c, "UPDATE media SET status = ?, location = ?, bytes_used = ?, loads = ?, errors = ?, worm = ?"
          + " WHERE uuid = ?", changed.status().text(), changed.location().text(), changed.bytesUsed(),
          changed.loads(), changed.errors(), changed.worm() ? 1 : 0, uuid.toString());
      return changed;
    });
  }

  @Override
  public void removeMedia(UUID uuid) throws CatalogException {
    write(c -> {
      long id = mediaId(c, uuid);
      deleteContent(c, id);
      update(c, "DELETE FROM media WHERE id = ?", id);
      return null;
    });
  }

  /** A tape's row: its id (what content rows refer to) and the tape. */
  private record TapeRow(long id, Media media) {}

  /** The tape's row, locked for the rest of the transaction (PostgreSQL; SQLite's write lock is already held). */
  private TapeRow lockedRow(Connection c, UUID uuid) throws SQLException, CatalogException {
    return first(c, "SELECT " + MEDIA_COLUMNS + " FROM media WHERE uuid = ?" + dialect.forUpdate,
        r -> new TapeRow(r.getLong(1), media(r)), uuid.toString()).orElseThrow(() -> notFound(uuid));
  }

  private CatalogException notFound(UUID uuid) {
    return new CatalogException.NotFound(where + ": no tape with media UUID " + uuid + " in the inventory");
  }

  private long mediaId(Connection c, UUID uuid) throws SQLException, CatalogException {
    return first(c, "SELECT id FROM media WHERE uuid = ?", r -> r.getLong(1), uuid.toString())
        .orElseThrow(() -> notFound(uuid));
  }

  // ---- media sets

  @Override
  public boolean startMediaSet(MediaSet set, UUID first, Optional<Media.Membership> expected, Instant assigned)
      throws CatalogException {
    return write(c -> {
      if (count(c, "SELECT COUNT(*) FROM media_set WHERE uuid = ?", set.uuid().toString()) > 0) {
        throw new CatalogException.Conflict(where + ": media set " + set.uuid() + " already exists");
      }
      insertMediaSet(c, set);
      if (!compareAndAssign(c, first, expected, set.pool(), new Media.Membership(set.uuid(), 0, assigned))) {
        c.rollback();
        return false;
      }
      return true;
    });
  }

  @Override
  public boolean assign(UUID media, Optional<Media.Membership> expected, Media.Membership next)
      throws CatalogException {
    return write(c -> {
      String pool = first(c, "SELECT pool FROM media_set WHERE uuid = ?", r -> r.getString(1),
          next.mediaSet().toString()).orElseThrow(() -> new CatalogException.NotFound(where + ": no media set "
              + next.mediaSet()));
      if (count(c, "SELECT COUNT(*) FROM media WHERE media_set = ? AND seq = ?", next.mediaSet().toString(),
          next.sequence()) > 0) {
        return false;
      }
      try {
        if (!compareAndAssign(c, media, expected, pool, next)) {
          c.rollback();
          return false;
        }
      } catch (SQLException e) {
        if (uniqueViolation(e)) {
          c.rollback();
          return false; // another session took the sequence number between our check and our update
        }
        throw e;
      }
      return true;
    });
  }

  /** Moves the tape into {@code next} if it is still in {@code expected}; clears its content. */
  private boolean compareAndAssign(Connection c, UUID media, Optional<Media.Membership> expected, String pool,
      Media.Membership next) throws SQLException, CatalogException {
    long id = mediaId(c, media);
    int changed = update(c, "UPDATE media SET pool = ?, media_set = ?, seq = ?, assigned = ?, status = ?,"
        + " bytes_used = 0 WHERE id = ? AND media_set IS NOT DISTINCT FROM ? AND seq IS NOT DISTINCT FROM ?", pool,
        next.mediaSet().toString(), next.sequence(), next.assigned().getEpochSecond(), MediaStatus.UNKNOWN.text(), id,
        expected.map(m -> m.mediaSet().toString()).orElse(null), expected.map(Media.Membership::sequence).orElse(null));
    if (changed == 0) {
      return false;
    }
    deleteContent(c, id);
    return true;
  }

  @Override
  public Optional<MediaSet> mediaSet(UUID uuid) throws CatalogException {
    return consistent(c -> {
      Optional<MediaSet> set = first(c, "SELECT " + SET_COLUMNS + " FROM media_set WHERE uuid = ?",
          r -> mediaSet(r, new TreeMap<>()), uuid.toString());
      return set.isEmpty() ? set : Optional.of(withMembers(c, set.get()));
    });
  }

  @Override
  public List<MediaSet> mediaSets(String pool) throws CatalogException {
    return consistent(c -> {
      Map<String, TreeMap<Integer, UUID>> members = new HashMap<>();
      try (PreparedStatement p = prepare(c, "SELECT media_set, seq, uuid FROM media WHERE pool = ?"
          + " AND media_set IS NOT NULL", pool); ResultSet r = p.executeQuery()) {
        while (r.next()) {
          members.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getInt(2),
              UUID.fromString(r.getString(3)));
        }
      }
      return all(c, "SELECT " + SET_COLUMNS + " FROM media_set WHERE pool = ?"
          + " ORDER BY created, uuid", r -> mediaSet(r, members.getOrDefault(r.getString(1), new TreeMap<>())), pool);
    });
  }

  private static final String SET_COLUMNS = "uuid, pool, name, created, encryption, copy_of";

  private static MediaSet mediaSet(ResultSet r, TreeMap<Integer, UUID> members) throws SQLException {
    return new MediaSet(UUID.fromString(r.getString(1)), r.getString(2), r.getString(3),
        Instant.ofEpochSecond(r.getLong(4)), Optional.ofNullable(r.getString(5)), members,
        Optional.ofNullable(r.getString(6)).map(UUID::fromString));
  }

  private MediaSet withMembers(Connection c, MediaSet s) throws SQLException {
    TreeMap<Integer, UUID> members = new TreeMap<>();
    try (PreparedStatement p = prepare(c, "SELECT seq, uuid FROM media WHERE media_set = ?", s.uuid().toString());
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        members.put(r.getInt(1), UUID.fromString(r.getString(2)));
      }
    }
    return new MediaSet(s.uuid(), s.pool(), s.name(), s.created(), s.encryption(), members, s.copyOf());
  }

  @Override
  public void recordMediaSet(MediaSet set) throws CatalogException {
    write(c -> {
      if (count(c, "SELECT COUNT(*) FROM media_set WHERE uuid = ?", set.uuid().toString()) == 0) {
        insertMediaSet(c, set);
      }
      return null;
    });
  }

  private static void insertMediaSet(Connection c, MediaSet set) throws SQLException {
    update(c, "INSERT INTO media_set (uuid, pool, name, created, encryption, copy_of) VALUES (?, ?, ?, ?, ?, ?)",
        set.uuid().toString(), set.pool(), set.name(), set.created().getEpochSecond(), set.encryption().orElse(null),
        set.copyOf().map(UUID::toString).orElse(null));
  }

  @Override
  public void linkCopy(UUID copy, UUID original) throws CatalogException {
    if (copy.equals(original)) {
      throw new IllegalArgumentException("media set " + copy + " cannot be a copy of itself");
    }
    write(c -> {
      Optional<String> was = copyOf(c, copy).orElseThrow(() -> noSet(copy));
      if (was.isPresent() && !was.get().equals(original.toString())) {
        throw new CatalogException.Conflict(where + ": media set " + copy + " is already a copy of " + was.get()
            + ", not of " + original + ": a set is a copy of one set");
      }
      // Walk up the original's own originals: meeting the copy there would make a loop.
      Set<String> seen = new HashSet<>();
      for (Optional<String> up = Optional.of(original.toString()); up.isPresent() && seen.add(up.get()); ) {
        if (up.get().equals(copy.toString())) {
          throw new CatalogException.Conflict(where + ": media set " + original + " is itself, through its "
              + "originals, a copy of " + copy + ": linking " + copy + " as its copy would make a loop");
        }
        UUID at = UUID.fromString(up.get());
        up = copyOf(c, at).orElseThrow(() -> noSet(at));
      }
      update(c, "UPDATE media_set SET copy_of = ? WHERE uuid = ?", original.toString(), copy.toString());
      return null;
    });
  }

  /** The set's copy_of column: empty when there is no such set, an empty inner value when it is no copy. */
  private static Optional<Optional<String>> copyOf(Connection c, UUID set) throws SQLException {
    return first(c, "SELECT copy_of FROM media_set WHERE uuid = ?", r -> Optional.ofNullable(r.getString(1)),
        set.toString());
  }

  private CatalogException noSet(UUID set) {
    return new CatalogException.NotFound(where + ": no media set " + set + " in the catalog");
  }

  @Override
  public List<MediaSet> copies(UUID original) throws CatalogException {
    return consistent(c -> {
      List<MediaSet> out = new ArrayList<>();
      for (MediaSet s : all(c, "SELECT " + SET_COLUMNS + " FROM media_set WHERE copy_of = ? ORDER BY created, uuid",
          r -> mediaSet(r, new TreeMap<>()), original.toString())) {
        out.add(withMembers(c, s));
      }
      return out;
    });
  }

  @Override
  public void recordMembership(UUID media, String pool, Media.Membership membership) throws CatalogException {
    write(c -> {
      TapeRow row = lockedRow(c, media);
      Media old = row.media();
      Optional<String> other = first(c, "SELECT label FROM media WHERE media_set = ? AND seq = ? AND uuid <> ?",
          r -> r.getString(1), membership.mediaSet().toString(), membership.sequence(), media.toString());
      if (other.isPresent()) {
        throw new CatalogException.Conflict(where + ": the catalog has tape " + other.get() + " as number "
            + membership.sequence() + " of media set " + membership.mediaSet() + ", but tape " + old.label()
            + "'s labels say it is: read that tape's labels again (update the inventory)");
      }
      boolean same = old.membership().map(m -> m.mediaSet().equals(membership.mediaSet())
          && m.sequence() == membership.sequence()).orElse(false);
      long id = row.id();
      update(c, "UPDATE media SET pool = ?, media_set = ?, seq = ?, assigned = ? WHERE id = ?", pool,
          membership.mediaSet().toString(), membership.sequence(), membership.assigned().getEpochSecond(), id);
      if (!same) {
        deleteContent(c, id);
      }
      return null;
    });
  }

  // ---- content

  @Override
  public void commit(UUID media, List<CatalogRecord> records, long bytesUsed) throws CatalogException {
    write(c -> {
      TapeRow row = lockedRow(c, media);
      Media m = row.media();
      int sequence = m.membership().orElseThrow(() -> new CatalogException.Conflict(where + ": tape " + m
          + " is in no media set: its content cannot be recorded")).sequence();
      long id = row.id();
      Map<Long, Long> types = new HashMap<>();
      Set<Long> replaced = new HashSet<>();
      try (PreparedStatement file = c.prepareStatement("INSERT INTO tape_file (media_id, file_number, first_object,"
              + " content_type, content_version, part, continued, file_uuid, ctime, body_length, items)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement chunk = c.prepareStatement("INSERT INTO chunk (media_id, file_number, digest, block,"
              + " block_offset, flags, plain_length, stored_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement snapshot = c.prepareStatement("INSERT INTO snapshot (media_id, file_number, name, source,"
              + " created, entries, index_block, index_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        int pending = 0;
        for (CatalogRecord record : records) {
          if (record instanceof CatalogRecord.TapeFile f) {
            checkSequence(m, sequence, f.tapeSequence());
            if (replaced.add(f.fileNumber())) {
              deleteFile(c, id, f.fileNumber());
            }
            set(file, id, f.fileNumber(), f.firstLogicalObject(), f.contentType(), f.contentVersion(), f.part(),
                f.continued() ? 1 : 0, f.file().toString(), f.ctime().getEpochSecond(), f.bodyLength(), f.items());
            file.executeUpdate();
            types.put(f.fileNumber(), f.contentType());
          } else if (record instanceof CatalogRecord.Chunks k) {
            checkSequence(m, sequence, k.tapeSequence());
            checkType(c, m, id, types, k.fileNumber(), ContentType.CHUNK_ARCHIVE);
            for (ChunkArchiveIndex.Entry e : k.entries()) { // the hot path: no boxing
              chunk.setLong(1, id);
              chunk.setLong(2, k.fileNumber());
              chunk.setBytes(3, e.digest());
              chunk.setLong(4, e.block());
              chunk.setInt(5, e.offset());
              chunk.setInt(6, e.flags());
              chunk.setInt(7, e.plainLength());
              chunk.setInt(8, e.storedLength());
              chunk.addBatch();
              if (++pending == BATCH) {
                chunk.executeBatch();
                pending = 0;
              }
            }
          } else if (record instanceof CatalogRecord.Snapshot s) {
            checkSequence(m, sequence, s.tapeSequence());
            checkType(c, m, id, types, s.fileNumber(), ContentType.SNAPSHOT_ARCHIVE);
            set(snapshot, id, s.fileNumber(), s.name(), s.source(), s.created().getEpochSecond(), s.entries(),
                s.indexBlock(), s.indexOffset());
            snapshot.executeUpdate();
          } else {
            throw new IllegalArgumentException("an END record is not content: commit the records before it");
          }
        }
        if (pending > 0) {
          chunk.executeBatch();
        }
      }
      update(c, "UPDATE media SET bytes_used = ? WHERE id = ?", bytesUsed, id);
      return null;
    });
  }

  private void checkSequence(Media m, int sequence, int recordSequence) {
    if (recordSequence != sequence) {
      throw new IllegalArgumentException("a record of tape number " + recordSequence + " committed for " + m
          + ", which is number " + sequence + " of its set");
    }
  }

  private void checkType(Connection c, Media m, long id, Map<Long, Long> types, long fileNumber, ContentType type)
      throws SQLException {
    Long known = types.get(fileNumber);
    if (known == null) {
      known = first(c, "SELECT content_type FROM tape_file WHERE media_id = ? AND file_number = ?",
          r -> r.getLong(1), id, fileNumber).orElse(null);
      if (known != null) {
        types.put(fileNumber, known);
      }
    }
    if (known == null || known != type.magic()) {
      throw new IllegalArgumentException("content of file " + fileNumber + " of " + m + " whose TAPE_FILE record, "
          + "committed before or with it, does not say it is a " + type);
    }
  }

  private static void deleteFile(Connection c, long id, long fileNumber) throws SQLException {
    update(c, "DELETE FROM chunk WHERE media_id = ? AND file_number = ?", id, fileNumber);
    update(c, "DELETE FROM snapshot WHERE media_id = ? AND file_number = ?", id, fileNumber);
    update(c, "DELETE FROM tape_file WHERE media_id = ? AND file_number = ?", id, fileNumber);
  }

  private static void deleteContent(Connection c, long id) throws SQLException {
    update(c, "DELETE FROM chunk WHERE media_id = ?", id);
    update(c, "DELETE FROM snapshot WHERE media_id = ?", id);
    update(c, "DELETE FROM tape_file WHERE media_id = ?", id);
  }

  @Override
  public void content(UUID media, Consumer<CatalogRecord> records) throws CatalogException {
    consistent(c -> {
      long id = mediaId(c, media);
      for (FilePart part : files(c, id, media)) {
        CatalogRecord.TapeFile f = part.file();
        records.accept(f);
        if (f.contentType() == ContentType.CHUNK_ARCHIVE.magic()) {
          List<ChunkArchiveIndex.Entry> entries = new ArrayList<>();
          long[] first = {0};
          chunks(c, id, f.fileNumber(), e -> {
            entries.add(e);
            if (entries.size() == CatalogRecord.Chunks.MAX_ENTRIES) {
              records.accept(new CatalogRecord.Chunks(f.tapeSequence(), f.fileNumber(), first[0], entries));
              first[0] += entries.size();
              entries.clear();
            }
          });
          if (!entries.isEmpty()) {
            records.accept(new CatalogRecord.Chunks(f.tapeSequence(), f.fileNumber(), first[0], entries));
          }
        } else if (f.contentType() == ContentType.SNAPSHOT_ARCHIVE.magic()) {
          first(c, "SELECT name, source, created, entries, index_block, index_offset FROM snapshot"
              + " WHERE media_id = ? AND file_number = ?", r -> new CatalogRecord.Snapshot(f.tapeSequence(),
                  f.fileNumber(), r.getString(1), r.getString(2), Instant.ofEpochSecond(r.getLong(3)), r.getLong(4),
                  r.getLong(5), r.getInt(6)), id, f.fileNumber()).ifPresent(records);
        }
      }
      return null;
    });
  }

  /** The chunk rows of one archive, by digest. */
  private static void chunks(Connection c, long id, long fileNumber, Consumer<ChunkArchiveIndex.Entry> entries)
      throws SQLException {
    try (PreparedStatement p = prepare(c, "SELECT digest, block, block_offset, flags, plain_length,"
        + " stored_length FROM chunk WHERE media_id = ? AND file_number = ? ORDER BY digest", id, fileNumber);
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        entries.accept(new ChunkArchiveIndex.Entry(r.getBytes(1), r.getLong(2), r.getInt(3), r.getInt(4),
            r.getInt(5), r.getInt(6)));
      }
    }
  }

  @Override
  public List<ChunkArchiveIndex.Entry> chunks(UUID media, long fileNumber) throws CatalogException {
    return consistent(c -> {
      List<ChunkArchiveIndex.Entry> out = new ArrayList<>();
      chunks(c, mediaId(c, media), fileNumber, out::add);
      return out;
    });
  }

  @Override
  public void clearContent(UUID media) throws CatalogException {
    write(c -> {
      deleteContent(c, mediaId(c, media));
      return null;
    });
  }

  /**
   * One probe of the chunk table's primary key (media, file, digest) per chunk archive of the set:
   * there is no index by digest, because random digests would make every commit rewrite pages all
   * over such an index (ingest fell from 300,000 to 55,000 records/s in SQLite with it). A running
   * backup asks its in-memory {@code ChunkSet} instead.
   */
  @Override
  public Optional<ChunkLocation> findChunk(UUID set, byte[] digest) throws CatalogException {
    return read(c -> first(c, "SELECT m.uuid, m.seq, k.file_number, k.block, k.block_offset, k.flags,"
        + " k.plain_length, k.stored_length FROM media m JOIN tape_file f ON f.media_id = m.id"
        + " JOIN chunk k ON k.media_id = f.media_id AND k.file_number = f.file_number AND k.digest = ?"
        + " WHERE m.media_set = ? AND f.content_type = ? ORDER BY m.seq, k.file_number", r -> new ChunkLocation(
            UUID.fromString(r.getString(1)), r.getInt(2), r.getLong(3), new ChunkArchiveIndex.Entry(digest,
                r.getLong(4), r.getInt(5), r.getInt(6), r.getInt(7), r.getInt(8))), digest, set.toString(),
        ContentType.CHUNK_ARCHIVE.magic()));
  }

  @Override
  public void chunkDigests(UUID set, Consumer<byte[]> digests) throws CatalogException {
    read(c -> {
      try (PreparedStatement p = prepare(c, "SELECT k.digest FROM chunk k JOIN media m ON m.id = k.media_id"
          + " WHERE m.media_set = ?", set.toString())) {
        p.setFetchSize(BATCH);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            digests.accept(r.getBytes(1));
          }
        }
      }
      return null;
    });
  }

  @Override
  public List<SnapshotLocation> snapshots(UUID set) throws CatalogException {
    return read(c -> all(c, "SELECT m.uuid, m.seq, s.file_number, s.name, s.source, s.created, s.entries,"
        + " s.index_block, s.index_offset FROM snapshot s JOIN media m ON m.id = s.media_id WHERE m.media_set = ?"
        + " ORDER BY m.seq, s.file_number", r -> new SnapshotLocation(UUID.fromString(r.getString(1)),
            new CatalogRecord.Snapshot(r.getInt(2), r.getLong(3), r.getString(4), r.getString(5),
                Instant.ofEpochSecond(r.getLong(6)), r.getLong(7), r.getLong(8), r.getInt(9))), set.toString()));
  }

  private static final String FILE_COLUMNS = "m.uuid, m.seq, f.file_number, f.first_object, f.content_type,"
      + " f.content_version, f.part, f.continued, f.file_uuid, f.ctime, f.body_length, f.items";

  private static FilePart filePart(ResultSet r) throws SQLException {
    return new FilePart(UUID.fromString(r.getString(1)), new CatalogRecord.TapeFile(r.getInt(2), r.getLong(3),
        r.getLong(4), r.getLong(5), r.getInt(6), r.getInt(7), r.getInt(8) != 0, UUID.fromString(r.getString(9)),
        Instant.ofEpochSecond(r.getLong(10)), r.getLong(11), r.getLong(12)));
  }

  @Override
  public List<FilePart> parts(UUID set, UUID file) throws CatalogException {
    return read(c -> all(c, "SELECT " + FILE_COLUMNS + " FROM tape_file f JOIN media m ON m.id = f.media_id"
        + " WHERE f.file_uuid = ? AND m.media_set = ? ORDER BY f.part, m.seq", JdbcCatalogStore::filePart,
        file.toString(), set.toString()));
  }

  @Override
  public List<FilePart> files(UUID media) throws CatalogException {
    return read(c -> files(c, mediaId(c, media), media));
  }

  private static List<FilePart> files(Connection c, long id, UUID media) throws SQLException {
    return all(c, "SELECT " + FILE_COLUMNS + " FROM tape_file f JOIN media m ON m.id = f.media_id"
        + " WHERE f.media_id = ? ORDER BY f.file_number", JdbcCatalogStore::filePart, id);
  }

  // ---- JDBC helpers

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet r) throws SQLException;
  }

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement p = c.prepareStatement(sql);
    try {
      set(p, args);
      return p;
    } catch (SQLException e) {
      p.close();
      throw e;
    }
  }

  static void set(PreparedStatement p, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        p.setNull(i + 1, Types.NULL);
      } else if (a instanceof String s) {
        p.setString(i + 1, s);
      } else if (a instanceof Integer n) {
        p.setInt(i + 1, n);
      } else if (a instanceof Long n) {
        p.setLong(i + 1, n);
      } else if (a instanceof byte[] b) {
        p.setBytes(i + 1, b);
      } else {
        throw new IllegalArgumentException("no SQL mapping for " + a.getClass());
      }
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = prepare(c, sql, args)) {
      return p.executeUpdate();
    }
  }

  static long count(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
      return r.next() ? Optional.of(row.map(r)) : Optional.empty();
    }
  }

  static <T> List<T> all(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(row.map(r));
      }
    }
    return out;
  }
}
