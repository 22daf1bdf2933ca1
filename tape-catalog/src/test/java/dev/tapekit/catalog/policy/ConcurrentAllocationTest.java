package dev.tapekit.catalog.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.sql.PostgresCatalogStore;
import dev.tapekit.catalog.sql.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs (two "hosts") allocate tapes from one pool of one PostgreSQL catalog at the same time, a
 * new media set each round (allocation {@code always}, retention {@code keep}, so no tape may be
 * given twice): 1,000 rounds in all, and no tape goes to two sessions.
 */
class ConcurrentAllocationTest {
  private static final int ROUNDS_EACH = 500;

  @TempDir
  Path dir;

  @Test
  void twoHostsNeverGetTheSameTape() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      String url = db.url();
      try (CatalogStore store = PostgresCatalogStore.open(url, db.properties())) {
        store.putPool(Pool.of("shared").withAllocation(Pool.Allocation.ALWAYS));
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < 2 * ROUNDS_EACH + 10; i++) {
          store.addMedia(Media.newTape(UUID.randomUUID(), String.format("S%05dL9", i), t.plusSeconds(i / 3),
              Optional.empty(), false).withLocation(new MediaLocation.Online("lib")));
        }
      }
      Path go = dir.resolve("go");
      List<Process> hosts = List.of(start(url, "backup host-a", go), start(url, "backup host-b", go));
      List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
      for (Process p : hosts) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", firstLine(out), "a host did not start");
        outputs.add(CompletableFuture.supplyAsync(() -> out.lines().toList()));
      }
      Files.createFile(go);
      Map<UUID, String> given = new HashMap<>();
      for (int h = 0; h < hosts.size(); h++) {
        assertTrue(hosts.get(h).waitFor(10, TimeUnit.MINUTES));
        List<String> lines = outputs.get(h).get();
        assertEquals(0, hosts.get(h).exitValue(), String.join("\n", lines));
        assertEquals("done", lines.get(lines.size() - 1), String.join("\n", lines));
        for (String line : lines.subList(0, lines.size() - 1)) {
          UUID tape = UUID.fromString(line.substring("tape ".length()));
          String before = given.put(tape, "host " + h);
          assertEquals(null, before, "tape " + tape + " was given to " + before + " and to host " + h);
        }
      }
      assertEquals(2 * ROUNDS_EACH, given.size());
      try (CatalogStore store = PostgresCatalogStore.open(url, db.properties())) {
        Set<UUID> sets = new HashSet<>();
        for (UUID tape : given.keySet()) {
          Media m = store.media(tape).orElseThrow();
          assertEquals(0, m.membership().orElseThrow().sequence());
          assertTrue(sets.add(m.membership().get().mediaSet()), "two tapes in one set");
        }
        assertEquals(2 * ROUNDS_EACH, store.mediaSets("shared").size());
      }
    }
  }

  private static String firstLine(BufferedReader out) throws Exception {
    String line;
    while ((line = out.readLine()) != null && line.startsWith("WARNING")) {
      // JDK 24+ native-access notes
    }
    return line;
  }

  private static Process start(String url, String job, Path go) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), AllocationWorker.class.getName(), url, Integer.toString(ROUNDS_EACH),
        job, go.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
