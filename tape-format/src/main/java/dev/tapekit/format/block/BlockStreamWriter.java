package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Writes one tape file as a stream of bytes cut into checked blocks (FORMAT.md, "Blocks"): every
 * block is {@code blockSize} bytes on tape, a {@link BlockHeader} and up to {@code blockSize - 64}
 * bytes of payload; {@link #finish} writes the last block with END_OF_STREAM (and CONTINUED when the
 * stream goes on on another tape), then a filemark.
 *
 * <p>Contract: early warning is sticky and reported by {@link #earlyWarning()} (the caller decides
 * when to finish, a few blocks later is fine); bytes passed to {@link #write} are on tape once {@link
 * #finish} returns. {@link #close()} without {@code finish} writes the filemark only, so the file ends
 * without an end-of-stream block and readers report it truncated. Not thread-safe.
 */
public final class BlockStreamWriter implements AutoCloseable {
  private static final byte[] ZEROS = new byte[64 * 1024];
  private final BlockSink sink;
  private final int blockSize;
  private final UUID stream;
  private final int part;
  private final ByteBuffer block;
  private final BlockAddress start;
  private long sequence;
  private long payloadBytes;
  private boolean earlyWarning;
  private boolean finished;

  /**
   * A stream that starts a new tape file at the sink's current position.
   *
   * @param stream the file's UUID, repeated in every block
   * @param part the part number of the stream on this tape (0 unless it continues one from another tape)
   */
  public BlockStreamWriter(BlockSink sink, int blockSize, UUID stream, int part) throws IOException {
    this.sink = sink;
    this.blockSize = BlockHeader.checkBlockSize(blockSize);
    this.stream = stream;
    this.part = part;
    this.block = AlignedBuffers.take(blockSize);
    this.block.position(BlockHeader.LENGTH);
    this.start = sink.position();
  }

  /** Appends the bytes of {@code src} (position to limit) to the stream. */
  public void write(ByteBuffer src) throws IOException {
    check();
    while (src.hasRemaining()) {
      if (!block.hasRemaining()) {
        emit(0);
      }
      int n = Math.min(src.remaining(), block.remaining());
      ByteBuffer slice = src.slice().limit(n);
      block.put(slice);
      src.position(src.position() + n);
      payloadBytes += n;
    }
  }

  /** Appends {@code b[off, off+len)}. */
  public void write(byte[] b, int off, int len) throws IOException {
    write(ByteBuffer.wrap(b, off, len));
  }

  /** Appends {@code b}. */
  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  /** Payload bytes per block. */
  public int payloadPerBlock() {
    return blockSize - BlockHeader.LENGTH;
  }

  /** The block number (within this file) the next payload byte goes to. */
  public long currentBlock() {
    return block.hasRemaining() ? sequence : sequence + 1;
  }

  /** Payload bytes written so far. */
  public long payloadBytes() {
    return payloadBytes;
  }

  /** Whether the sink reported early warning for any block or filemark of this file. */
  public boolean earlyWarning() {
    return earlyWarning;
  }

  /** Where the file started: its file number and first block's logical object. */
  public BlockAddress start() {
    return start;
  }

  public int blockSize() {
    return blockSize;
  }

  public UUID stream() {
    return stream;
  }

  /**
   * Writes the last block (END_OF_STREAM, and CONTINUED when {@code continued}) and the filemark.
   *
   * @return the number of blocks in the file
   */
  public long finish(boolean continued) throws IOException {
    check();
    emit(BlockHeader.END_OF_STREAM | (continued ? BlockHeader.CONTINUED : 0));
    finished = true;
    AlignedBuffers.give(block);
    if (sink.writeFilemark() == WriteResult.EARLY_WARNING) {
      earlyWarning = true;
    }
    return sequence;
  }

  private void emit(int flags) throws IOException {
    int payload = block.position() - BlockHeader.LENGTH;
    new BlockHeader(BlockHeader.VERSION, flags, blockSize, payload, sequence, stream, part).writeTo(block);
    while (block.hasRemaining()) { // padding: zeros, as FORMAT.md says
      block.put(ZEROS, 0, Math.min(ZEROS.length, block.remaining()));
    }
    block.flip();
    if (sink.write(block) == WriteResult.EARLY_WARNING) {
      earlyWarning = true;
    }
    sequence++;
    block.clear().position(BlockHeader.LENGTH);
  }

  private void check() {
    if (finished) {
      throw new IllegalStateException("stream " + stream + " already finished");
    }
  }

  /** Without {@link #finish}: ends the file with a filemark only (readers report it truncated). */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      sink.writeFilemark();
    }
  }
}
