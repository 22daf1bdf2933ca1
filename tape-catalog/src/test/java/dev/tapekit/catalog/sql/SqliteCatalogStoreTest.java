package dev.tapekit.catalog.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.BaseCatalogStoreTestCase;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogStoreTest extends BaseCatalogStoreTestCase {
  @TempDir
  Path dir;
  private Path file;

  @Override
  protected CatalogStore openFresh() throws Exception {
    file = dir.resolve("state").resolve("catalog.db");
    return SqliteCatalogStore.open(file);
  }

  @Override
  protected CatalogStore openAgain() throws Exception {
    return SqliteCatalogStore.open(file);
  }

  @Override
  protected CatalogStore openFreshAtSchemaVersion(int version) throws Exception {
    file = dir.resolve("v" + version).resolve("catalog.db");
    return SqliteCatalogStore.open(file, SqliteCatalogStore.connector(file), Clock.systemUTC(),
        Schema.STEPS.subList(0, version));
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (Connection c = SqliteCatalogStore.connector(file).connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void theCatalogIsOneWalFileAtTheCurrentSchemaVersion() throws Exception {
    store.putPool(Pool.of("daily"));
    try (Connection c = SqliteCatalogStore.connector(file).connect(); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
        r.next();
        assertEquals("wal", r.getString(1));
      }
      assertEquals(Schema.VERSION, Schema.version(c));
    }
  }

  @Test
  void aCatalogOfANewerTapekitIsRefusedAndLeftAlone() throws Exception {
    store.close();
    try (Connection c = SqliteCatalogStore.connector(file).connect(); Statement s = c.createStatement()) {
      s.execute("UPDATE tapekit_schema SET version = " + (Schema.VERSION + 1));
    }
    CatalogException e = assertThrows(CatalogException.SchemaTooNew.class, () -> SqliteCatalogStore.open(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("newer tapekit"), e.getMessage());
    try (Connection c = SqliteCatalogStore.connector(file).connect()) {
      assertEquals(Schema.VERSION + 1, Schema.version(c));
    }
    store = SqliteCatalogStore.open(dir.resolve("other.db")); // for @AfterEach
  }

  @Test
  void migrationsRunForwardOnceEach() throws Exception {
    store.putPool(Pool.of("daily"));
    store.close();
    List<List<String>> steps = new ArrayList<>(Schema.STEPS);
    steps.add(List.of("CREATE TABLE note (text TEXT)", "INSERT INTO note (text) VALUES ('migrated')"));
    store = SqliteCatalogStore.open(file, SqliteCatalogStore.connector(file), Clock.systemUTC(), steps);
    store.close();
    store = SqliteCatalogStore.open(file, SqliteCatalogStore.connector(file), Clock.systemUTC(), steps);
    assertEquals(List.of(Pool.of("daily")), store.pools(), "a migration keeps what was there");
    try (Connection c = SqliteCatalogStore.connector(file).connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM note")) {
      r.next();
      assertEquals(1, r.getInt(1), "each step ran once");
      assertEquals(Schema.VERSION + 1, Schema.version(c));
    }
  }
}
