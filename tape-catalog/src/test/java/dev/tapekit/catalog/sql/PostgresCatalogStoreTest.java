package dev.tapekit.catalog.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.BaseCatalogStoreTestCase;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogFixtures;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.format.catalog.CatalogRecord;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conformance suite on a throwaway PostgreSQL database, and what only a server can do to a store. */
class PostgresCatalogStoreTest extends BaseCatalogStoreTestCase {
  private PostgresTestDatabase db;

  @Override
  protected CatalogStore openFresh() throws Exception {
    db = PostgresTestDatabase.create();
    return PostgresCatalogStore.open(db.url(), db.properties());
  }

  @Override
  protected CatalogStore openAgain() throws Exception {
    return PostgresCatalogStore.open(db.url(), db.properties());
  }

  @Override
  protected CatalogStore openFreshAtSchemaVersion(int version) throws Exception {
    db.close();
    db = PostgresTestDatabase.create();
    Connector plain = PostgresCatalogStore.connector(db.url(), db.properties());
    return PostgresCatalogStore.open(db.url(), plain, plain, Clock.systemUTC(), Schema.STEPS.subList(0, version));
  }

  @Override
  protected void execute(String sql) throws Exception {
    try (Connection c = PostgresCatalogStore.connector(db.url(), db.properties()).connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (store != null) { // null when there is no PostgreSQL here: the tests were skipped
      store.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aConnectionLostMidCommitRecordsNothingAndTheStoreConnectsAgain() throws Exception {
    Media tape = CatalogFixtures.tape("T00001L9", 0, Optional.empty());
    store.addMedia(tape);
    store.startMediaSet(CatalogFixtures.set("daily", 0), tape.uuid(), Optional.empty(), CatalogFixtures.T0);
    List<CatalogRecord> batch = CatalogFixtures.chunkArchive(0, 2, CatalogFixtures.entries(5, 5000));
    FaultInjectingConnector faults = new FaultInjectingConnector(PostgresCatalogStore.connector(db.url(),
        db.properties()));
    try (CatalogStore faulty = PostgresCatalogStore.open(db.url(), faults, faults, Clock.systemUTC())) {
      faults.arm((n, what) -> {
        if (n == 6) { // after the TAPE_FILE insert, before the chunk rows and the commit
          db.terminateConnections(); // returns when they are gone
        }
      });
      CatalogException e = assertThrows(CatalogException.Unavailable.class, () -> faulty.commit(tape.uuid(), batch,
          99));
      assertTrue(e.getMessage().contains("connection was lost") && e.getMessage().contains("nothing of it"),
          e.getMessage());
      faults.disarm();
      try (CatalogStore other = openAgain()) {
        List<CatalogRecord> seen = new ArrayList<>();
        other.content(tape.uuid(), seen::add);
        assertEquals(List.of(), seen, "the server rolled the half-done commit back");
        assertEquals(0, other.media(tape.uuid()).orElseThrow().bytesUsed());
        faulty.commit(tape.uuid(), batch, 99); // the next call connects again
        other.content(tape.uuid(), seen::add);
        assertEquals(batch, seen);
      }
    }
  }

  @Test
  void aCatalogOfANewerTapekitIsRefused() throws Exception {
    try (Connection c = PostgresCatalogStore.connector(db.url(), db.properties()).connect();
        Statement s = c.createStatement()) {
      s.execute("UPDATE tapekit_schema SET version = " + (Schema.VERSION + 1));
    }
    CatalogException e = assertThrows(CatalogException.SchemaTooNew.class, () -> openAgain());
    assertTrue(e.getMessage().contains("newer tapekit"), e.getMessage());
  }

  @Test
  void aLockEndsWithItsConnection() throws Exception {
    LockTarget target = LockTarget.drive("lto9-0");
    LockHolder holder = LockHolder.thisProcess("backup", CatalogFixtures.T0, LockHolder.Mode.EXCLUSIVE);
    try (CatalogStore crashing = openAgain()) {
      crashing.lock(target, holder, Duration.ZERO); // never closed: its host "crashes"
      assertEquals(1, store.holders(target).size());
      try (Connection c = PostgresCatalogStore.connector(db.url(), db.properties()).connect();
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(backend::int, 10000) FROM lock_holder WHERE target = 'drive:lto9-0'");
      }
      try (CatalogLock lock = store.lock(target, holder, Duration.ofSeconds(5))) {
        assertEquals(List.of(lock.holder()), store.holders(target), "the dead holder's entry is gone");
      }
    }
  }
}
