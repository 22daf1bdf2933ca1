package dev.tapekit.benchmarks;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.scsi.tape.WriteResult;
import java.nio.ByteBuffer;

/** A {@link BlockSink} that drops every block: what tape-format costs without any device behind it. */
final class DiscardingSink implements BlockSink {
  @Override
  public WriteResult write(ByteBuffer b) {
    b.position(b.limit());
    return WriteResult.OK;
  }

  @Override
  public WriteResult writeFilemark() {
    return WriteResult.OK;
  }

  @Override
  public BlockAddress position() {
    return new BlockAddress(2, 0, 0);
  }

  @Override
  public String volume() {
    return "BENCH1";
  }
}
