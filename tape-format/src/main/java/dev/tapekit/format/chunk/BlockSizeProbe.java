package dev.tapekit.format.chunk;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link BlockSource} that remembers the length of the first block read through it: the
 * application block size of a tape file opened with {@link dev.tapekit.format.content.TapeFileReader},
 * which does not tell it, and which a chunk archive reader needs to turn body offsets into block
 * numbers.
 */
final class BlockSizeProbe implements BlockSource {
  private final BlockSource source;
  private int blockSize;

  BlockSizeProbe(BlockSource source) {
    this.source = source;
  }

  /** The length of the first block read, 0 before. */
  int blockSize() {
    return blockSize;
  }

  @Override
  public ReadResult read(ByteBuffer buffer) throws IOException {
    ReadResult r = source.read(buffer);
    if (blockSize == 0 && r.hasData()) {
      blockSize = r.length();
    }
    return r;
  }

  @Override
  public void locateFile(long file) throws IOException {
    source.locateFile(file);
  }

  @Override
  public void locate(long logicalObject) throws IOException {
    source.locate(logicalObject);
  }

  @Override
  public BlockAddress position() throws IOException {
    return source.position();
  }

  @Override
  public String volume() {
    return source.volume();
  }
}
