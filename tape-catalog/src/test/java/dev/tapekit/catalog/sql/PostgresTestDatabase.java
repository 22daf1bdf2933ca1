package dev.tapekit.catalog.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, uniquely named database for one test on the PostgreSQL server named by the environment
 * variable {@code TAPEKIT_TEST_POSTGRES_URL} (a superuser JDBC URL of the {@code postgres} database,
 * printed by {@code bash .ci/postgres start DIR}); {@link #close()} drops it. Without that variable
 * the test is skipped, or fails when the system property {@code tapekit.require.postgres=true} (set
 * by CI) demands the server. Needs PostgreSQL 14 or newer.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  private static final String ENV = "TAPEKIT_TEST_POSTGRES_URL";
  private static final String PREFIX = "jdbc:postgresql://";

  private final String adminUrl;
  private final String name;
  private final String url;

  private PostgresTestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
    // Same host, port and query parameters (the user among them), other database.
    int query = adminUrl.indexOf('?');
    String params = query < 0 ? "" : adminUrl.substring(query);
    String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
    int slash = base.indexOf('/', PREFIX.length());
    if (!adminUrl.startsWith(PREFIX) || slash < 0) {
      throw new IllegalStateException(
          ENV + " is not like " + PREFIX + "127.0.0.1:5432/postgres?user=postgres: " + adminUrl);
    }
    this.url = base.substring(0, slash + 1) + name + params;
  }

  /** Creates the database, or skips (fails in CI) the calling test when there is no server. */
  public static PostgresTestDatabase create() throws SQLException {
    String adminUrl = System.getenv(ENV);
    if (adminUrl == null || adminUrl.isBlank()) {
      if (Boolean.getBoolean("tapekit.require.postgres")) {
        Assertions.fail("tapekit.require.postgres=true but " + ENV + " is not set: CI must start a server with"
            + " .ci/postgres start DIR and export the TAPEKIT_TEST_POSTGRES_URL=... line it prints");
      }
      Assumptions.abort(
          "no PostgreSQL: set " + ENV + " (bash .ci/postgres start DIR prints it) to run the PostgreSQL tests");
    }
    String name = "tapekit_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    PostgresTestDatabase db = new PostgresTestDatabase(adminUrl, name);
    try (Connection c = db.admin(); Statement s = c.createStatement()) {
      // template0 and the C locale: the same encoding and collation whatever the server's defaults.
      s.execute("CREATE DATABASE " + db.name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
    }
    return db;
  }

  /** The JDBC URL of this test's database. */
  public String url() {
    return url;
  }

  /** Connection properties to use with {@link #url()}: none, the user is in the URL. */
  public Properties properties() {
    return new Properties();
  }

  /** A new superuser connection to the {@code postgres} database; the caller closes it. */
  public Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl);
  }

  /** Kills every connection to this test's database (a lost connection), waiting up to 10 s for each to end. */
  public void terminateConnections() throws SQLException {
    try (Connection c = admin();
        PreparedStatement ps = c.prepareStatement(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, name);
      ps.executeQuery().close();
    }
  }

  /** Drops the database, disconnecting whoever is still connected. */
  @Override
  public void close() throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
