package dev.tapekit.catalog;

import static dev.tapekit.catalog.CatalogFixtures.chunkArchive;
import static dev.tapekit.catalog.CatalogFixtures.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit order, with faults injected at the tape and at the catalog. */
class PendingContentTest {
  @TempDir
  Path dir;
  private CatalogStore store;
  private Media tape;

  @BeforeEach
  void open() throws Exception {
    store = SqliteCatalogStore.open(dir.resolve("catalog.db"));
    tape = CatalogFixtures.tape("T00001L9", 0, Optional.empty());
    store.addMedia(tape);
    store.startMediaSet(CatalogFixtures.set("daily", 0), tape.uuid(), Optional.empty(), CatalogFixtures.T0);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private List<CatalogRecord> recorded() throws IOException {
    List<CatalogRecord> out = new ArrayList<>();
    store.content(tape.uuid(), out::add);
    return out;
  }

  @Test
  void theTapeConfirmsBeforeTheCatalogRecords() throws Exception {
    PendingContent pending = new PendingContent(store, tape.uuid());
    List<CatalogRecord> file2 = chunkArchive(0, 2, entries(1, 3));
    pending.add(file2);
    List<String> order = new ArrayList<>();
    pending.commit(() -> {
      order.add("sync, catalog had " + recorded().size());
      return 4096;
    });
    assertEquals(List.of("sync, catalog had 0"), order);
    assertEquals(file2, recorded());
    assertEquals(4096, store.media(tape.uuid()).orElseThrow().bytesUsed());
    assertEquals(0, pending.size());
  }

  @Test
  void aFailedSyncRecordsNothingAndKeepsTheRecords() throws Exception {
    PendingContent pending = new PendingContent(store, tape.uuid());
    pending.add(chunkArchive(0, 2, entries(1, 3)));
    IOException lost = new IOException("WRITE FILEMARKS failed: medium error");
    assertSame(lost, assertThrows(IOException.class, () -> pending.commit(() -> {
      throw lost;
    })));
    assertEquals(List.of(), recorded(), "the tape did not confirm: nothing is recorded");
    assertEquals(2, pending.size()); // the TAPE_FILE and the CHUNKS record
  }

  @Test
  void aFailedRecordingKeepsTheRecordsForTheNextCommit() throws Exception {
    PendingContent pending = new PendingContent(store, tape.uuid());
    pending.add(chunkArchive(0, 2, entries(1, 3)));
    pending.add(List.of(new CatalogRecord.Chunks(0, 9, 0, entries(2, 1)))); // no TAPE_FILE for file 9
    assertThrows(IllegalArgumentException.class, () -> pending.commit(() -> 1));
    assertEquals(List.of(), recorded());
    assertEquals(3, pending.size());
  }

  @Test
  void aChangersInventoryMovesTapesOnlineAndOffline() throws Exception {
    Media shelf = CatalogFixtures.tape("T00002L9", 1, Optional.empty()).withLocation(MediaLocation.OFFLINE);
    Media vault = CatalogFixtures.tape("T00003L9", 2, Optional.empty()).withLocation(new MediaLocation.Vault("safe"));
    Media other = CatalogFixtures.tape("T00004L9", 3, Optional.empty()).withLocation(new MediaLocation.Online("lib2"));
    for (Media m : List.of(shelf, vault, other)) {
      store.addMedia(m);
    }
    List<Media> changed = Locations.updateOnline(store, "lib", Set.of("T00002L9", "UNKNOWN1"));
    assertEquals(List.of("T00001L9", "T00002L9"), changed.stream().map(Media::label).toList());
    assertEquals(MediaLocation.OFFLINE, store.media(tape.uuid()).orElseThrow().location(), "left lib");
    assertEquals(new MediaLocation.Online("lib"), store.media(shelf.uuid()).orElseThrow().location());
    assertEquals(new MediaLocation.Vault("safe"), store.media(vault.uuid()).orElseThrow().location());
    assertEquals(new MediaLocation.Online("lib2"), store.media(other.uuid()).orElseThrow().location());
  }
}
