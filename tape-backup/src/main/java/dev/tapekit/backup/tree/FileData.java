package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The contents of one regular file as a backup stores them: its data bytes, in order, as an
 * {@link InputStream}, with its holes left out and listed in {@link #holes()}.
 *
 * <p>Java cannot ask the kernel where a file's holes are (lseek SEEK_HOLE), so holes are found in
 * the data: every run of zero bytes that starts at a multiple of {@value #HOLE_ALIGNMENT} bytes,
 * consists of whole {@value #HOLE_ALIGNMENT}-byte blocks (the last one may end at the end of the
 * file) and is at least {@value #MIN_HOLE} bytes long is a hole. So a real hole of the file is a
 * hole here when it is that long (file systems allocate in 4 KiB blocks), and a long run of zeros
 * that was written to disk becomes a hole too: a restore gives the same bytes, with less disk used.
 *
 * <p>Contract:
 * <ul>
 *   <li>The stream gives the bytes of the file that are not in a hole, in order, until the end of
 *       the source: a file that grows or shrinks while it is read is read as it is then.
 *   <li>{@link #holes()}, {@link #size()} and {@link #dataLength()} are final once a read has
 *       returned -1; {@code dataLength() + } the holes' lengths {@code == size()}.
 *   <li>I/O errors of the source pass through (and are remembered: see {@link #failure()}).
 *   <li>Memory: one 1 MiB buffer, its own or lent by the caller. Not thread-safe. Closing it closes the source.
 * </ul>
 *
 * <p>Example: a 1 MiB file whose bytes 4,096 to 528,383 are zeros (512 KiB) and whose other 4 KiB
 * blocks are not reads as 524,288 data bytes (bytes 0 to 4,095, then 528,384 to the end), and
 * {@code holes()} is {@code [Hole(4096, 524288)]}. Were the zeros bytes 4,000 to 528,383, the hole
 * would be the same and bytes 4,000 to 4,095 data.
 */
public final class FileData extends InputStream {
  /** Holes start at, and (but at the end of the file) end at, multiples of this. */
  public static final int HOLE_ALIGNMENT = 4096;
  /** The shortest hole. */
  public static final int MIN_HOLE = 64 << 10;
  /** The size of the buffer {@link #buffer()} makes. */
  private static final int BUFFER = 1 << 20;
  private static final byte[] ZEROS = new byte[HOLE_ALIGNMENT];

  private final ReadableByteChannel source;
  /** In read mode: bytes from position to limit are not yet scanned (or are the data being handed out). */
  private final ByteBuffer buf;
  private final List<Hole> holes = new ArrayList<>();
  /** The source offset of the first byte not yet scanned. */
  private long scanned;
  /** A run of zero blocks not yet decided: a hole or data. */
  private long zeroStart;
  private long zeroRun;
  /** Zero bytes to hand out as data, before the bytes at buf's position. */
  private long zerosOut;
  /** Scanned bytes at buf's position to hand out as data. */
  private int dataOut;
  private boolean eof;
  private boolean done;
  private long dataLength;
  private IOException failure;

  FileData(ReadableByteChannel source) {
    this(source, buffer());
  }

  /**
   * Reads {@code source} through {@code buffer} (from {@link #buffer()}), which it overwrites; a
   * reader of many files passes the same one to each in turn, once the previous one is read, so that a
   * tree of small files does not allocate and clear a megabyte per file.
   */
  FileData(ReadableByteChannel source, ByteBuffer buffer) {
    this.source = Objects.requireNonNull(source, "source");
    if (!buffer.hasArray() || buffer.capacity() != BUFFER) {
      throw new IllegalArgumentException("a FileData buffer comes from FileData.buffer()");
    }
    this.buf = buffer.clear().limit(0);
  }

  /** A buffer for {@link #FileData(ReadableByteChannel, ByteBuffer)}. */
  static ByteBuffer buffer() {
    return ByteBuffer.allocate(BUFFER);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (zerosOut > 0) {
        int n = (int) Math.min(len, zerosOut);
        Arrays.fill(b, off, off + n, (byte) 0);
        zerosOut -= n;
        dataLength += n;
        return n;
      }
      if (dataOut > 0) {
        int n = Math.min(len, dataOut);
        buf.get(b, off, n);
        dataOut -= n;
        dataLength += n;
        return n;
      }
      if (done) {
        return -1;
      }
      scan();
    }
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, zerosOut + dataOut);
  }

  /** The holes, in order. */
  public List<Hole> holes() {
    requireEnd();
    return List.copyOf(holes);
  }

  /** The file's length as read: data bytes plus holes. */
  public long size() {
    requireEnd();
    return scanned;
  }

  /** The number of data bytes (the stream's length). */
  public long dataLength() {
    requireEnd();
    return dataLength;
  }

  /** Whether the stream has been read to its end. */
  public boolean finished() {
    return done && zerosOut == 0 && dataOut == 0;
  }

  /** The I/O error the source threw, if any: it tells a walk a file's own error from its sink's. */
  IOException failure() {
    return failure;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  private void requireEnd() {
    if (!finished()) {
      throw new IllegalStateException("the file data has not been read to its end");
    }
  }

  /** Scans blocks until there is something to hand out or the source has ended. */
  private void scan() throws IOException {
    while (zerosOut == 0 && dataOut == 0 && !done) {
      if (buf.remaining() < HOLE_ALIGNMENT && !eof) {
        fill();
        continue;
      }
      if (!buf.hasRemaining()) {
        endZeroRun();
        done = true;
        break;
      }
      int at = buf.position();
      int block = Math.min(HOLE_ALIGNMENT, buf.remaining());
      if (isZero(at, block)) {
        if (zeroRun == 0) {
          zeroStart = scanned;
        }
        zeroRun += block;
        scanned += block;
        buf.position(at + block);
        continue;
      }
      endZeroRun();
      int n = block;
      while (true) {
        int next = Math.min(HOLE_ALIGNMENT, buf.remaining() - n);
        if (next == 0 || (next < HOLE_ALIGNMENT && !eof) || isZero(at + n, next)) {
          break;
        }
        n += next;
      }
      dataOut = n;
      scanned += n;
    }
  }

  /** Decides the pending zero run: a hole if it is long enough, else data. */
  private void endZeroRun() {
    if (zeroRun >= MIN_HOLE) {
      holes.add(new Hole(zeroStart, zeroRun));
    } else {
      zerosOut = zeroRun;
    }
    zeroRun = 0;
  }

  /** Reads from the source until at least one whole block is buffered or the source ends. */
  private void fill() throws IOException {
    buf.compact();
    try {
      while (buf.position() < HOLE_ALIGNMENT && !eof) {
        if (source.read(buf) < 0) {
          eof = true;
        }
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      buf.flip();
    }
  }

  private boolean isZero(int at, int length) {
    return Arrays.mismatch(buf.array(), at, at + length, ZEROS, 0, length) < 0;
  }
}
