package dev.tapekit.format.content;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.block.BlockStreamWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Writes one tape file: its {@link ContentHeader}, a body, and its {@link ContentFooter}, carried in
 * checked blocks by a {@link BlockStreamWriter}. The typed archive writers (labels, chunk archives)
 * are built on it.
 *
 * <p>Contract as {@link BlockStreamWriter}: early warning is reported, not thrown; the file is on
 * tape when {@link #finish} returns; {@link #close()} without finishing leaves a truncated file.
 */
public final class TapeFileWriter implements AutoCloseable {
  private ContentFooter footer; // once finished
  private final BlockStreamWriter blocks;
  private final ContentHeader header;
  private final CRC32C bodyCrc = new CRC32C();
  private final long headerBytes;
  private long bodyBytes;

  private TapeFileWriter(BlockStreamWriter blocks, ContentHeader header) throws IOException {
    this.blocks = blocks;
    this.header = header;
    byte[] h = header.encode();
    blocks.write(h);
    this.headerBytes = h.length;
  }

  /** Starts a tape file at the sink's position and writes its header. */
  public static TapeFileWriter begin(BlockSink sink, int blockSize, ContentHeader header) throws IOException {
    return new TapeFileWriter(new BlockStreamWriter(sink, blockSize, header.file(), header.part()), header);
  }

  /** Appends body bytes (position to limit). */
  public void write(ByteBuffer src) throws IOException {
    ByteBuffer view = src.duplicate();
    bodyCrc.update(view);
    bodyBytes += src.remaining();
    blocks.write(src);
  }

  public void write(byte[] b) throws IOException {
    write(ByteBuffer.wrap(b));
  }

  /** Body bytes written so far. */
  public long bodyBytes() {
    return bodyBytes;
  }

  /** The block (within this file) the next body byte goes to. */
  public long currentBlock() {
    return blocks.currentBlock();
  }

  /** The offset within that block's payload of the next body byte. */
  public int offsetInBlock() {
    return (int) ((headerBytes + bodyBytes) % blocks.payloadPerBlock());
  }

  public boolean earlyWarning() {
    return blocks.earlyWarning();
  }

  /** Where the file starts on tape. */
  public BlockAddress start() {
    return blocks.start();
  }

  public ContentHeader header() {
    return header;
  }

  public int payloadPerBlock() {
    return blocks.payloadPerBlock();
  }

  /**
   * Writes the footer, the end-of-stream block and the filemark.
   *
   * @param items the type's item count for the footer
   * @param continued whether the content goes on in a next part (on another tape)
   * @return the number of blocks in the file
   */
  public long finish(long items, boolean continued) throws IOException {
    ContentFooter footer = new ContentFooter(bodyBytes, items, (int) bodyCrc.getValue(), continued);
    blocks.write(footer.encode());
    long written = blocks.finish(continued);
    this.footer = footer;
    return written;
  }

  /**
   * What a catalog records about this file (its TAPE_FILE record), once {@link #finish} wrote it.
   *
   * @throws IllegalStateException before
   */
  public CatalogRecord.TapeFile tapeFile() {
    if (footer == null) {
      throw new IllegalStateException("tape file " + header.file() + " is not finished: a catalog records "
          + "only finished files");
    }
    return CatalogRecord.TapeFile.of(header, start(), footer);
  }

  @Override
  public void close() throws IOException {
    blocks.close();
  }
}
