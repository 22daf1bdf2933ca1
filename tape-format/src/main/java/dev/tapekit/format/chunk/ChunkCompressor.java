package dev.tapekit.format.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decides how a chunk archive stores a chunk's bytes: as a zstd frame at a level when that saves at
 * least 1/32 of the chunk's size (and at least one byte), else as they are. The {@link
 * ChunkArchiveWriter} uses one for its own {@link ChunkArchiveWriter#add(byte[], ByteBuffer) add};
 * a caller that compresses on several threads gives each thread its own and hands the {@link Result}s
 * to {@link ChunkArchiveWriter#add(byte[], ByteBuffer, Result)}, which then writes what a plain add
 * would have written, byte for byte.
 *
 * <p>Contract:
 * <ul>
 *   <li>A {@link Result} owns its bytes (the frame is a copy) and may go to another thread; it records
 *       the level, and an archive of another level refuses it.
 *   <li>Level {@link ChunkArchiveOptions#NO_COMPRESSION} stores every chunk as it is and holds no zstd
 *       context.
 *   <li>Not thread-safe: one zstd context and one scratch buffer (up to the largest chunk's size).
 *       {@link #close()} frees the native context.
 * </ul>
 *
 * <pre>{@code
 * try (ChunkCompressor zstd = new ChunkCompressor(options.compressionLevel())) { // on a worker thread
 *   ChunkCompressor.Result r = zstd.compress(data);
 *   ...
 * }
 * writer.add(digest, data, r); // on the writer's thread, in order
 * }</pre>
 */
public final class ChunkCompressor implements AutoCloseable {
  /** The compressed form is kept only if it saves at least 1/32 of the chunk's size. */
  static final int MIN_SAVING_DIVISOR = 32;

  private final int level;
  private final ZstdCompressCtx zstd;
  private byte[] staging = new byte[0];
  private byte[] scratch = new byte[0];

  /**
   * A compressor at zstd level {@code level}, or {@link ChunkArchiveOptions#NO_COMPRESSION}.
   *
   * @throws IllegalArgumentException for a level zstd does not have
   */
  public ChunkCompressor(int level) {
    ChunkArchiveOptions.checkCompressionLevel(level);
    this.level = level;
    this.zstd = level == ChunkArchiveOptions.NO_COMPRESSION ? null : new ZstdCompressCtx().setLevel(level);
  }

  /** The zstd level, or {@link ChunkArchiveOptions#NO_COMPRESSION}. */
  public int level() {
    return level;
  }

  /**
   * How to store the chunk {@code data} (position to limit; its position does not move).
   *
   * @throws IllegalArgumentException for more than 16 MiB, the most a chunk archive holds
   */
  public Result compress(ByteBuffer data) {
    int length = data.remaining();
    if (length > EntryHeader.MAX_PLAIN) {
      throw new IllegalArgumentException("a chunk of " + length + " bytes; a chunk archive holds chunks of at most "
          + EntryHeader.MAX_PLAIN);
    }
    int frame;
    if (data.hasArray()) {
      frame = compress(data.array(), data.arrayOffset() + data.position(), length);
    } else {
      staging = atLeast(staging, length);
      data.duplicate().get(staging, 0, length);
      frame = compress(staging, 0, length);
    }
    return new Result(level, length, frame < 0 ? null : Arrays.copyOf(scratch, frame));
  }

  /**
   * Compresses {@code plain[offset, offset+length)} into {@link #scratch()} if this level compresses
   * and the frame saves enough (see the class comment).
   *
   * @return the frame's length, or -1 to store the chunk as it is
   */
  int compress(byte[] plain, int offset, int length) {
    int limit = length - Math.max(1, length / MIN_SAVING_DIVISOR);
    if (zstd == null || limit <= 0) {
      return -1;
    }
    scratch = atLeast(scratch, limit);
    try {
      // zstd stops with "destination too small" when the frame would not save enough: no bound-sized buffer
      return zstd.compressByteArray(scratch, 0, limit, plain, offset, length);
    } catch (ZstdException e) {
      if (e.getErrorCode() == Zstd.errDstSizeTooSmall()) {
        return -1;
      }
      throw new IllegalStateException("zstd failed to compress a chunk: " + e.getMessage(), e);
    }
  }

  /** The frame of the last {@link #compress(byte[], int, int)} that returned a length, from index 0. */
  byte[] scratch() {
    return scratch;
  }

  /** Frees the zstd context. Idempotent. */
  @Override
  public void close() {
    if (zstd != null) {
      zstd.close();
    }
  }

  static byte[] atLeast(byte[] buffer, int length) {
    return buffer.length >= length ? buffer : new byte[Math.max(length, Math.min(2 * buffer.length,
        EntryHeader.MAX_PLAIN))];
  }

  /**
   * What a {@link ChunkCompressor} decided for one chunk: a zstd frame to store, or none (the chunk is
   * stored as it is).
   */
  public static final class Result {
    private final int level;
    private final int plainLength;
    private final byte[] frame; // null: stored as it is

    private Result(int level, int plainLength, byte[] frame) {
      this.level = level;
      this.plainLength = plainLength;
      this.frame = frame;
    }

    /** The level it was decided at. */
    public int level() {
      return level;
    }

    /** The length of the chunk it was decided for. */
    public int plainLength() {
      return plainLength;
    }

    /** Whether the chunk is stored as a zstd frame. */
    public boolean compressed() {
      return frame != null;
    }

    /** The bytes stored before any encryption: the frame's length, or the plain length. */
    public int storedLength() {
      return frame == null ? plainLength : frame.length;
    }

    /** The frame's array itself, for the writer; null when stored as it is. */
    byte[] frameArray() {
      return frame;
    }

    @Override
    public String toString() {
      return frame == null ? "stored as it is (" + plainLength + " bytes, zstd level " + level + ")"
          : "zstd level " + level + ", " + plainLength + " -> " + frame.length + " bytes";
    }
  }
}
