package dev.tapekit.backup.job;

import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeWriter;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.ChunkLocation;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.chunk.ChunkArchiveHeader;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.snapshot.SnapshotEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Restores one snapshot of a media set from a library drive into a directory, with the catalog:
 *
 * <ol>
 *   <li>the snapshot archive's entries are read (one LOCATE) and spooled, and the chunks they name
 *       collected;
 *   <li>each chunk's place comes from the catalog; the chunks are read tape by tape in tape order,
 *       file by file and block by block, each by LOCATE to its block, so every tape is loaded once
 *       and read forward; every chunk's digest is checked as it is read; the chunks wait in a scratch
 *       directory;
 *   <li>the entries are written in order ({@link TreeWriter}), each file from its chunks.
 * </ol>
 *
 * Chunks that cannot be read are reported; the files that need them are reported and the rest are
 * restored. A software-encrypted set needs its tape key; without it every chunk is reported as
 * unreadable.
 */
public final class TreeRestore {
  /**
   * What a restore did.
   *
   * @param entries entries written
   * @param chunksRead chunks read from tape
   * @param tapes the tapes loaded, in the order they were read
   * @param problems what could not be restored, and why
   */
  public record Result(long entries, long chunksRead, List<String> tapes, List<TreeProblem> problems) {}

  private final CatalogStore store;
  private final TapeLoader library;
  private final Path scratch;
  private final Optional<TapeKey> key;

  /**
   * @param scratch a directory for the chunks between reading and writing (as large as the snapshot's
   *     distinct data)
   */
  public TreeRestore(CatalogStore store, TapeLoader library, Path scratch) {
    this(store, library, scratch, Optional.empty());
  }

  /** A restore of software-encrypted sets, with their tape key. */
  public TreeRestore(CatalogStore store, TapeLoader library, Path scratch, Optional<TapeKey> key) {
    this.store = Objects.requireNonNull(store, "store");
    this.library = Objects.requireNonNull(library, "library");
    this.scratch = Objects.requireNonNull(scratch, "scratch");
    this.key = Objects.requireNonNull(key, "key");
  }

