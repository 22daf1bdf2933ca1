package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual library's first drive as a standalone drive: the test's operator moves cartridges with the
 * library's changer; the loader only sees the drive.
 */
class StandaloneDriveTest {
  @TempDir
  Path home;

  private final FakeClock clock = new FakeClock();
  private final List<String> requests = new ArrayList<>();
  /** What the operator puts in at each request (after taking out what the drive ejected); empty: nothing. */
  private final Deque<Optional<String>> inserts = new ArrayDeque<>();
  private LibraryDrive library;

  @BeforeEach
  void labelTwoTapes() throws Exception {
    library = VirtualLibraryDrives.open(home, "L700", 0);
    try (CatalogStore store = SqliteCatalogStore.open(home.resolve("catalog.db"))) {
      for (String barcode : List.of("E01001L8", "E01002L8")) {
        TapePreparation.label(store, library.load(barcode), barcode, Optional.empty(), Optional.empty(),
            BlockHeader.DEFAULT_BLOCK, Clock.systemUTC());
      }
    }
    library.unload();
  }

  @org.junit.jupiter.api.AfterEach
  void close() throws Exception {
    library.close();
  }

  private StandaloneDrive standalone() {
    Operator operator = message -> {
      requests.add(message);
      Optional<String> next = inserts.isEmpty() ? Optional.empty() : inserts.removeFirst();
      try {
        library.unload(); // takes the ejected tape out, if any
        if (next.isPresent()) {
          library.loadSlot(library.library().findSlot(next.get()).orElseThrow().number());
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    return new StandaloneDrive(library.drive(), "/dev/nst0", operator, Duration.ofSeconds(30), Duration.ofMinutes(30),
        clock, clock::sleep);
  }

  @Test
  void theOperatorIsAskedUntilTheRightTapeIsInAndWrongOnesAreEjected() throws Exception {
    inserts.add(Optional.of("E01003L8")); // blank
    inserts.add(Optional.of("E01001L8")); // another label
    inserts.add(Optional.of("E01002L8"));
    StandaloneDrive drive = standalone();
    assertEquals(Optional.empty(), drive.changer());
    assertEquals(Set.of(), drive.reachable());
    assertEquals(MediaLocation.OFFLINE, drive.location());
    drive.load("E01002L8");
    assertEquals(Optional.of("E01002L8"), drive.loaded());
    assertEquals(Optional.of("E01002L8"), library.loaded(), "the tape really is in the drive");
    assertEquals(3, requests.size(), requests.toString());
    assertTrue(requests.get(0).startsWith("Drive /dev/nst0 needs tape E01002L8.") && requests.get(0).contains(
        "waiting up to 30 min"), requests.get(0));
    assertTrue(requests.get(1).contains("not it") && requests.get(1).contains("blank"), requests.get(1));
    assertTrue(requests.get(2).contains("not it") && requests.get(2).contains("E01001L8"), requests.get(2));

    drive.load("E01002L8");
    assertEquals(3, requests.size(), "the tape in the drive is used without asking");
    drive.unload();
    assertEquals(Optional.empty(), drive.loaded());
  }

  @Test
  void aTapeAlreadyInTheDriveIsTakenAndAnotherOneIsAskedFor() throws Exception {
    library.load("E01001L8");
    StandaloneDrive drive = standalone();
    drive.load("E01001L8");
    assertEquals(List.of(), requests);
    inserts.add(Optional.of("E01002L8"));
    drive.load("E01002L8");
    assertEquals(1, requests.size());
    assertTrue(requests.get(0).contains("It holds") && requests.get(0).contains("E01001L8")
        && requests.get(0).contains("ejected it"), requests.get(0));
  }

  @Test
  void nobodyInsertingTheTapeEndsTheWaitAtTheTimeout() {
    StandaloneDrive drive = standalone();
    MediaException.OperatorTimeout e = assertThrows(MediaException.OperatorTimeout.class,
        () -> drive.load("E01002L8"));
    assertTrue(e.getMessage().contains("/dev/nst0: tape E01002L8 was not inserted within 30 min"), e.getMessage());
    assertEquals(Duration.ofMinutes(30), clock.slept(), "polled every 5 s without sleeping for real");
    assertEquals(1, requests.size());
  }

  @Test
  void aPrintingOperatorWritesEachRequestOnALine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Operator.printingTo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).request("Insert E01001L8");
    assertEquals("Insert E01001L8" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  /** Exporting a set at a standalone drive ejects the tape it holds; the set's other tapes are already out. */
  @Test
  void anExportEjectsTheTapeInTheDrive() throws Exception {
    inserts.add(Optional.of("E01002L8"));
    StandaloneDrive drive = standalone();
    drive.load("E01002L8");
    TapeLoader.Exported done = drive.export(List.of("E01001L8", "E01002L8"));
    assertEquals(List.of("E01002L8"), List.copyOf(done.exported().keySet()));
    assertEquals(List.of("E01001L8"), List.copyOf(done.notExported().keySet()));
    assertEquals(Optional.empty(), drive.loaded());
  }
}
