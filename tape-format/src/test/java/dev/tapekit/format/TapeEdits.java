package dev.tapekit.format;

import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Edits of tape images for corruption tests, shared by every archive type's tests: a file's stream
 * addressed by byte offset across its blocks (the payload per block taken from each block's own
 * header), blocks resealed after an edit so that only the structure's own checks can notice, and a
 * source that counts reads and LOCATEs.
 */
public final class TapeEdits {
  private TapeEdits() {}

  /** The block with its CRC32C (FORMAT.md 3.1: header bytes 0..55, then the payload) computed again. */
  public static byte[] resealBlock(byte[] block) {
    ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C c = new CRC32C();
    c.update(block, 0, 56);
    c.update(block, BlockHeader.LENGTH, b.getInt(20));
    b.putInt(56, (int) c.getValue());
    return block;
  }

  private static int payloadPerBlock(MemoryTape tape, BlockAddress start) {
    return ByteBuffer.wrap(tape.object((int) start.logicalObject())).order(ByteOrder.LITTLE_ENDIAN).getInt(16)
        - BlockHeader.LENGTH;
  }

  /** Stream bytes {@code [offset, offset + n)} of the file starting at {@code start}. */
  public static byte[] readStream(MemoryTape tape, BlockAddress start, long offset, int n) {
    int payload = payloadPerBlock(tape, start);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      byte[] block = tape.object((int) (start.logicalObject() + (offset + i) / payload));
      out[i] = block[BlockHeader.LENGTH + (int) ((offset + i) % payload)];
    }
    return out;
  }

  /** Overwrites stream bytes from {@code offset} on (across blocks), resealing every block touched. */
  public static void overwriteStream(MemoryTape tape, BlockAddress start, long offset, byte[] bytes) {
    int payload = payloadPerBlock(tape, start);
    for (int i = 0; i < bytes.length; i++) {
      int object = (int) (start.logicalObject() + (offset + i) / payload);
      byte[] block = tape.object(object);
      block[BlockHeader.LENGTH + (int) ((offset + i) % payload)] = bytes[i];
      tape.replace(object, resealBlock(block));
    }
  }

  /** A {@link BlockSource} that counts the blocks read and the LOCATEs. */
  public static final class CountingSource implements BlockSource {
    private final BlockSource source;
    public int reads;
    public int locates;

    public CountingSource(BlockSource source) {
      this.source = source;
    }

    @Override
    public ReadResult read(ByteBuffer buffer) throws IOException {
      reads++;
      return source.read(buffer);
    }

    @Override
    public void locateFile(long file) throws IOException {
      locates++;
      source.locateFile(file);
    }

    @Override
    public void locate(long logicalObject) throws IOException {
      locates++;
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

    public void reset() {
      reads = 0;
      locates = 0;
    }
  }
}
