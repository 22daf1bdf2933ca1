package dev.tapekit.format.catalog;

import dev.tapekit.format.catalog.CatalogRecord.Chunks;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.catalog.CatalogRecord.Snapshot;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.content.ContentType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules between the records of one catalog archive (FORMAT.md 7.3.3), kept in one place for the
 * writer (which refuses a record with {@link IllegalArgumentException}) and the reader (INVALID).
 * Remembers a few numbers per described tape file, never the chunks.
 */
final class RecordRules {
  private record Key(int sequence, long file) {
    int compareTo(Key o) {
      int c = Integer.compare(sequence, o.sequence);
      return c != 0 ? c : Long.compareUnsigned(file, o.file);
    }

    @Override
    public String toString() {
      return "file " + file + " of tape " + sequence;
    }
  }

  /** What the records so far said about one described file. */
  private static final class Described {
    final TapeFile file;
    long chunks;
    boolean snapshot;

    Described(TapeFile file) {
      this.file = file;
    }
  }

  private final CatalogArchiveHeader header;
  private final Map<Key, Described> files = new HashMap<>();
  private Key lastFile;
  private Key run;
  private byte[] runLastDigest;
  private long tapeFiles;
  private long chunkRecords;
  private long chunks;
  private long snapshots;
  private long skipped;

  RecordRules(CatalogArchiveHeader header) {
    this.header = header;
  }

  /** What is wrong with {@code r} after the records accepted so far, or null (then it is accepted). */
  String accept(CatalogRecord r) {
    String problem = check(r);
    if (problem == null) {
      record(r);
    }
    return problem;
  }

  void skip() {
    skipped++;
  }

  /** The END record for the records accepted so far. */
  End end() {
    return new End(tapeFiles, chunkRecords, chunks, snapshots, skipped);
  }

  private String check(CatalogRecord r) {
    if (r instanceof TapeFile f) {
      Key k = new Key(f.tapeSequence(), f.fileNumber());
      if (!header.describes(f.tapeSequence())) {
        return k + ": the header data does not list tape " + f.tapeSequence();
      }
      if (lastFile != null && lastFile.compareTo(k) >= 0) {
        return k + " is described after " + lastFile + ": TAPE_FILE records are in ascending order of tape and file";
      }
      return null;
    }
    if (r instanceof Chunks c) {
      Key k = new Key(c.tapeSequence(), c.fileNumber());
      Described d = files.get(k);
      if (d == null || d.file.contentType() != ContentType.CHUNK_ARCHIVE.magic()) {
        return "chunks of " + k + ", which no TAPE_FILE record before them describes as a chunk archive";
      }
      boolean continues = k.equals(run);
      if (c.first() != d.chunks || (!continues && d.chunks > 0)) {
        return "chunks of " + k + " from number " + c.first() + ", but " + d.chunks + " were listed"
            + (continues ? "" : " and the list was interrupted by another archive's");
      }
      if (continues && Arrays.compareUnsigned(runLastDigest, c.entries().get(0).digest()) >= 0) {
        return "chunks of " + k + " not in strictly ascending digest order across records";
      }
      if (d.chunks + c.entries().size() > d.file.items()) {
        return "more chunks of " + k + " than its " + d.file.items() + " items";
      }
      return null;
    }
    if (r instanceof Snapshot s) {
      Key k = new Key(s.tapeSequence(), s.fileNumber());
      Described d = files.get(k);
      if (d == null || d.file.contentType() != ContentType.SNAPSHOT_ARCHIVE.magic()) {
        return "a snapshot of " + k + ", which no TAPE_FILE record before it describes as a snapshot archive";
      }
      if (d.snapshot || s.entries() != d.file.items()) {
        return "a second SNAPSHOT record of " + k + ", or one whose " + s.entries() + " entries are not its "
            + d.file.items() + " items";
      }
      return null;
    }
    End e = (End) r;
    if (!e.equals(end())) {
      return "the END record counts " + e + ", but the records before it are " + end();
    }
    for (Map.Entry<Key, Described> f : files.entrySet()) {
      Described d = f.getValue();
      long type = d.file.contentType();
      if (type == ContentType.CHUNK_ARCHIVE.magic() && d.chunks != d.file.items()) {
        return "the CHUNKS records list " + d.chunks + " chunks of " + f.getKey() + ", which holds " + d.file.items();
      }
      if (type == ContentType.SNAPSHOT_ARCHIVE.magic() && !d.snapshot) {
        return "no SNAPSHOT record for the snapshot archive " + f.getKey();
      }
    }
    return null;
  }

  private void record(CatalogRecord r) {
    if (r instanceof TapeFile f) {
      lastFile = new Key(f.tapeSequence(), f.fileNumber());
      files.put(lastFile, new Described(f));
      tapeFiles++;
    } else if (r instanceof Chunks c) {
      run = new Key(c.tapeSequence(), c.fileNumber());
      runLastDigest = c.entries().get(c.entries().size() - 1).digest();
      files.get(run).chunks += c.entries().size();
      chunkRecords++;
      chunks += c.entries().size();
    } else if (r instanceof Snapshot s) {
      files.get(new Key(s.tapeSequence(), s.fileNumber())).snapshot = true;
      snapshots++;
    }
  }
}
