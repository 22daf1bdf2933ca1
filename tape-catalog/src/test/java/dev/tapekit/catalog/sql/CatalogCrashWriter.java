package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogFixtures;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.format.catalog.CatalogRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The writer process of {@link CatalogCrashTest}: commits {@link #BATCHES} batches to tape {@code
 * media} of an existing catalog, printing "committed N" after each, and halts (as a kill -9 would:
 * no shutdown hooks, no rollback) just before its statement number {@code haltAt}.
 *
 * <p>Arguments: catalog file, media UUID, haltAt.
 */
public final class CatalogCrashWriter {
  static final int BATCHES = 3;
  static final int HALTED = 77;

  private CatalogCrashWriter() {}

  /** Batch {@code i}: a chunk archive at file 2 + i of 40 chunks, and its bytes used. */
  static List<CatalogRecord> batch(int i) {
    return CatalogFixtures.chunkArchive(0, 2 + i, CatalogFixtures.entries(100 + i, 40));
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    UUID media = UUID.fromString(args[1]);
    long haltAt = Long.parseLong(args[2]);
    FaultInjectingConnector connector = new FaultInjectingConnector(SqliteCatalogStore.connector(file));
    try (CatalogStore store = SqliteCatalogStore.open(file, connector, Clock.systemUTC())) {
      connector.arm((n, what) -> {
        if (n == haltAt) {
          System.out.flush();
          Runtime.getRuntime().halt(HALTED);
        }
      });
      for (int i = 0; i < BATCHES; i++) {
        store.commit(media, batch(i), 1000L * (i + 1));
        System.out.println("committed " + (i + 1));
        System.out.flush();
      }
      System.out.println("statements " + connector.statements());
    }
  }
}
