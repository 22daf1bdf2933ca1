package dev.tapekit.backup.chunk;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.format.chunk.StoredChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The restore side of {@link ParallelCompressor}: chunks read from tape are decoded (stored CRC,
 * software decryption, zstd, SHA-256 against the digest: {@link StoredChunk#decode}) on worker
 * threads and handed, in the order they were read, to one consumer on a thread of its own, so that
 * the thread reading the drive does nothing else.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #submit} queues a chunk and returns at once, unless {@code maxInFlight} chunks are
 *       submitted and not yet consumed: then it waits. So memory stays within {@code maxInFlight}
 *       chunks (stored and plain), whatever the restore's size.
 *   <li>A chunk that fails its checks is a result, not a failure of the stage: the consumer gets the
 *       exception instead of the data, and the chunks after it go on. {@link #failed} passes a chunk
 *       that could not even be read to the consumer the same way, in its place in the order.
 *   <li>The consumer is called on one thread, one chunk at a time, in submission order. A consumer's
 *       exception stops delivery: the next {@link #submit} or {@link #finish} throws an {@link
 *       IOException} naming the chunk, with that exception as its cause.
 *   <li>{@link #finish} waits until every chunk submitted is consumed. {@link #close} stops the
 *       threads after the consumer call in progress, waiting for it; chunks not consumed are dropped.
 *   <li>{@link #submit}, {@link #failed} and {@link #finish} are called from one thread.
 * </ul>
 *
 * @param <T> what the caller names each chunk by (passed back to the consumer)
 */
public final class ParallelChunkDecoder<T> implements AutoCloseable {
  /** Receives each chunk, in submission order: its plain bytes, or why there are none. */
  @FunctionalInterface
  public interface ChunkConsumer<T> {
    /**
     * @param data the chunk's checked plain bytes, or null when {@code failure} says why not
     * @param failure what failed reading or decoding the chunk, or null
     */
    void accept(T chunk, ByteBuffer data, Exception failure) throws IOException, InterruptedException;
  }

  private record Item<T>(T chunk, StoredChunk stored, Exception failure) {
    @Override
    public String toString() {
      return "chunk " + chunk;
    }
  }

  private record Outcome(ByteBuffer data, Exception failure) {}

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final OrderedParallelMap<Item<T>, Outcome> stage;

  /**
   * A decoder with {@code threads} worker threads (the number of cores, say) that holds at most
   * {@code maxInFlight} chunks.
   *
   * @param key the media set's payload key when its archives are software-encrypted
   */
  public ParallelChunkDecoder(int threads, int maxInFlight, Optional<MediaSetKey> key, ChunkConsumer<T> consumer) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consumer, "consumer");
    this.stage = new OrderedParallelMap<>("tapekit-decoder-" + INSTANCES.incrementAndGet(), threads, maxInFlight,
        item -> true, "decoding", item -> decode(item, key),
        (item, outcome) -> consumer.accept(item.chunk(), outcome.data(), outcome.failure()));
  }

  private static Outcome decode(Item<?> item, Optional<MediaSetKey> key) {
    if (item.failure() != null) {
      return new Outcome(null, item.failure());
    }
    try {
      return new Outcome(item.stored().decode(key), null);
    } catch (Exception e) {
      return new Outcome(null, e);
    }
  }

  /**
   * Queues {@code stored} for decoding, waiting while {@code maxInFlight} chunks are in flight.
   *
   * @throws IOException if the consumer failed (see the class comment)
   * @throws IllegalStateException if the decoder is closed
   */
  public void submit(T chunk, StoredChunk stored) throws IOException, InterruptedException {
    Objects.requireNonNull(stored, "stored");
    stage.submit(() -> new Item<>(chunk, stored, null));
  }

  /** Passes {@code chunk}, which could not be read ({@code failure}), to the consumer in its turn. */
  public void failed(T chunk, Exception failure) throws IOException, InterruptedException {
    Objects.requireNonNull(failure, "failure");
    stage.submit(() -> new Item<>(chunk, null, failure));
  }

  /** Waits until every chunk submitted is consumed; throws as {@link #submit} does. */
  public void finish() throws IOException, InterruptedException {
    stage.finish();
  }

  @Override
  public void close() {
    stage.close();
  }
}
