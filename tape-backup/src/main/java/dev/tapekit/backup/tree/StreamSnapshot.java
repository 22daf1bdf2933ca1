package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A byte stream (a database dump, a disk image, {@code tar -c} output) as a snapshot of one file:
 * the root directory "" and one regular file {@code name} holding the stream's bytes, with long
 * zero runs as holes ({@link FileData}).
 *
 * <p>Contract:
 * <ul>
 *   <li>Both entries belong to the user and group running the JVM (with their names), the root has
 *       mode 0755 and the file 0644, and all their times are {@code time}.
 *   <li>The sink sees {@link TreeSink#entry} for the root, then {@link TreeSink#data} and {@link
 *       TreeSink#entry} for the file. The stream is read to its end, not closed; its I/O errors pass
 *       through (there is no other file to go on with).
 * </ul>
 */
public final class StreamSnapshot {
  /** The mode of the snapshot's root directory. */
  public static final int DIRECTORY_MODE = 0755;
  /** The mode of the stream's file. */
  public static final int FILE_MODE = 0644;

  private StreamSnapshot() {}

  /**
   * Reads {@code in} as the file {@code name} of a one-file snapshot into {@code sink}.
   *
   * @param name the file's name: one path component, UTF-8, no '/'
   * @throws IllegalArgumentException when {@code name} is not one valid component
   */
  public static void read(String name, InputStream in, Instant time, TreeSink sink)
      throws IOException, InterruptedException {
    Objects.requireNonNull(in, "in");
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("a stream's file name is one path component, not '" + name + "'");
    }
    Owner owner = Owner.ofProcess();
    SnapshotEntry.Builder file = entry(name, Type.REGULAR, FILE_MODE, owner, time);
    file.build(); // checks the name before anything is read
    sink.entry(entry("", Type.DIRECTORY, DIRECTORY_MODE, owner, time).build());
    FileData data = new FileData(Channels.newChannel(in));
    List<ChunkRef> chunks = sink.data(name, data);
    if (!data.finished()) {
      throw new IllegalStateException("TreeSink.data returned before reading the stream to its end");
    }
    sink.entry(file.size(data.size()).holes(data.holes()).chunks(chunks).build());
  }

  private static SnapshotEntry.Builder entry(String path, Type type, int mode, Owner owner, Instant time) {
    return SnapshotEntry.builder(path, type).mode(mode).owner(owner.uid, owner.gid, owner.user, owner.group)
        .times(time, time, time);
  }

  /** The effective user and group of this process (those of /proc/self), with names. */
  private record Owner(long uid, long gid, String user, String group) {
    static Owner ofProcess() throws IOException {
      Path self = Path.of("/proc/self").toRealPath();
      UnixStat st = UnixStat.of(self, false);
      OwnerNames names = new OwnerNames();
      return new Owner(st.uid(), st.gid(), names.user(st.uid(), self), names.group(st.gid(), self));
    }
  }
}
