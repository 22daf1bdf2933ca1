package dev.tapekit.backup.job;

import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.snapshot.SnapshotEntry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Snapshot entries kept in a temporary file, in the order they came: a backup spools a tree's
 * entries while it writes their chunks, then writes them as the snapshot archive; a restore spools
 * the archive's entries while it reads the chunks they need. Memory stays one entry whatever the tree
 * size. Each entry is its tape record ({@link SnapshotEntry#encode}) after a 4-byte length.
 * The file is deleted on {@link #close}. Not thread-safe.
 */
final class EntrySpool implements AutoCloseable, Iterable<SnapshotEntry> {
  private final Path file;
  private DataOutputStream out;
  private long count;

  EntrySpool(Path directory) throws IOException {
    file = Files.createTempFile(directory, "tapekit-entries-", ".spool");
    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  void add(SnapshotEntry e) throws IOException {
    byte[] record = e.encode();
    out.writeInt(record.length);
    out.write(record);
    count++;
  }

  /** Drops every entry; adding starts again. */
  void clear() throws IOException {
    if (out != null) {
      out.close();
    }
    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)); // truncates
    count = 0;
  }

  long count() {
    return count;
  }

  /** Reads the entries back (after the last {@link #add}), once or more. */
  @Override
  public Iterator<SnapshotEntry> iterator() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      return new Iterator<>() {
        private long read;

        @Override
        public boolean hasNext() {
          if (read == count) {
            close(in);
            return false;
          }
          return true;
        }

        @Override
        public SnapshotEntry next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          try {
            byte[] record = new byte[in.readInt()];
            in.readFully(record);
            read++;
            return SnapshotEntry.decode(record, new TapeLocation(file.toString(), 0, read - 1));
          } catch (EOFException e) {
            throw new UncheckedIOException("the entry spool " + file + " ends early", e);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the entry spool " + file, e);
    }
  }

  private static void close(DataInputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // read to its end already
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
    Files.deleteIfExists(file);
  }
}
