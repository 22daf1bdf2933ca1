package dev.tapekit.backup.job;

import dev.tapekit.backup.chunk.ParallelChunkDecoder;
import dev.tapekit.backup.job.RestorePlan.Target;
import dev.tapekit.backup.job.RestorePlan.Visit;
import dev.tapekit.backup.job.RestorePlan.Wanted;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeWriter;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.ChunkLocation;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveCursor;
import dev.tapekit.format.chunk.ChunkArchiveHeader;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.chunk.StoredChunk;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotIndex;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.HashSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Restores from a media set with its catalog: a whole set, chosen snapshots, or chosen paths of a
 * snapshot ({@link RestoreSelection}), in two steps.
 *
 * <ol>
 *   <li>{@link #plan}: the snapshot listings are read (each by LOCATE; for chosen paths only the
 *       entries wanted, through the listing's sparse index), the chunks they name are looked up in
 *       the catalog, and the tapes are put in order: the tape loaded last first, then the others by
 *       number. A whole-set restore reads no listing first: every chunk archive and listing is read
 *       in one pass. The plan says what will be read ({@link RestorePlan#describe}).
 *   <li>{@link #run}: the entries are made ({@link TreeWriter}, with the existing-files policy)
 *       before their data comes; each tape is loaded once and read forward, its listings first (whole
 *       set), then its chunks in position order (a LOCATE where the next chunk is not right after the
 *       one before). One thread reads the drive; decryption, decompression and the digest check run
 *       on {@link #decoding} threads, with a bounded number of chunks in flight; each checked chunk is
 *       written straight into every file that needs it, at its offsets, and a file gets its metadata
 *       once all its chunks are in; directories and hard links get theirs at the end. Chunks go to
 *       the scratch directory only when they are read before the listing that needs them (a whole-set
 *       restore whose listing is on a later tape).
 * </ol>
 *
 * <p>What cannot be read is reported (tape, file, block, and the snapshot files that needed it); the
 * rest restores. A file that misses a chunk (it failed its checks, or its tape could not be read) is
 * removed and reported: no file is left looking restored with wrong or missing data (with
 * --existing overwrite, the file it replaced is gone too). A software-encrypted set needs its tape
 * key; without it every chunk is reported as unreadable. Memory: the chunks in flight, and per file
 * still waiting for chunks its entry. Not thread-safe.
 */
public final class TreeRestore {
  /**
   * What a restore did.
   *
   * @param entries entries written
   * @param chunksRead chunks read from tape
   * @param tapes the tapes read for chunks, in order
   * @param problems what could not be restored, and why
   * @param bytesRead bytes of blocks read from tape by this restore, planning included (a restore of
   *     one file reads its chunks, the archives' headers and the listing's index, not the set)
   */
  public record Result(long entries, long chunksRead, List<String> tapes, List<TreeProblem> problems,
      long bytesRead) {}

  private final CatalogStore store;
  private final TapeLoader library;
  private final Path scratch;
  private final Optional<TapeKey> key;
  private Progress.Listener listener = Progress.Listener.NONE;
  private Clock clock = Clock.systemUTC();
  private int threads = Runtime.getRuntime().availableProcessors();
  private int inFlight = 4 * threads;

  /**
   * @param scratch a directory for the listings, and for chunks read before the listing that needs
   *     them (only in a whole-set restore whose listings are on later tapes)
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

  /** Sends progress to {@code listener}, timed by {@code clock}. */
  public TreeRestore progress(Progress.Listener listener, Clock clock) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Decodes chunks (decryption, decompression, digest check) on {@code threads} threads, with at most
   * {@code inFlight} chunks read and not yet written (default: the number of cores, and four chunks
   * per core).
   */
  public TreeRestore decoding(int threads, int inFlight) {
    if (threads < 1 || inFlight < 1) {
      throw new IllegalArgumentException("threads (" + threads + ") and chunks in flight (" + inFlight
          + ") must be at least 1");
    }
    this.threads = threads;
    this.inFlight = inFlight;
    return this;
  }

  /** Restores snapshot {@code name} of media set {@code set} into {@code target} (created if missing). */
  public Result restore(UUID set, String name, Path target, TreeWriterOptions options) throws IOException {
    try (RestorePlan plan = plan(set, RestoreSelection.snapshots(name))) {
      return run(plan, target, options);
    }
  }

  // ---- planning

  /**
   * Plans the restore of {@code selection} from media set {@code set}: reads the listings it needs
   * (loading their tapes) and decides what each tape gives.
   *
   * @throws CatalogException.NotFound for a snapshot the catalog does not list
   */
  public RestorePlan plan(UUID set, RestoreSelection selection) throws IOException {
    MediaSet mediaSet = store.mediaSet(set).orElseThrow(() -> new CatalogException.NotFound(store.describe()
        + ": no media set " + set + ": list the media sets, or rebuild the catalog from its tapes"));
    if (mediaSet.encryption().isPresent() && key.isEmpty()) {
      throw new IllegalStateException("media set " + set + " is encrypted with key " + mediaSet.encryption().get()
          + ": give the restore that key (key store, key file or paper key, or the passphrase of the key on tape)");
    }
    if (mediaSet.encryption().isPresent() && !mediaSet.encryption().get().equals(key.get().fingerprint().toString())) {
      throw new IllegalStateException("media set " + set + " is encrypted with key " + mediaSet.encryption().get()
          + ", the restore was given key " + key.get().fingerprint() + ": give it the set's key");
    }
    List<SnapshotLocation> all = store.snapshots(set);
    starts.clear(); // the catalog may have grown since an earlier restore
    ProgressMeter meter = new ProgressMeter(listener, clock);
    List<Target> targets = new ArrayList<>();
    List<TreeProblem> problems = new ArrayList<>();
    List<String> listingTapes = new ArrayList<>();
    try {
      if (selection instanceof RestoreSelection.WholeSet) {
        for (SnapshotLocation s : all) {
          targets.add(new Target(s, Optional.of(directoryOf(s.snapshot().name())), new EntrySpool(scratch)));
        }
        return new RestorePlan(set, listingTapes, targets, wholeSetVisits(mediaSet, targets), problems, driveRate(), 0);
      }
      List<String> names = selection instanceof RestoreSelection.Snapshots s ? s.names()
          : List.of(((RestoreSelection.Paths) selection).snapshot());
      List<SnapshotLocation> chosen = new ArrayList<>();
      for (String name : names) {
        chosen.add(all.stream().filter(s -> s.snapshot().name().equals(name)).findFirst()
            .orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": media set " + set
                + " has no snapshot '" + name + "': list its snapshots")));
      }
      meter.phase("listing", OptionalLong.empty());
      chosen.sort(Comparator.comparingInt((SnapshotLocation s) -> s.snapshot().tapeSequence())
          .thenComparingLong(s -> s.snapshot().fileNumber()));
      Map<String, Long> needed = new LinkedHashMap<>(); // digest -> plain length
      UUID loaded = null;
      DriveBlockSource source = null;
      long listingBytes = 0;
      for (SnapshotLocation s : chosen) {
        if (!s.media().equals(loaded)) {
          Media tape = tape(s.media());
          meter.tape(tape.label());
          listingBytes += source == null ? 0 : source.bytesRead();
          source = open(tape, set);
          listingTapes.add(tape.label());
          loaded = s.media();
        }
        Optional<String> dir = chosen.size() > 1 ? Optional.of(directoryOf(s.snapshot().name())) : Optional.empty();
        EntrySpool spool = new EntrySpool(scratch);
        targets.add(new Target(s, dir, spool));
        if (selection instanceof RestoreSelection.Paths p && !p.paths().contains("")) {
          listPaths(source, s, p.paths(), spool, problems);
        } else {
          SnapshotArchiveReader reader = SnapshotArchiveReader.open(source, start(s.media(),
              s.snapshot().fileNumber()));
          for (SnapshotEntry e = reader.next(); e != null; e = reader.next()) {
            spool.add(e);
          }
        }
        for (SnapshotEntry e : spool) {
          for (SnapshotEntry.ChunkRef c : e.chunks()) {
            needed.putIfAbsent(HexFormat.of().formatHex(c.digest()), (long) c.length());
          }
          meter.add(0, 1);
        }
      }
      List<Visit> visits = locate(mediaSet, needed.keySet(), loaded, problems);
      listingBytes += source == null ? 0 : source.bytesRead();
      return new RestorePlan(set, listingTapes, targets, visits, problems, driveRate(), listingBytes);
    } catch (IOException | RuntimeException e) {
      for (Target t : targets) {
        t.entries().close();
      }
      throw e;
    }
  }

  /** The native rate of the cartridge in the drive (LTO density), if it holds one the drive names. */
  private OptionalLong driveRate() {
    try {
      return library.drive().settings().density().map(d -> OptionalLong.of(d.nativeBytesPerSecond()))
          .orElse(OptionalLong.empty());
    } catch (IOException noTapeOrNoPage) {
      return OptionalLong.empty();
    }
  }

  /** A snapshot's directory under the target: its name, which must stay below it. */
  private static String directoryOf(String name) {
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("snapshot name '" + name + "' cannot be a directory below the target: "
            + "restore it alone, into a target of its own");
      }
    }
    return name;
  }

  /**
   * The entries of {@code paths} and of their parent directories, in path order: a path is itself
   * and, for a directory, every entry below it. A hard link whose target is not restored becomes a
   * copy of its target's file.
   */
  private void listPaths(DriveBlockSource source, SnapshotLocation s, List<String> paths, EntrySpool result,
      List<TreeProblem> problems) throws IOException {
    try (EntrySpool spool = new EntrySpool(scratch)) {
      listPaths(source, s, paths, spool, result, problems);
    }
  }

  private void listPaths(DriveBlockSource source, SnapshotLocation s, List<String> paths, EntrySpool spool,
      EntrySpool result, List<TreeProblem> problems) throws IOException {
    CatalogRecord.Snapshot r = s.snapshot();
    SnapshotIndex index = SnapshotArchiveReader.readIndex(source, start(s.media(), r.fileNumber()), r.indexBlock(),
        r.indexOffset());
    // ranges: a point (the path itself, or a parent) or a prefix ("dir/": everything below dir)
    TreeMap<byte[], Boolean> ranges = new TreeMap<>(Arrays::compareUnsigned); // start -> is a prefix
    for (String p : paths) {
      int slash = -1;
      ranges.putIfAbsent(utf8(""), false);
      while ((slash = p.indexOf('/', slash + 1)) >= 0) {
        ranges.putIfAbsent(utf8(p.substring(0, slash)), false);
      }
      ranges.put(utf8(p), false);
      ranges.put(utf8(p + "/"), true);
    }
    List<byte[]> prefixes = new ArrayList<>();
    for (Map.Entry<byte[], Boolean> range : ranges.entrySet()) {
      byte[] startBytes = range.getKey();
      if (!prefixes.isEmpty() && startsWith(startBytes, prefixes.get(prefixes.size() - 1))) {
        continue; // inside the subtree before it: read with it
      }
      String from = new String(startBytes, java.nio.charset.StandardCharsets.UTF_8);
      if (range.getValue()) {
        prefixes.add(startBytes);
        SnapshotArchiveReader.scan(source, index, from, e -> {
          if (!startsWith(e.pathBytes(), startBytes)) {
            return false;
          }
          spooled(spool, e);
          return true;
        });
      } else {
        Optional<SnapshotEntry> e = SnapshotArchiveReader.find(source, index, from);
        if (e.isPresent()) {
          spooled(spool, e.get());
        } else if (paths.contains(from)) {
          problems.add(new TreeProblem(from, TreeProblem.Kind.FAILED, "snapshot " + r.name() + " has no such path"));
        }
      }
    }
    // hard links to files outside the selection: copies of their target
    for (SnapshotEntry e : spool) {
      if (e.type() == SnapshotEntry.Type.HARDLINK && !covered(ranges, e.linkTarget())) {
        Optional<SnapshotEntry> t = SnapshotArchiveReader.find(source, index, e.linkTarget());
        if (t.isPresent()) {
          SnapshotEntry f = t.get();
          e = new SnapshotEntry(e.path(), f.type(), f.mode(), f.uid(), f.gid(), f.user(), f.group(), f.mtime(),
              f.atime(), f.ctime(), f.size(), f.linkTarget(), f.deviceMajor(), f.deviceMinor(), f.holes(), f.xattrs(),
              f.chunks());
        }
      }
      result.add(e);
    }
  }

  private static void spooled(EntrySpool spool, SnapshotEntry e) {
    try {
      spool.add(e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  /** Whether {@code path} is one of the points or below one of the prefixes of {@code ranges}. */
  private static boolean covered(TreeMap<byte[], Boolean> ranges, String path) {
    byte[] p = utf8(path);
    for (Map.Entry<byte[], Boolean> r : ranges.entrySet()) {
      if (r.getValue() ? startsWith(p, r.getKey()) : Arrays.equals(p, r.getKey())) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Where each needed chunk is (the lowest tape and file that has it), from each tape's catalogued
   * content in one read per tape; the visits start with tape {@code first}.
   */
  private List<Visit> locate(MediaSet set, Set<String> needed, UUID first, List<TreeProblem> problems)
      throws CatalogException {
    Set<ByteBuffer> open = new HashSet<>(needed.size() * 2);
    for (String d : needed) {
      open.add(ByteBuffer.wrap(HexFormat.of().parseHex(d)));
    }
    List<Visit> visits = visits(set, open::remove, List.of(), open::isEmpty);
    for (ByteBuffer d : open) {
      problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, "chunk " + HexFormat.of().formatHex(d.array())
          + " is in no catalogued chunk archive of the set: rebuild the catalog from the tapes"));
    }
    visits.sort(Comparator.comparing((Visit v) -> !v.tape().uuid().equals(first)));
    return visits;
  }

  /** Every tape of the set, in order, with all its chunks and listings. */
  private List<Visit> wholeSetVisits(MediaSet set, List<Target> targets) throws CatalogException {
    Set<ByteBuffer> seen = new HashSet<>();
    return visits(set, seen::add, targets, () -> false);
  }

  /**
   * The set's tapes in order, each with the chunks of its catalogued content that {@code take} accepts
   * (in position order) and the listings of {@code targets} on it; tapes with neither are left out,
   * and the rest once {@code done} says so.
   */
  private List<Visit> visits(MediaSet set, Predicate<ByteBuffer> take, List<Target> targets, BooleanSupplier done)
      throws CatalogException {
    List<Visit> visits = new ArrayList<>();
    for (UUID m : set.members().values()) {
      if (done.getAsBoolean()) {
        break;
      }
      Media tape = tape(m);
      List<Wanted> chunks = new ArrayList<>();
      store.content(m, record -> {
        if (record instanceof CatalogRecord.Chunks c) {
          for (ChunkArchiveIndex.Entry e : c.entries()) {
            if (take.test(ByteBuffer.wrap(e.digest()))) {
              chunks.add(new Wanted(HexFormat.of().formatHex(e.digest()), tape,
                  new ChunkLocation(m, c.tapeSequence(), c.fileNumber(), e)));
            }
          }
        }
      });
      chunks.sort(POSITION);
      List<Target> listings = targets.stream().filter(t -> t.where().media().equals(m)).toList();
      if (!chunks.isEmpty() || !listings.isEmpty()) {
        visits.add(new Visit(tape, chunks, listings));
      }
    }
    return visits;
  }

  private static final Comparator<Wanted> POSITION = Comparator.comparingLong((Wanted w) -> w.at().fileNumber())
      .thenComparingLong(w -> w.at().entry().block()).thenComparingInt(w -> w.at().entry().offset());

  // ---- running

  /** Runs {@code plan} into {@code target} (created if missing); see the class contract. */
  public Result run(RestorePlan plan, Path target, TreeWriterOptions options) throws IOException {
    plan.use();
    List<String> tapes = new ArrayList<>();
    List<TreeProblem> problems = plan.problemList();
    ProgressMeter meter = new ProgressMeter(listener, clock);
    Set<ByteBuffer> coming = new HashSet<>();
    Set<Target> onTape = new HashSet<>(); // targets whose listings the pass reads
    for (Visit v : plan.visits()) {
      for (Wanted w : v.chunks()) {
        coming.add(ByteBuffer.wrap(HexFormat.of().parseHex(w.digest())));
      }
      onTape.addAll(v.listings());
    }
    try (RestoreFiles files = new RestoreFiles(target, options, coming, scratch, problems, meter)) {
      for (Target t : plan.targets()) {
        if (!onTape.contains(t)) {
          files.add(t);
        }
      }
      List<DriveBlockSource> opened = new ArrayList<>();
      long read = readChunks(plan, files, tapes, problems, meter, opened);
      meter.phase("finishing files", OptionalLong.empty()); // hard links, directories' metadata
      files.finish();
      meter.tell();
      return new Result(files.entries(), read, List.copyOf(tapes), List.copyOf(problems),
          plan.listingBytes() + opened.stream().mapToLong(DriveBlockSource::bytesRead).sum());
    }
  }

  /**
   * Reads the plan's tapes in order, each once: first the listings on it (whole-set restores), whose
   * files are then made, then its chunks, which go into the files as they come.
   */
  private long readChunks(RestorePlan plan, RestoreFiles files, List<String> tapes, List<TreeProblem> problems,
      ProgressMeter meter, List<DriveBlockSource> opened) throws IOException {
    long[] read = {0};
    meter.phase("reading", OptionalLong.of(plan.bytes()));
    Optional<MediaSetKey> setKey = key.map(k -> k.mediaSetKey(plan.mediaSet()));
    int listingsLeft = plan.visits().stream().mapToInt(v -> v.listings().size()).sum();
    try {
      for (Visit v : plan.visits()) {
        Media tape = v.tape();
        tapes.add(tape.label());
        meter.tape(tape.label());
        listingsLeft -= v.listings().size();
        DriveBlockSource source;
        try {
          source = open(tape, plan.mediaSet());
          opened.add(source);
        } catch (IOException e) {
          // not retried: the load may have moved the cartridge. What the tape holds is reported.
          for (Wanted w : v.chunks()) {
            files.unreadable(HexFormat.of().parseHex(w.digest()), "(on " + tape.label() + ", which could not be "
                + "loaded and read: " + e.getMessage() + ")");
          }
          problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, tape.label() + " could not be loaded and read ("
              + e.getMessage() + "): its " + v.chunks().size() + " chunk(s) and " + v.listings().size()
              + " listing(s) are not restored"));
          for (Target t : v.listings()) {
            problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, "snapshot " + t.where().snapshot().name()
                + ": its listing is on " + tape.label() + ": the snapshot is not restored"));
          }
          continue;
        }
        // the listings first (a LOCATE each, and back): their files can then take the chunks as they come
        for (Target t : v.listings().stream().sorted(Comparator.comparingLong((Target t) ->
            t.where().snapshot().fileNumber())).toList()) {
          if (readListing(source, t, problems)) {
            files.add(t);
          }
        }
        files.keepChunks(listingsLeft > 0);
        readChunks(source, tape, v.chunks(), setKey, files, problems, meter, read);
      }
    } finally {
      setKey.ifPresent(MediaSetKey::close);
      dropDriveKey(problems);
    }
    meter.tell();
    return read[0];
  }

  /**
   * Reads one tape's chunks in position order on this thread, decodes them on {@link #threads}
   * workers, and writes each into its files on the decoder's delivery thread; returns once all are in.
   */
  private void readChunks(DriveBlockSource source, Media tape, List<Wanted> chunks, Optional<MediaSetKey> setKey,
      RestoreFiles files, List<TreeProblem> problems, ProgressMeter meter, long[] read) throws IOException {
    if (chunks.isEmpty()) {
      return;
    }
    ParallelChunkDecoder<Wanted> decoder = new ParallelChunkDecoder<>(threads, inFlight, setKey, (w, data, failure) -> {
      byte[] digest = HexFormat.of().parseHex(w.digest());
      if (failure == null) {
        read[0]++;
        meter.add(w.at().entry().storedLength(), 0);
        files.chunk(digest, data, null);
        return;
      }
      String where = tape.label() + " file " + w.at().fileNumber() + " block " + w.at().entry().block();
      problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, where + ": chunk " + w.digest()
          + " cannot be read: " + failure.getMessage()));
      files.chunk(digest, null, "(" + where + ") cannot be read: " + failure.getMessage());
    });
    try {
      Map<Long, ChunkArchiveHeader> headers = new HashMap<>();
      ChunkArchiveCursor cursor = null;
      long cursorFile = -1;
      for (Wanted w : chunks) {
        StoredChunk stored = null;
        Exception failure = null;
        try {
          if (cursor == null || cursorFile != w.at().fileNumber()) {
            BlockAddress start = start(tape.uuid(), w.at().fileNumber());
            ChunkArchiveHeader header = headers.get(w.at().fileNumber());
            if (header == null) {
              header = ChunkArchiveReader.readHeader(source, start);
              headers.put(w.at().fileNumber(), header);
            }
            cursor = new ChunkArchiveCursor(source, header, start);
            cursorFile = w.at().fileNumber();
          }
          stored = cursor.read(w.at().entry());
        } catch (IOException | RuntimeException e) {
          failure = e;
        }
        if (failure == null) {
          decoder.submit(w, stored);
        } else {
          decoder.failed(w, failure);
        }
      }
      decoder.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the restore was interrupted while reading " + tape.label());
    } finally {
      decoder.close();
    }
  }

  /**
   * Reads a whole-set restore's listing into its spool; an unreadable one is reported (false), the
   * rest goes on.
   */
  private boolean readListing(DriveBlockSource source, Target t, List<TreeProblem> problems) throws IOException {
    try {
      SnapshotArchiveReader reader = SnapshotArchiveReader.open(source, start(t.where().media(),
          t.where().snapshot().fileNumber()));
      for (SnapshotEntry e = reader.next(); e != null; e = reader.next()) {
        t.entries().add(e);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      t.entries().clear();
      problems.add(new TreeProblem("", TreeProblem.Kind.FAILED, "snapshot " + t.where().snapshot().name()
          + ": its listing (" + source.volume() + " file " + t.where().snapshot().fileNumber() + ") cannot be read: "
          + e.getMessage() + "; the snapshot is not restored"));
      return false;
    }
  }

  /**
   * Loads {@code tape}. With a key, the set label says how the set is encrypted: for a drive-encrypted
   * set the drive gets the set's drive key (reads decrypt encrypted blocks and pass plain ones).
   */
  private DriveBlockSource open(Media tape, UUID set) throws IOException {
    TapeDrive drive = library.load(tape.label());
    if (SetKeys.afterLoad(drive, tape.label(), set, key)) {
      driveKeySet = drive;
    }
    return new DriveBlockSource(drive, tape.label());
  }

  /** Drops the drive key a restore set; a failure to is reported, the restore's outcome stands. */
  private void dropDriveKey(List<TreeProblem> problems) {
    if (driveKeySet != null) {
      try {
        driveKeySet.clearEncryptionKey();
      } catch (IOException e) {
        problems.add(new TreeProblem("", TreeProblem.Kind.METADATA, driveKeySet.deviceName() + ": the set's drive key "
            + "could not be cleared (" + e.getMessage() + "): clear it (pmt encryption off) before the next job"));
      }
      driveKeySet = null;
    }
  }

  private TapeDrive driveKeySet;

  private Media tape(UUID media) throws CatalogException {
    return store.media(media).orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": tape " + media
        + " of the set is not in the inventory"));
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
}
