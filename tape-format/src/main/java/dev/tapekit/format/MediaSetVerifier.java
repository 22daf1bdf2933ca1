package dev.tapekit.format;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.catalog.CatalogArchiveReader;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.span.SpannedFileReader;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads every file of the tapes of a media set, in set order, and checks all FORMAT.md lets a reader
 * check: both labels, every block, header and footer, every chunk (its CRC, and with the key its
 * authentication and digest), every snapshot entry, every index, every catalog record (and that the
 * files a catalog describes are on the tapes as it says), and every spanned data stream joined across
 * tapes. The first problem is thrown ({@link TapeFormatException}
 * naming tape, file and block, or {@link PayloadAuthenticationException}); a set that verifies
 * returns what it holds.
 *
 * <p>Not thread-safe; the sources are moved.
 */
public final class MediaSetVerifier {
  /**
   * One tape file as verified: body bytes are the plain bytes of the chunks (those that could be
   * opened) for a chunk archive, the joined body for a data stream, 0 for a snapshot or catalog
   * archive; items as the footer counts them (chunks, snapshot entries, catalog records).
   */
  public record FileReport(long file, ContentType type, UUID fileUuid, int part, long bodyBytes, long items) {}

  /** One tape as verified. */
  public record TapeReport(String volume, TapeLabels labels, List<FileReport> files) {}

  private MediaSetVerifier() {}

  /**
   * Verifies {@code tapes} (the media set's tapes, in sequence order).
   *
   * @param key the set's payload key, to open software-encrypted chunks; without it they are checked
   *     by their stored-bytes CRC only
   */
  public static List<TapeReport> verify(List<? extends BlockSource> tapes, Optional<MediaSetKey> key)
      throws IOException, PayloadAuthenticationException {
    List<TapeReport> out = new ArrayList<>();
    Set<String> joinedParts = new HashSet<>();
    List<Catalogued> catalogued = new ArrayList<>();
    UUID set = null;
    for (int t = 0; t < tapes.size(); t++) {
      BlockSource tape = tapes.get(t);
      TapeLabels labels = TapeLabels.readLabels(tape).orElseThrow(() -> new TapeFormatException(Kind.TRUNCATED,
          new TapeLocation(tape.volume(), 0, 0), "the tape is blank: no labels"));
      UUID tapeSet = labels.mediaSet().map(l -> l.mediaSet()).orElse(ContentHeader.NO_SET);
      int sequence = labels.mediaSet().map(l -> l.sequence()).orElse(-1);
      if (set == null) {
        set = tapeSet;
      }
      if (!tapeSet.equals(set) || sequence != t) {
        throw new TapeFormatException(Kind.MISPLACED, new TapeLocation(tape.volume(), 1, 0), "the tape is number "
            + sequence + " of media set " + tapeSet + ", but number " + t + " of set " + set + " was expected");
      }
      List<FileReport> files = new ArrayList<>();
      for (long file = 2; ; file++) {
        BlockAddress here = tape.position();
        if (atEndOfData(tape)) {
          break;
        }
        tape.locate(here.logicalObject());
        files.add(verifyFile(tapes, t, file, here, set, key, joinedParts, catalogued));
        try {
          tape.locateFile(file + 1);
        } catch (IOException noNextFile) {
          break; // the last file ended at end of data without its filemark (a writer stopped there)
        }
      }
      out.add(new TapeReport(tape.volume(), labels, List.copyOf(files)));
    }
    checkCatalogs(out, catalogued);
    return out;
  }

  /** A TAPE_FILE record of a catalog archive, and where the catalog is. */
  private record Catalogued(TapeLocation catalog, CatalogRecord.TapeFile record) {}

  /** Every file a catalog archive describes is on its tape as described: MISPLACED otherwise. */
  private static void checkCatalogs(List<TapeReport> tapes, List<Catalogued> catalogued) throws TapeFormatException {
    for (Catalogued c : catalogued) {
      CatalogRecord.TapeFile f = c.record();
      FileReport actual = f.tapeSequence() < tapes.size() ? tapes.get(f.tapeSequence()).files().stream()
          .filter(r -> r.file() == f.fileNumber()).findFirst().orElse(null) : null;
      if (actual == null || actual.type().magic() != f.contentType() || !actual.fileUuid().equals(f.file())
          || actual.part() != f.part() || actual.items() != f.items()) {
        throw new TapeFormatException(Kind.MISPLACED, c.catalog(), "the catalog says file " + f.fileNumber()
            + " of tape " + f.tapeSequence() + " is " + f.file() + " part " + f.part() + " with " + f.items()
            + " items, but " + (actual == null ? "the set has no such file"
                : "that file is " + actual.type() + " " + actual.fileUuid() + " part " + actual.part() + " with "
                    + actual.items() + " items"));
      }
    }
  }

