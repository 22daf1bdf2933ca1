package dev.tapekit.format;

import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the format reads blocks from: a tape drive or a tape image. One {@link #read} reads one
 * block, a filemark or end of data ({@link ReadResult}: results, not exceptions).
 */
public interface BlockSource {
  /** Reads the next block into {@code buffer} (position to limit); see {@link ReadResult}. */
  ReadResult read(ByteBuffer buffer) throws IOException;

  /** Positions at the start of file {@code file}. */
  void locateFile(long file) throws IOException;

  /** Positions at logical object {@code logicalObject} (a block address from {@link BlockAddress}). */
  void locate(long logicalObject) throws IOException;

  /** The current position. */
  BlockAddress position() throws IOException;

  /** The tape's label or the device, for messages. */
  String volume();
}
