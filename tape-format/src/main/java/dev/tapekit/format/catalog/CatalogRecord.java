package dev.tapekit.format.catalog;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One record of a catalog archive's body (FORMAT.md 7.3.2). The constructors check each record's
 * own fields ({@link IllegalArgumentException}); a reader turns the same failures into INVALID.
 * Rules between records (order, references, counts) are checked by the writer and the reader.
 */
public sealed interface CatalogRecord {
  /** The latest time a record holds: 9999-12-31T23:59:59Z. */
  Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * Type 1: one tape file (or one part of a spanned file) on a tape of the set.
   *
   * @param tapeSequence the tape it is on
   * @param fileNumber its file number, 2 or more (the labels are files 0 and 1)
   * @param firstLogicalObject its first block's logical object (what LOCATE takes), at least 2 ×
   *     file number
   * @param contentType its content type magic, whether this tapekit knows the type or not
   * @param contentVersion its content version, 1 to 65535
   * @param part its part number
   * @param continued whether the file goes on in a next part (its footer's CONTINUED flag)
   * @param file its file UUID; not nil
   * @param ctime its content header's ctime (whole seconds)
   * @param bodyLength its footer's body length
   * @param items its footer's item count
   */
  record TapeFile(int tapeSequence, long fileNumber, long firstLogicalObject, long contentType, int contentVersion,
      int part, boolean continued, UUID file, Instant ctime, long bodyLength, long items) implements CatalogRecord {
    public TapeFile {
      Objects.requireNonNull(file, "file");
      ctime = ctime.truncatedTo(ChronoUnit.SECONDS);
      if (tapeSequence < 0 || fileNumber < 2 || firstLogicalObject < 2 * fileNumber || contentVersion < 1
          || contentVersion > 0xFFFF || part < 0 || file.equals(ContentHeader.NO_SET) || ctime.getEpochSecond() < 0
          || ctime.isAfter(MAX_TIME) || bodyLength < 0 || items < 0) {
        throw new IllegalArgumentException("impossible tape file: sequence " + tapeSequence + ", file " + fileNumber
            + " at logical object " + firstLogicalObject + ", version " + contentVersion + ", part " + part + ", uuid "
            + file + ", ctime " + ctime + ", body " + bodyLength + ", items " + items);
      }
    }

    /** The record of the file whose content header is {@code h}, starting at {@code start}, ending with {@code f}. */
    public static TapeFile of(ContentHeader h, BlockAddress start, ContentFooter f) {
      return new TapeFile(h.tapeSequence(), start.file(), start.logicalObject(), h.type().magic(), h.version(),
          h.part(), f.continued(), h.file(), h.ctime(), f.bodyLength(), f.items());
    }

    /** The content type, if this tapekit knows it. */
    public Optional<ContentType> type() {
      return ContentType.byMagic(contentType);
    }
  }

  /**
   * Type 2: consecutive chunks of one chunk archive, in the archive's index order (ascending
   * digest). A chunk archive's chunks are split over several such records of at most {@link
   * #MAX_ENTRIES} each.
   *
   * @param tapeSequence the tape the archive is on
   * @param fileNumber the archive's file number
   * @param first how many chunks of the archive the records before this one listed
   * @param entries 1 to {@link #MAX_ENTRIES} index entries, digests strictly ascending
   */
  record Chunks(int tapeSequence, long fileNumber, long first, List<ChunkArchiveIndex.Entry> entries)
      implements CatalogRecord {
    /** The most chunks one record lists. */
    public static final int MAX_ENTRIES = 4096;

    /**
     * All of a chunk archive's chunks, {@code entries} in index order, as the consecutive records
     * that list them: {@link #MAX_ENTRIES} each, the last one fewer; none for an empty archive.
     */
    public static List<Chunks> of(int tapeSequence, long fileNumber, List<ChunkArchiveIndex.Entry> entries) {
      List<Chunks> out = new ArrayList<>();
      for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
        out.add(new Chunks(tapeSequence, fileNumber, from,
            entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES))));
      }
      return out;
    }

    public Chunks {
      entries = List.copyOf(entries);
      if (tapeSequence < 0 || fileNumber < 2 || first < 0 || entries.isEmpty() || entries.size() > MAX_ENTRIES
          || first > Long.MAX_VALUE - entries.size()) {
        throw new IllegalArgumentException("impossible chunk list: sequence " + tapeSequence + ", file "
            + fileNumber + ", first " + first + ", " + entries.size() + " chunks (1 to " + MAX_ENTRIES + ")");
      }
      for (int i = 1; i < entries.size(); i++) {
        if (Arrays.compareUnsigned(entries.get(i - 1).digest(), entries.get(i).digest()) >= 0) {
          throw new IllegalArgumentException("the chunks of a catalog record are in strictly ascending digest order");
        }
      }
    }
  }

  /**
   * Type 3: one snapshot archive and where its sparse index is.
   *
   * @param tapeSequence the tape the archive is on
   * @param fileNumber its file number
   * @param name the snapshot's name (header data {@code snapshot}); not empty
   * @param source the path that was backed up; not empty
   * @param created when the snapshot was taken (whole seconds)
   * @param entries the archive's entry count
   * @param indexBlock the block within the file where the sparse index starts
   * @param indexOffset its offset in that block's payload
   */
  record Snapshot(int tapeSequence, long fileNumber, String name, String source, Instant created, long entries,
      long indexBlock, int indexOffset) implements CatalogRecord {
    public Snapshot {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      created = created.truncatedTo(ChronoUnit.SECONDS);
      if (tapeSequence < 0 || fileNumber < 2 || name.isEmpty() || source.isEmpty() || created.getEpochSecond() < 0
          || created.isAfter(MAX_TIME) || entries < 0 || indexBlock < 0 || indexOffset < 0
          || indexOffset >= BlockHeader.MAX_BLOCK - BlockHeader.LENGTH) {
        throw new IllegalArgumentException("impossible snapshot: sequence " + tapeSequence + ", file " + fileNumber
            + ", '" + name + "', '" + source + "', " + created + ", " + entries + " entries, index at block "
            + indexBlock + " offset " + indexOffset);
      }
      if (RecordFormat.utf8Length(name) > 0xFFFF || RecordFormat.utf8Length(source) > 0xFFFF) {
        throw new IllegalArgumentException("a snapshot name or source of more than 65535 UTF-8 bytes");
      }
    }
  }

  /**
   * Type 4, the last record: how many records of each kind come before it.
   *
   * @param tapeFiles TAPE_FILE records
   * @param chunkRecords CHUNKS records
   * @param chunks chunks listed by them
   * @param snapshots SNAPSHOT records
   * @param skipped records of types this version does not know
   */
  record End(long tapeFiles, long chunkRecords, long chunks, long snapshots, long skipped) implements CatalogRecord {
    public End {
      if (tapeFiles < 0 || chunkRecords < 0 || chunks < 0 || snapshots < 0 || skipped < 0) {
        throw new IllegalArgumentException("negative record counts");
      }
    }

    /** The number of records before the END record. */
    public long records() {
      return tapeFiles + chunkRecords + snapshots + skipped;
    }
  }
}
