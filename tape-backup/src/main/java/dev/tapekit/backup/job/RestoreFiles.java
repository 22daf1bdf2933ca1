package dev.tapekit.backup.job;

import dev.tapekit.backup.job.RestorePlan.Target;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeWriter;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a restore, written straight from the chunks as they come off the tape: each file is
 * made (by its snapshot's {@link TreeWriter}, which applies the existing-files policy) once its
 * entry is known, every chunk is written at each place a file needs it (a chunk several files or one
 * file use several times goes to all of them), and a file gets its metadata when its last chunk is
 * in. A file that cannot get all its chunks (a chunk failed its checks, its tape could not be read,
 * or no catalogued archive holds it) is removed and reported: it never stays looking restored.
 *
 * <p>The scratch directory holds only chunks read before the listing that needs them (a whole-set
 * restore whose listing is on a later tape); a restore that knows its entries before it reads any
 * chunk writes nothing there.
 *
 * <p>Memory: per file entry waiting for chunks, its entry and one record per place; per chunk still
 * to come, its digest; and at most {@link #MAX_OPEN} open file channels. Not thread-safe: calls come
 * from one thread at a time (the decoder's delivery thread during a tape's pass, the caller's
 * between passes, with the decoder's {@code finish} between them).
 */
final class RestoreFiles implements AutoCloseable {
  /** File channels kept open between chunks (a file being written gets most of them in a row). */
  static final int MAX_OPEN = 64;

  /** A file waiting for chunks. */
  private static final class Pending {
    final SnapshotEntry entry;
    final Path file;
    final TreeWriter writer;
    final String snapshot;
    int waiting; // places not yet written
    boolean abandoned;

    Pending(SnapshotEntry entry, Path file, TreeWriter writer, String snapshot) {
      this.entry = entry;
      this.file = file;
      this.writer = writer;
      this.snapshot = snapshot;
    }
  }

  /** Where the bytes [chunkOffset, chunkOffset + length) of chunk {@code digest} go in a file. */
  private record Place(Pending file, byte[] digest, long fileOffset, int chunkOffset, int length) {}

  private final Path target;
  private final TreeWriterOptions options;
  private final Path scratch;
  private final List<TreeProblem> problems;
  private final ProgressMeter meter;
  private final List<TreeWriter> writers = new ArrayList<>();
  /** Digest -> the places waiting for it. */
  private final Map<ByteBuffer, List<Place>> places = new HashMap<>();
  /** Digests still to be read in this restore. */
  private final Set<ByteBuffer> coming;
  /** Digest -> why it cannot be had. */
  private final Map<ByteBuffer, String> unreadable = new HashMap<>();
  /** Files with places still waiting, in the order they were made. */
  private final Set<Pending> incomplete = new LinkedHashSet<>();
  private final LinkedHashMap<Pending, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
  private Path chunkDir;
  /** Digests of the chunks in {@link #chunkDir}. */
  private final Set<ByteBuffer> kept = new java.util.HashSet<>();
  private boolean keep;
  private long entries;

  /**
   * @param coming the digests the restore will read
   * @param scratch where a directory for chunks read before their listing is made, if needed
   * @param problems the restore's problems, added to
   */
  RestoreFiles(Path target, TreeWriterOptions options, Set<ByteBuffer> coming, Path scratch,
      List<TreeProblem> problems, ProgressMeter meter) {
    this.target = target;
    this.options = options;
    this.coming = coming;
    this.scratch = scratch;
    this.problems = problems;
    this.meter = meter;
  }

  /** Whether chunks read from now on are also kept in the scratch directory, for listings not yet read. */
  void keepChunks(boolean keep) {
    this.keep = keep;
  }

  /** Entries handed to the writers, less the files given up for want of a chunk. */
  long entries() {
    return entries;
  }

  /**
   * Makes the entries of snapshot {@code t}, in order; files get the chunks already kept at once,
   * and wait for the others.
   */
  void add(Target t) throws IOException {
    Path dir = t.subdirectory().map(target::resolve).orElse(target);
    Files.createDirectories(dir);
    TreeWriter writer = TreeWriter.open(dir, options);
    writers.add(writer);
    String snapshot = t.where().snapshot().name();
    for (SnapshotEntry e : t.entries()) {
      Optional<String> missing = missing(e);
      if (missing.isPresent()) {
        problems.add(new TreeProblem(e.path(), TreeProblem.Kind.FAILED, "snapshot " + snapshot + ": chunk "
            + missing.get() + ": the file is not restored"));
        continue;
      }
      Optional<Path> file = writer.create(e);
      entries++; // as before: every entry handed to the writer, less the files given up
      if (file.isEmpty()) { // not a regular file, or not made (reported by the writer)
        meter.add(0, 1);
        continue;
      }
      Pending p = new Pending(e, file.get(), writer, snapshot);
      List<Place> all = places(p);
      p.waiting = all.size();
      incomplete.add(p);
      for (Place place : all) {
        places.computeIfAbsent(ByteBuffer.wrap(place.digest()), d -> new ArrayList<>()).add(place);
      }
      if (all.isEmpty()) {
        completed(p);
      }
      for (Place place : all) {
        ByteBuffer digest = ByteBuffer.wrap(place.digest());
        if (p.abandoned || !kept.contains(digest) || !places.containsKey(digest)) {
          continue; // not kept, or written already for an earlier place of this file
        }
        Path keptFile = chunkDir.resolve(HexFormat.of().formatHex(place.digest()));
        ByteBuffer data;
        try {
          data = ByteBuffer.wrap(Files.readAllBytes(keptFile));
        } catch (IOException x) {
          abandon(p, "chunk " + HexFormat.of().formatHex(place.digest()) + " kept in " + keptFile
              + " cannot be read back (" + x.getMessage() + "): the file is not restored");
          break;
        }
        // no other file waits for a kept chunk: each takes those it needs when it is made
        for (Place q : places.remove(digest)) {
          write(q, data);
        }
      }
    }
  }

  /** Why an entry cannot be restored: the first of its chunks that is not kept and will not be read. */
  private Optional<String> missing(SnapshotEntry e) {
    for (SnapshotEntry.ChunkRef c : e.chunks()) {
      ByteBuffer d = ByteBuffer.wrap(c.digest());
      if (!kept.contains(d) && !coming.contains(d)) {
        return Optional.of(HexFormat.of().formatHex(c.digest()) + " " + unreadable.getOrDefault(d,
            "is in no catalogued chunk archive of the set"));
      }
    }
    return Optional.empty();
  }

  /** Where a file's chunks go: its data bytes in order, around its holes. */
  private static List<Place> places(Pending p) {
    List<Place> result = new ArrayList<>();
    List<Hole> holes = p.entry.holes();
    int h = 0;
    long pos = 0;
    List<SnapshotEntry.ChunkRef> chunks = p.entry.chunks();
    for (int i = 0; i < chunks.size(); i++) {
      int length = chunks.get(i).length();
      int done = 0;
      while (done < length) {
        while (h < holes.size() && pos >= holes.get(h).offset()) {
          pos = Math.max(pos, holes.get(h).offset() + holes.get(h).length());
          h++;
        }
        long runEnd = h < holes.size() ? holes.get(h).offset() : Long.MAX_VALUE;
        int n = (int) Math.min(length - done, runEnd - pos);
        result.add(new Place(p, chunks.get(i).digest(), pos, done, n));
        pos += n;
        done += n;
      }
    }
    return result;
  }

  /** A chunk came off the tape, checked ({@code data}), or could not be had ({@code why}). */
  void chunk(byte[] digestBytes, ByteBuffer data, String why) {
    ByteBuffer digest = ByteBuffer.wrap(digestBytes);
    coming.remove(digest);
    List<Place> waiting = places.remove(digest);
    if (data == null) {
      unreadable.put(digest, why);
      if (waiting != null) {
        for (Place p : waiting) {
          abandon(p.file(), "snapshot " + p.file().snapshot + ": chunk " + HexFormat.of().formatHex(digestBytes)
              + " " + why + ": the file is not restored");
        }
      }
      return;
    }
    if (keep) {
      keep(digestBytes, data);
    }
    if (waiting != null) {
      for (Place p : waiting) {
        write(p, data);
      }
    }
  }

  /** The chunks of tapes that cannot be read: the files waiting for them are given up at the end. */
  void unreadable(byte[] digest, String why) {
    ByteBuffer d = ByteBuffer.wrap(digest);
    coming.remove(d);
    unreadable.put(d, why);
  }

  private void keep(byte[] digest, ByteBuffer data) {
    Path file = null;
    try {
      if (chunkDir == null) {
        chunkDir = Files.createTempDirectory(scratch, "tapekit-restore-");
      }
      file = chunkDir.resolve(HexFormat.of().formatHex(digest));
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = data.duplicate();
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      kept.add(ByteBuffer.wrap(digest));
    } catch (IOException e) {
      unreadable.put(ByteBuffer.wrap(digest), "was read but could not be kept in the scratch directory until its "
          + "listing was read (" + e.getMessage() + ")");
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // the scratch directory goes at the end
        }
      }
    }
  }

  private void write(Place p, ByteBuffer data) {
    Pending f = p.file();
    if (f.abandoned) {
      return;
    }
    try {
      FileChannel channel = channel(f);
      ByteBuffer b = data.duplicate();
      b.limit(p.chunkOffset() + p.length()).position(p.chunkOffset());
      long at = p.fileOffset();
      while (b.hasRemaining()) {
        at += channel.write(b, at);
      }
    } catch (IOException e) {
      abandon(f, "writing it failed (" + e.getMessage() + ")");
      return;
    }
    if (--f.waiting == 0) {
      completed(f);
    }
  }

  private FileChannel channel(Pending f) throws IOException {
    FileChannel c = open.get(f);
    if (c == null) {
      if (open.size() >= MAX_OPEN) {
        Iterator<Map.Entry<Pending, FileChannel>> eldest = open.entrySet().iterator();
        FileChannel old = eldest.next().getValue();
        eldest.remove();
        old.close();
      }
      c = FileChannel.open(f.file, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
      open.put(f, c);
    }
    return c;
  }

  private void closeChannel(Pending f) {
    FileChannel c = open.remove(f);
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        problems.add(new TreeProblem(f.entry.path(), TreeProblem.Kind.FAILED, "closing it failed ("
            + e.getMessage() + ")"));
      }
    }
  }

  private void completed(Pending f) {
    closeChannel(f);
    incomplete.remove(f);
    f.writer.written(f.entry, f.file);
    meter.add(0, 1);
  }

  private void abandon(Pending f, String why) {
    if (f.abandoned) {
      return;
    }
    f.abandoned = true;
    closeChannel(f);
    incomplete.remove(f);
    f.writer.abandon(f.entry, f.file, why);
    entries--;
  }

  /**
   * After the last tape: gives up the files still waiting (their chunks' tapes could not be read),
   * then lets every writer finish (hard links, directory metadata) and collects its problems.
   */
  void finish() {
    for (Pending f : List.copyOf(incomplete)) {
      String why = "a chunk was not read";
      for (SnapshotEntry.ChunkRef c : f.entry.chunks()) {
        ByteBuffer d = ByteBuffer.wrap(c.digest());
        if (places.containsKey(d)) {
          why = "chunk " + HexFormat.of().formatHex(c.digest()) + " " + unreadable.getOrDefault(d,
              "is in no catalogued chunk archive of the set");
          break;
        }
      }
      abandon(f, "snapshot " + f.snapshot + ": " + why + ": the file is not restored");
    }
    for (TreeWriter w : writers) {
      problems.addAll(w.finish());
    }
    writers.clear();
  }

  /** Closes the files still open and removes the scratch directory. */
  @Override
  public void close() throws IOException {
    for (Pending f : List.copyOf(open.keySet())) {
      closeChannel(f);
    }
    if (chunkDir != null) {
      try (Stream<Path> files = Files.walk(chunkDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
