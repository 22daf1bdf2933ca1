package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.Magic;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A tape in memory: a sequence of blocks and filemarks, a position, and optional early warning and
 * end of medium after a number of objects. Both a {@link BlockSink} and a {@link BlockSource}, for
 * tests and for tape images; {@link #save} and {@link #load} keep it in a file (FORMAT.md, "Tape
 * images"). Writing truncates everything after the position, as a drive does.
 */
public final class MemoryTape implements BlockSink, BlockSource {
  /** The magic of a tape image file: SHA-256("tapekit tape image v1")[0..8]. */
  public static final long IMAGE_MAGIC = Magic.of("tapekit tape image v1");
  private static final byte[] FILEMARK = null;

  private final String volume;
  /** Blocks (byte arrays) and filemarks (null), in tape order. */
  private final List<byte[]> objects = new ArrayList<>();
  private int position;
  private long earlyWarningAt = Long.MAX_VALUE;
  private long capacity = Long.MAX_VALUE;

  public MemoryTape(String volume) {
    this.volume = volume;
  }

  /** Writes from object number {@code objects} on report early warning. */
  public MemoryTape earlyWarningAt(long objects) {
    this.earlyWarningAt = objects;
    return this;
  }

  /** Writing object number {@code objects} fails as a full tape does. */
  public MemoryTape capacity(long objects) {
    this.capacity = objects;
    return this;
  }

  @Override
  public String volume() {
    return volume;
  }

  @Override
  public WriteResult write(ByteBuffer block) throws IOException {
    byte[] b = new byte[block.remaining()];
    block.get(b);
    return append(b);
  }

  @Override
  public WriteResult writeFilemark() throws IOException {
    return append(FILEMARK);
  }

  private WriteResult append(byte[] object) throws IOException {
    if (position >= capacity) {
      throw new IOException(volume + ": end of medium: no room for another block");
    }
    objects.subList(position, objects.size()).clear();
    objects.add(object);
    position++;
    return position > earlyWarningAt ? WriteResult.EARLY_WARNING : WriteResult.OK;
  }

  @Override
  public ReadResult read(ByteBuffer buffer) {
    if (position >= objects.size()) {
      return new ReadResult(ReadResult.Kind.END_OF_DATA, 0, 0);
    }
    byte[] b = objects.get(position++);
    if (b == FILEMARK) {
      return new ReadResult(ReadResult.Kind.FILEMARK, 0, 0);
    }
    int n = Math.min(b.length, buffer.remaining());
    buffer.put(b, 0, n);
    ReadResult.Kind kind = b.length > n ? ReadResult.Kind.OVERLENGTH_BLOCK
        : buffer.hasRemaining() ? ReadResult.Kind.SHORT_BLOCK : ReadResult.Kind.DATA;
    return new ReadResult(kind, n, b.length);
  }

  @Override
  public void locateFile(long file) throws IOException {
    if (file == 0) {
      position = 0;
      return;
    }
    long marks = 0;
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i) == FILEMARK && ++marks == file) {
        position = i + 1;
        return;
      }
    }
    throw new IOException(volume + ": there is no file " + file + " (the tape holds " + marks + " filemarks)");
  }

  @Override
  public void locate(long logicalObject) throws IOException {
    if (logicalObject < 0 || logicalObject > objects.size()) {
      throw new IOException(volume + ": no logical object " + logicalObject);
    }
    position = (int) logicalObject;
  }

  @Override
  public BlockAddress position() {
    long file = 0;
    long fileStart = 0;
    for (int i = 0; i < position; i++) {
      if (objects.get(i) == FILEMARK) {
        file++;
        fileStart = i + 1;
      }
    }
    return new BlockAddress(file, position - fileStart, position);
  }

  /** Rewinds to BOT. */
  public void rewind() {
    position = 0;
  }

  /** The number of objects (blocks and filemarks) recorded. */
  public int objects() {
    return objects.size();
  }

  /** A copy of object {@code i}: a block's bytes, or null for a filemark. */
  public byte[] object(int i) {
    byte[] b = objects.get(i);
    return b == null ? null : b.clone();
  }

  /** Replaces object {@code i} (null: a filemark) — for corruption tests. */
  public void replace(int i, byte[] object) {
    objects.set(i, object == null ? null : object.clone());
  }

  /** Inserts object {@code i} (null: a filemark). */
  public void insert(int i, byte[] object) {
    objects.add(i, object == null ? null : object.clone());
  }

  /** Removes object {@code i}. */
  public void remove(int i) {
    objects.remove(i);
  }

  /** Drops everything from object {@code i} on (a tape that ends there). */
  public void truncate(int i) {
    objects.subList(i, objects.size()).clear();
    position = Math.min(position, i);
  }

  /**
   * Writes the image: magic (8 bytes), then per object a type byte (1 block, 2 filemark) and for a
   * block its length (u32, big-endian) and bytes; then type 0 (end of data).
   */
  public void save(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeLong(IMAGE_MAGIC);
    for (byte[] b : objects) {
      if (b == FILEMARK) {
        d.writeByte(2);
      } else {
        d.writeByte(1);
        d.writeInt(b.length);
        d.write(b);
      }
    }
    d.writeByte(0);
    d.flush();
  }

  /** Reads an image written by {@link #save}. */
  public static MemoryTape load(InputStream in, String volume) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      if (d.readLong() != IMAGE_MAGIC) {
        throw new IOException(volume + ": not a tapekit tape image");
      }
      MemoryTape t = new MemoryTape(volume);
      while (true) {
        int type = d.readUnsignedByte();
        switch (type) {
          case 0 -> {
            return t;
          }
          case 1 -> {
            int n = d.readInt();
            if (n < 0 || n > BlockHeader.MAX_BLOCK * 4) {
              throw new IOException(volume + ": tape image block of " + n + " bytes");
            }
            byte[] b = new byte[n];
            d.readFully(b);
            t.objects.add(b);
          }
          case 2 -> t.objects.add(FILEMARK);
          default -> throw new IOException(volume + ": tape image object type " + type);
        }
      }
    } catch (EOFException e) {
      throw new IOException(volume + ": the tape image is cut off", e);
    }
  }
}
