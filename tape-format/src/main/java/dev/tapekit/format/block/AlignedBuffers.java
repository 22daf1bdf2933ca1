package dev.tapekit.format.block;

import java.nio.ByteBuffer;

/** Page-aligned direct buffers, as SG_IO transfers them without a bounce copy. */
final class AlignedBuffers {
  private static final int PAGE = 4096;

  private AlignedBuffers() {}

  static ByteBuffer allocate(int size) {
    return ByteBuffer.allocateDirect(size + PAGE).alignedSlice(PAGE).limit(size).slice();
  }
}
