package dev.tapekit.format.label;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The first object of a tape file, read raw (a block of up to 4 MiB, a filemark or end of data), and
 * a {@link BlockSource} that hands it out again before reading on: so the labels are read by the
 * ordinary readers after a look at what is there, without moving the tape back.
 */
final class FirstObject {
  private static final int PAGE = 4096;

  private final ReadResult result;
  private final ByteBuffer data;

  private FirstObject(ReadResult result, ByteBuffer data) {
    this.result = result;
    this.data = data;
  }

  /** A page-aligned direct buffer of 4 MiB (the largest block tapekit writes), as SG_IO wants it. */
  static ByteBuffer buffer() {
    return ByteBuffer.allocateDirect(BlockHeader.MAX_BLOCK + PAGE).alignedSlice(PAGE).limit(BlockHeader.MAX_BLOCK)
        .slice();
  }

  /** Reads the next object from {@code source} into {@code buffer} (which it keeps until the next read into it). */
  static FirstObject read(BlockSource source, ByteBuffer buffer) throws IOException {
    buffer.clear();
    ReadResult r = source.read(buffer);
    return new FirstObject(r, buffer.duplicate().position(0).limit(r.length()).slice());
  }

  ReadResult result() {
    return result;
  }

  ReadResult.Kind kind() {
    return result.kind();
  }

  /** The bytes read (position 0, limit the length): the whole block, or its first 4 MiB when it is longer. */
  ByteBuffer data() {
    return data.duplicate();
  }

  /** {@code source} as it was before this object was read: the object first, then the rest of the tape. */
  BlockSource replay(BlockSource source) {
    return new Replay(source);
  }

  private final class Replay implements BlockSource {
    private final BlockSource source;
    private boolean pending = true;

    Replay(BlockSource source) {
      this.source = source;
    }

    @Override
    public ReadResult read(ByteBuffer buffer) throws IOException {
      if (!pending) {
        return source.read(buffer);
      }
      pending = false;
      if (!result.hasData()) {
        return result;
      }
      int n = Math.min(data.remaining(), buffer.remaining());
      buffer.put(data.duplicate().limit(n));
      ReadResult.Kind kind = result.blockLength() > n ? ReadResult.Kind.OVERLENGTH_BLOCK
          : buffer.hasRemaining() ? ReadResult.Kind.SHORT_BLOCK : ReadResult.Kind.DATA;
      return new ReadResult(kind, n, result.blockLength());
    }

    @Override
    public void locateFile(long file) throws IOException {
      pending = false;
      source.locateFile(file);
    }

    @Override
    public void locate(long logicalObject) throws IOException {
      pending = false;
      source.locate(logicalObject);
    }

    @Override
    public BlockAddress position() throws IOException {
      if (pending) {
        throw new IllegalStateException("the position of a replayed object is not known");
      }
      return source.position();
    }

    @Override
    public String volume() {
      return source.volume();
    }
  }
}
