package dev.tapekit.format.block;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Page-aligned direct buffers, as SG_IO transfers them without a bounce copy, recycled: a direct
 * buffer costs a zeroing and a reservation that can stall on the JVM's direct-memory accounting, too
 * much to pay for every tape file opened (every label, every one-chunk restore). Readers and writers
 * give their buffers back when they are done; a buffer not given back is simply collected.
 */
final class AlignedBuffers {
  private static final int PAGE = 4096;
  /** Buffers kept per size: enough for a few drives streaming at once. */
  private static final int KEEP = 8;
  private static final Map<Integer, ConcurrentLinkedDeque<ByteBuffer>> POOL = new ConcurrentHashMap<>();

  private AlignedBuffers() {}

  /** A cleared buffer of {@code size} bytes (contents unspecified). */
  static ByteBuffer take(int size) {
    ConcurrentLinkedDeque<ByteBuffer> q = POOL.get(size);
    ByteBuffer b = q == null ? null : q.pollFirst();
    return b != null ? b.clear() : ByteBuffer.allocateDirect(size + PAGE).alignedSlice(PAGE).limit(size).slice();
  }

  /** Returns {@code b} for reuse; the caller keeps no reference to it or its views. */
  static void give(ByteBuffer b) {
    ConcurrentLinkedDeque<ByteBuffer> q = POOL.computeIfAbsent(b.capacity(), k -> new ConcurrentLinkedDeque<>());
    if (q.size() < KEEP) {
      q.offerFirst(b);
    }
  }
}
