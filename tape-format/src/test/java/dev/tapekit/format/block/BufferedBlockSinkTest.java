package dev.tapekit.format.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BufferedBlockSinkTest {
  private static final int BLOCK = 1024;
  private final ExecutorService producer = Executors.newSingleThreadExecutor();

  @AfterEach
  void noBufferThreadLeft() throws InterruptedException {
    producer.shutdownNow();
    assertTrue(producer.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(List.of(), bufferThreads(), "a tape buffer's thread outlived its sink");
  }

  /** A MemoryTape behind a gate: each write takes a permit, so a test decides when the drive moves. */
  private static final class GatedTape implements BlockSink {
    final MemoryTape tape = new MemoryTape("GATE01");
    final Semaphore permits = new Semaphore(0);
    final AtomicBoolean sawInterrupt = new AtomicBoolean();
    /** The distinct buffers the drive was given, by identity. */
    final List<ByteBuffer> buffers = new ArrayList<>();
    RuntimeException failWith;

    @Override
    public WriteResult write(ByteBuffer block) throws IOException {
      permits.acquireUninterruptibly();
      synchronized (this) {
        if (buffers.stream().noneMatch(b -> b == block)) {
          buffers.add(block);
        }
      }
      sawInterrupt.compareAndSet(false, Thread.currentThread().isInterrupted());
      if (failWith != null) {
        throw failWith;
      }
      return tape.write(block);
    }

    @Override
    public WriteResult writeFilemark() throws IOException {
      return tape.writeFilemark();
    }

    @Override
    public BlockAddress position() throws IOException {
      return tape.position();
    }

    @Override
    public String volume() {
      return tape.volume();
    }

    void open() {
      permits.release(1_000_000);
    }
  }

  private static ByteBuffer block(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  /** Blocks and filemarks (null) of {@code tape}. */
  private static List<byte[]> objects(MemoryTape tape) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < tape.objects(); i++) {
      out.add(tape.object(i));
    }
    return out;
  }

  private static List<String> bufferThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("tape-buffer ") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }

  @Test
  void blocksOfAwkwardSizesReachTheTargetInOrder() throws IOException {
    MemoryTape tape = new MemoryTape("T1");
    List<byte[]> written = new ArrayList<>();
    Random sizes = new Random(15);
    try (BufferedBlockSink sink = new BufferedBlockSink(tape, 3 * BLOCK + 1)) {
      for (int i = 0; i < 500; i++) {
        int n = switch (i % 5) {
          case 0 -> 1;
          case 1 -> BLOCK - 1;
          case 2 -> BLOCK;
          case 3 -> BLOCK + 1;
          default -> 1 + sizes.nextInt(4 * BLOCK); // larger than the buffer: still accepted alone
        };
        ByteBuffer b = block(n, i);
        written.add(bytes(b));
        assertEquals(WriteResult.OK, sink.write(b));
        assertFalse(b.hasRemaining(), "the position advances to the limit");
        if (i == 250) {
          sink.writeFilemark();
          written.add(null);
        }
      }
      sink.flush();
      List<byte[]> onTape = objects(tape);
      assertEquals(written.size(), onTape.size());
      for (int i = 0; i < written.size(); i++) {
        assertArrayEquals(written.get(i), onTape.get(i), "object " + i);
      }
    }
  }

  @Test
  void writeReturnsOnceQueuedAndWaitsOnlyWhenTheBufferIsFull() throws Exception {
    GatedTape drive = new GatedTape();
    try (BufferedBlockSink sink = new BufferedBlockSink(drive, 3 * BLOCK); AutoCloseable gate = drive::open) {
      for (int i = 0; i < 3; i++) {
        assertEquals(WriteResult.OK, sink.write(block(BLOCK, i))); // the drive has taken none
      }
      assertEquals(0, drive.tape.objects());
      Future<WriteResult> fourth = producer.submit(() -> sink.write(block(BLOCK, 3)));
      // the drive cannot move, so the fourth block can have no room
      assertThrows(java.util.concurrent.TimeoutException.class, () -> fourth.get(200, TimeUnit.MILLISECONDS));
      drive.permits.release(1);
      assertEquals(WriteResult.OK, fourth.get(30, TimeUnit.SECONDS));
      drive.open();
    }
    assertEquals(4, drive.tape.objects());
  }

  @Test
  void filemarkAndPositionWaitForTheBlocksBeforeThem() throws Exception {
    GatedTape drive = new GatedTape();
    try (BufferedBlockSink sink = new BufferedBlockSink(drive, 64 * BLOCK); AutoCloseable gate = drive::open) {
      sink.write(block(BLOCK, 1));
      sink.write(block(BLOCK, 2));
      Future<WriteResult> filemark = producer.submit(sink::writeFilemark);
      assertThrows(java.util.concurrent.TimeoutException.class, () -> filemark.get(200, TimeUnit.MILLISECONDS));
      assertEquals(0, drive.tape.objects(), "no filemark before the blocks it ends");
      drive.permits.release(1);
      assertThrows(java.util.concurrent.TimeoutException.class, () -> filemark.get(200, TimeUnit.MILLISECONDS));
      drive.permits.release(1);
      assertEquals(WriteResult.OK, filemark.get(30, TimeUnit.SECONDS));
      List<byte[]> onTape = objects(drive.tape);
      assertEquals(3, onTape.size());
      assertEquals(null, onTape.get(2));
      sink.write(block(BLOCK, 3));
      Future<BlockAddress> at = producer.submit(sink::position);
      assertThrows(java.util.concurrent.TimeoutException.class, () -> at.get(200, TimeUnit.MILLISECONDS));
      drive.open();
      assertEquals(4, at.get(30, TimeUnit.SECONDS).logicalObject());
    }
  }

  @Test
  void aDriveErrorIsThrownAtTheNextCallAndNothingIsWrittenAfterIt() throws Exception {
    GatedTape drive = new GatedTape();
    MemoryTape tape = drive.tape.capacity(2); // the third object is end of medium
    BufferedBlockSink sink = new BufferedBlockSink(drive, 64 * BLOCK);
    for (int i = 0; i < 5; i++) {
      sink.write(block(BLOCK, i)); // queued: the error comes later
    }
    drive.open();
    IOException eom = assertThrows(IOException.class, sink::flush);
    assertTrue(eom.getMessage().contains("end of medium"), eom.getMessage());
    // latched, never retried: each later call throws again, caused by it (not the same instance, so
    // that try-with-resources can add the one from close to the first as suppressed)
    assertSame(eom, assertThrows(IOException.class, () -> sink.write(block(BLOCK, 9))).getCause());
    assertSame(eom, assertThrows(IOException.class, sink::writeFilemark).getCause());
    assertSame(eom, assertThrows(IOException.class, sink::position).getCause());
    assertSame(eom, assertThrows(IOException.class, sink::close).getCause());
    tape.capacity(Long.MAX_VALUE);
    assertEquals(2, tape.objects(), "the queued blocks after the failed one were dropped, no filemark written");
  }

  @Test
  void anErrorStillQueuedIsThrownByClose() throws Exception {
    GatedTape drive = new GatedTape();
    BufferedBlockSink sink = new BufferedBlockSink(drive, 64 * BLOCK);
    sink.write(block(BLOCK, 1));
    drive.failWith = new UncheckedIOException(new IOException("medium error"));
    drive.open();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, sink::close);
    assertEquals("medium error", e.getCause().getMessage());
    assertEquals(0, drive.tape.objects());
  }

  @Test
  void earlyWarningReachesTheCallerAndThenEveryWriteWaitsForTheDrive() throws Exception {
    GatedTape drive = new GatedTape();
    drive.tape.earlyWarningAt(1); // the second block is past early warning
    try (BufferedBlockSink sink = new BufferedBlockSink(drive, 4 * BLOCK); AutoCloseable gate = drive::open) {
      for (int i = 0; i < 4; i++) {
        assertEquals(WriteResult.OK, sink.write(block(BLOCK, i)), "the drive has said nothing yet");
      }
      drive.open();
      WriteResult next = sink.write(block(BLOCK, 4));
      // the fifth write waited for room, so the drive had written at least one block; early warning
      // came with the second: if this write did not see it, the next one does, synchronously
      if (next == WriteResult.OK) {
        next = sink.write(block(BLOCK, 5));
      }
      assertEquals(WriteResult.EARLY_WARNING, next);
      long before = drive.tape.objects();
      for (int i = 0; i < 3; i++) {
        assertEquals(WriteResult.EARLY_WARNING, sink.write(block(BLOCK, 10 + i)));
        assertEquals(before + i + 1, drive.tape.objects(), "past early warning a write returns once on tape");
      }
      // worst case: what was queued when early warning came, at most the buffer, went on after it
      assertTrue(before - 2 <= 4 + 1, "blocks past early warning before the caller knew: " + (before - 2));
    }
  }

  @Test
  void aFailureThrownInsideTryWithResourcesIsNotSuppressedIntoItself() throws Exception {
    MemoryTape tape = new MemoryTape("T5").capacity(0);
    IOException e = assertThrows(IOException.class, () -> {
      try (BufferedBlockSink sink = new BufferedBlockSink(tape, 4 * BLOCK)) {
        sink.write(block(BLOCK, 1));
        sink.flush();
      }
    });
    assertTrue(e.getMessage().contains("end of medium"), e.getMessage());
    assertSame(e, e.getSuppressed()[0].getCause(), "close reports the same failure again, as suppressed");
  }

  @Test
  void nearEarlyWarningTheQueueShrinks() throws Exception {
    GatedTape drive = new GatedTape();
    try (BufferedBlockSink sink = new BufferedBlockSink(drive, 8 * BLOCK); AutoCloseable gate = drive::open) {
      sink.reduceAfter(4 * BLOCK, BLOCK);
      for (int i = 0; i < 4; i++) {
        sink.write(block(BLOCK, i)); // the whole buffer while far from the end
      }
      Future<WriteResult> fifth = producer.submit(() -> sink.write(block(BLOCK, 4)));
      drive.permits.release(3);
      // with one block still queued the fifth has no room in a queue of one block
      assertThrows(java.util.concurrent.TimeoutException.class, () -> fifth.get(200, TimeUnit.MILLISECONDS));
      drive.permits.release(1);
      fifth.get(30, TimeUnit.SECONDS);
      Future<WriteResult> sixth = producer.submit(() -> sink.write(block(BLOCK, 5)));
      assertThrows(java.util.concurrent.TimeoutException.class, () -> sixth.get(200, TimeUnit.MILLISECONDS));
      drive.open();
      sixth.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void closeDrainsTheQueueAndStopsTheThread() throws Exception {
    GatedTape drive = new GatedTape();
    BufferedBlockSink sink = new BufferedBlockSink(drive, 8 * BLOCK);
    for (int i = 0; i < 8; i++) {
      sink.write(block(BLOCK, i));
    }
    Future<?> closing = producer.submit(() -> {
      sink.close();
      return null;
    });
    assertThrows(java.util.concurrent.TimeoutException.class, () -> closing.get(200, TimeUnit.MILLISECONDS));
    drive.open();
    closing.get(30, TimeUnit.SECONDS);
    assertEquals(8, drive.tape.objects());
    assertThrows(IllegalStateException.class, () -> sink.write(block(1, 1)));
    sink.close(); // idempotent
  }

  @Test
  void anInterruptedProducerFailsTheSinkWithoutInterruptingTheDrive() throws Exception {
    GatedTape drive = new GatedTape();
    BufferedBlockSink sink = new BufferedBlockSink(drive, 2 * BLOCK);
    sink.write(block(BLOCK, 1));
    sink.write(block(BLOCK, 2));
    CompletableFuture<Thread> waiting = new CompletableFuture<>();
    Future<Object> third = producer.submit(() -> {
      waiting.complete(Thread.currentThread());
      try {
        return sink.write(block(BLOCK, 3));
      } catch (InterruptedIOException e) {
        return Thread.currentThread().isInterrupted() ? e : "interrupt status lost";
      }
    });
    Thread t = waiting.get(30, TimeUnit.SECONDS);
    assertThrows(java.util.concurrent.TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS));
    t.interrupt();
    Object outcome = third.get(30, TimeUnit.SECONDS);
    InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> { throw (Exception) outcome; });
    drive.open();
    assertSame(e, assertThrows(IOException.class, sink::close).getCause());
    assertFalse(drive.sawInterrupt.get(), "the drive's thread saw an interrupt");
    assertTrue(drive.tape.objects() <= 1, "after the failure at most the block in flight was written");
  }

  @Test
  void buffersAreReusedNotAllocatedPerBlock() throws Exception {
    GatedTape drive = new GatedTape();
    drive.open();
    try (BufferedBlockSink sink = new BufferedBlockSink(drive, 4 * BLOCK)) {
      for (int i = 0; i < 1000; i++) {
        sink.write(block(BLOCK, i));
      }
    }
    assertEquals(1000, drive.tape.objects());
    assertTrue(drive.buffers.size() <= 5, drive.buffers.size() + " buffers for a queue of 4 blocks");
  }

  @Test
  void aSizeOfZeroIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BufferedBlockSink(new MemoryTape("T4"), 0));
  }
}
