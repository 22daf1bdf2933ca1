package dev.tapekit.backup.job;

import dev.tapekit.backup.job.SetVerify.Chunk;
import dev.tapekit.backup.job.SetVerify.Findings;
import dev.tapekit.backup.job.SetVerify.Region;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.catalog.CatalogArchiveReader;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveHeader;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Verifies one loaded tape of a media set against the catalog, for {@link SetVerify}: labels, then
 * files 2 and on up to end of data, each read forward once; a read error becomes a {@link Region}
 * and the tape is read on past it. Not thread-safe; one per tape.
 */
final class TapeVerifier {
  /** After a read error, the blocks tried one by one before the rest of the file is given up. */
  static final int PROBE_BLOCKS = 16;

  private final CatalogStore store;
  private final Media tape;
  private final int sequence;
  private final UUID set;
  private final BlockSource source;
  private final Optional<MediaSetKey> key;
  private final ByteBuffer block = ByteBuffer.allocate(BlockHeader.MAX_BLOCK);
  private long files;
  private long chunksChecked;
  private long chunksUnreadable;
  private final Found bad = new Found();
  private final Found missing = new Found();
  private final Found uncatalogued = new Found();
  private final List<Region> regions = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** @param source the loaded tape, or null when it could not be loaded (then only {@link #result}) */
  TapeVerifier(CatalogStore store, Media tape, int sequence, UUID set, BlockSource source,
      Optional<MediaSetKey> key) {
    this.store = store;
    this.tape = tape;
    this.sequence = sequence;
    this.set = set;
    this.source = source;
    this.key = key;
  }

  void problem(String text) {
    problems.add(tape.label() + ": " + text);
  }

  SetVerify.TapeResult result(TapeWear wear) {
    return new SetVerify.TapeResult(tape.label(), sequence, files, chunksChecked, bad.findings(),
        missing.findings(), uncatalogued.findings(), chunksUnreadable, regions, problems, wear);
  }

  /** Reads the whole tape. */
  void run() throws IOException {
    checkLabels();
    Map<Long, FilePart> catalogued = new TreeMap<>();
    for (FilePart p : store.files(tape.uuid())) {
      catalogued.put(p.file().fileNumber(), p);
    }
    Map<Long, CatalogRecord.Snapshot> snapshots = new TreeMap<>();
    for (SnapshotLocation s : store.snapshots(set)) {
      if (s.media().equals(tape.uuid())) {
        snapshots.put(s.snapshot().fileNumber(), s.snapshot());
      }
    }
    Set<Long> seen = new HashSet<>();
    for (long file = 2; ; file++) {
      BlockAddress start;
      ReadResult first;
      try {
        source.locateFile(file);
        start = source.position();
      } catch (IOException noSuchFile) {
        break; // the last file ended at end of data without its filemark
      }
      try {
        first = source.read(block.clear());
      } catch (IOException e) {
        files++;
        seen.add(file);
        Region r = region(file, start, 0, e);
        FilePart c = catalogued.get(file);
        if (c != null && c.file().contentType() == ContentType.CHUNK_ARCHIVE.magic()) {
          afterRegion(file, start, null, expected(file), Set.of(), r);
        }
        continue;
      }
      if (first.kind() == ReadResult.Kind.END_OF_DATA) {
        break;
      }
      if (!first.hasData()) {
        problem("file " + file + " is empty (two filemarks in a row): written by a faulty writer");
        continue;
      }
      files++;
      seen.add(file);
      verifyFile(file, start, Optional.ofNullable(catalogued.get(file)), Optional.ofNullable(snapshots.get(file)));
    }
    for (FilePart p : catalogued.values()) {
      long file = p.file().fileNumber();
      if (!seen.contains(file)) {
        problem("the catalog lists file " + file + " (" + type(p.file().contentType()) + "), but the tape ends "
            + "before it: the tape was overwritten or truncated; rebuild the catalog from the tape (CatalogRebuild.scan)");
        for (ChunkArchiveIndex.Entry e : expected(file).values()) {
          missing.add(new Chunk(file, e.block(), e.digestHex(), "the catalog lists it in file " + file
              + ", which the tape lacks"));
        }
      }
    }
  }

  private void checkLabels() {
    try {
      Optional<TapeLabels> labels = TapeLabels.readLabels(source);
      if (labels.isEmpty()) {
        problem("the tape is blank: a different cartridge with this barcode, or an erased tape");
        return;
      }
      if (!labels.get().media().media().equals(tape.uuid())) {
        problem("carries media UUID " + labels.get().media().media() + ", the catalog's tape of this label is "
            + tape.uuid() + ": a different cartridge with this barcode; update the inventory");
      }
      Optional<MediaSetLabel> sl = labels.get().mediaSet();
      if (sl.isEmpty() || !sl.get().mediaSet().equals(set) || sl.get().sequence() != sequence) {
        problem("its media set label says " + sl.map(l -> "tape " + l.sequence() + " of set " + l.mediaSet())
            .orElse("no set") + ", the catalog tape " + sequence + " of set " + set + ": update the inventory");
      }
    } catch (IOException e) {
      long file = e instanceof TapeFormatException f ? f.location().file() : 0;
      long b = e instanceof TapeFormatException f ? f.location().block() : -1;
      regions.add(new Region(tape.label(), file, b, b, "the labels cannot be read: " + e.getMessage()));
    }
  }

  private void verifyFile(long file, BlockAddress start, Optional<FilePart> catalogued,
      Optional<CatalogRecord.Snapshot> snapshot) throws IOException {
    ContentHeader h;
    try {
      source.locate(start.logicalObject());
      h = TapeFileReader.open(source, file).header();
    } catch (IOException e) {
      Region r = region(file, start, failedBlock(file, start, e), e);
      if (catalogued.isPresent() && catalogued.get().file().contentType() == ContentType.CHUNK_ARCHIVE.magic()) {
        afterRegion(file, start, null, expected(file), Set.of(), r);
      }
      return;
    }
    if (catalogued.isEmpty()) {
      problem("file " + file + " (" + h.type() + " " + h.file() + ") is not in the catalog: it was written after "
          + "the last commit, or the catalog is behind; rebuild the tape's catalog (CatalogRebuild.scan)");
    } else {
      CatalogRecord.TapeFile c = catalogued.get().file();
      if (c.contentType() != h.type().magic() || !c.file().equals(h.file()) || c.part() != h.part()) {
        problem("file " + file + " is " + h.type() + " " + h.file() + " part " + h.part() + ", the catalog says "
            + type(c.contentType()) + " " + c.file() + " part " + c.part()
            + ": rebuild the tape's catalog (CatalogRebuild.scan)");
      }
    }
    if (h.type().equals(ContentType.CHUNK_ARCHIVE)) {
      chunkArchive(file, start);
    } else if (h.type().equals(ContentType.SNAPSHOT_ARCHIVE)) {
      snapshotArchive(file, start, snapshot);
    } else if (h.type().equals(ContentType.CATALOG_ARCHIVE)) {
      streamed(file, start, () -> {
        CatalogArchiveReader r = CatalogArchiveReader.open(source, start);
        while (r.next() != null) {
          // every record, the END record's counts and the footer are checked
        }
      });
    } else {
      streamed(file, start, () -> {
        source.locate(start.logicalObject());
        TapeFileReader.open(source, file).footer(); // every block, the body's length and CRC
      });
    }
  }

  /** Reading a whole file with a format reader. */
  @FunctionalInterface
  private interface Read {
    void run() throws IOException;
  }

  private void streamed(long file, BlockAddress start, Read read) throws IOException {
    try {
      read.run();
    } catch (IOException e) {
      region(file, start, failedBlock(file, start, e), e);
    }
  }

  private void snapshotArchive(long file, BlockAddress start, Optional<CatalogRecord.Snapshot> catalogued)
      throws IOException {
    streamed(file, start, () -> {
      SnapshotArchiveReader r = SnapshotArchiveReader.open(source, start);
      long entries = 0;
      while (r.next() != null) {
        entries++; // each entry's checks, then the index and footer
      }
      if (catalogued.isPresent() && (catalogued.get().entries() != entries
          || !catalogued.get().name().equals(r.header().snapshot()))) {
        problem("file " + file + " is snapshot '" + r.header().snapshot() + "' with " + entries + " entries, the "
            + "catalog says '" + catalogued.get().name() + "' with " + catalogued.get().entries()
            + ": rebuild the tape's catalog (CatalogRebuild.scan)");
      }
    });
  }

  /** The catalog's chunks of file {@code file}, by digest (hex), in index order. */
  private Map<String, ChunkArchiveIndex.Entry> expected(long file) throws IOException {
    Map<String, ChunkArchiveIndex.Entry> out = new LinkedHashMap<>();
    for (ChunkArchiveIndex.Entry e : store.chunks(tape.uuid(), file)) {
      out.put(e.digestHex(), e);
    }
    return out;
  }

  /** Streams a chunk archive; after a read error, reads the chunks the catalog places beyond it by LOCATE. */
  private void chunkArchive(long file, BlockAddress start) throws IOException {
    Map<String, ChunkArchiveIndex.Entry> expected = expected(file);
    Set<String> onTape = new HashSet<>();
    ChunkArchiveHeader header = null;
    try (ChunkArchiveReader r = ChunkArchiveReader.open(source, start, key)) {
      header = r.header();
      boolean decode = !header.encrypted() || key.isPresent();
      ChunkArchiveIndex.Entry e;
      while ((e = r.nextEntry()) != null) { // the entry header and its stored bytes' CRC are checked
        String digest = e.digestHex();
        onTape.add(digest);
        chunksChecked++;
        ChunkArchiveIndex.Entry c = expected.get(digest);
        if (c == null) {
          uncatalogued.add(new Chunk(file, e.block(), digest, "in file " + file + " on tape, not in the catalog"));
        } else if (!c.equals(e)) {
          problem("chunk " + digest + " of file " + file + " is at " + e + " on tape, the catalog says " + c
              + ": a restore would not find it; rebuild the tape's catalog (CatalogRebuild.scan)");
        }
        if (decode) {
          try {
            r.data(); // decrypted, decompressed, SHA-256 against the digest
          } catch (TapeFormatException | PayloadAuthenticationException x) {
            bad.add(new Chunk(file, e.block(), digest, x.getMessage()));
          }
        }
      }
    } catch (IOException e) {
      afterRegion(file, start, header, expected, onTape, region(file, start, failedBlock(file, start, e), e));
      return;
    }
    for (ChunkArchiveIndex.Entry c : expected.values()) {
      if (!onTape.contains(c.digestHex())) {
        missing.add(new Chunk(file, c.block(), c.digestHex(), "the catalog lists it in file " + file + ", which holds "
            + onTape.size() + " chunks but not this one"));
      }
    }
  }

  /**
   * After region {@code first} of a chunk archive: the catalogued chunks not read yet are read one by
   * one by LOCATE, those starting inside a region counted unreadable.
   */
  private void afterRegion(long file, BlockAddress start, ChunkArchiveHeader header,
      Map<String, ChunkArchiveIndex.Entry> expected, Set<String> read, Region first) throws IOException {
    List<ChunkArchiveIndex.Entry> rest = expected.values().stream().filter(e -> !read.contains(e.digestHex()))
        .sorted(Comparator.comparingLong(ChunkArchiveIndex.Entry::block)
            .thenComparingInt(ChunkArchiveIndex.Entry::offset)).toList();
    long end = header == null ? -1 : first.lastBlock(); // without the header no chunk can be read
    for (ChunkArchiveIndex.Entry c : rest) {
      if (end < 0 || c.block() <= end) {
        chunksUnreadable++;
        continue;
      }
      try {
        ChunkArchiveReader.readChunk(source, header, start, c, key);
        chunksChecked++;
      } catch (IllegalStateException noKey) {
        chunksChecked++; // the stored bytes passed their CRC; without the key they cannot be opened
      } catch (TapeFormatException x) {
        chunksChecked++;
        if (x.kind() == TapeFormatException.Kind.MISPLACED) {
          missing.add(new Chunk(file, c.block(), c.digestHex(), x.getMessage()));
        } else {
          bad.add(new Chunk(file, c.block(), c.digestHex(), x.getMessage()));
        }
      } catch (PayloadAuthenticationException x) {
        chunksChecked++;
        bad.add(new Chunk(file, c.block(), c.digestHex(), x.getMessage()));
      } catch (IOException x) {
        chunksUnreadable++;
        long at = failedBlock(file, start, x);
        end = region(file, start, at < c.block() ? c.block() : at, x).lastBlock();
      }
    }
  }

  /** The block (within the file) a read error hit: the format reader's, else where the drive stopped. */
  private long failedBlock(long file, BlockAddress start, IOException e) {
    if (e instanceof TapeFormatException f && f.location().file() == file && f.location().block() >= 0) {
      return f.location().block();
    }
    try {
      return source.position().logicalObject() - start.logicalObject(); // a failed READ does not move the tape
    } catch (IOException lost) {
      return -1;
    }
  }

  /**
   * Records the region that starts at block {@code bad} of {@code file}. A block whose data the drive
   * returned but the format rejected is a region of its own. After a drive error, the following
   * blocks are tried one by one, up to {@value #PROBE_BLOCKS}: the region ends before the first one
   * that reads; if none does, the rest of the file is given up.
   */
  private Region region(long file, BlockAddress start, long bad, IOException error) {
    long last = -1;
    if (error instanceof TapeFormatException) {
      last = bad;
    } else if (bad >= 0) {
      for (long b = bad + 1; b <= bad + PROBE_BLOCKS; b++) {
        try {
          source.locate(start.logicalObject() + b);
          source.read(block.clear());
          last = b - 1; // readable, or the file's filemark, or end of data: the region ends before it
          break;
        } catch (IOException stillBad) {
          // the next block
        }
      }
    }
    Region r = new Region(tape.label(), file, bad, last, error.getMessage());
    regions.add(r);
    return r;
  }

  /** A content type's name, for messages. */
  static String type(long magic) {
    return ContentType.byMagic(magic).map(ContentType::toString).orElse(String.format("unknown type %016x", magic));
  }

  /** Findings of one kind as they come: counted, the first {@link SetVerify#LISTED} kept. */
  private static final class Found {
    private final List<Chunk> listed = new ArrayList<>();
    private long count;

    void add(Chunk c) {
      count++;
      if (listed.size() < SetVerify.LISTED) {
        listed.add(c);
      }
    }

    Findings findings() {
      return new Findings(count, listed);
    }
  }
}
