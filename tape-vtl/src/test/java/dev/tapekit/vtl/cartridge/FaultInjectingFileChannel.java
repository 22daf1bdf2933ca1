package dev.tapekit.vtl.cartridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A file channel over a real file that models what a power loss keeps: every write and truncate since
 * the last {@link #force} is pending, and {@link #crash} builds the file a restart would find — the
 * content at the last force plus each pending operation lost or kept independently (seeded), a kept
 * write possibly torn to any byte range of it. It also counts the bytes read, and can fail every
 * operation from the N-th write, truncate or force on (the process dies there).
 *
 * <p>Positional reads and writes only (what {@link CartridgeFile} uses); the rest throws.
 */
final class FaultInjectingFileChannel extends FileChannel {

  /** Opens cartridge files through fault-injecting channels that share one crash countdown. */
  static final class Disk implements CartridgeFile.ChannelOpener {
    final List<FaultInjectingFileChannel> opened = new ArrayList<>();
    long bytesRead;
    /** Writes, truncates and forces left before the simulated crash (the one that reaches 0 fails). */
    long operationsUntilCrash = Long.MAX_VALUE;
    boolean crashed;

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
      FaultInjectingFileChannel ch = new FaultInjectingFileChannel(this, path, FileChannel.open(path, options));
      opened.add(ch);
      return ch;
    }

    /**
     * Simulates a power loss: closes every channel and replaces each file by what the disk would hold,
     * pending operations lost, kept or torn as {@code random} decides.
     */
    void crash(SplittableRandom random) throws IOException {
      crashed = true;
      for (FaultInjectingFileChannel ch : opened) {
        ch.file.close();
        Files.write(ch.path, ch.afterPowerLoss(random));
      }
      opened.clear();
    }

    private void operation() throws IOException {
      if (crashed || --operationsUntilCrash <= 0) {
        crashed = true;
        throw new IOException("simulated crash");
      }
    }
  }

  /** A write ({@code data} at {@code offset}) or, with {@code data} null, a truncate to {@code offset}. */
  private record Pending(long offset, byte[] data) {}

  private final Disk disk;
  private final Path path;
  private final FileChannel file;
  private byte[] durable;
  private final List<Pending> pending = new ArrayList<>();

  private FaultInjectingFileChannel(Disk disk, Path path, FileChannel file) throws IOException {
    this.disk = disk;
    this.path = path;
    this.file = file;
    this.durable = Files.readAllBytes(path);
  }

  private byte[] afterPowerLoss(SplittableRandom random) {
    byte[] image = durable;
    for (Pending p : pending) {
      if (random.nextBoolean()) {
        continue; // lost
      }
      if (p.data() == null) {
        image = Arrays.copyOf(image, (int) Math.min(image.length, p.offset()));
        continue;
      }
      int from = 0;
      int to = p.data().length;
      if (random.nextInt(3) == 0) { // torn: only some byte range of it reached the disk
        from = random.nextInt(to + 1);
        to = from + random.nextInt(to - from + 1);
      }
      image = apply(image, p.offset() + from, p.data(), from, to);
    }
    return image;
  }

  private static byte[] apply(byte[] image, long at, byte[] data, int from, int to) {
    int end = (int) at + (to - from);
    byte[] out = end > image.length ? Arrays.copyOf(image, end) : image;
    System.arraycopy(data, from, out, (int) at, to - from);
    return out;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    int n = file.read(dst, position);
    disk.bytesRead += Math.max(0, n);
    return n;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    disk.operation();
    byte[] data = new byte[src.remaining()];
    src.duplicate().get(data);
    int n = file.write(src, position);
    pending.add(new Pending(position, Arrays.copyOf(data, n)));
    return n;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    disk.operation();
    file.truncate(size);
    pending.add(new Pending(size, null));
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    disk.operation();
    file.force(metaData);
    for (Pending p : pending) {
      durable = p.data() == null ? Arrays.copyOf(durable, (int) Math.min(durable.length, p.offset()))
          : apply(durable, p.offset(), p.data(), 0, p.data().length);
    }
    pending.clear();
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }

  // ---- not used by CartridgeFile

  @Override
  public int read(ByteBuffer dst) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int write(ByteBuffer src) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long position() {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileChannel position(long newPosition) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }
}
