package dev.tapekit.format.catalog;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.snapshot.SnapshotIndex;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a catalog records about a tape from the tape itself: for every data file (2 and on)
 * its TAPE_FILE record from its content header and footer, a chunk archive's index and a snapshot
 * archive's SNAPSHOT record from their indexes (read with LOCATEs from the file's end, not by
 * streaming the file). This is the slow way to rebuild a catalog, and the way a writer computes the
 * records of a catalog archive.
 *
 * <p>A file that cannot be read whole (cut off by a crash, corrupt) is not described; it is listed in
 * the result with the reason, and the scan goes on at the next file. The scan ends at end of data.
 */
public final class TapeScanner {
  /** What a scan reports, file by file, in file order. */
  public interface Listener {
    /** A readable data file. */
    void file(CatalogRecord.TapeFile file) throws IOException;

    /** The index of the chunk archive {@code file} (after {@link #file}). */
    void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) throws IOException;

    /** The SNAPSHOT record of the snapshot archive it names (after {@link #file}). */
    void snapshot(CatalogRecord.Snapshot snapshot) throws IOException;
  }

  /** A file the scan could not describe, and why. */
  public record Unreadable(long file, TapeFormatException problem) {}

  private TapeScanner() {}

  /**
   * Scans {@code tape} (number {@code sequence} of its set) from file 2 to end of data.
   *
   * @return the files that could not be described
   */
  public static List<Unreadable> scan(BlockSource tape, int sequence, Listener listener) throws IOException {
    List<Unreadable> unreadable = new ArrayList<>();
    forEachFile(tape, (file, start) -> {
      try {
        describe(tape, sequence, file, start, listener);
      } catch (TapeFormatException e) {
        unreadable.add(new Unreadable(file, e));
      }
    });
    return unreadable;
  }

  /** Called for each data file of a tape. */
  @FunctionalInterface
  public interface FileVisitor {
    /** File {@code file} starts at {@code start}; the tape is positioned there. */
    void file(long file, BlockAddress start) throws IOException;
  }

  /** Visits files 2 and on of {@code tape}, in order, up to end of data. */
  public static void forEachFile(BlockSource tape, FileVisitor visitor) throws IOException {
    for (long file = 2; ; file++) {
      try {
        tape.locateFile(file);
      } catch (IOException noSuchFile) {
        return; // the last file ended at end of data without its filemark
      }
      BlockAddress start = tape.position();
      if (tape.read(ByteBuffer.allocate(BlockHeader.MAX_BLOCK)).kind() == ReadResult.Kind.END_OF_DATA) {
        return;
      }
      tape.locate(start.logicalObject());
      visitor.file(file, start);
    }
  }

  /**
   * Describes the one data file that starts at {@code start} (from {@link #forEachFile}) to {@code
   * listener}, as {@link #scan} does for each file.
   *
   * @throws TapeFormatException when the file cannot be described
   */
  public static void describeFile(BlockSource tape, int sequence, BlockAddress start, Listener listener)
      throws IOException {
    tape.locate(start.logicalObject());
    describe(tape, sequence, start.file(), start, listener);
  }

  private static void describe(BlockSource tape, int sequence, long file, BlockAddress start, Listener listener)
      throws IOException {
    TapeFileReader r = TapeFileReader.open(tape, file);
    ContentHeader h = r.header();
    if (h.type() == ContentType.MEDIA_LABEL || h.type() == ContentType.MEDIA_SET_LABEL) {
      throw new TapeFormatException(TapeFormatException.Kind.MISPLACED, new TapeLocation(tape.volume(), file, 0),
          "a " + h.type() + " at file " + file + ": labels are files 0 and 1 only");
    }
    if (h.tapeSequence() != sequence) {
      throw new TapeFormatException(TapeFormatException.Kind.MISPLACED, new TapeLocation(tape.volume(), file, 0),
          "a file of tape " + h.tapeSequence() + " of its set on tape " + sequence);
    }
    ContentFooter f = r.footer();
    CatalogRecord.TapeFile tf = CatalogRecord.TapeFile.of(h, new BlockAddress(file, 0, start.logicalObject()), f);
    if (h.type() == ContentType.CHUNK_ARCHIVE) {
      ChunkArchiveIndex index = ChunkArchiveReader.readIndex(tape, start);
      listener.file(tf);
      listener.chunks(tf, index);
    } else if (h.type() == ContentType.SNAPSHOT_ARCHIVE) {
      SnapshotIndex s = SnapshotArchiveReader.readIndex(tape, start);
      listener.file(tf);
      listener.snapshot(new CatalogRecord.Snapshot(sequence, file, s.header().snapshot(), s.header().source(),
          s.header().created(), s.entries(), s.indexBlock(), s.indexOffset()));
    } else {
      listener.file(tf);
    }
  }
}
