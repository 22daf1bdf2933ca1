package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's tables, as forward migrations: step N takes schema version N − 1 to N, in one
 * transaction. A database at a version higher than this code knows is refused, never touched. The
 * version lives in table {@code tapekit_schema}.
 */
final class Schema {
  /** The migrations; version = their count. Append, never edit a released step. */
  static final List<List<String>> STEPS = List.of(
      // 1: pools, tapes, media sets, content, lock holders
      List.of(
      "CREATE TABLE pool (name TEXT PRIMARY KEY, allocation TEXT NOT NULL, retention TEXT NOT NULL,"
          + " encryption TEXT, template TEXT NOT NULL, comment TEXT NOT NULL)",
      "CREATE TABLE media_set (uuid TEXT PRIMARY KEY, pool TEXT NOT NULL, name TEXT NOT NULL,"
          + " created BIGINT NOT NULL, encryption TEXT)",
      "CREATE INDEX media_set_pool ON media_set (pool, created)",
      "CREATE TABLE media (id {ID}, uuid TEXT NOT NULL UNIQUE, label TEXT NOT NULL UNIQUE,"
          + " labelled BIGINT NOT NULL, pool TEXT, media_set TEXT REFERENCES media_set (uuid), seq INTEGER,"
          + " assigned BIGINT, status TEXT NOT NULL, location TEXT NOT NULL, bytes_used BIGINT NOT NULL,"
          + " loads BIGINT NOT NULL, errors BIGINT NOT NULL, worm INTEGER NOT NULL, UNIQUE (media_set, seq))",
      "CREATE TABLE tape_file (media_id BIGINT NOT NULL, file_number BIGINT NOT NULL, first_object BIGINT NOT NULL,"
          + " content_type BIGINT NOT NULL, content_version INTEGER NOT NULL, part INTEGER NOT NULL,"
          + " continued INTEGER NOT NULL, file_uuid TEXT NOT NULL, ctime BIGINT NOT NULL,"
          + " body_length BIGINT NOT NULL, items BIGINT NOT NULL, PRIMARY KEY (media_id, file_number))",
      "CREATE INDEX tape_file_uuid ON tape_file (file_uuid)",
      "CREATE TABLE chunk (media_id BIGINT NOT NULL, file_number BIGINT NOT NULL, digest {BLOB} NOT NULL,"
          + " block BIGINT NOT NULL, block_offset INTEGER NOT NULL, flags INTEGER NOT NULL,"
          + " plain_length INTEGER NOT NULL, stored_length INTEGER NOT NULL,"
          + " PRIMARY KEY (media_id, file_number, digest)){KEYED}",
      "CREATE TABLE snapshot (media_id BIGINT NOT NULL, file_number BIGINT NOT NULL, name TEXT NOT NULL,"
          + " source TEXT NOT NULL, created BIGINT NOT NULL, entries BIGINT NOT NULL, index_block BIGINT NOT NULL,"
          + " index_offset INTEGER NOT NULL, PRIMARY KEY (media_id, file_number))",
      "CREATE TABLE lock_holder (token TEXT PRIMARY KEY, target TEXT NOT NULL, mode TEXT NOT NULL,"
          + " host TEXT NOT NULL, pid BIGINT NOT NULL, job TEXT NOT NULL, since BIGINT NOT NULL,"
          + " backend BIGINT NOT NULL)",
      "CREATE INDEX lock_holder_target ON lock_holder (target)"),
      // 2: a media set may be a copy of another (SetCopy); NULL for every set before
      List.of("ALTER TABLE media_set ADD COLUMN copy_of TEXT",
          "CREATE INDEX media_set_copy_of ON media_set (copy_of)"));

  /** The schema version this code writes. */
  static final int VERSION = STEPS.size();

  private Schema() {}

  /** The schema version of the database: 0 for an empty one. */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS tapekit_schema (version INTEGER NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM tapekit_schema")) {
        return r.next() ? r.getInt(1) : 0;
      }
    }
  }

  /**
   * Brings the database to {@link #VERSION}. The caller holds a transaction (and, for PostgreSQL, a
   * lock) so two hosts do not migrate at once; committing is the caller's.
   *
   * @throws CatalogException.SchemaTooNew when a newer tapekit wrote the database
   */
  static void migrate(Connection c, Dialect dialect, String where, List<List<String>> steps) throws SQLException,
      CatalogException {
    int version = version(c);
    if (version > steps.size()) {
      throw new CatalogException.SchemaTooNew(where + " has catalog schema version " + version
          + ", but this tapekit knows versions up to " + steps.size()
          + ": it was written by a newer tapekit; use that version (this one will not change the catalog)");
    }
    try (Statement s = c.createStatement()) {
      for (int v = version + 1; v <= steps.size(); v++) {
        for (String statement : steps.get(v - 1)) {
          s.execute(dialect.sql(statement));
        }
        s.execute("DELETE FROM tapekit_schema");
        s.execute("INSERT INTO tapekit_schema (version) VALUES (" + v + ")");
      }
    }
  }
}
