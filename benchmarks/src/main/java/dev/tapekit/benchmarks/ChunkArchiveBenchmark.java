package dev.tapekit.benchmarks;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a chunk archive (tape-format's {@link ChunkArchiveWriter}) into a sink that discards its
 * 256 KiB blocks: per 4 MiB chunk, zstd at {@code level} (the compressed form kept only if it saves
 * 1/32), the stored-bytes CRC32C, the entry header and the block framing (header and CRC32C per
 * block). Digests are not verified (the writer's default: the caller hashed the chunk to name it),
 * so SHA-256 is not in the figure; it costs about 0.83 ms per MB on its own
 * (shared/research/java-deps-limits.md).
 *
 * <ul>
 *   <li>{@code data=text}: text-like chunks (words from a fixed list, seeded), which zstd-1
 *       compresses about 2.8:1; compression-bound.
 *   <li>{@code data=random}: incompressible chunks, stored as they are after zstd gave up.
 *   <li>{@code -p encrypt=true} adds software encryption (AES-256-GCM per chunk, after the writer's
 *       one-time GCM warm-up).
 * </ul>
 *
 * <p>One operation adds one chunk; the secondary result {@code :bytes} is the chunks' plain bytes per
 * second. Each operation adds a new digest (a counter), cycling over 8 distinct chunks; an archive is
 * finished and a new one begun every 256 chunks, so the index and digest set stay small. Run from the
 * jar: {@code java -jar benchmarks/target/benchmarks.jar ChunkArchive}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class ChunkArchiveBenchmark {
  static final int CHUNK = 4 << 20;
  static final int CHUNKS = 8;
  static final int PER_ARCHIVE = 256;
  static final UUID SET = new UUID(0x7a9e3b, 0x42);
  private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or "
      + "his from at which but have an they you were her she there been one all we their has would when if so no "
      + "will more can who out about them some into only other time new could these two may then first any like "
      + "now my such over our man even most made after also did many before must through back years where much "
      + "your way well down should because each just those people how too little state good very make world still "
      + "own see men work long get here between both life being under never day same another know while last might "
      + "us great old year off come since against go came right used take three tape block chunk archive index "
      + "drive media label catalog restore backup").split(" ");

  /** {@code text} or {@code random}. */
  @Param({"text", "random"})
  public String data;

  /** The zstd level ({@code 0}: no compression). */
  @Param("1")
  public int level;

  /** Whether chunks are software-encrypted (AES-256-GCM under a throwaway media set key). */
  @Param("false")
  public boolean encrypt;

  private final ByteBuffer[] chunks = new ByteBuffer[CHUNKS];
  private final byte[] digest = new byte[32];
  private ChunkArchiveOptions options;
  private TapeKey tapeKey;
  private MediaSetKey setKey;
  private ChunkArchiveWriter writer;
  private long added;
  private final BlockSink discard = new DiscardingSink();

  /** Plain bytes added, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Written {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void setUp() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < CHUNKS; i++) {
      chunks[i] = ByteBuffer.wrap(chunk(data, random, CHUNK));
    }
    options = ChunkArchiveOptions.of("bench", SET, 0, Clock.systemUTC()).withCompressionLevel(level);
    if (encrypt) {
      tapeKey = TapeKey.generate();
      setKey = tapeKey.mediaSetKey(SET);
      options = options.withEncryption(setKey);
    }
    writer = ChunkArchiveWriter.begin(discard, BlockHeader.DEFAULT_BLOCK, options);
  }

  /** A chunk of {@code size} bytes: {@code random} bytes for {@code "random"}, else text-like ({@link #text}). */
  static byte[] chunk(String data, SplittableRandom random, int size) {
    byte[] b = new byte[size];
    if (data.equals("random")) {
      random.nextBytes(b);
    } else {
      text(random, b);
    }
    return b;
  }

  /** Fills {@code b} with words from a fixed list, seeded by {@code random}: zstd-1 makes about 2.8:1 of it. */
  static void text(SplittableRandom random, byte[] b) {
    int n = 0;
    while (n < b.length) {
      String w = WORDS[random.nextInt(WORDS.length)];
      for (int k = 0; k < w.length() && n < b.length; k++) {
        b[n++] = (byte) w.charAt(k);
      }
      if (n < b.length) {
        b[n++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    writer.finish();
    if (encrypt) {
      setKey.close();
      tapeKey.close();
    }
  }

  @Benchmark
  public boolean add(Written written) throws IOException {
    if (writer.chunks() == PER_ARCHIVE) {
      writer.finish();
      writer = ChunkArchiveWriter.begin(discard, BlockHeader.DEFAULT_BLOCK, options);
    }
    long n = added++;
    for (int i = 0; i < 8; i++) {
      digest[i] = (byte) (n >>> (8 * i));
    }
    ByteBuffer chunk = chunks[(int) (n % CHUNKS)].clear();
    written.bytes += CHUNK;
    return writer.add(digest, chunk);
  }
}
