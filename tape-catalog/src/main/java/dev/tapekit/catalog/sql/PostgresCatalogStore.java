package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * The shared catalog: one PostgreSQL database for several hosts that share a library.
 *
 * <ul>
 *   <li><b>Allocation</b>: a tape joins a set by a compare-and-set UPDATE ({@code … WHERE media_set
 *       IS NOT DISTINCT FROM <expected>}) under PostgreSQL's row locks, and {@code UNIQUE (media_set,
 *       seq)} keeps two tapes from one place in a set: of two sessions on any hosts, one gets a tape.
 *   <li><b>Locks</b> (media sets, drives, pools) are <em>session advisory locks</em>, each on a
 *       connection of its own, rather than row locks: a row lock lives only as long as a transaction,
 *       and a backup holds its media set and drive for hours, which would mean a transaction open for
 *       hours. An advisory lock ends when its connection ends, so a host that crashes or loses its
 *       network never leaves a drive reserved; PostgreSQL grants shared ones to many (restores) and
 *       exclusive ones to one. Who holds a lock is written to {@code lock_holder} with the holding
 *       connection's backend pid; an entry whose backend is gone is ignored.
 *   <li><b>Connection loss</b> during a write rolls the transaction back on the server; the caller
 *       gets {@link CatalogException.Unavailable}, and the next call connects again.
 * </ul>
 */
public final class PostgresCatalogStore extends JdbcCatalogStore {
  private final Connector lockConnector;

  private PostgresCatalogStore(Connector connector, Connector lockConnector, Clock clock, String where,
      List<List<String>> steps) throws CatalogException {
    super(Dialect.POSTGRES, connector, clock, where, steps);
    this.lockConnector = lockConnector;
  }

  /**
   * Opens the catalog in the PostgreSQL database at {@code url} ({@code
   * jdbc:postgresql://host:5432/tapekit}), creating its tables on first use.
   *
   * @param properties {@code user}, {@code password} and any other pgJDBC connection properties
   */
  public static PostgresCatalogStore open(String url, Properties properties) throws CatalogException {
    return open(url, properties, Clock.systemUTC());
  }

  public static PostgresCatalogStore open(String url, Properties properties, Clock clock) throws CatalogException {
    Connector plain = connector(url, properties);
    return open(url, plain, plain, clock);
  }

  /** Opens the catalog through {@code connector} (tests inject faults this way); locks use {@code lockConnector}. */
  public static PostgresCatalogStore open(String url, Connector connector, Connector lockConnector, Clock clock)
      throws CatalogException {
    return open(url, connector, lockConnector, clock, Schema.STEPS);
  }

  /** As {@link #open(String, Connector, Connector, Clock)}, migrating only up to {@code steps} (migration tests). */
  static PostgresCatalogStore open(String url, Connector connector, Connector lockConnector, Clock clock,
      List<List<String>> steps) throws CatalogException {
    Objects.requireNonNull(url, "url");
    return new PostgresCatalogStore(connector, lockConnector, clock, "PostgreSQL catalog " + redact(url), steps);
  }

  /** The plain connector: batched inserts rewritten into multi-row ones. */
  public static Connector connector(String url, Properties properties) {
    Properties p = new Properties();
    p.putAll(properties);
    p.putIfAbsent("reWriteBatchedInserts", "true");
    p.putIfAbsent("ApplicationName", "tapekit");
    return () -> DriverManager.getConnection(url, p);
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=…");
  }

  @Override
  void lockSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + key("schema") + ")");
    }
  }

  @Override
  boolean uniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  @Override
  boolean readsInTransaction() {
    return true; // pgJDBC streams a result by a cursor (fetch size) only inside a transaction
  }

  @Override
  boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03"));
  }

  /** The advisory lock key of {@code name}: the first 8 bytes of its SHA-256. */
  static long key(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(("tapekit " + name).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(h).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }

  @Override
  public CatalogLock lock(LockTarget target, LockHolder holder, Duration timeout) throws CatalogException {
    Connection c;
    try {
      c = lockConnector.connect();
    } catch (SQLException e) {
      throw new CatalogException.Unavailable(describe() + ": cannot connect to take " + target + ": "
          + e.getMessage(), e);
    }
    String function = holder.mode() == LockHolder.Mode.SHARED ? "pg_try_advisory_lock_shared" : "pg_try_advisory_lock";
    long key = key(target.key());
    String token = UUID.randomUUID().toString();
    try {
      LockWait.await(describe(), target, holder, timeout, () -> {
        try {
          return first(c, "SELECT " + function + "(?)", r -> r.getBoolean(1), key).orElse(false);
        } catch (SQLException e) {
          throw translate(e, "lock of " + target);
        }
      }, () -> holders(target));
      update(c, "INSERT INTO lock_holder (token, target, mode, host, pid, job, since, backend)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, pg_backend_pid())", token, target.key(), holder.mode().name(),
          holder.host(), holder.pid(), holder.job(), holder.since().getEpochSecond());
    } catch (SQLException e) {
      closeQuietly(c);
      throw translate(e, "lock of " + target);
    } catch (CatalogException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    return new HeldLock(target, holder, () -> {
      try {
        update(c, "DELETE FROM lock_holder WHERE token = ?", token);
      } catch (SQLException stale) {
        // the entry names a backend that is about to be gone: holders() ignores it
      } finally {
        closeQuietly(c); // ends the session, and with it the advisory lock
      }
    });
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the server ends the session either way
    }
  }

  @Override
  public List<LockHolder> holders(LockTarget target) throws CatalogException {
    return read(c -> {
      update(c, "DELETE FROM lock_holder h WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = h.backend)");
      return all(c, "SELECT host, pid, job, since, mode FROM lock_holder WHERE target = ? ORDER BY since, token",
          r -> new LockHolder(r.getString(1), r.getLong(2), r.getString(3), Instant.ofEpochSecond(r.getLong(4)),
              LockHolder.Mode.valueOf(r.getString(5))), target.key());
    });
  }
}
