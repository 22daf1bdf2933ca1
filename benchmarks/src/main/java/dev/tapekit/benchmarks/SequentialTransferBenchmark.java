package dev.tapekit.benchmarks;

import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.WriteResult;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Sequential 256 KiB variable-length blocks through the whole in-process stack: {@link ScsiTapeDrive}
 * building WRITE(6)/READ(6) CDBs, the {@link VirtualTapeDrive} decoding them, and the {@link
 * CartridgeFile} appending and checksumming records in a file that lives in the page cache.
 *
 * <p>One operation is one block; the {@code bytes} counter is reported per second, so its score is
 * bytes/s. The tape goes back to BOP (LOCATE 0, which does not force the file) after {@code
 * cycleMiB} MiB so the file never grows beyond that; a write at BOP truncates the file, as a real
 * overwrite does. The read benchmark first records {@code cycleMiB} MiB and then reads it round and
 * round. Blocks hold random bytes (all-zero blocks would be stored sparse and measure nothing).
 * Buffers are direct, as an SG_IO transport needs them.
 *
 * <p>Run from the jar, never from the build: {@code java -jar benchmarks/target/benchmarks.jar
 * SequentialTransfer}. {@code -p dir=/dev/shm} puts the cartridge on tmpfs instead of the default
 * temporary directory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
public class SequentialTransferBenchmark {
  /** Block length: tapekit's on-tape block size. */
  public static final int BLOCK = 256 * 1024;
  private static final long CAPACITY = 64L << 30;

  /** A virtual LTO-9 drive with a cartridge file in a temporary directory. */
  @State(Scope.Thread)
  public static class Tape {
    /** MiB transferred before returning to BOP. */
    @Param("512")
    public int cycleMiB;

    /** Directory for the cartridge file; empty for {@code java.io.tmpdir}. */
    @Param("")
    public String dir;

    Path home;
    CartridgeFile cartridge;
    ScsiTapeDrive drive;
    ByteBuffer buffer;
    long blocksPerCycle;
    long blocksThisCycle;

    @Setup(Level.Trial)
    public void load(BenchmarkParams params) throws IOException {
      home = dir.isEmpty() ? Files.createTempDirectory("tapekit-bench") : Files.createTempDirectory(Path.of(dir), "tapekit-bench");
      cartridge = CartridgeFile.create(home.resolve("B00001L9.tkc"),
          CartridgeInfo.fresh(Barcode.parse("B00001L9"), CAPACITY, "20260101"));
      VirtualTapeDrive virtual = new VirtualTapeDrive("vtl:bench:0", DrivePersonality.ibmLto(9), "BENCH00001",
          new byte[8], new FaultPlan());
      virtual.insert(cartridge);
      drive = new ScsiTapeDrive(virtual);
      drive.waitUntilReady(Duration.ofSeconds(10));
      drive.setBlockSize(0);
      byte[] content = new byte[BLOCK];
      new SplittableRandom(1).nextBytes(content);
      buffer = ByteBuffer.allocateDirect(BLOCK);
      buffer.put(content).flip();
      blocksPerCycle = ((long) cycleMiB << 20) / BLOCK;
      if (params.getBenchmark().endsWith(".read")) {
        for (long i = 0; i < blocksPerCycle; i++) {
          buffer.clear();
          drive.write(buffer);
        }
        drive.rewind();
      }
    }

    @TearDown(Level.Trial)
    public void unload() throws IOException {
      drive.close();
      cartridge.close();
      try (Stream<Path> files = Files.walk(home)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }

    /** Goes back to BOP when a cycle is complete. */
    void nextBlock() throws IOException {
      if (blocksThisCycle == blocksPerCycle) {
        drive.locate(0);
        blocksThisCycle = 0;
      }
      blocksThisCycle++;
      buffer.clear();
    }
  }

  /** Bytes moved, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Transferred {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Benchmark
  public WriteResult write(Tape tape, Transferred transferred) throws IOException {
    tape.nextBlock();
    WriteResult r = tape.drive.write(tape.buffer);
    transferred.bytes += BLOCK;
    return r;
  }

  @Benchmark
  public ReadResult read(Tape tape, Transferred transferred) throws IOException {
    tape.nextBlock();
    ReadResult r = tape.drive.read(tape.buffer);
    if (r.length() != BLOCK) {
      throw new IllegalStateException("expected a " + BLOCK + "-byte block, read " + r);
    }
    transferred.bytes += r.length();
    return r;
  }
}
