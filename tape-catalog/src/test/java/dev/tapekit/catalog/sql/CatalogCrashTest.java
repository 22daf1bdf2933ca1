package dev.tapekit.catalog.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogFixtures;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process between every two statements of its commits, reopens the catalog and
 * checks that what it holds is a prefix of what the writer committed: whole batches, never part of
 * one, and every batch the writer was told was committed.
 */
class CatalogCrashTest {
  @TempDir
  Path dir;

  private record Run(int exit, int committed, long statements) {}

  @Test
  void aWriterKilledBetweenAnyTwoStatementsLeavesAPrefix() throws Exception {
    Path template = dir.resolve("template.db");
    Media tape = CatalogFixtures.tape("T00001L9", 0, Optional.empty());
    try (CatalogStore store = SqliteCatalogStore.open(template)) {
      store.addMedia(tape);
      store.startMediaSet(CatalogFixtures.set("daily", 0), tape.uuid(), Optional.empty(), CatalogFixtures.T0);
    }
    Path full = copy(template, "full.db");
    Run complete = run(full, tape, Long.MAX_VALUE);
    assertEquals(0, complete.exit());
    assertEquals(CatalogCrashWriter.BATCHES, complete.committed());
    assertTrue(complete.statements() > 3 * CatalogCrashWriter.BATCHES, "the writer ran " + complete.statements());
    check(full, tape, complete, CatalogCrashWriter.BATCHES);
    for (long haltAt = 1; haltAt <= complete.statements(); haltAt++) {
      Path db = copy(template, "crash-" + haltAt + ".db");
      Run crashed = run(db, tape, haltAt);
      assertEquals(CatalogCrashWriter.HALTED, crashed.exit(), "the writer halted before statement " + haltAt);
      int batches = check(db, tape, crashed, -1);
      assertTrue(batches == crashed.committed() || batches == crashed.committed() + 1,
          "halted before statement " + haltAt + ": " + batches + " batches recorded, " + crashed.committed()
              + " reported committed");
    }
  }

  /** Reopens the catalog and checks it holds exactly the first N batches; returns N. */
  private static int check(Path db, Media tape, Run run, int expected) throws Exception {
    try (CatalogStore store = SqliteCatalogStore.open(db)) {
      List<CatalogRecord> content = new ArrayList<>();
      store.content(tape.uuid(), content::add);
      List<CatalogRecord> prefix = new ArrayList<>();
      for (int n = 0; n <= CatalogCrashWriter.BATCHES; n++) {
        if (content.equals(prefix)) {
          assertTrue(expected < 0 || expected == n, "expected " + expected + " batches, found " + n);
          assertEquals(n == 0 ? 0 : 1000L * n, store.media(tape.uuid()).orElseThrow().bytesUsed(),
              "bytes used belong to the last whole batch");
          return n;
        }
        if (n < CatalogCrashWriter.BATCHES) {
          prefix.addAll(CatalogCrashWriter.batch(n));
        }
      }
      throw new AssertionError("after " + run + " the catalog holds " + content.size()
          + " records that are not a prefix of the batches");
    }
  }

  private Path copy(Path template, String name) throws IOException {
    Path target = dir.resolve(name);
    Files.copy(template, target);
    return target;
  }

  private static Run run(Path db, Media tape, long haltAt) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), CatalogCrashWriter.class.getName(), db.toString(),
        tape.uuid().toString(), Long.toString(haltAt)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    int committed = 0;
    long statements = -1;
    for (String line : out.split("\n")) {
      if (line.startsWith("committed ")) {
        committed = Integer.parseInt(line.substring(10).trim());
      } else if (line.startsWith("statements ")) {
        statements = Long.parseLong(line.substring(11).trim());
      } else if (!line.isBlank() && !line.startsWith("WARNING")) {
        throw new AssertionError("the writer said: " + out);
      }
    }
    return new Run(p.exitValue(), committed, statements);
  }
}
