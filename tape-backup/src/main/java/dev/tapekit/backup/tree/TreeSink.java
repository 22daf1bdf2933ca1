package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import java.io.IOException;
import java.util.List;

/**
 * Where a backup walk ({@link TreeReader}, {@link StreamSnapshot}) puts what it reads: each regular
 * file's data, to be chunked, then every entry, complete, in the order a snapshot archive takes them.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #entry} is called once per recorded path, in strictly ascending order of the paths'
 *       UTF-8 bytes, the root "" first: the entries can go straight to a snapshot archive writer.
 *   <li>For a regular file (not a hard link to one already recorded) {@link #data} comes first,
 *       right before that file's {@link #entry}, which then holds the chunks it returned.
 *   <li>An exception a method throws ends the walk and comes out of it, except an I/O error of the
 *       file itself that {@link #data} lets through (the walk reports the file as unreadable, skips
 *       it and goes on; chunks already stored for it are then not referenced).
 * </ul>
 */
public interface TreeSink {
  /**
   * Reads {@code data} to its end and returns the chunks that hold its bytes, in order, each 1 to
   * {@link SnapshotEntry#MAX_CHUNK} bytes, their lengths adding up to {@link FileData#dataLength()}.
   *
   * @param path the file's snapshot path
   */
  List<ChunkRef> data(String path, FileData data) throws IOException, InterruptedException;

  /** Takes the next entry. */
  void entry(SnapshotEntry entry) throws IOException, InterruptedException;
}
