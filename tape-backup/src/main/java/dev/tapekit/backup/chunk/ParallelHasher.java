package dev.tapekit.backup.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Names chunks by their SHA-256 on several threads and hands them, in the order they were submitted,
 * to one consumer: the chunker submits, worker threads hash, and the consumer (the dedup decision
 * and a {@link ParallelCompressor}, or a chunk archive writer: what needs file order) runs on a
 * thread of its own, so chunking, hashing and what follows overlap.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #submit} copies the chunk and returns at once, unless {@code maxInFlight} chunks are
 *       submitted and not yet consumed: then it waits for the consumer (and copies after). So memory
 *       stays within {@code maxInFlight} chunks, whatever the input's size.
 *   <li>The consumer is called on one thread, the hasher's, one chunk at a time, in submission order.
 *   <li>A failure (the consumer's exception, or one while hashing) stops delivery: the consumer gets
 *       no further chunks, and the next {@link #submit} or {@link #finish} throws an {@link
 *       IOException} naming the chunk, with the failure as its cause. A consumer that fails because a
 *       later stage failed ({@link ParallelCompressor#submit}) passes that stage's exception on.
 *   <li>{@link #finish} waits until every chunk submitted is consumed. {@link #close} stops the
 *       threads after the consumer call in progress, waiting for it; chunks not yet consumed are
 *       dropped.
 *   <li>{@link #submit} and {@link #finish} are called from one thread, the producer's.
 * </ul>
 */
public final class ParallelHasher implements AutoCloseable {
  /** Receives the hashed chunks, in submission order, on the hasher's delivery thread. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(HashedChunk chunk) throws IOException, InterruptedException;
  }

  /** A chunk submitted: its copy, named in errors by its offset. */
  private record Submitted(long offset, byte[] data) {
    @Override
    public String toString() {
      return "chunk at offset " + offset;
    }
  }

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final OrderedParallelMap<Submitted, byte[]> stage;

  /**
   * A hasher with {@code threads} worker threads (the number of cores, say) that holds at most {@code
   * maxInFlight} chunks (a few per thread keeps every thread busy).
   */
  public ParallelHasher(int threads, int maxInFlight, ChunkConsumer consumer) {
    this(threads, maxInFlight, consumer, data -> Sha256.newDigest().digest(data));
  }

  /** With another hash function, so that tests can slow hashing down or make it fail. */
  ParallelHasher(int threads, int maxInFlight, ChunkConsumer consumer, UnaryOperator<byte[]> hash) {
    Objects.requireNonNull(consumer, "consumer");
    this.stage = new OrderedParallelMap<>("tapekit-hasher-" + INSTANCES.incrementAndGet(), threads, maxInFlight,
        chunk -> true, "hashing", chunk -> hash.apply(chunk.data()),
        (chunk, digest) -> consumer.accept(new HashedChunk(chunk.offset(), chunk.data(), digest)));
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
    stage.submit(() -> {
      byte[] data = new byte[chunk.remaining()];
      chunk.duplicate().get(data);
      return new Submitted(offset, data);
    });
  }

  /**
   * Waits until the consumer has taken every chunk submitted.
   *
   * @throws IOException if a chunk failed (see the class comment)
   * @throws IllegalStateException if the hasher is closed
   */
  public void finish() throws IOException, InterruptedException {
    stage.finish();
  }

  /** Stops the threads (see the class comment). Idempotent. */
  @Override
  public void close() {
    stage.close();
  }
}
