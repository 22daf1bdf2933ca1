package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded catalog: one SQLite file (WAL journal, full sync, foreign keys), for a host that
 * keeps its own catalog. Several processes of the host may open it at once: SQLite serializes their
 * writes (a writer waits up to 30 s for another). Locks are POSIX locks on files in the directory
 * {@code <file>.locks} next to it (the OS releases a dead process's), and who holds them is written
 * to the catalog.
 *
 * <p>Where it lives unless told otherwise: {@link #defaultFile()}.
 */
public final class SqliteCatalogStore extends JdbcCatalogStore {
  private final Path file;
  private final Path lockDirectory;

  private SqliteCatalogStore(Path file, Connector connector, Clock clock, List<List<String>> steps)
      throws CatalogException {
    super(Dialect.SQLITE, connector, clock, "SQLite catalog " + file, steps);
    this.file = file;
    this.lockDirectory = file.resolveSibling(file.getFileName() + ".locks");
  }

  /** Opens (creating it and its directory if needed) the catalog in {@code file}. */
  public static SqliteCatalogStore open(Path file) throws CatalogException {
    return open(file, Clock.systemUTC());
  }

  /** Opens the catalog in {@code file}, with {@code clock} for lock times. */
  public static SqliteCatalogStore open(Path file, Clock clock) throws CatalogException {
    return open(file, connector(file), clock);
  }

  /** Opens the catalog in {@code file} through {@code connector} (tests inject faults this way). */
  public static SqliteCatalogStore open(Path file, Connector connector, Clock clock) throws CatalogException {
    return open(file, connector, clock, Schema.STEPS);
  }

  static SqliteCatalogStore open(Path file, Connector connector, Clock clock, List<List<String>> steps)
      throws CatalogException {
    Objects.requireNonNull(file, "file");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CatalogException("cannot create the directory of the SQLite catalog " + file + ": " + e.getMessage()
          + ": choose another place with TAPEKIT_STATE_DIR", e);
    }
    return new SqliteCatalogStore(file, connector, clock, steps);
  }

  /** The plain connector for {@code file}: WAL, synchronous FULL, foreign keys, immediate write transactions. */
  public static Connector connector(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(30_000);
    config.setCacheSize(-65_536); // KiB: random digest inserts stay in memory for millions of chunks
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    return () -> DriverManager.getConnection(url, config.toProperties());
  }

  /**
   * Where the catalog lives unless told otherwise: {@code $TAPEKIT_STATE_DIR/catalog.db}; else
   * {@code /var/lib/tapekit/catalog.db} for root; else {@code $XDG_STATE_HOME/tapekit/catalog.db}
   * (default {@code ~/.local/state/tapekit/catalog.db}).
   */
  public static Path defaultFile() {
    String explicit = System.getenv("TAPEKIT_STATE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, "catalog.db");
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/tapekit/catalog.db");
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path state = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
        "state");
    return state.resolve("tapekit").resolve("catalog.db");
  }

  /** The catalog's file. */
  public Path file() {
    return file;
  }

  @Override
  void lockSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS tapekit_schema (version INTEGER NOT NULL)"); // takes the write lock
    }
  }

  @Override
  boolean uniqueViolation(SQLException e) {
    return e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  @Override
  boolean readsInTransaction() {
    return false;
  }

  @Override
  boolean connectionLost(SQLException e) {
    return false; // a file does not go away mid-transaction; an I/O error is reported as it is
  }

  // ---- locks

  @Override
  public CatalogLock lock(LockTarget target, LockHolder holder, Duration timeout) throws CatalogException {
    Path lockFile = lockFile(target);
    LockWait.await(describe(), target, holder, timeout, () -> {
      try {
        return FileLocks.tryLock(lockFile, holder.mode());
      } catch (IOException e) {
        throw new CatalogException(describe() + ": cannot lock " + lockFile + ": " + e.getMessage(), e);
      }
    }, () -> holders(target));
    String token = UUID.randomUUID().toString();
    try {
      write(c -> {
        if (holder.mode() == LockHolder.Mode.EXCLUSIVE) {
          update(c, "DELETE FROM lock_holder WHERE target = ?", target.key()); // any listed holder is gone
        }
        update(c, "INSERT INTO lock_holder (token, target, mode, host, pid, job, since, backend)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 0)", token, target.key(), holder.mode().name(), holder.host(),
            holder.pid(), holder.job(), holder.since().getEpochSecond());
        return null;
      });
    } catch (CatalogException | RuntimeException e) {
      release(lockFile, holder.mode());
      throw e;
    }
    return new HeldLock(target, holder, () -> {
      try {
        write(c -> update(c, "DELETE FROM lock_holder WHERE token = ?", token));
      } catch (CatalogException | IllegalStateException stale) {
        // the entry is stale once the file lock is gone: holders() ignores it
      } finally {
        release(lockFile, holder.mode());
      }
    });
  }

  private static void release(Path lockFile, LockHolder.Mode mode) {
    try {
      FileLocks.unlock(lockFile, mode);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot release the lock " + lockFile, e);
    }
  }

  private Path lockFile(LockTarget target) throws CatalogException {
    try {
      Files.createDirectories(lockDirectory);
    } catch (IOException e) {
      throw new CatalogException(describe() + ": cannot create the lock directory " + lockDirectory + ": "
          + e.getMessage(), e);
    }
    return lockDirectory.resolve(target.kind() + "-" + safeName(target.name()) + ".lck");
  }

  /** The name as it is when it is a plain file name; else a hash of it. */
  private static String safeName(String name) {
    if (name.matches("[A-Za-z0-9_.-]{1,100}") && !name.startsWith(".")) {
      return name;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return "h" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }

  @Override
  public List<LockHolder> holders(LockTarget target) throws CatalogException {
    List<LockHolder> listed = read(c -> all(c, "SELECT host, pid, job, since, mode FROM lock_holder WHERE target = ?"
        + " ORDER BY since, token", r -> new LockHolder(r.getString(1), r.getLong(2), r.getString(3),
            Instant.ofEpochSecond(r.getLong(4)), LockHolder.Mode.valueOf(r.getString(5))), target.key()));
    List<LockHolder> alive = new ArrayList<>();
    for (LockHolder h : listed) {
      if (!h.onThisHost() || ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        alive.add(h);
      }
    }
    return alive;
  }
}
