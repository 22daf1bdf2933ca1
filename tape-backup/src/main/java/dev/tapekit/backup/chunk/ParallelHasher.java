package dev.tapekit.backup.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Names chunks by their SHA-256 on several threads and hands them, in the order they were submitted,
 * to one consumer: the chunker submits, worker threads hash, and the consumer (a chunk archive
 * writer, which needs file order) runs on a thread of its own, so chunking, hashing and writing
 * overlap.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #submit} copies the chunk and returns at once, unless {@code maxInFlight} chunks are
 *       submitted and not yet consumed: then it waits for the consumer. So memory stays within
 *       {@code maxInFlight} chunks, whatever the input's size.
 *   <li>The consumer is called on one thread, the hasher's, one chunk at a time, in submission order.
 *   <li>A failure (the consumer's exception, or one while hashing) stops delivery: the consumer gets
 *       no further chunks, and the next {@link #submit} or {@link #finish} throws an {@link
 *       IOException} naming the chunk, with the failure as its cause.
 *   <li>{@link #finish} waits until every chunk submitted is consumed. {@link #close} stops the
 *       threads without waiting; chunks not yet consumed are dropped.
 *   <li>{@link #submit} and {@link #finish} are called from one thread, the producer's.
 * </ul>
 */
public final class ParallelHasher implements AutoCloseable {
  /** Receives the hashed chunks, in submission order, on the hasher's delivery thread. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(HashedChunk chunk) throws IOException;
  }

  private record Pending(long offset, Future<HashedChunk> chunk) {}

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final int maxInFlight;
  private final ChunkConsumer consumer;
  private final UnaryOperator<byte[]> hash;
  private final ExecutorService workers;
  private final Thread delivery;
  /** In submission order; never more than maxInFlight elements, as each holds a slot of inFlight. */
  private final BlockingQueue<Pending> order = new LinkedBlockingQueue<>();
  /** Chunks submitted and not yet consumed; guarded by this. */
  private int inFlight;
  /** The first failure, with the chunk it happened to; guarded by this. */
  private IOException failure;
  private boolean closed;

  /**
   * A hasher with {@code threads} worker threads (the number of cores, say) that holds at most {@code
   * maxInFlight} chunks (a few per thread keeps every thread busy).
   */
  public ParallelHasher(int threads, int maxInFlight, ChunkConsumer consumer) {
    this(threads, maxInFlight, consumer, data -> Sha256.newDigest().digest(data));
  }

  /** With another hash function, so that tests can slow hashing down or make it fail. */
  ParallelHasher(int threads, int maxInFlight, ChunkConsumer consumer, UnaryOperator<byte[]> hash) {
    if (threads < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("threads (" + threads + ") and maxInFlight (" + maxInFlight
          + ") must be at least 1");
    }
    this.maxInFlight = maxInFlight;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.hash = hash;
    String name = "tapekit-hasher-" + INSTANCES.incrementAndGet();
    AtomicInteger worker = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, name + "-worker-" + worker.incrementAndGet()));
    this.delivery = daemon(this::deliver, name + "-delivery");
    delivery.start();
  }

  /**
   * Copies the chunk's remaining bytes (its position does not move) and queues them for hashing,
   * waiting while {@code maxInFlight} chunks are in flight.
   *
   * @param offset where the chunk starts in its input, passed on in {@link HashedChunk#offset}
   * @throws IOException if an earlier chunk failed (see the class comment)
   * @throws IllegalStateException if the hasher is closed
   */
  public void submit(long offset, ByteBuffer chunk) throws IOException, InterruptedException {
    synchronized (this) {
      while (inFlight == maxInFlight && failure == null && !closed) {
        wait();
      }
      checkOpen();
      inFlight++;
    }
    byte[] data = new byte[chunk.remaining()];
    chunk.duplicate().get(data);
    order.add(new Pending(offset, workers.submit(() -> new HashedChunk(offset, data, hash.apply(data)))));
  }

  /**
   * Waits until the consumer has taken every chunk submitted.
   *
   * @throws IOException if a chunk failed (see the class comment)
   * @throws IllegalStateException if the hasher is closed
   */
  public synchronized void finish() throws IOException, InterruptedException {
    while (inFlight > 0 && failure == null && !closed) {
      wait();
    }
    checkOpen();
  }

  /** Stops the threads without waiting for the chunks in flight, which are dropped. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    workers.shutdownNow();
    delivery.interrupt();
  }

  private void checkOpen() throws IOException {
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure.getCause());
    }
    if (closed) {
      throw new IllegalStateException("the hasher is closed");
    }
  }

  private void deliver() {
    long offset = -1;
    try {
      while (true) {
        Pending next = order.take();
        offset = next.offset();
        HashedChunk chunk;
        try {
          chunk = next.chunk().get();
        } catch (ExecutionException e) {
          fail(new IOException("chunk at offset " + offset + ": hashing failed: " + e.getCause(), e.getCause()));
          return;
        }
        consumer.accept(chunk);
        synchronized (this) {
          inFlight--;
          notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // close(): stop
    } catch (Exception | Error e) {
      fail(new IOException("chunk at offset " + offset + ": the consumer failed: " + e, e));
    }
  }

  private synchronized void fail(IOException e) {
    failure = e;
    notifyAll();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
