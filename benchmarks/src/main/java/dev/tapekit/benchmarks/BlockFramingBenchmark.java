package dev.tapekit.benchmarks;

import dev.tapekit.format.BlockSink;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.BlockStreamReader;
import dev.tapekit.format.block.BlockStreamWriter;
import dev.tapekit.format.block.MemoryTape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The block layer of tape-format (header, CRC32C, sequence and stream checks) against the same data
 * movement without it. One operation moves 16 MiB of payload:
 *
 * <ul>
 *   <li>{@code frameWrite}: {@link BlockStreamWriter} cuts it into 256 KiB blocks (header and CRC32C
 *       each) for a sink that discards them; {@code copyWrite}, the floor: the same bytes copied into
 *       the same 256 KiB direct buffer, handed to the same sink.
 *   <li>{@code verifyRead}: {@link BlockStreamReader} reads the blocks back from a memory tape,
 *       checking every header and CRC, into a 1 MiB buffer; {@code copyRead}, the floor: the same
 *       blocks read from the same tape, their payload copied into the same buffer.
 * </ul>
 *
 * Report {@code frameWrite / copyWrite} and {@code verifyRead / copyRead} (target at least 0.8):
 * {@code benchmarks/block-framing.sh} prints both from one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class BlockFramingBenchmark {
  static final int PAYLOAD_BYTES = 16 << 20;

  @Param("262144")
  public int blockSize;

  private ByteBuffer data;
  private ByteBuffer block;
  private ByteBuffer out;
  private MemoryTape tape;
  private UUID stream;
  private final BlockSink discard = new DiscardingSink();

  @Setup
  public void setUp() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    byte[] bytes = new byte[PAYLOAD_BYTES];
    for (int i = 0; i < bytes.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        bytes[i + j] = (byte) (v >>> (8 * j));
      }
    }
    data = ByteBuffer.wrap(bytes);
    block = ByteBuffer.allocateDirect(blockSize);
    out = ByteBuffer.allocate(1 << 20);
    stream = UUID.randomUUID();
    tape = new MemoryTape("BENCH1");
    try (BlockStreamWriter w = new BlockStreamWriter(tape, blockSize, stream, 0)) {
      w.write(data.duplicate());
      w.finish(false);
    }
  }

  @Benchmark
  public long frameWrite() throws IOException {
    try (BlockStreamWriter w = new BlockStreamWriter(discard, blockSize, stream, 0)) {
      ByteBuffer src = data.duplicate();
      while (src.hasRemaining()) {
        w.write(src.slice().limit(Math.min(1 << 20, src.remaining())));
        src.position(src.position() + Math.min(1 << 20, src.remaining()));
      }
      return w.finish(false);
    }
  }

  @Benchmark
  public long copyWrite() throws IOException {
    ByteBuffer src = data.duplicate();
    int payload = blockSize - BlockHeader.LENGTH;
    long blocks = 0;
    while (src.hasRemaining()) {
      int n = Math.min(payload, src.remaining());
      block.clear().position(BlockHeader.LENGTH);
      block.put(src.slice().limit(n));
      src.position(src.position() + n);
      block.clear();
      discard.write(block);
      blocks++;
    }
    return blocks;
  }

  @Benchmark
  public long verifyRead() throws IOException {
    tape.rewind();
    BlockStreamReader r = new BlockStreamReader(tape, 0, stream, 0);
    long total = 0;
    int n;
    while ((n = r.read(out.clear())) >= 0) {
      total += n;
    }
    return total;
  }

  @Benchmark
  public long copyRead() throws IOException {
    tape.rewind();
    long total = 0;
    ByteBuffer b = ByteBuffer.allocateDirect(blockSize);
    while (true) {
      b.clear();
      var r = tape.read(b);
      if (!r.hasData()) {
        return total;
      }
      b.flip().position(BlockHeader.LENGTH);
      while (b.hasRemaining()) {
        if (!out.hasRemaining()) {
          out.clear();
        }
        int n = Math.min(out.remaining(), b.remaining());
        out.put(b.slice().limit(n));
        b.position(b.position() + n);
        total += n;
      }
    }
  }
}
