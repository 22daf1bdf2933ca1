package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A host-side buffer in front of another {@link BlockSink} (a drive): {@link #write} copies the block
 * into a queue of at most {@code capacity} bytes and returns, and a thread of its own feeds the
 * target, so that a source that stalls for a moment does not stop the drive (what mbuffer or a
 * Bareos spool does for a tape). The queue's buffers are page-aligned, allocated as the queue first
 * fills and then reused: no allocation per block.
 *
 * <p>Contract:
 * <ul>
 *   <li>Blocks reach the target in the order written. {@link #writeFilemark()}, {@link #position()},
 *       {@link #flush()} and {@link #close()} first wait until every block before them is written
 *       to the target: a filemark, and so a commit after it, covers only blocks the drive took.
 *   <li>{@link #write} returns {@link WriteResult#EARLY_WARNING} once the target reported it for any
 *       block, which may be a block queued before this one. From then on writes are synchronous
 *       (each waits until its block is written), so at most {@code capacity} bytes go on tape
 *       between the target's early warning and the caller's learning of it (or the smaller size of
 *       {@link #reduceAfter}, at least one block). Keep that well inside the early-warning zone of
 *       the tapes (see tape-format's README).
 *   <li>A failure of the target (an {@link IOException}: medium error, end of medium, a lost
 *       device; or a {@link RuntimeException}) is latched: the blocks still queued are dropped,
 *       nothing more is written, and every later call ({@code write}, {@code writeFilemark}, {@code
 *       position}, {@code flush}, {@code close}) throws: the first that exception itself, the later
 *       ones an {@link IOException} caused by it (the same instance twice would break
 *       try-with-resources: self-suppression). Nothing is retried.
 *   <li>An interrupt of the caller's thread while it waits is a failure too ({@link
 *       InterruptedIOException}, the interrupt status kept). The writer thread is never interrupted
 *       (an interrupt closes a drive's file channel); it stops when the sink closes or fails.
 *   <li>{@link #close()} writes what is queued, stops the thread and waits for it; it does not close
 *       the target. Idempotent.
 *   <li>One producer thread: the methods are not for concurrent use by several callers.
 * </ul>
 */
public final class BufferedBlockSink implements BlockSink, AutoCloseable {
  private static final int PAGE = 4096;
  private final BlockSink target;
  private final long capacity;
  private final Thread writer;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled whenever the queue, the failure or the state changes. */
  private final Condition changed = lock.newCondition();
  /** Blocks to write, oldest first; the head is being written while {@code busy}. Guarded by lock. */
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  /** Buffers written and ready for reuse. Guarded by lock. */
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  /** Bytes of the blocks in {@code queue}. Guarded by lock. */
  private long queued;
  /** Bytes accepted by {@link #write} so far; the producer's. */
  private long accepted;
  /** Past this many accepted bytes the queue holds at most {@code nearEndCapacity}. */
  private long nearEnd = Long.MAX_VALUE;
  private long nearEndCapacity;
  /** The target's first failure (an IOException or a RuntimeException), or an interrupt. Guarded by lock. */
  private Exception failure;
  /** Whether {@code failure} was thrown to the caller once; later calls throw a new exception caused by it. */
  private boolean reported;
  private boolean earlyWarning; // guarded by lock
  private boolean stopping; // guarded by lock
  private boolean closed; // the producer's

  /**
   * A buffer of {@code capacity} bytes in front of {@code target}; its writer thread starts now.
   *
   * @param capacity bytes of blocks queued at most (at least one block is always accepted)
   */
  public BufferedBlockSink(BlockSink target, long capacity) {
    this.target = Objects.requireNonNull(target, "target");
    if (capacity <= 0) {
      throw new IllegalArgumentException("a buffer of " + capacity + " bytes: give a positive size");
    }
    this.capacity = capacity;
    this.writer = new Thread(this::run, "tape-buffer " + target.volume());
    writer.setDaemon(true);
    writer.start();
  }

  /** The buffer's size in bytes. */
  public long capacity() {
    return capacity;
  }

  /** The most the queue holds now: {@link #capacity()}, or the smaller size once {@link #reduceAfter} applies. */
  public long capacityNow() {
    return accepted >= nearEnd ? nearEndCapacity : capacity;
  }

  /**
   * From {@code bytes} more bytes on, the queue holds at most {@code smaller} bytes: for a tape
   * whose early warning is known to be some way ahead, so that the whole buffer serves until it
   * comes near, and then at most {@code smaller} bytes reach the tape after early warning before the
   * caller learns of it. Give {@code bytes} as the bytes left before early warning minus the
   * capacity: what is queued when the limit comes is then still before early warning.
   */
  public void reduceAfter(long bytes, long smaller) {
    if (bytes < 0 || smaller < 0) {
      throw new IllegalArgumentException("a reduction after " + bytes + " bytes to " + smaller + " bytes");
    }
    nearEnd = accepted + bytes;
    nearEndCapacity = smaller;
  }

  @Override
  public WriteResult write(ByteBuffer block) throws IOException {
    int n = block.remaining();
    ByteBuffer copy;
    lock.lock();
    try {
      checkUsable();
      long limit = capacityNow();
      while (queued > 0 && queued + n > limit) {
        await("waiting for room in the buffer");
      }
      copy = take(n);
    } finally {
      lock.unlock();
    }
    copy.put(block).flip(); // the copy is this thread's until queued
    lock.lock();
    try {
      rethrow(); // the writer may have failed meanwhile: then nothing more is queued
      queue.addLast(copy);
      queued += n;
      accepted += n;
      changed.signalAll();
      if (earlyWarning) { // past early warning the caller must see each block's outcome
        drain();
      }
      return earlyWarning ? WriteResult.EARLY_WARNING : WriteResult.OK;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every block written is on the target, then writes the filemark there. */
  @Override
  public WriteResult writeFilemark() throws IOException {
    flush();
    return direct(() -> target.writeFilemark());
  }

  /** Waits until every block written is on the target, then asks it. */
  @Override
  public BlockAddress position() throws IOException {
    flush();
    return direct(target::position);
  }

  @Override
  public String volume() {
    return target.volume();
  }

  /** Waits until every block written so far is on the target, or throws the target's failure. */
  public void flush() throws IOException {
    lock.lock();
    try {
      checkUsable();
      drain();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is queued, stops the writer thread and waits for it. Throws the target's failure if
   * there was one (then nothing queued was written after it).
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException interrupted = null;
    lock.lock();
    try {
      while (!queue.isEmpty() && failure == null) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = fail(new InterruptedIOException(target.volume() + ": interrupted while the tape buffer "
              + "drained; " + queue.size() + " blocks were not written"));
        }
      }
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    boolean again = false;
    while (true) {
      try {
        writer.join();
        break;
      } catch (InterruptedException e) {
        again = true;
      }
    }
    if (again || interrupted != null) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      free.clear();
      rethrow();
    } finally {
      lock.unlock();
    }
  }

  private interface TargetCall<T> {
    T call() throws IOException;
  }

  /** A call on the target from this thread while the writer is idle; its failure is latched too. */
  private <T> T direct(TargetCall<T> call) throws IOException {
    try {
      return call.call();
    } catch (IOException | RuntimeException e) {
      lock.lock();
      try {
        reported |= failure == null; // thrown here, as itself
        failLocked(e);
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  /** Under lock: a recycled buffer of at least {@code n} bytes, else a new one. */
  private ByteBuffer take(int n) {
    ByteBuffer b = free.pollFirst();
    if (b == null || b.capacity() < n) {
      b = AlignedBuffers.take((n + PAGE - 1) / PAGE * PAGE); // whole pages: an aligned slice has no less
    }
    return b.clear().limit(n);
  }

  /** Under lock: waits until the queue is empty. */
  private void drain() throws IOException {
    while (!queue.isEmpty()) {
      await("waiting for the tape buffer to drain");
    }
    checkUsable();
  }

  /** Under lock: waits for a change, then throws a failure that came. */
  private void await(String what) throws IOException {
    try {
      changed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new InterruptedIOException(target.volume() + ": interrupted while " + what));
      rethrow();
    }
    rethrow();
  }

  /** Under lock: latches {@code e} unless a failure came first; the writer stops. */
  private IOException fail(IOException e) {
    failLocked(e);
    return e;
  }

  /** Under lock: latches {@code e} (an IOException or a RuntimeException) unless a failure came first. */
  private void failLocked(Exception e) {
    if (failure == null) {
      failure = e;
    }
    changed.signalAll();
  }

  /** Takes the lock and latches {@code e}, as {@link #failLocked}. */
  private void latch(Exception e) {
    lock.lock();
    try {
      failLocked(e);
    } finally {
      lock.unlock();
    }
  }

  private void checkUsable() throws IOException {
    rethrow();
    if (closed) {
      throw new IllegalStateException(target.volume() + ": the tape buffer is closed");
    }
  }

  private void rethrow() throws IOException {
    if (failure == null) {
      return;
    }
    if (reported) {
      throw new IOException(target.volume() + ": the tape buffer stopped at an earlier error, nothing written since: "
          + failure.getMessage(), failure);
    }
    reported = true;
    if (failure instanceof IOException e) {
      throw e;
    }
    throw (RuntimeException) failure;
  }

  private void run() {
    while (true) {
      ByteBuffer block;
      lock.lock();
      try {
        while (queue.isEmpty() && !stopping && failure == null) {
          changed.awaitUninterruptibly();
        }
        if (failure != null || queue.isEmpty()) { // failed, or stopping with nothing left
          queue.clear();
          queued = 0;
          changed.signalAll();
          return;
        }
        block = queue.peekFirst();
      } finally {
        lock.unlock();
      }
      int n = block.remaining();
      WriteResult r;
      try {
        r = target.write(block);
      } catch (IOException | RuntimeException e) {
        latch(e);
        continue;
      } catch (Error e) { // the producer must not wait forever for a thread that died
        latch(new IOException(target.volume() + ": the tape buffer's writer thread failed: " + e, e));
        throw e;
      }
      lock.lock();
      try {
        queue.pollFirst();
        queued -= n;
        earlyWarning |= r == WriteResult.EARLY_WARNING;
        free.addLast(block);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
