package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Reads one tape file written by {@link BlockStreamWriter} back as a stream of bytes, checking every
 * block (FORMAT.md, "What a reader checks"): FOREIGN for anything not a tapekit block, TOO_NEW,
 * CORRUPT when a checksum fails, INVALID for impossible fields, MISPLACED for a block of another
 * stream or part, OUT_OF_ORDER for a gap or a repeat in the sequence, TRUNCATED when the file or
 * the tape ends before the end-of-stream block. Every error names tape, file and block.
 *
 * <p>The reader starts at the first block of the file (the source's position). {@link #read}
 * returns -1 after the end-of-stream block, whose following filemark it consumes. Not thread-safe.
 */
public final class BlockStreamReader {
  private final BlockSource source;
  private final TapeLocation file;
  private final UUID expectedStream;
  private final int expectedPart;
  private ByteBuffer block;
  private ByteBuffer payload = ByteBuffer.allocate(0);
  private BlockHeader first;
  private BlockHeader last;
  private long sequence;
  private boolean ended;

  /**
   * @param fileNumber the tape file being read, for messages
   * @param expectedStream the stream UUID its blocks must carry, or null to take the first block's
   * @param expectedPart the part number its blocks must carry, or -1 to take the first block's
   */
  public BlockStreamReader(BlockSource source, long fileNumber, UUID expectedStream, int expectedPart) {
    this(source, fileNumber, expectedStream, expectedPart, 0);
  }

  /**
   * A reader that starts inside a file, at block {@code firstSequence} (the source positioned there,
   * e.g. by LOCATE to the file's first logical object + {@code firstSequence}): for reading one chunk
   * or an index without the blocks before it.
   */
  public BlockStreamReader(BlockSource source, long fileNumber, UUID expectedStream, int expectedPart,
      long firstSequence) {
    this.source = source;
    this.file = new TapeLocation(source.volume(), fileNumber, -1);
    this.expectedStream = expectedStream;
    this.expectedPart = expectedPart;
    this.sequence = firstSequence;
  }

  /**
   * A reader of stream {@code stream} (part 0) from block {@code block} of the file that starts at
   * {@code fileStart}: LOCATE to the block, then read on from there.
   */
  public static BlockStreamReader locatedAt(BlockSource source, BlockAddress fileStart, UUID stream, long block)
      throws IOException {
    source.locate(fileStart.logicalObject() + block);
    return new BlockStreamReader(source, fileStart.file(), stream, 0, block);
  }

  /**
   * The end of a file's stream read from the tape alone: LOCATE to the next file to learn where this
   * one ends, then read its last two blocks. The file must end with its filemark.
   *
   * @param bytes the payload of those blocks, to the end of the stream
   * @param firstBlock the block {@code bytes} starts at
   * @param lastBlock the file's last block
   */
  public record Tail(byte[] bytes, long firstBlock, long lastBlock, int payloadPerBlock) {
    /** The stream offset of {@code bytes[0]}. */
    public long start() {
      return firstBlock * payloadPerBlock;
    }
  }

  /** Reads the {@link Tail} of stream {@code stream} (part 0) of the file starting at {@code fileStart}. */
  public static Tail readTail(BlockSource source, BlockAddress fileStart, UUID stream, int maxBytes)
      throws IOException {
    source.locateFile(fileStart.file() + 1);
    long last = source.position().logicalObject() - 2 - fileStart.logicalObject();
    long first = Math.max(0, last - 1);
    BlockStreamReader blocks = locatedAt(source, fileStart, stream, first);
    byte[] bytes = blocks.readRest(maxBytes);
    return new Tail(bytes, first, last, blocks.blockSize() - BlockHeader.LENGTH);
  }

  /**
   * The rest of the stream, to its end.
   *
   * @throws TapeFormatException INVALID when it is longer than {@code maxBytes}
   */
  public byte[] readRest(int maxBytes) throws IOException {
    byte[] all = new byte[BlockHeader.MIN_BLOCK];
    int n = 0;
    int r;
    while ((r = read(ByteBuffer.wrap(all, n, all.length - n))) >= 0) {
      n += r;
      if (n == all.length) {
        if (all.length >= maxBytes) {
          throw new TapeFormatException(Kind.INVALID, location(), "more than " + maxBytes
              + " bytes where the format allows at most that");
        }
        all = java.util.Arrays.copyOf(all, Math.min(2 * all.length, maxBytes + 1));
      }
    }
    return java.util.Arrays.copyOf(all, n);
  }

  /** A reader of the file at the source's current position that takes stream and part from its first block. */
  public static BlockStreamReader atCurrentFile(BlockSource source) throws IOException {
    return new BlockStreamReader(source, source.position().file(), null, -1);
  }

  /**
   * Reads up to {@code dst.remaining()} bytes of payload into {@code dst}.
   *
   * @return bytes read, or -1 at the end of the stream
   */
  public int read(ByteBuffer dst) throws IOException {
    while (!payload.hasRemaining()) {
      if (ended || !nextBlock()) {
        return -1;
      }
    }
    int n = Math.min(dst.remaining(), payload.remaining());
    ByteBuffer slice = payload.slice().limit(n);
    dst.put(slice);
    payload.position(payload.position() + n);
    return n;
  }

  /** Reads exactly {@code dst.remaining()} bytes, or fails TRUNCATED naming {@code what}. */
  public void readFully(ByteBuffer dst, String what) throws IOException {
    while (dst.hasRemaining()) {
      if (read(dst) < 0) {
        throw new TapeFormatException(Kind.TRUNCATED, location(), "the stream ends inside " + what);
      }
    }
  }

  /** Whether the end-of-stream block has been read. */
  public boolean ended() {
    return ended;
  }

  /** After the end: whether the stream continues on another tape (CONTINUED flag). */
  public boolean continued() {
    if (!ended) {
      throw new IllegalStateException("the stream has not ended yet");
    }
    return last.continued();
  }

  /** The stream's UUID (after the first read). */
  public UUID stream() {
    return first == null ? expectedStream : first.stream();
  }

  /** The stream's part number (after the first read). */
  public int part() {
    return first == null ? expectedPart : first.part();
  }

  /** The application block size (after the first read). */
  public int blockSize() {
    return first == null ? 0 : first.blockSize();
  }

  /** The location of the block being read (or about to be). */
  public TapeLocation location() {
    return file.atBlock(Math.max(0, sequence - (payload.hasRemaining() || ended ? 1 : 0)));
  }

  private boolean nextBlock() throws IOException {
    TapeLocation where = file.atBlock(sequence);
    if (block == null) {
      block = AlignedBuffers.take(BlockHeader.MAX_BLOCK);
    }
    block.clear();
    ReadResult r = source.read(block);
    switch (r.kind()) {
      case FILEMARK -> throw new TapeFormatException(Kind.TRUNCATED, where, sequence == 0
          ? "the file is empty (a filemark where its first block should be)"
          : "the file ends after " + sequence + " blocks without an end-of-stream block: it was cut off (a crash "
              + "or a full tape while writing)");
      case END_OF_DATA -> throw new TapeFormatException(Kind.TRUNCATED, where, sequence == 0
          ? "end of data: no file here"
          : "the tape's data ends after " + sequence + " blocks of this file, without an end-of-stream block");
      case OVERLENGTH_BLOCK -> throw new TapeFormatException(Kind.FOREIGN, where, "a block of " + r.blockLength()
          + " bytes, longer than tapekit ever writes (" + BlockHeader.MAX_BLOCK + "): not a tapekit file");
      default -> { }
    }
    ByteBuffer read = block;
    BlockHeader h = BlockHeader.read(read, r.length(), where);
    if (first == null) {
      if (expectedStream != null && !expectedStream.equals(h.stream())) {
        throw misplaced(where, "stream " + h.stream() + ", not the expected " + expectedStream);
      }
      if (expectedPart >= 0 && expectedPart != h.part()) {
        throw misplaced(where, "part " + h.part() + " of its stream, not the expected part " + expectedPart);
      }
      first = h;
      if (h.blockSize() < BlockHeader.MAX_BLOCK) {
        // Later blocks go to a buffer of the file's block size; this one is copied there so the
        // 4 MiB probe goes back to the pool at once.
        ByteBuffer sized = AlignedBuffers.take(h.blockSize());
        sized.put(read.duplicate().flip());
        AlignedBuffers.give(read);
        block = sized;
        read = sized;
      }
    } else {
      if (!h.stream().equals(first.stream()) || h.part() != first.part()) {
        throw misplaced(where, "stream " + h.stream() + " part " + h.part() + ", but this file is stream "
            + first.stream() + " part " + first.part());
      }
      if (h.blockSize() != first.blockSize()) {
        throw new TapeFormatException(Kind.INVALID, where, "block size " + h.blockSize() + " differs from the file's "
            + first.blockSize());
      }
    }
    if (h.sequence() != sequence) {
      throw new TapeFormatException(Kind.OUT_OF_ORDER, where, h.sequence() < sequence
          ? "block " + h.sequence() + " again (a repeated block) where block " + sequence + " should be"
          : "block " + h.sequence() + " where block " + sequence + " should be: " + (h.sequence() - sequence)
              + " block(s) missing");
    }
    sequence++;
    last = h;
    ByteBuffer view = read.duplicate();
    view.limit(BlockHeader.LENGTH + h.payloadLength()).position(BlockHeader.LENGTH);
    payload = view.slice();
    if (h.endOfStream()) {
      ended = true;
      expectFilemark(file.atBlock(sequence));
      // The payload of this last block is still to be read: copy it out so the buffer can go back.
      ByteBuffer rest = ByteBuffer.allocate(payload.remaining());
      rest.put(payload.duplicate()).flip();
      payload = rest;
      AlignedBuffers.give(block);
      block = null;
    }
    return true;
  }

  /** After the end-of-stream block comes the filemark (or, after a crash between the two, end of data). */
  private void expectFilemark(TapeLocation where) throws IOException {
    ByteBuffer probe = ByteBuffer.allocate(BlockHeader.LENGTH);
    ReadResult r = source.read(probe);
    if (r.hasData()) {
      throw new TapeFormatException(Kind.INVALID, where, "a block after the end-of-stream block, where the filemark "
          + "should be");
    }
  }

  private static TapeFormatException misplaced(TapeLocation where, String what) {
    return new TapeFormatException(Kind.MISPLACED, where, "this block belongs to " + what
        + ": a block of another file, tape or media set");
  }
}
