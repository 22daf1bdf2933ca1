package dev.tapekit.benchmarks;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording chunk records in the SQLite catalog, as a backup does after each chunk archive: one
 * {@code commit} of a TAPE_FILE record and {@link #CHUNKS} chunk entries (random SHA-256-like
 * digests, so the digest index takes random inserts), one transaction with its fsync, in a catalog
 * file in a temporary directory (the page cache; {@code -jvmArgsAppend -Djava.io.tmpdir=…} moves it).
 * One operation is one chunk record.
 *
 * <p>{@code bareInsert} is the limit it is read against: the same rows inserted with the same driver
 * and settings into a table without keys or indexes, one transaction per batch. Target: {@code
 * commit} at least 200,000 records/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class CatalogIngestBenchmark {
  static final int CHUNKS = 10_000;

  private Path dir;
  private CatalogStore store;
  private UUID tape;
  private Connection bare;
  private PreparedStatement bareInsert;
  private final SplittableRandom random = new SplittableRandom(42);
  private long file = 2;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("tapekit-catalog-bench");
    store = SqliteCatalogStore.open(dir.resolve("catalog.db"));
    tape = UUID.randomUUID();
    Instant t = Instant.parse("2026-12-05T00:00:00Z");
    store.addMedia(Media.newTape(tape, "BENCH1L9", t, Optional.empty(), false));
    store.startMediaSet(new MediaSet(UUID.randomUUID(), "bench", "bench", t, Optional.empty(), new TreeMap<>()),
        tape, Optional.empty(), t);
    Path barePath = dir.resolve("bare.db");
    bare = SqliteCatalogStore.connector(barePath).connect();
    try (Statement s = bare.createStatement()) {
      s.execute("CREATE TABLE chunk (media_id BIGINT, file_number BIGINT, digest BLOB, block BIGINT,"
          + " block_offset INTEGER, flags INTEGER, plain_length INTEGER, stored_length INTEGER)");
    }
    bare.setAutoCommit(false);
    bareInsert = bare.prepareStatement("INSERT INTO chunk VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    store.close();
    bareInsert.close();
    bare.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private List<ChunkArchiveIndex.Entry> entries() {
    byte[][] digests = new byte[CHUNKS][32];
    for (byte[] d : digests) {
      random.nextBytes(d);
    }
    Arrays.sort(digests, Arrays::compareUnsigned);
    List<ChunkArchiveIndex.Entry> out = new ArrayList<>(CHUNKS);
    for (int i = 0; i < CHUNKS; i++) {
      out.add(new ChunkArchiveIndex.Entry(digests[i], i / 64, (i % 64) * 4096, 0, 4 << 20, 4 << 20));
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void commit() throws IOException {
    List<ChunkArchiveIndex.Entry> entries = entries();
    long f = file++;
    List<CatalogRecord> records = new ArrayList<>();
    records.add(new CatalogRecord.TapeFile(0, f, 2 * f, ContentType.CHUNK_ARCHIVE.magic(), 1, 0, false,
        UUID.randomUUID(), Instant.EPOCH, (long) CHUNKS << 22, CHUNKS));
    records.addAll(CatalogRecord.Chunks.of(0, f, entries));
    store.commit(tape, records, f);
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void bareInsert() throws SQLException {
    List<ChunkArchiveIndex.Entry> entries = entries();
    long f = file++;
    for (ChunkArchiveIndex.Entry e : entries) {
      bareInsert.setLong(1, 1);
      bareInsert.setLong(2, f);
      bareInsert.setBytes(3, e.digest());
      bareInsert.setLong(4, e.block());
      bareInsert.setInt(5, e.offset());
      bareInsert.setInt(6, e.flags());
      bareInsert.setInt(7, e.plainLength());
      bareInsert.setInt(8, e.storedLength());
      bareInsert.addBatch();
    }
    bareInsert.executeBatch();
    bare.commit();
  }
}
