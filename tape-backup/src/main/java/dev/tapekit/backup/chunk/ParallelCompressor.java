package dev.tapekit.backup.chunk;

import dev.tapekit.format.chunk.ChunkCompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compresses, on several threads, the hashed chunks a media set does not have yet, and hands them,
 * in the order they were submitted, to one consumer (a writer that stores them with {@code
 * ChunkArchiveWriter.add(digest, data, compression)}): the stage after {@link ParallelHasher} in a
 * backup, so that zstd runs on all cores while one thread writes.
 *
 * <p>Dedup comes first, so that an incremental backup does not compress what it will not write: on
 * the delivery thread, in submission order, each chunk is offered to {@code dedup}; a chunk it has,
 * or one whose digest is already on its way to the consumer, is dropped here, uncompressed. {@code
 * dedup} and the consumer run on the same thread, so they may share a writer that is not
 * thread-safe.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #submit} returns at once, unless {@code maxInFlight} chunks are submitted and neither
 *       consumed nor dropped: then it waits. Memory: those chunks and their frames.
 *   <li>{@code dedup} and the consumer are called on one thread, the compressor's, one call at a
 *       time, each in submission order; {@code dedup} may run for later chunks before the consumer
 *       has had earlier ones (it looks ahead to keep the workers busy). The consumer gets every chunk
 *       {@code dedup} did not have, once per digest.
 *   <li>Each worker thread has its own {@link ChunkCompressor} at {@code level}: the level of the
 *       chunk archives the consumer writes, which refuse another.
 *   <li>Failures, {@link #finish} and {@link #close} as {@link ParallelHasher}'s; a failure here
 *       passes through a hasher whose consumer submits to this stage.
 *   <li>{@link #submit} is called from one thread at a time; {@link #finish} from any.
 * </ul>
 */
public final class ParallelCompressor implements AutoCloseable {
  /** Whether the media set has the chunk {@code digest} already (then it is not compressed or written). */
  @FunctionalInterface
  public interface Dedup {
    boolean has(byte[] digest) throws IOException;
  }

  /** Receives the chunks to write, with their compression, in submission order on the compressor's thread. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(HashedChunk chunk, ChunkCompressor.Result compression) throws IOException, InterruptedException;
  }

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final OrderedParallelMap<HashedChunk, ChunkCompressor.Result> stage;
  /** One per worker thread: a worker takes one for a chunk and puts it back. */
  private final BlockingQueue<ChunkCompressor> idle;
  /** Digests admitted and not yet consumed; the delivery thread's alone. */
  private final Set<ByteBuffer> onTheWay = new HashSet<>();

  /**
   * A compressor with {@code threads} worker threads (the number of cores, say) that holds at most
   * {@code maxInFlight} chunks.
   *
   * @param level the zstd level of the chunk archives written (tapekit's {@code PoolWriter} writes
   *     {@code ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL})
   */
  public ParallelCompressor(int level, int threads, int maxInFlight, Dedup dedup, ChunkConsumer consumer) {
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(consumer, "consumer");
    if (threads < 1) {
      throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
    }
    this.idle = new ArrayBlockingQueue<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        idle.add(new ChunkCompressor(level));
      }
      this.stage = new OrderedParallelMap<>("tapekit-compressor-" + INSTANCES.incrementAndGet(), threads,
          maxInFlight, chunk -> !dedup.has(chunk.digest()) && onTheWay.add(ByteBuffer.wrap(chunk.digest())),
          "compression", this::compress, (chunk, compression) -> {
            consumer.accept(chunk, compression);
            onTheWay.remove(ByteBuffer.wrap(chunk.digest()));
          });
    } catch (RuntimeException | Error e) {
      idle.forEach(ChunkCompressor::close);
      throw e;
    }
  }

  private ChunkCompressor.Result compress(HashedChunk chunk) {
    ChunkCompressor zstd = idle.poll(); // never null: as many compressors as workers
    try {
      return zstd.compress(ByteBuffer.wrap(chunk.data()));
    } finally {
      idle.add(zstd);
    }
  }

  /**
   * Queues the chunk (not copied: see {@link HashedChunk}), waiting while {@code maxInFlight} chunks
   * are in flight.
   *
   * @throws IOException if an earlier chunk failed (see the class comment)
   * @throws IllegalStateException if the compressor is closed
   */
  public void submit(HashedChunk chunk) throws IOException, InterruptedException {
    Objects.requireNonNull(chunk, "chunk");
    stage.submit(() -> chunk);
  }

  /**
   * Waits until every chunk submitted is consumed or dropped.
   *
   * @throws IOException if a chunk failed (see the class comment)
   * @throws IllegalStateException if the compressor is closed
   */
  public void finish() throws IOException, InterruptedException {
    stage.finish();
  }

  /** Stops the threads (see the class comment) and frees the zstd contexts. Idempotent. */
  @Override
  public void close() {
    stage.close();
    for (ChunkCompressor zstd; (zstd = idle.poll()) != null; ) {
      zstd.close();
    }
  }
}
