package dev.tapekit.benchmarks;

import com.sun.jna.Pointer;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.spc.SpcCommands;
import dev.tapekit.scsi.ssc.SscCommands;
import dev.tapekit.sgio.BenchmarkSgIoTransports;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.SgChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tape-sgio's {@link SgIoTransport} costs per command on the Java side, against a transport that
 * does nothing, without a SCSI device: the time of one command (average, ns), built with tape-scsi's
 * command builders as {@code ScsiTapeDrive} builds them and sent with {@link ScsiCommand#execute}:
 *
 * <ul>
 *   <li>{@code noop}, the floor: a {@link ScsiTransport} that answers GOOD at once; what remains is the
 *       CDB and the call.
 *   <li>{@code sgio}: {@link SgIoTransport#execute} with the sg driver's two calls answered in memory
 *       (the header comes back as written: GOOD, no sense, its pack_id echoed): argument checks, the
 *       data pointer of the caller's buffer or the copy into the transport's own page-aligned buffer,
 *       CDB and {@code sg_io_hdr} written to native memory, the reply read back and classified.
 *   <li>{@code sgioSyscalls}: the same, with the two calls made for real by the production channel
 *       ({@link SgChannel#NATIVE}, JNA): {@code write(2)} of the 88-byte header into a FIFO and {@code
 *       read(2)} of it back: everything up to the sg driver, whose own work (queueing, copying the
 *       data, the device) is not measured.
 * </ul>
 *
 * <p>{@code command}: {@code tur} (TEST UNIT READY, no data), {@code write} (WRITE(6) of 256 KiB from
 * a page-aligned direct buffer, as tape-format's writers give them: handed to the kernel as is) and
 * {@code writeHeap} (the same from a heap buffer, which the transport copies into its own buffer).
 * A real device is needed for the rest; {@code benchmarks/sgio.sh} prints each figure minus {@code
 * noop} and as a share of the time a 256 KiB block takes an LTO-9 drive at 400 MB/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class SgIoTransportBenchmark {
  static final int BLOCK = 256 << 10;
  static final int PAGE = 4096;

  @Param({"tur", "write", "writeHeap"})
  public String command;

  private final ScsiTransport noop = new ScsiTransport() {
    @Override
    public String deviceName() {
      return "noop";
    }

    @Override
    public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout) {
      return ScsiResult.good(data == null ? 0 : data.remaining());
    }

    @Override
    public void close() {}
  };

  private ByteBuffer data;
  private SgIoTransport inMemory;
  private SgIoTransport fifo;
  private Path fifoDirectory;

  /** The sg driver's two calls answered at once; the header read back is the one written. */
  static final class InMemoryChannel implements SgChannel {
    @Override
    public long submit(int fd, Pointer header, long size) {
      return size;
    }

    @Override
    public long collect(int fd, Pointer header, long size) {
      return size;
    }

    @Override
    public void prepare(int fd) {}

    @Override
    public int reopen(int fd, String node, int flags) {
      return fd;
    }
  }

  @Setup
  public void setUp() throws IOException, InterruptedException {
    data = switch (command) {
      case "tur" -> null;
      case "write" -> ByteBuffer.allocateDirect(BLOCK + PAGE).alignedSlice(PAGE).limit(BLOCK).slice();
      case "writeHeap" -> ByteBuffer.allocate(BLOCK);
      default -> throw new IllegalArgumentException("command " + command);
    };
    inMemory = BenchmarkSgIoTransports.over("in-memory", -1, new InMemoryChannel());
    fifoDirectory = Files.createTempDirectory("tapekit-sgio-bench");
    Path node = fifoDirectory.resolve("sg");
    Process mkfifo = new ProcessBuilder("mkfifo", node.toString()).inheritIO().start();
    if (mkfifo.waitFor() != 0) {
      throw new IOException("mkfifo " + node + " failed");
    }
    // Read-write: the open does not wait for a peer, and the descriptor reads back what it wrote.
    int fd = LibC.open(node.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
    // The production channel: only write and read are used on the FIFO, never the sg ioctls.
    fifo = BenchmarkSgIoTransports.over(node.toString(), fd, SgChannel.NATIVE);
  }

  @TearDown
  public void tearDown() throws IOException {
    inMemory.close();
    fifo.close();
    Files.deleteIfExists(fifoDirectory.resolve("sg"));
    Files.deleteIfExists(fifoDirectory);
  }

  private ScsiResult send(ScsiTransport transport) throws ScsiTransportException {
    ScsiCommand cmd = data == null ? SpcCommands.testUnitReady() : SscCommands.writeVariable(BLOCK);
    ScsiResult result = cmd.execute(transport, data);
    if (!result.isGood()) {
      throw new IllegalStateException(cmd + " answered " + result);
    }
    return result;
  }

  @Benchmark
  public ScsiResult noop() throws ScsiTransportException {
    return send(noop);
  }

  @Benchmark
  public ScsiResult sgio() throws ScsiTransportException {
    return send(inMemory);
  }

  @Benchmark
  public ScsiResult sgioSyscalls() throws ScsiTransportException {
    return send(fifo);
  }
}
