package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tape with its catalog in PostgreSQL ({@code [catalog] url} in tape.toml): a backup, its content and
 * a verify through a database of the test's own on the server {@code TAPEKIT_TEST_POSTGRES_URL} names
 * (CI starts one; without it the test is skipped, or fails when {@code tapekit.require.postgres=true}).
 */
@ExtendWith(VtlHomeExtension.class)
class PostgresCatalogTest {
  @Test
  void backupContentAndVerifyWithTheCatalogInPostgres() throws Exception {
    String admin = System.getenv("TAPEKIT_TEST_POSTGRES_URL");
    if (admin == null || admin.isBlank()) {
      if (Boolean.getBoolean("tapekit.require.postgres")) {
        Assertions.fail("tapekit.require.postgres=true but TAPEKIT_TEST_POSTGRES_URL is not set");
      }
      Assumptions.abort("no PostgreSQL: set TAPEKIT_TEST_POSTGRES_URL (bash .ci/postgres start DIR prints it)");
    }
    String name = "tapekit_tape_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    int query = admin.indexOf('?');
    String base = query < 0 ? admin : admin.substring(0, query);
    String url = base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : admin.substring(query));
    try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
    }
    try {
      TapeHome t = new TapeHome();
      BackupCommandTest.library(t);
      Files.writeString(t.config.resolve("tape.toml"), "[catalog]\nurl = " + TapeConfig.quote(url) + "\n\n"
          + Files.readString(t.config.resolve("tape.toml")));
      Path etc = BackupCommandTest.tree(t);
      assertEquals(0, t.tape("pool", "create", "daily", "--template", "daily-set").exit());
      ToolHarness.Result r = t.tape("backup", etc.toString(), "--pool", "daily", "--name", "host1/etc", "-q");
      assertEquals(0, r.exit(), r.out() + r.err());
      r = t.tape("media", "content", "--output-format", "json");
      assertTrue(r.out().contains("\"snapshot\":\"host1/etc/"), r.out());
      assertTrue(Files.notExists(t.home.resolve("catalog.db")), "no SQLite catalog beside the PostgreSQL one");
      r = t.tape("verify", "daily-set");
      assertEquals(0, r.exit(), r.out() + r.err());
    } finally {
      try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }
}
