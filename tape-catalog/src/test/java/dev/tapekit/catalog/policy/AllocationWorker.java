package dev.tapekit.catalog.policy;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.sql.PostgresCatalogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * One host of {@link ConcurrentAllocationTest}: waits for a start file, then runs {@code rounds} write
 * sessions on pool "shared" of the PostgreSQL catalog at {@code url}, printing "tape UUID" for the tape
 * each one was given.
 *
 * <p>Arguments: JDBC URL, rounds, job name, start file.
 */
public final class AllocationWorker {
  private AllocationWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int rounds = Integer.parseInt(args[1]);
    Path go = Path.of(args[3]);
    try (CatalogStore store = PostgresCatalogStore.open(url, new Properties())) {
      MediaPool pool = new MediaPool(store, "shared", Availability.changer("lib"), Clock.systemUTC(),
          ZoneOffset.UTC);
      System.out.println("ready");
      System.out.flush();
      while (!Files.exists(go)) {
        Thread.sleep(10);
      }
      for (int i = 0; i < rounds; i++) {
        LockHolder me = LockHolder.thisProcess(args[2], Clock.systemUTC().instant(), LockHolder.Mode.EXCLUSIVE);
        try (WriteSession s = pool.startWriteSession(me, false, Duration.ofSeconds(30))) {
          System.out.println("tape " + s.tape().uuid());
        }
      }
      System.out.println("done");
    }
  }
}