  /** Restores snapshot {@code name} of media set {@code set} into {@code target} (created if missing). */
  public Result restore(UUID set, String name, Path target, TreeWriterOptions options) throws IOException {
    SnapshotLocation where = store.snapshots(set).stream().filter(s -> s.snapshot().name().equals(name))
        .findFirst().orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": media set " + set
            + " has no snapshot '" + name + "': list its snapshots"));
    starts.clear(); // the catalog may have grown since an earlier restore
    List<String> tapes = new ArrayList<>();
    List<TreeProblem> problems = new ArrayList<>();
    Path chunkDir = Files.createTempDirectory(scratch, "tapekit-restore-");
    try (EntrySpool spool = new EntrySpool(scratch)) {
      Set<String> needed = new LinkedHashSet<>();
      Media snapshotTape = tape(where.media());
      DriveBlockSource source = load(snapshotTape, tapes);
      SnapshotArchiveReader reader = SnapshotArchiveReader.open(source, start(where.media(),
          where.snapshot().fileNumber()));
      SnapshotEntry e;
      while ((e = reader.next()) != null) {
        spool.add(e);
        for (SnapshotEntry.ChunkRef c : e.chunks()) {
          needed.add(HexFormat.of().formatHex(c.digest()));
        }
      }
      long read = readChunks(set, needed, snapshotTape.uuid(), source, chunkDir, tapes, problems);
      Files.createDirectories(target);
      TreeWriter writer = TreeWriter.open(target, options);
      for (SnapshotEntry entry : spool) {
        Optional<String> missing = entry.chunks().stream().map(c -> HexFormat.of().formatHex(c.digest()))
            .filter(d -> !Files.exists(chunkDir.resolve(d))).findFirst();
        if (missing.isPresent()) {
          problems.add(new TreeProblem(entry.path(), TreeProblem.Kind.FAILED, "chunk " + missing.get()
              + " could not be read from tape: the file is not restored"));
          continue;
        }
        try (InputStream data = data(entry, chunkDir)) {
          writer.add(entry, data);
        }
      }
      problems.addAll(writer.finish());
      return new Result(spool.count(), read, List.copyOf(tapes), List.copyOf(problems));
    } finally {
      try (Stream<Path> files = Files.walk(chunkDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A chunk to read, and where. */
  private record Wanted(String digest, Media tape, ChunkLocation at) {}

  /** Reads the chunks, the loaded tape {@code first} first, then the others in set order: each tape once. */
  private long readChunks(UUID set, Set<String> needed, UUID first, DriveBlockSource firstSource, Path chunkDir,
      List<String> tapes, List<TreeProblem> problems) throws IOException {
    List<Wanted> wanted = new ArrayList<>();
    Map<UUID, Media> tapesById = new HashMap<>();
    for (String digest : needed) {
      Optional<ChunkLocation> at = store.findChunk(set, HexFormat.of().parseHex(digest));
      if (at.isEmpty()) {
        problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, "chunk " + digest + " is in no catalogued chunk "
            + "archive of the set: rebuild the catalog from the tapes"));
        continue;
      }
      wanted.add(new Wanted(digest, tapesById.computeIfAbsent(at.get().media(), this::tapeUnchecked), at.get()));
    }
    wanted.sort(Comparator.comparing((Wanted w) -> !w.tape().uuid().equals(first))
        .thenComparingInt(w -> w.at().sequence()).thenComparingLong(w -> w.at().fileNumber())
        .thenComparingLong(w -> w.at().entry().block()).thenComparingInt(w -> w.at().entry().offset()));
    long read = 0;
    Optional<MediaSetKey> setKey = key.map(k -> k.mediaSetKey(set));
    DriveBlockSource source = firstSource;
    UUID loaded = first;
    Map<Long, ChunkArchiveHeader> headers = new HashMap<>();
    try {
      for (Wanted w : wanted) {
        if (!w.tape().uuid().equals(loaded)) {
          source = load(w.tape(), tapes);
          loaded = w.tape().uuid();
          headers.clear();
        }
        BlockAddress start = start(w.tape().uuid(), w.at().fileNumber());
        try {
          DriveBlockSource s = source;
          ChunkArchiveHeader header = headers.get(w.at().fileNumber());
          if (header == null) {
            header = ChunkArchiveReader.readHeader(s, start);
            headers.put(w.at().fileNumber(), header);
          }
          ByteBuffer data = ChunkArchiveReader.readChunk(s, header, start, w.at().entry(), setKey);
          try (FileChannel out = FileChannel.open(chunkDir.resolve(w.digest()), StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
              out.write(data);
            }
          }
          read++;
        } catch (IOException | PayloadAuthenticationException | RuntimeException e) {
          problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, w.tape().label() + " file " + w.at().fileNumber()
              + " block " + w.at().entry().block() + ": chunk " + w.digest() + " cannot be read: " + e.getMessage()));
        }
      }
    } finally {
      setKey.ifPresent(MediaSetKey::close);
    }
    return read;
  }

  private DriveBlockSource load(Media tape, List<String> tapes) throws IOException {
    tapes.add(tape.label());
    return new DriveBlockSource(library.load(tape.label()), tape.label());
  }

  private Media tape(UUID media) throws CatalogException {
    return store.media(media).orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": tape " + media
        + " of the set is not in the inventory"));
  }

  private Media tapeUnchecked(UUID media) {
    try {
      return tape(media);
    } catch (CatalogException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Where each catalogued file of a tape starts, read from the catalog once per tape. */
  private final Map<UUID, Map<Long, BlockAddress>> starts = new HashMap<>();

  private BlockAddress start(UUID media, long fileNumber) throws CatalogException {
    Map<Long, BlockAddress> files = starts.get(media);
    if (files == null) {
      files = new HashMap<>();
      for (FilePart p : store.files(media)) {
        files.put(p.file().fileNumber(), new BlockAddress(p.file().fileNumber(), 0, p.file().firstLogicalObject()));
      }
      starts.put(media, files);
    }
    BlockAddress at = files.get(fileNumber);
    if (at == null) {
      throw new CatalogException.NotFound(store.describe() + ": no file " + fileNumber + " on tape " + media
          + " in the catalog");
    }
    return at;
  }

  /** A file's data: its chunks, from the scratch directory, in order, each opened when reached. */
  private static InputStream data(SnapshotEntry entry, Path chunkDir) {
    Iterator<SnapshotEntry.ChunkRef> chunks = entry.chunks().iterator();
    return new SequenceInputStream(new Enumeration<InputStream>() {
      @Override
      public boolean hasMoreElements() {
        return chunks.hasNext();
      }

      @Override
      public InputStream nextElement() {
        Path chunk = chunkDir.resolve(HexFormat.of().formatHex(chunks.next().digest()));
        try {
          return Files.newInputStream(chunk);
        } catch (IOException e) {
          throw new UncheckedIOException("restore scratch chunk " + chunk + " is gone", e);
        }
      }
    });
  }
}
