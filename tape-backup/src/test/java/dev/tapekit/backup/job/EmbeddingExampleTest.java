package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.media.DeviceLocking;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module README's embedding example, run as it is written on the embedded virtual library; the
 * test also checks that the README shows this code.
 */
class EmbeddingExampleTest {
  @TempDir
  Path dir;

  @Test
  void theReadmeExampleBacksUpRestoresAndVerifies() throws Exception {
    Path home = Files.createDirectories(dir.resolve("vtl"));
    Path source = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
    Files.writeString(source.resolve("fstab"), "proc /proc proc defaults 0 0\n");
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Path target = dir.resolve("restored");
    InputStream dump = new ByteArrayInputStream("CREATE TABLE t (x int);\n".getBytes(StandardCharsets.UTF_8));
    String before = System.getProperty("tapekit.lock.dir");
    java.io.PrintStream console = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    System.setProperty("tapekit.lock.dir", dir.resolve("locks").toString());
    try {
      // BEGIN README EXAMPLE
      Clock clock = Clock.systemUTC();
      try (CatalogStore catalog = SqliteCatalogStore.open(home.resolve("catalog.db"));
          // drive 0 of the virtual L700; for a real library: SgIoTransport.open("/dev/sg5"), ("/dev/sg4")
          LibraryDrive library = LibraryDrive.open(VirtualLibraries.open("vtl:L700", home), "L700", 0,
              VirtualLibraries.open("vtl:L700:0", home), Duration.ofHours(2), System.out::println,
              DeviceLocking.forJob("backup daily"))) {
        catalog.putPool(Pool.of("daily"));
        TapePreparation.label(catalog, library.load("E01001L8"), "E01001L8", Optional.of("daily"),
            library.changer(), BlockHeader.DEFAULT_BLOCK, clock); // once per blank tape

        // a tree and a database dump, two snapshots of the pool's media set
        MediaPool pool = new MediaPool(catalog, "daily", Availability.changer("L700"), clock,
            ZoneId.systemDefault());
        UUID set;
        String etc;
        try (PoolWriter writer = new PoolWriter(catalog, pool, library, WriterOptions.DEFAULT, clock)) {
          writer.begin("backup daily", false);
          TreeBackup backup = new TreeBackup(writer, ChunkerParams.DEFAULT, scratch, clock)
              .progress(p -> System.out.printf("%s %s %,d bytes %,d files%n", p.phase(), p.tape().orElse(""),
                  p.bytes(), p.files()));
          TreeBackup.Result r = backup.tree("host1/etc", source, TreeReaderOptions.DEFAULT);
          r.problems().forEach(System.out::println); // unreadable, changed while read
          backup.stream("host1/db", "dump.sql", dump);
          writer.finish();
          writer.warnings().forEach(System.out::println); // TapeAlert, damaged tapes replaced
          set = writer.mediaSet();
          etc = r.snapshot().name();
        }

        // one file back: plan (what is read, from which tapes, how long), then run
        TreeRestore restore = new TreeRestore(catalog, library, scratch);
        try (RestorePlan plan = restore.plan(set, RestoreSelection.paths(etc, "hosts"))) {
          System.out.print(plan.describe()); // time at the drive's native rate
          TreeRestore.Result done = restore.run(plan, target, TreeWriterOptions.DEFAULT);
          done.problems().forEach(System.out::println);
        }

        // read the whole set back without restoring: blocks, chunk digests, catalog, wear
        SetVerify.Result verified = new SetVerify(catalog, library, Optional.empty(), Duration.ofSeconds(10), clock)
            .verify(set);
        System.out.println(verified.clean() ? "verified" : verified.toString());
      }
      // END README EXAMPLE
    } finally {
      System.setOut(console);
      if (before == null) {
        System.clearProperty("tapekit.lock.dir");
      } else {
        System.setProperty("tapekit.lock.dir", before);
      }
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    console.print(out);
    assertTrue(out.lines().anyMatch("verified"::equals), out);
    assertTrue(out.contains("tape E01001L8"), "the plan is printed: " + out);
    assertArrayEquals(Files.readAllBytes(source.resolve("hosts")), Files.readAllBytes(target.resolve("hosts")));
    assertTrue(Files.notExists(target.resolve("fstab")), "only the chosen file is restored");
  }

  @Test
  void theReadmeShowsThisExample() throws Exception {
    String test = Files.readString(Path.of("src/test/java/dev/tapekit/backup/job/EmbeddingExampleTest.java"));
    String example = test.substring(test.indexOf("// BEGIN README EXAMPLE") + "// BEGIN README EXAMPLE".length(),
        test.indexOf("// END README EXAMPLE"));
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("<!-- embedding example: EmbeddingExampleTest -->");
    assertTrue(start >= 0, "the README marks its example");
    String block = readme.substring(readme.indexOf("```java", start) + "```java".length(),
        readme.indexOf("```", readme.indexOf("```java", start) + 7));
    assertEquals(normalize(example), normalize(block), "README.md's example is EmbeddingExampleTest's code");
  }

  private static List<String> normalize(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
