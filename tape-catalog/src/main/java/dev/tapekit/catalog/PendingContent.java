package dev.tapekit.catalog;

import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a writer has written to one tape since its last commit, and the commit order that keeps the
 * catalog a prefix of the tape: {@link #commit} first has the tape confirm everything written
 * (WRITE FILEMARKS 0, which returns only when the drive has the data), then records it.
 *
 * <ul>
 *   <li>If the sync fails, nothing is recorded and the records stay pending: the tape may not have
 *       them.
 *   <li>If recording fails (the database is gone), the records stay pending. The tape has them, and a
 *       later commit records them; if the process dies first, the catalog lacks them (still a prefix),
 *       and a scan of the tape finds them.
 * </ul>
 *
 * <p>Not thread-safe: one writer owns it.
 */
public final class PendingContent {
  /** Makes the tape confirm what was written to it. */
  @FunctionalInterface
  public interface TapeSync {
    /**
     * Flushes the drive's buffer to tape.
     *
     * @return the tape's bytes used, as the drive reports them after the flush
     */
    long sync() throws IOException;
  }

  private final CatalogStore store;
  private final UUID media;
  private final List<CatalogRecord> pending = new ArrayList<>();

  public PendingContent(CatalogStore store, UUID media) {
    this.store = Objects.requireNonNull(store, "store");
    this.media = Objects.requireNonNull(media, "media");
  }

  /** Adds records of a file written whole (its TAPE_FILE record and its CHUNKS or SNAPSHOT records). */
  public void add(List<? extends CatalogRecord> records) {
    pending.addAll(records);
  }

  /** The records not recorded yet. */
  public int size() {
    return pending.size();
  }

  /** Syncs the tape, then records everything pending in one transaction. */
  public void commit(TapeSync tape) throws IOException {
    long bytesUsed = tape.sync();
    store.commit(media, List.copyOf(pending), bytesUsed);
    pending.clear();
  }
}
