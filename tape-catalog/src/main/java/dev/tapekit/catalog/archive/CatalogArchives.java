package dev.tapekit.catalog.archive;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.format.catalog.CatalogArchiveHeader;
import dev.tapekit.format.catalog.CatalogArchiveOptions;
import dev.tapekit.format.catalog.CatalogArchiveReader;
import dev.tapekit.format.catalog.CatalogArchiveWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.CatalogTape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The catalog to and from tape-format's catalog archives (FORMAT.md 7.3): {@link #export} writes
 * what the catalog knows of a set's tapes up to one tape; {@link #importArchive} records what an
 * archive says.
 */
public final class CatalogArchives {
  private CatalogArchives() {}

  /**
   * The options of a catalog archive written to tape number {@code sequence} of {@code set}: it
   * describes that tape and every earlier tape the catalog has (a tape the catalog lost is left out).
   */
  public static CatalogArchiveOptions options(CatalogStore store, UUID set, int sequence, Clock clock)
      throws CatalogException {
    MediaSet s = store.mediaSet(set).orElseThrow(() -> new CatalogException.NotFound(store.describe()
        + ": no media set " + set));
    if (!s.members().containsKey(sequence)) {
      throw new CatalogException.NotFound(store.describe() + ": media set " + s.name() + " has no tape number "
          + sequence);
    }
    List<CatalogTape> tapes = new ArrayList<>();
    for (Map.Entry<Integer, UUID> e : s.members().headMap(sequence + 1).entrySet()) {
      Optional<Media> m = store.media(e.getValue());
      if (m.isPresent()) {
        tapes.add(new CatalogTape(e.getKey(), m.get().label(), m.get().uuid()));
      }
    }
    return new CatalogArchiveOptions(set, sequence, clock, s.pool(), tapes);
  }

  /**
   * Writes the records of every tape {@code writer}'s options describe, then finishes the archive.
   * The caller opened {@code writer} with {@link #options}.
   */
  public static CatalogRecord.End export(CatalogStore store, CatalogArchiveWriter writer) throws IOException {
    for (CatalogTape tape : writer.header().tapes()) {
      try {
        store.content(tape.media(), r -> {
          try {
            if (r instanceof CatalogRecord.TapeFile f) {
              writer.tapeFile(f);
            } else if (r instanceof CatalogRecord.Chunks c) {
              writer.chunks(c.tapeSequence(), c.fileNumber(), c.entries());
            } else if (r instanceof CatalogRecord.Snapshot s) {
              writer.snapshot(s);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return writer.finish();
  }

  /** What an import recorded. */
  public record Imported(UUID mediaSet, List<Integer> replaced, List<Integer> kept, long records) {}

  /**
   * Reads the archive to its end first (so that a corrupt or cut-off archive changes nothing), then
   * records its set, its tapes and their content. The content of the tape the archive is on is
   * replaced; an earlier tape's only when the catalog has none for it (a later archive knows no more
   * of a full tape than an earlier one).
   *
   * @param open opens the archive afresh (it is read twice)
   * @param setStart when the set started, if known (tape 0's media set label); else the ctime of the
   *     earliest file the archive describes stands in
   * @param encryption the set's key fingerprint, if known (a media set label's)
   */
  public static Imported importArchive(CatalogStore store, ArchiveOpener open, Optional<Instant> setStart,
      Optional<String> encryption) throws IOException {
    CatalogArchiveReader check = open.open();
    Instant firstFile = null;
    CatalogRecord r;
    while ((r = check.next()) != null) {
      if (firstFile == null && r instanceof CatalogRecord.TapeFile f) {
        firstFile = f.ctime();
      }
    }
    CatalogArchiveHeader h = check.header();
    Instant created = setStart.orElse(firstFile != null ? firstFile : h.written());
    Recorder recorder = new Recorder(store, h.mediaSet(), h.pool(), created, encryption);
    Map<Integer, UUID> media = new TreeMap<>();
    Map<Integer, Long> bytesUsed = new TreeMap<>(); // kept as the catalog has it: an import does not change it
    List<Integer> replaced = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (CatalogTape t : h.tapes()) {
      UUID uuid = recorder.tape(t.media(), t.label(), t.sequence(), created);
      media.put(t.sequence(), uuid);
      bytesUsed.put(t.sequence(), store.media(uuid).orElseThrow().bytesUsed());
      if (t.sequence() == h.tapeSequence() || store.files(uuid).isEmpty()) {
        replaced.add(t.sequence());
        store.clearContent(uuid);
      } else {
        kept.add(t.sequence());
      }
    }
    CatalogArchiveReader reader = open.open();
    List<CatalogRecord> group = new ArrayList<>();
    long records = 0;
    while ((r = reader.next()) != null) {
      if (r instanceof CatalogRecord.End) {
        break;
      }
      records++;
      if (r instanceof CatalogRecord.TapeFile && !group.isEmpty()) {
        commit(store, media, bytesUsed, replaced, group);
      }
      group.add(r);
    }
    commit(store, media, bytesUsed, replaced, group);
    return new Imported(h.mediaSet(), List.copyOf(replaced), List.copyOf(kept), records);
  }

  /** Opens a catalog archive at its start. */
  @FunctionalInterface
  public interface ArchiveOpener {
    CatalogArchiveReader open() throws IOException;
  }

  /** Records one file's records (its TAPE_FILE and what follows it) if its tape is being replaced. */
  private static void commit(CatalogStore store, Map<Integer, UUID> media, Map<Integer, Long> bytesUsed,
      List<Integer> replaced, List<CatalogRecord> group) throws CatalogException {
    if (group.isEmpty()) {
      return;
    }
    int sequence = ((CatalogRecord.TapeFile) group.get(0)).tapeSequence();
    if (replaced.contains(sequence)) {
      store.commit(media.get(sequence), List.copyOf(group), bytesUsed.get(sequence));
    }
    group.clear();
  }
}