  private static boolean atEndOfData(BlockSource tape) throws IOException {
    return tape.read(ByteBuffer.allocate(BlockHeader.MAX_BLOCK)).kind() == ReadResult.Kind.END_OF_DATA;
  }

  private static FileReport verifyFile(List<? extends BlockSource> tapes, int t, long file, BlockAddress start,
      UUID set, Optional<MediaSetKey> key, Set<String> joinedParts, List<Catalogued> catalogued)
      throws IOException, PayloadAuthenticationException {
    BlockSource tape = tapes.get(t);
    TapeFileReader probe = TapeFileReader.open(tape, file);
    ContentHeader h = probe.header();
    TapeLocation where = new TapeLocation(tape.volume(), file, 0);
    if (h.type() == ContentType.MEDIA_LABEL || h.type() == ContentType.MEDIA_SET_LABEL) {
      throw new TapeFormatException(Kind.MISPLACED, where, "a " + h.type() + " at file " + file
          + ": labels are files 0 and 1 only");
    }
    if (!h.mediaSet().equals(set) || h.tapeSequence() != t) {
      throw new TapeFormatException(Kind.MISPLACED, where, "a file of media set " + h.mediaSet() + " tape "
          + h.tapeSequence() + " on tape " + t + " of set " + set);
    }
    tape.locate(start.logicalObject());
    if (h.part() > 0) {
      if (!joinedParts.contains(h.file() + "/" + h.part())) {
        throw new TapeFormatException(Kind.MISPLACED, where, "part " + h.part() + " of data stream " + h.file()
            + " without the part before it on the previous tape");
      }
      ContentFooter f = TapeFileReader.open(tape, file).footer();
      return new FileReport(file, h.type(), h.file(), h.part(), f.bodyLength(), f.items());
    }
    if (h.type() == ContentType.CHUNK_ARCHIVE) {
      try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, start, key)) {
        long bytes = 0;
        ChunkArchiveIndex.Entry e;
        while ((e = r.nextEntry()) != null) {
          if (!r.header().encrypted() || key.isPresent()) {
            bytes += r.data().remaining();
          }
        }
        return new FileReport(file, h.type(), h.file(), 0, bytes, r.index().size());
      }
    }
    if (h.type() == ContentType.SNAPSHOT_ARCHIVE) {
      SnapshotArchiveReader r = SnapshotArchiveReader.open(tape, start);
      long entries = 0;
      while (r.next() != null) {
        entries++;
      }
      return new FileReport(file, h.type(), h.file(), 0, 0, entries); // entries, checked against the index
    }
    if (h.type() == ContentType.CATALOG_ARCHIVE) {
      CatalogArchiveReader r = CatalogArchiveReader.open(tape, start);
      CatalogRecord record;
      while ((record = r.next()) != null) { // every record, END's counts, then the footer
        if (record instanceof CatalogRecord.TapeFile f) {
          catalogued.add(new Catalogued(where, f));
        }
      }
      return new FileReport(file, h.type(), h.file(), 0, 0, r.records()); // records, checked against the footer
    }
    if (h.type() == ContentType.DATA_STREAM) {
      SpannedFileReader r = SpannedFileReader.open(tape, file, (part, previousVolume, previousFile) -> {
        if (t + part >= tapes.size()) {
          return null;
        }
        BlockSource next = tapes.get(t + part);
        Optional<Long> at = findPart(next, h.file(), part);
        if (at.isEmpty()) {
          return null;
        }
        joinedParts.add(h.file() + "/" + part);
        return new SpannedFileReader.Located(next, at.get());
      });
      long bytes = 0;
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      int n;
      while ((n = r.read(buf.clear())) >= 0) {
        bytes += n;
      }
      return new FileReport(file, h.type(), h.file(), 0, bytes, r.footer().items());
    }
    ContentFooter f = TapeFileReader.open(tape, file).footer();
    return new FileReport(file, h.type(), h.file(), h.part(), f.bodyLength(), f.items());
  }

  /** The file number on {@code tape} that holds part {@code part} of {@code stream}, positioned there. */
  private static Optional<Long> findPart(BlockSource tape, UUID stream, int part) throws IOException {
    for (long file = 2; ; file++) {
      try {
        tape.locateFile(file);
      } catch (IOException noSuchFile) {
        return Optional.empty();
      }
      BlockAddress start = tape.position();
      if (atEndOfData(tape)) {
        return Optional.empty();
      }
      tape.locate(start.logicalObject());
      ContentHeader h;
      try {
        h = TapeFileReader.open(tape, file).header();
      } catch (TapeFormatException damaged) {
        continue;
      }
      if (h.file().equals(stream) && h.part() == part) {
        tape.locate(start.logicalObject());
        return Optional.of(file);
      }
    }
  }
}
