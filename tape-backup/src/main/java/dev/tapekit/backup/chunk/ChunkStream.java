package dev.tapekit.backup.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The chunks of an {@link InputStream}, one at a time, cut by {@link FastCdc}: the same chunks as
 * cutting the whole input in one array, whatever sizes the stream's reads return.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #next} returns the next chunk as a read-only buffer over this stream's own memory
 *       (position 0, limit the chunk's length), valid until the next call; {@code null} at the end
 *       of the input. {@link #nextHashed} returns a copy with its SHA-256 digest instead.
 *   <li>{@link #offset} is where the chunk last returned starts in the input.
 *   <li>Memory: one buffer that grows with the input up to 2 × max bytes (8 MiB with the default
 *       params), whatever the input's length. Each byte is read once; at most once per max bytes of
 *       input the unread rest (less than max) moves to the buffer's start.
 *   <li>I/O errors of the input pass through. The input is not closed here.
 *   <li>Not thread-safe: one thread reads a stream.
 * </ul>
 *
 * <p>Example, hashing on all cores while one thread writes in file order:
 *
 * <pre>{@code
 * ChunkStream chunks = new ChunkStream(in, ChunkerParams.DEFAULT);
 * try (ParallelHasher hasher = new ParallelHasher(cores, 2 * cores, writer::write)) {
 *   for (ByteBuffer c; (c = chunks.next()) != null; ) {
 *     hasher.submit(chunks.offset(), c);
 *   }
 *   hasher.finish();
 * }
 * }</pre>
 */
public final class ChunkStream {
  private static final int FIRST_BUFFER = 64 << 10;

  private final InputStream in;
  private final FastCdc cdc;
  private final int max;
  private byte[] buf;
  /** The chunks not yet returned are buf[start..end); buf[end..] is free. */
  private int start;
  private int end;
  private boolean eof;
  /** The input offset of buf[start]. */
  private long position;
  private long offset;

  public ChunkStream(InputStream in, ChunkerParams params) {
    this.in = Objects.requireNonNull(in, "in");
    this.cdc = new FastCdc(params);
    this.max = params.max();
    this.buf = new byte[Math.min(2 * max, FIRST_BUFFER)];
  }

  /** The next chunk, valid until the next call, or null at the end of the input (see the class comment). */
  public ByteBuffer next() throws IOException {
    if (!eof && end - start < max) {
      fill();
    }
    if (start == end) {
      return null;
    }
    int cut = cdc.cut(buf, start, end);
    if (cut < 0) {
      cut = end; // fewer than max bytes left, so at the end of the input: they are the last chunk
    }
    ByteBuffer chunk = ByteBuffer.wrap(buf, start, cut - start).slice().asReadOnlyBuffer();
    offset = position;
    position += cut - start;
    start = cut;
    return chunk;
  }

  /** The next chunk, copied, with its SHA-256 digest; or null at the end of the input. */
  public HashedChunk nextHashed() throws IOException {
    ByteBuffer chunk = next();
    if (chunk == null) {
      return null;
    }
    byte[] data = new byte[chunk.remaining()];
    chunk.get(data);
    return HashedChunk.of(offset, data);
  }

  /** Where the chunk last returned starts in the input; 0 before the first. */
  public long offset() {
    return offset;
  }

  /**
   * Moves the unread bytes to the buffer's start and reads until the buffer is full or the input ends,
   * growing the buffer up to 2 × max while the input is longer.
   */
  private void fill() throws IOException {
    System.arraycopy(buf, start, buf, 0, end - start);
    end -= start;
    start = 0;
    while (true) {
      end += in.readNBytes(buf, end, buf.length - end);
      if (end < buf.length) {
        eof = true; // readNBytes returns less than asked only at the end of the input
        return;
      }
      if (buf.length == 2 * max) {
        return;
      }
      buf = Arrays.copyOf(buf, Math.min(2 * max, 2 * buf.length)); // the input is longer than the buffer
    }
  }
}
