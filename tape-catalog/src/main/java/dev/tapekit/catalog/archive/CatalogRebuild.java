package dev.tapekit.catalog.archive;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.catalog.CatalogArchiveReader;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Rebuilds a lost or stale catalog from tape.
 *
 * <ul>
 *   <li>{@link #fromCatalogArchive}: fast. Reads the tape's labels and the last complete catalog
 *       archive on it, which describes the tape and the set's earlier tapes (a writer puts one at the
 *       end of every job and on every tape a set joins), and records it. Reads the labels, one block
 *       of each file, and the archive.
 *   <li>{@link #scan}: slow. Reads every file of one tape (each file's header, footer and index) and
 *       records what is there; for a tape whose catalog archives are lost or cut off.
 * </ul>
 *
 * Both say which tapes of the set the catalog still lacks ({@link Result#needed}).
 */
public final class CatalogRebuild {
  private CatalogRebuild() {}

  /**
   * What a rebuild did.
   *
   * @param mediaSet the set the tape belongs to
   * @param tape the tape's number in the set
   * @param described the tapes whose content was recorded from this tape
   * @param needed the set's tapes up to this one whose content the catalog still lacks: scan them, or
   *     rebuild from a later tape of the set
   * @param unreadable files of this tape that could not be read whole and are not recorded (slow
   *     path only)
   */
  public record Result(UUID mediaSet, int tape, SortedSet<Integer> described, SortedSet<Integer> needed,
      List<TapeScanner.Unreadable> unreadable) {
    /** What the operator should do next, or empty when the catalog is complete up to this tape. */
    public String advice() {
      StringBuilder s = new StringBuilder();
      if (!needed.isEmpty()) {
        s.append("the catalog lacks tape(s) ").append(needed).append(" of media set ").append(mediaSet)
            .append(": scan them (slow), or rebuild from a later tape of the set. ");
      }
      s.append("Tapes after number ").append(tape).append(", if the set has any, are described only by their own"
          + " catalog archives: rebuild from the set's last tape.");
      return s.toString();
    }
  }

  /**
   * The fast path: records the last complete catalog archive of {@code tape}.
   *
   * @throws CatalogException.NotFound when the tape holds no complete catalog archive: {@link #scan}
   *     it instead
   */
  public static Result fromCatalogArchive(CatalogStore store, BlockSource tape) throws IOException {
    Labels labels = labels(tape);
    List<BlockAddress> archives = new ArrayList<>();
    TapeScanner.forEachFile(tape, (file, start) -> {
      try {
        if (TapeFileReader.open(tape, file).header().type() == ContentType.CATALOG_ARCHIVE) {
          archives.add(start);
        }
      } catch (TapeFormatException unreadable) {
        // not a catalog archive we can use; a scan reports it
      }
    });
    List<TapeFormatException> problems = new ArrayList<>();
    for (int i = archives.size() - 1; i >= 0; i--) {
      BlockAddress start = archives.get(i);
      try {
        CatalogArchiveReader first = CatalogArchiveReader.open(tape, start);
        if (!first.header().mediaSet().equals(labels.set().mediaSet())
            || first.header().tapeSequence() != labels.set().sequence()) {
          continue; // a catalog of another set or tape: never recorded as this one's
        }
        CatalogArchives.Imported imported = CatalogArchives.importArchive(store,
            () -> CatalogArchiveReader.open(tape, start), labels.setStart(), labels.encryption());
        SortedSet<Integer> described = new TreeSet<>(imported.replaced());
        described.addAll(imported.kept());
        SortedSet<Integer> needed = needed(store, labels.set().mediaSet(), labels.set().sequence());
        recordArchive(store, tape, labels, start); // after: the archive alone does not describe its tape's data
        return new Result(labels.set().mediaSet(), labels.set().sequence(), described, needed, List.of());
      } catch (TapeFormatException e) {
        problems.add(e); // cut off or corrupt: an earlier archive may do
      }
    }
    throw new CatalogException.NotFound(tape.volume() + ": no complete catalog archive on the tape"
        + (problems.isEmpty() ? "" : " (" + problems.size() + " unreadable: " + problems.get(0).getMessage() + ")")
        + ": scan the tape instead (slow), or rebuild from another tape of the set");
  }

  /**
   * The slow path: reads every file of {@code tape} and replaces its content in the catalog with what
   * is there. Files cut off by a crash or corrupt are not recorded and are listed in the result.
   */
  public static Result scan(CatalogStore store, BlockSource tape) throws IOException {
    Labels labels = labels(tape);
    UUID uuid = labels.recorder(store).tape(labels.media().media(), labels.media().label(),
        labels.set().sequence(), labels.media().ctime());
    store.clearContent(uuid);
    long bytesUsed = store.media(uuid).orElseThrow().bytesUsed(); // a scan does not change it
    List<CatalogRecord> group = new ArrayList<>();
    List<TapeScanner.Unreadable> unreadable = TapeScanner.scan(tape, labels.set().sequence(),
        new TapeScanner.Listener() {
          @Override
          public void file(CatalogRecord.TapeFile file) throws IOException {
            flush();
            group.add(file);
          }

          @Override
          public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) throws IOException {
            group.addAll(CatalogRecord.Chunks.of(file.tapeSequence(), file.fileNumber(), index.entries()));
          }

          @Override
          public void snapshot(CatalogRecord.Snapshot snapshot) {
            group.add(snapshot);
          }

          private void flush() throws CatalogException {
            commit(store, uuid, group, bytesUsed);
          }
        });
    commit(store, uuid, group, bytesUsed);
    return new Result(labels.set().mediaSet(), labels.set().sequence(), new TreeSet<>(List.of(labels.set()
        .sequence())), needed(store, labels.set().mediaSet(), labels.set().sequence()), unreadable);
  }

  /**
   * The catalog archive imported describes the files before it, not itself; the catalog a backup
   * kept lists it too (its TAPE_FILE), so a rebuilt one does as well, or a verify would find a file
   * the catalog does not know.
   */
  private static void recordArchive(CatalogStore store, BlockSource tape, Labels labels, BlockAddress start)
      throws IOException {
    Optional<dev.tapekit.catalog.Media> media = store.media(labels.media().media());
    if (media.isEmpty()) {
      return;
    }
    List<CatalogRecord> own = new ArrayList<>();
    TapeScanner.describeFile(tape, labels.set().sequence(), start, new TapeScanner.Listener() {
      @Override
      public void file(CatalogRecord.TapeFile file) {
        own.add(file);
      }

      @Override
      public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {}

      @Override
      public void snapshot(CatalogRecord.Snapshot snapshot) {}
    });
    commit(store, media.get().uuid(), own, media.get().bytesUsed());
  }

  /** Records one file's records (its TAPE_FILE and what follows it), if there are any. */
  private static void commit(CatalogStore store, UUID tape, List<CatalogRecord> group, long bytesUsed)
      throws CatalogException {
    if (!group.isEmpty()) {
      store.commit(tape, List.copyOf(group), bytesUsed);
      group.clear();
    }
  }

  /** The tapes 0 to {@code upTo} of {@code set} whose content the catalog lacks. */
  public static SortedSet<Integer> needed(CatalogStore store, UUID set, int upTo) throws CatalogException {
    SortedSet<Integer> needed = new TreeSet<>();
    Optional<MediaSet> s = store.mediaSet(set);
    for (int seq = 0; seq <= upTo; seq++) {
      UUID member = s.isPresent() ? s.get().members().get(seq) : null;
      if (member == null || store.files(member).isEmpty()) {
        needed.add(seq);
      }
    }
    return needed;
  }

  /** A tape's two labels; a tape in no set cannot be rebuilt from. */
  private record Labels(MediaLabel media, MediaSetLabel set) {
    Optional<Instant> setStart() {
      return set.sequence() == 0 ? Optional.of(set.ctime()) : Optional.empty();
    }

    Optional<String> encryption() {
      return set.encryption().map(e -> e.fingerprint().toString());
    }

    Recorder recorder(CatalogStore store) {
      return new Recorder(store, set.mediaSet(), set.pool(), setStart().orElse(set.ctime()), encryption());
    }
  }

  private static Labels labels(BlockSource tape) throws IOException {
    TapeLabels labels = TapeLabels.readLabels(tape).orElseThrow(() -> new CatalogException.NotFound(tape.volume()
        + ": the tape is blank: there is no catalog to rebuild"));
    MediaSetLabel set = labels.mediaSet().filter(s -> !s.mediaSet().equals(new UUID(0, 0)))
        .orElseThrow(() -> new CatalogException.NotFound(tape.volume() + " (" + labels.media().label()
            + ") is in no media set: there is no catalog to rebuild"));
    return new Labels(labels.media(), set);
  }
}
