package dev.tapekit.format;

import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the format writes blocks: a tape drive ({@link dev.tapekit.format.block.DriveBlockSink}), an
 * in-memory or file tape image ({@link dev.tapekit.format.block.MemoryTape}). One call writes one
 * tape block.
 *
 * <p>Contract: a call that returns has written the block (or filemark); early warning is the value
 * {@link WriteResult#EARLY_WARNING}, sticky until the medium changes; a write that did not happen is
 * an exception. Not thread-safe.
 */
public interface BlockSink {
  /** Writes {@code block} (position to limit) as one block; the position advances to the limit. */
  WriteResult write(ByteBuffer block) throws IOException;

  /** Ends the current tape file with a filemark, flushed to the medium before this returns. */
  WriteResult writeFilemark() throws IOException;

  /** The position the next block or filemark is written at. */
  BlockAddress position() throws IOException;

  /** The tape's label or the device, for messages. */
  String volume();
}
