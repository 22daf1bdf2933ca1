package dev.tapekit.benchmarks;

import dev.tapekit.backup.chunk.ChunkStream;
import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.chunk.FastCdc;
import dev.tapekit.catalog.ChunkSet;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkCompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures what the chunk average costs and saves, to choose tape-backup's default: for averages of
 * 64 KiB, 256 KiB, 1 MiB and 4 MiB ({@link ChunkerParams#ofAverage}), the chunks of two versions of a
 * tree of real files from this machine, and what the second version adds to tape.
 *
 * <p>The data: regular files under a few system directories (each gives an equal share of {@code
 * --mib}, files taken in path order until the share is full; larger files are skipped), read into
 * memory. Version 2, from {@code --seed}: 1% of the files removed, 2% modified (1 to 3 edits each,
 * half of them 1 to 4096 random bytes inserted at a random offset, half as many bytes overwritten),
 * and as many files added as 1% of version 1's count, drawn from the files the directories have beyond
 * their shares.
 *
 * <p>Each version is chunked two ways: per file, as a tapekit snapshot stores a tree (each regular
 * file's own list of chunks), and as one tar-like stream (a 512-byte header, the data, padding to
 * 512), as a stream or image backup is stored. Chunks are named by SHA-256 and kept in a {@link
 * ChunkSet}; a new chunk is compressed with zstd at the chunk archive's default level and kept
 * compressed if that saves 1/32, as {@code ChunkArchiveWriter} does. Per chunk the tape also holds
 * the entry header (64 bytes), the index entry (56), the catalog archive's entry (56), and per
 * reference the snapshot's (36).
 *
 * <p>Run with {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar
 * dev.tapekit.benchmarks.ChunkingDedup [--mib N] [--seed S] [DIR...]}; it prints one table per way.
 */
public final class ChunkingDedup {
  static final int[] AVERAGES = {64 << 10, 256 << 10, 1 << 20, 4 << 20};
  static final List<String> DEFAULT_DIRS = List.of("/usr/share/doc", "/usr/include", "/usr/lib/jvm", "/usr/bin",
      "/usr/lib/x86_64-linux-gnu");
  /** Tape bytes per stored chunk besides its data: entry header, index entry, catalog archive entry. */
  static final int TAPE_PER_CHUNK = 64 + 56 + 56;
  /** Tape bytes per chunk reference in a snapshot archive. */
  static final int TAPE_PER_REFERENCE = 36;
  /** RAM of a digest in the dedup set, bytes (ChunkSet, measured; benchmarks/README.md). */
  static final int SET_BYTES_LOW = 45;
  static final int SET_BYTES_HIGH = 85;
  static final double MIB = 1 << 20;

  private ChunkingDedup() {}

  /** A file of the data set: its place in the tree's order, its path and its bytes. */
  record TreeFile(long order, String path, byte[] data) {}

  /** What chunking one version adds to what is stored. */
  record Pass(long bytes, long chunks, long newChunks, long newBytes, long tapeBytes) {}

  record Result(String way, int average, Pass v1, Pass v2) {}

  public static void main(String[] args) throws Exception {
    int mib = 512;
    long seed = 1;
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mib" -> mib = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> dirs.add(args[i]);
      }
    }
    List<String> wanted = dirs.isEmpty() ? DEFAULT_DIRS : dirs;
    List<Path> roots = wanted.stream().map(Path::of).filter(Files::isDirectory).toList();
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("none of the directories " + wanted + " exists; name some with files to read");
    }
    long share = (long) mib * (1 << 20) / roots.size();
    List<TreeFile> v1 = new ArrayList<>();
    List<TreeFile> spare = new ArrayList<>();
    for (int r = 0; r < roots.size(); r++) {
      read(roots.get(r), r, share, v1, spare);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<TreeFile> v2 = new ArrayList<>();
    int removed = 0;
    int modified = 0;
    long changedBytes = 0;
    for (TreeFile f : v1) {
      double p = random.nextDouble();
      if (p < 0.01) {
        removed++;
      } else if (p < 0.03) {
        TreeFile m = new TreeFile(f.order(), f.path(), edit(f.data(), random));
        v2.add(m);
        modified++;
        changedBytes += m.data().length;
      } else {
        v2.add(f);
      }
    }
    int added = Math.min(spare.size(), (v1.size() + 50) / 100);
    Collections.shuffle(spare, new Random(seed));
    for (TreeFile f : spare.subList(0, added)) {
      v2.add(f);
      changedBytes += f.data().length;
    }
    v2.sort(Comparator.comparingLong(TreeFile::order));

    long v1Bytes = v1.stream().mapToLong(f -> f.data().length).sum();
    long v2Bytes = v2.stream().mapToLong(f -> f.data().length).sum();
    System.out.printf("data: %,d files, %.1f MiB from %s (seed %d)%n", v1.size(), v1Bytes / MIB, roots, seed);
    System.out.printf("version 2: %,d files, %.1f MiB: %d modified, %d removed, %d added; the modified and added "
        + "files hold %.1f MiB (%.2f%% of version 2)%n%n", v2.size(), v2Bytes / MIB, modified, removed, added,
        changedBytes / MIB, 100.0 * changedBytes / v2Bytes);

    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<Result>> runs = new ArrayList<>();
    for (String way : List.of("per file", "one stream")) {
      for (int average : AVERAGES) {
        runs.add(pool.submit(() -> run(way, ChunkerParams.ofAverage(average), v1, v2)));
      }
    }
    String way = "";
    for (Future<Result> f : runs) {
      Result r = f.get();
      if (!r.way().equals(way)) {
        way = r.way();
        System.out.printf("chunked %s:%n", way);
        System.out.println("| average | mean chunk | chunks v1 | new chunks v2 | new data v2 | tape v2 | tape v1 "
            + "| dedup ratio | dedup set per TiB stored |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
      }
      long stored = r.v1().newBytes() + r.v2().newBytes();
      long storedChunks = r.v1().newChunks() + r.v2().newChunks();
      double chunksPerTiB = storedChunks * (double) (1L << 40) / stored;
      System.out.printf("| %s | %s | %,d | %,d | %.2f MiB, %.2f%% | %.2f MiB | %.1f MiB | %.3f | %.2f–%.2f GiB |%n",
          size(r.average()), size(r.v1().bytes() / r.v1().chunks()), r.v1().chunks(), r.v2().newChunks(),
          r.v2().newBytes() / MIB, 100.0 * r.v2().newBytes() / r.v2().bytes(), r.v2().tapeBytes() / MIB,
          r.v1().tapeBytes() / MIB, (double) (r.v1().bytes() + r.v2().bytes()) / stored,
          chunksPerTiB * SET_BYTES_LOW / (1L << 30), chunksPerTiB * SET_BYTES_HIGH / (1L << 30));
      if (r.average() == AVERAGES[AVERAGES.length - 1]) {
        System.out.println();
      }
    }
    pool.shutdown();
    System.out.println("new data v2: plain bytes of the chunks version 2 adds; tape: what a version adds to tape "
        + "(zstd level 1 per new chunk, per-chunk and per-reference records); dedup ratio: plain bytes of both "
        + "versions / plain bytes stored; dedup set: ChunkSet RAM at 45-85 bytes a digest, for chunks of this mean");
  }

  /**
   * Reads the regular files under {@code root} in path order: those that fit {@code share} into {@code
   * taken}, up to 200 of the others (each at most 1% of the share) into {@code spare}.
   */
  private static void read(Path root, int rootIndex, long share, List<TreeFile> taken, List<TreeFile> spare)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(p)).sorted()
          .toList();
    }
    long used = 0;
    int spared = 0;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      long size = Files.size(p);
      long order = (long) rootIndex << 32 | i;
      if (used + size <= share) {
        used += size;
        taken.add(new TreeFile(order, p.toString(), Files.readAllBytes(p)));
      } else if (size <= share / 100 && spared < 200) {
        spared++;
        spare.add(new TreeFile(order, p.toString(), Files.readAllBytes(p)));
      }
    }
  }

  /** {@code data} with 1 to 3 edits: random bytes inserted, or as many overwritten, at random offsets. */
  private static byte[] edit(byte[] data, SplittableRandom random) {
    byte[] out = data;
    for (int e = random.nextInt(1, 4); e > 0; e--) {
      byte[] bytes = new byte[random.nextInt(1, 4097)];
      random.nextBytes(bytes);
      int at = random.nextInt(out.length + 1);
      if (random.nextBoolean() || at == out.length) {
        byte[] grown = new byte[out.length + bytes.length];
        System.arraycopy(out, 0, grown, 0, at);
        System.arraycopy(bytes, 0, grown, at, bytes.length);
        System.arraycopy(out, at, grown, at + bytes.length, out.length - at);
        out = grown;
      } else {
        out = out.clone();
        System.arraycopy(bytes, 0, out, at, Math.min(bytes.length, out.length - at));
      }
    }
    return out;
  }

  private static Result run(String way, ChunkerParams params, List<TreeFile> v1, List<TreeFile> v2) throws Exception {
    Store store = new Store();
    Pass first = way.equals("per file") ? store.perFile(params, v1) : store.stream(params, v1);
    Pass second = way.equals("per file") ? store.perFile(params, v2) : store.stream(params, v2);
    return new Result(way, params.average(), first, second);
  }

  /** The chunks stored so far, and the scratch of one thread. */
  private static final class Store {
    private final ChunkSet stored = new ChunkSet();
    private final MessageDigest sha256;
    private final ChunkCompressor zstd = new ChunkCompressor(ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL);
    private byte[] scratch = new byte[0];
    private long chunks;
    private long newChunks;
    private long newBytes;
    private long tapeBytes;

    Store() throws NoSuchAlgorithmException {
      sha256 = MessageDigest.getInstance("SHA-256");
    }

    Pass perFile(ChunkerParams params, List<TreeFile> files) {
      FastCdc cdc = new FastCdc(params);
      long bytes = 0;
      start();
      for (TreeFile f : files) {
        byte[] d = f.data();
        bytes += d.length;
        for (int from = 0; from < d.length; ) {
          int end = cdc.cut(d, from, d.length);
          end = end < 0 ? d.length : end;
          chunk(d, from, end - from);
          from = end;
        }
      }
      return pass(bytes);
    }

    Pass stream(ChunkerParams params, List<TreeFile> files) throws IOException {
      long bytes = files.stream().mapToLong(f -> f.data().length).sum();
      start();
      ChunkStream chunks = new ChunkStream(tar(files), params);
      for (ByteBuffer c; (c = chunks.next()) != null; ) {
        int n = c.remaining();
        scratch = scratch.length >= n ? scratch : new byte[Math.max(n, 2 * scratch.length)];
        c.get(scratch, 0, n);
        chunk(scratch, 0, n);
      }
      return pass(bytes);
    }

    private void start() {
      chunks = 0;
      newChunks = 0;
      newBytes = 0;
      tapeBytes = 0;
    }

    private Pass pass(long bytes) {
      return new Pass(bytes, chunks, newChunks, newBytes, tapeBytes);
    }

    private void chunk(byte[] data, int from, int n) {
      chunks++;
      tapeBytes += TAPE_PER_REFERENCE;
      sha256.update(data, from, n);
      if (stored.add(sha256.digest())) {
        newChunks++;
        newBytes += n;
        tapeBytes += TAPE_PER_CHUNK + compressed(data, from, n);
      }
    }

    /** The bytes the chunk archive stores: the zstd frame if it saves 1/32 of the chunk, else the chunk. */
    private int compressed(byte[] data, int from, int n) {
      return zstd.compress(ByteBuffer.wrap(data, from, n)).storedLength();
    }
  }

  /** The files as one tar-like stream: per file a 512-byte header (path, size), its bytes, zeros to 512. */
  private static InputStream tar(List<TreeFile> files) {
    Iterator<TreeFile> it = files.iterator();
    ArrayDeque<InputStream> parts = new ArrayDeque<>();
    return new SequenceInputStream(new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return !parts.isEmpty() || it.hasNext();
      }

      @Override
      public InputStream nextElement() {
        if (parts.isEmpty()) {
          TreeFile f = it.next();
          byte[] header = new byte[512];
          byte[] name = (f.path() + "\0" + f.data().length).getBytes(StandardCharsets.UTF_8);
          System.arraycopy(name, 0, header, 0, Math.min(name.length, 512));
          parts.add(new ByteArrayInputStream(header));
          parts.add(new ByteArrayInputStream(f.data()));
          parts.add(new ByteArrayInputStream(new byte[(512 - f.data().length % 512) % 512]));
        }
        return parts.remove();
      }
    });
  }

  private static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 20) {
      return String.format("%.2f MiB", bytes / MIB);
    }
    return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : String.format("%.1f KiB", bytes / 1024.0);
  }
}
