package dev.tapekit.format.content;

import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockStreamReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Reads one tape file: checks and returns its {@link ContentHeader}, streams its body, and at the
 * end checks the {@link ContentFooter} (body length and CRC32C) before reporting the end, so a
 * caller that read to the end has read exactly what was written.
 *
 * <p>The footer is recognised as the last 48 bytes of the stream: the reader holds back 48 bytes
 * until the end-of-stream block. Not thread-safe.
 */
public final class TapeFileReader {
  private final BlockStreamReader blocks;
  private final ContentHeader header;
  private final CRC32C bodyCrc = new CRC32C();
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024 + ContentFooter.LENGTH);
  private long bodyBytes;
  private ContentFooter footer;
  /** The block stream returned -1: everything up to the end-of-stream block is in {@link #buffer}. */
  private boolean streamDone;

  private TapeFileReader(BlockStreamReader blocks) throws IOException {
    this.blocks = blocks;
    TapeLocation where = blocks.location();
    byte[] fixed = new byte[ContentHeader.LENGTH];
    readFully(fixed, "the content header");
    ContentHeader.Fixed f = ContentHeader.fixed(fixed, where);
    byte[] data = new byte[f.dataLength()];
    readFully(data, "the content header's data");
    this.header = ContentHeader.complete(f, data, where);
    if (header.part() != blocks.part()) {
      throw new TapeFormatException(Kind.MISPLACED, where, "the content header says part " + header.part()
          + " but its blocks carry part " + blocks.part());
    }
    if (!header.file().equals(blocks.stream())) {
      throw new TapeFormatException(Kind.MISPLACED, where, "the content header names file " + header.file()
          + " but its blocks belong to stream " + blocks.stream());
    }
    buffer.flip();
  }

  /** Opens the tape file at the source's position (its file number is {@code fileNumber}). */
  public static TapeFileReader open(BlockSource source, long fileNumber) throws IOException {
    return new TapeFileReader(new BlockStreamReader(source, fileNumber, null, -1));
  }

  /** Opens the tape file at the source's position, expecting stream {@code file}, part {@code part}. */
  public static TapeFileReader open(BlockSource source, long fileNumber, UUID file, int part) throws IOException {
    return new TapeFileReader(new BlockStreamReader(source, fileNumber, file, part));
  }

  private void readFully(byte[] dst, String what) throws IOException {
    blocks.readFully(ByteBuffer.wrap(dst), what);
  }

  public ContentHeader header() {
    return header;
  }

  /** Requires the file to be of {@code type}; MISPLACED otherwise. */
  public TapeFileReader expect(ContentType type) throws TapeFormatException {
    if (header.type() != type) {
      throw new TapeFormatException(Kind.MISPLACED, blocks.location(), "a " + header.type() + " where a " + type
          + " was expected");
    }
    return this;
  }

  /**
   * Reads body bytes into {@code dst}.
   *
   * @return bytes read, or -1 at the end of the body (footer checked)
   */
  public int read(ByteBuffer dst) throws IOException {
    if (footer != null) {
      return -1;
    }
    while (buffer.remaining() <= ContentFooter.LENGTH && !streamDone) {
      buffer.compact();
      int n = blocks.read(buffer);
      buffer.flip();
      streamDone = n < 0;
    }
    int available = buffer.remaining() - ContentFooter.LENGTH;
    if (available <= 0 && streamDone) {
      finishBody();
      return -1;
    }
    int n = Math.min(dst.remaining(), available);
    ByteBuffer slice = buffer.slice().limit(n);
    bodyCrc.update(slice.duplicate());
    dst.put(slice);
    buffer.position(buffer.position() + n);
    bodyBytes += n;
    return n;
  }

  /** Reads exactly {@code dst.remaining()} body bytes, or fails TRUNCATED naming {@code what}. */
  public void readFully(ByteBuffer dst, String what) throws IOException {
    while (dst.hasRemaining()) {
      if (read(dst) < 0) {
        throw new TapeFormatException(Kind.TRUNCATED, blocks.location(), "the file ends inside " + what);
      }
    }
  }

  /** Reads and checks the rest of the body and the footer. */
  public ContentFooter footer() throws IOException {
    ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
    while (read(sink.clear()) >= 0) {
      // skipped
    }
    return footer;
  }

  /** Payload bytes per block of this file (its block size less the 64-byte block header). */
  public int payloadPerBlock() {
    return blocks.blockSize() - dev.tapekit.format.block.BlockHeader.LENGTH;
  }

  /** The block (within the file) being read, for messages and for the chunk index. */
  public TapeLocation location() {
    return blocks.location();
  }

  private void finishBody() throws TapeFormatException {
    TapeLocation where = blocks.location();
    if (buffer.remaining() < ContentFooter.LENGTH) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "the file's stream ends without a content footer");
    }
    byte[] f = Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
        buffer.arrayOffset() + buffer.position() + ContentFooter.LENGTH);
    ContentFooter decoded = ContentFooter.decode(f, where);
    if (decoded.bodyLength() != bodyBytes) {
      throw new TapeFormatException(Kind.CORRUPT, where, "the footer counts " + decoded.bodyLength()
          + " body bytes, the file holds " + bodyBytes);
    }
    if (decoded.bodyCrc() != (int) bodyCrc.getValue()) {
      throw new TapeFormatException(Kind.CORRUPT, where, "the body checksum in the footer does not match the body");
    }
    if (decoded.continued() != blocks.continued()) {
      throw new TapeFormatException(Kind.INVALID, where, "footer and last block disagree on whether the file continues");
    }
    buffer.position(buffer.limit());
    footer = decoded;
  }
}
