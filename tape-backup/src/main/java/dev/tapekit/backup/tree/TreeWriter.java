package dev.tapekit.backup.tree;

import dev.tapekit.backup.tree.TreeProblem.Kind;
import dev.tapekit.backup.tree.TreeWriterOptions.Existing;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import dev.tapekit.format.snapshot.SnapshotEntry.Xattr;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes snapshot entries back to disk under a target directory: the restore side of {@link
 * TreeReader}. Pure Java NIO, with mkfifo, mknod, touch and ln (coreutils) for what Java cannot
 * make, and setfattr for ACLs ({@link AttrTools}).
 *
 * <p>Contract:
 * <ul>
 *   <li>Entries are added in strictly ascending path order (as a snapshot archive holds them; an
 *       entry out of order is refused with {@link IllegalArgumentException}), then {@link #finish()}
 *       sets what is left of the directories' metadata and returns the problems.
 *   <li>Regular files: the caller gives the data bytes ({@code size} minus the holes) as a stream;
 *       holes are skipped over with the file position, so they stay holes, and the file is given
 *       its size at the end (a file that ends in a hole stays sparse to its end).
 *   <li>Symlinks (also dangling) get their target byte for byte; hard links are made to the path
 *       already restored; FIFOs are made with mkfifo; character and block devices with mknod, only
 *       as root (else {@link Kind#UNSUPPORTED}); sockets are not made ({@link Kind#UNSUPPORTED}).
 *   <li>Metadata, after the content: owner and group when running as root (by name when the name
 *       exists on this host, else by number), xattrs ({@code user.*} by Java, others and ACLs by
 *       setfattr), mode, then mtime and atime. A directory's metadata is set once everything below it
 *       is written (until then it is mode 0700 if this restore made it), so read-only directories
 *       restore and their times stay as recorded. ctime cannot be set (the kernel sets it to now).
 *       Symlink times are set to the microsecond (Java uses lutimes for them); others to the
 *       nanosecond.
 *   <li>Existing files: see {@link TreeWriterOptions.Existing}.
 *   <li>Confinement: an entry's path (and a hard link's target) must stay below the target. A path
 *       with an empty, "." or ".." component, or one whose parent on disk is a symlink or not a
 *       directory, is refused ({@link Kind#ESCAPES_TARGET}, {@link Kind#FAILED}) and nothing is
 *       written through it. Missing parent directories (entries not restored or not selected) are
 *       made with default permissions. A process that swaps a checked directory for a symlink while
 *       the restore runs is not defended against (directories this restore made are 0700 until
 *       their turn comes, so only root and their owner can).
 *   <li>Problems are per path ({@link TreeProblem}); one failed file never stops the restore. An
 *       I/O error of the caller's data stream is reported for its file and then thrown, unchanged,
 *       out of {@link #add}; the writer stays usable.
 *   <li>Direct data: a writer used with {@link #create} instead of {@link #add} leaves the data of
 *       regular files to the caller, who writes it into the file {@link #create} made, at any offsets
 *       and in any order, then calls {@link #written} (the file gets its size and metadata) or {@link
 *       #abandon} (the file is removed and reported: a file whose data could not all be written is
 *       never left looking restored). Everything else is as with {@link #add}; hard links and the
 *       metadata of every directory wait for {@link #finish()}, so that a removed file cannot change a
 *       directory's times or leave a link to it. One writer uses one way or the other.
 *   <li>Not thread-safe: one thread at a time (calls from several threads need a happens-before
 *       between them).
 * </ul>
 */
public final class TreeWriter {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final int BUFFER = 1 << 20;

  private final Path target;
  private final TreeWriterOptions options;
  private final boolean root;
  private final UserPrincipalLookupService lookup;
  private final OwnerNames names = new OwnerNames();
  private final List<TreeProblem> problems = new ArrayList<>();
  /** Directories whose metadata waits for the end of their subtree; the innermost on top. */
  private final Deque<PendingDirectory> pending = new ArrayDeque<>();
  /** Paths whose entries were not restored (so hard links to them cannot be made). */
  private final Set<String> notRestored = new HashSet<>();
  private final byte[] buffer = new byte[BUFFER];
  private byte[] lastPath;
  private Path verifiedParent;
  private boolean finished;
  /** Whether the writer is used with {@link #create} (true), with {@link #add} (false), or not yet (null). */
  private Boolean direct;
  /** Direct data: hard links, made at {@link #finish()}. */
  private final List<PendingLink> links = new ArrayList<>();

  private TreeWriter(Path target, TreeWriterOptions options, boolean root) {
    this.target = target;
    this.options = options;
    this.root = root;
    this.lookup = target.getFileSystem().getUserPrincipalLookupService();
  }

  /**
   * A writer into the existing directory {@code target}.
   *
   * @throws NotDirectoryException when {@code target} is not a directory
   */
  public static TreeWriter open(Path target, TreeWriterOptions options) throws IOException {
    return open(target, options, UnixStat.of(Path.of("/proc/self"), true).uid() == 0);
  }

  /** As {@link #open(Path, TreeWriterOptions)}, acting as root or not (tests of what non-root does). */
  static TreeWriter open(Path target, TreeWriterOptions options, boolean asRoot) throws IOException {
    Path real = target.toRealPath();
    if (!Files.isDirectory(real, NOFOLLOW)) {
      throw new NotDirectoryException(target.toString());
    }
    return new TreeWriter(real, options, asRoot);
  }

  /**
   * Restores {@code entry}.
   *
   * @param data for a regular file, its data bytes (the bytes not in holes) in order, read up to
   *     that many; may be null when there are none; ignored for other types and for an entry not
   *     restored
   * @throws IllegalArgumentException when the entry does not sort after the one added before
   * @throws IOException only as {@code data} throws it (the file is reported as partial), or {@link
   *     EOFException} when it ends early
   */
  public void add(SnapshotEntry entry, InputStream data) throws IOException {
    way(false);
    byte[] pathBytes = inOrder(entry);
    while (!pending.isEmpty() && pending.peek().endsBefore(pathBytes)) {
      PendingDirectory d = pending.pop();
      metadata(d.entry, d.file);
    }
    Path file = place(entry);
    if (file == null) {
      return;
    }
    if (!create(entry, file, data)) {
      notRestored.add(entry.path());
      return;
    }
    if (entry.type() == Type.DIRECTORY) {
      pending.push(new PendingDirectory(entry, file));
    } else if (entry.type() != Type.HARDLINK) {
      metadata(entry, file);
    }
  }

  /**
   * The file of {@code entry} below the target, with the way cleared as the policy says; null when
   * the entry is not restored (reported) or is an existing directory (then kept, its metadata pending
   * unless the policy skips).
   */
  private Path place(SnapshotEntry entry) {
    String path = entry.path();
    Path file;
    try {
      file = resolve(path, true);
    } catch (EscapeException e) {
      notRestored(path, Kind.ESCAPES_TARGET, e.getMessage());
      return null;
    } catch (IOException e) {
      notRestored(path, Kind.FAILED, "its parent directory cannot be used or made (" + TreeReader.message(e) + ")");
      return null;
    }
    BasicFileAttributes existing = lstat(file);
    if (entry.type() == Type.DIRECTORY && existing != null && existing.isDirectory()) {
      if (options.existing() != Existing.SKIP) {
        pending.push(new PendingDirectory(entry, file));
      }
      return null;
    }
    if (existing != null && !removeExisting(path, file, existing)) {
      notRestored.add(path);
      return null;
    }
    return file;
  }

  /**
   * Restores {@code entry} with its data left to the caller (see the class contract, direct data): a
   * regular file is made empty, and the caller writes its data bytes at their places in the file (the
   * holes left as they are), then calls {@link #written} or {@link #abandon}; other types are made
   * as by {@link #add}, hard links at {@link #finish()}.
   *
   * @return the regular file to write, made empty (mode 0600) for this restore; empty for other types
   *     and for an entry not restored (reported)
   * @throws IllegalArgumentException when the entry does not sort after the one added before
   */
  public Optional<Path> create(SnapshotEntry entry) throws IOException {
    way(true);
    inOrder(entry);
    Path file = place(entry);
    if (file == null) {
      return Optional.empty();
    }
    String path = entry.path();
    if (entry.type() == Type.REGULAR) {
      try {
        Files.createFile(file, PRIVATE_FILE); // O_EXCL: never through a symlink put there
        return Optional.of(file);
      } catch (IOException e) {
        notRestored(path, Kind.FAILED, "it cannot be made (" + TreeReader.message(e) + ")");
        return Optional.empty();
      }
    }
    if (entry.type() == Type.HARDLINK) {
      links.add(new PendingLink(entry, file));
      return Optional.empty();
    }
    if (!create(entry, file, null)) {
      notRestored.add(path);
    } else if (entry.type() == Type.DIRECTORY) {
      pending.push(new PendingDirectory(entry, file));
    } else {
      metadata(entry, file);
    }
    return Optional.empty();
  }

  /**
   * The caller wrote all the data of {@code entry} into {@code file} (from {@link #create}): the file
   * gets its size (a hole at its end stays a hole) and its metadata. A failure to size it is reported
   * as for {@link #abandon}.
   */
  public void written(SnapshotEntry entry, Path file) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      if (raf.length() != entry.size()) {
        raf.setLength(entry.size());
      }
    } catch (IOException e) {
      abandon(entry, file, "it cannot be given its size (" + TreeReader.message(e) + ")");
      return;
    }
    metadata(entry, file);
  }

  /**
   * The caller could not write all the data of {@code entry} into {@code file} (from {@link
   * #create}): the file is removed and reported ({@link Kind#FAILED}, with {@code why}), and hard
   * links to it are not made.
   */
  public void abandon(SnapshotEntry entry, Path file, String why) {
    String removed = "; the partial file is removed";
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      removed = "; the partial file could not be removed (" + TreeReader.message(e) + "): delete " + file;
    }
    notRestored(entry.path(), Kind.FAILED, why + removed);
  }

  /** The entry's path, which must sort after the one before. */
  private byte[] inOrder(SnapshotEntry entry) {
    byte[] pathBytes = entry.pathBytes();
    if (lastPath != null && Arrays.compareUnsigned(lastPath, pathBytes) >= 0) {
      throw new IllegalArgumentException("entry '" + entry.path() + "' comes after a path that sorts after or "
          + "equal to it: entries are restored in ascending order of their paths' UTF-8 bytes");
    }
    lastPath = pathBytes;
    return pathBytes;
  }

  private void way(boolean directData) {
    if (finished) {
      throw new IllegalStateException("the restore has finished");
    }
    if (direct == null) {
      direct = directData;
    } else if (direct != directData) {
      throw new IllegalStateException("this writer is used with " + (direct ? "create" : "add") + ": use one way");
    }
  }

  /** Sets the metadata of the directories still open and returns every problem of the restore. */
  public List<TreeProblem> finish() {
    if (!finished) {
      finished = true;
      for (PendingLink l : links) {
        if (!create(l.entry, l.file)) {
          notRestored.add(l.entry.path());
        }
      }
      while (!pending.isEmpty()) {
        PendingDirectory d = pending.pop();
        metadata(d.entry, d.file);
      }
    }
    return List.copyOf(problems);
  }

  /** Makes a hard link at {@link #finish()}; false when it could not (reported). */
  private boolean create(SnapshotEntry link, Path file) {
    try {
      return hardLink(link, file);
    } catch (IOException e) {
      problem(link.path(), Kind.FAILED, "it cannot be made (" + TreeReader.message(e) + ")");
      return false;
    }
  }

  /** Makes the file of {@code entry} (content, not metadata); false when it could not (reported). */
  private boolean create(SnapshotEntry entry, Path file, InputStream data) throws IOException {
    String path = entry.path();
    if (entry.type() == Type.REGULAR) {
      return regular(entry, file, data);
    }
    try {
      switch (entry.type()) {
        case DIRECTORY:
          Files.createDirectory(file, PRIVATE_DIRECTORY);
          return true;
        case SYMLINK:
          symlink(file, entry.linkTarget());
          return true;
        case HARDLINK:
          return hardLink(entry, file);
        case FIFO:
          Commands.check(List.of("mkfifo", "-m", "0600", "--", file.toString()));
          return true;
        case CHAR_DEVICE:
        case BLOCK_DEVICE:
          String kind = entry.type() == Type.CHAR_DEVICE ? "character" : "block";
          if (!root) {
            problem(path, Kind.UNSUPPORTED, "a " + kind + " device (" + entry.deviceMajor() + ":"
                + entry.deviceMinor() + ") is made only by root; not restored");
            return false;
          }
          Commands.check(List.of("mknod", "-m", "0600", "--", file.toString(), kind.substring(0, 1),
              Long.toString(entry.deviceMajor()), Long.toString(entry.deviceMinor())));
          return true;
        case SOCKET:
          problem(path, Kind.UNSUPPORTED, "a socket is made by the program that listens on it; not restored");
          return false;
        default:
          throw new IllegalArgumentException("unknown type " + entry.type());
      }
    } catch (IOException e) {
      problem(path, Kind.FAILED, "it cannot be made (" + TreeReader.message(e) + ")");
      return false;
    }
  }

  /**
   * Writes a regular file; false when making or writing it failed (reported).
   *
   * @throws IOException as the data stream throws it
   */
  private boolean regular(SnapshotEntry entry, Path file, InputStream data) throws IOException {
    String path = entry.path();
    try {
      Files.createFile(file, PRIVATE_FILE); // O_EXCL: never through a symlink put there
    } catch (IOException e) {
      problem(path, Kind.FAILED, "it cannot be made (" + TreeReader.message(e) + ")");
      return false;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      FileChannel channel = raf.getChannel();
      long position = 0;
      for (Hole h : entry.holes()) {
        copy(data, channel, h.offset() - position);
        position = h.offset() + h.length();
        channel.position(position);
      }
      copy(data, channel, entry.size() - position);
      raf.setLength(entry.size()); // extends over a hole at the end without writing it
      return true;
    } catch (SourceException e) {
      problem(path, Kind.FAILED, "its data could not be read (" + TreeReader.message(e.getCause())
          + "); the file is partial");
      notRestored.add(path);
      throw e.getCause();
    } catch (IOException e) {
      problem(path, Kind.FAILED, "writing it failed (" + TreeReader.message(e) + "); the file is partial");
      return false;
    }
  }

  /** Copies {@code length} bytes of {@code data} to the channel's position. */
  private void copy(InputStream data, FileChannel channel, long length) throws IOException, SourceException {
    long left = length;
    while (left > 0) {
      int n;
      try {
        if (data == null) {
          throw new EOFException("no data was given for " + length + " bytes");
        }
        n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("the data ended " + left + " bytes early");
        }
      } catch (IOException e) {
        throw new SourceException(e);
      }
      ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
      while (b.hasRemaining()) {
        channel.write(b);
      }
      left -= n;
    }
  }

  private void symlink(Path file, String linkTarget) throws IOException {
    Path t = file.getFileSystem().getPath(linkTarget);
    if (t.toString().equals(linkTarget)) {
      Files.createSymbolicLink(file, t);
    } else {
      // Java's paths drop "//" and a trailing '/', which a target may hold; ln keeps them.
      Commands.check(List.of("ln", "-sT", "--", linkTarget, file.toString()));
    }
  }

  private boolean hardLink(SnapshotEntry entry, Path file) throws IOException {
    String path = entry.path();
    String linkTarget = entry.linkTarget();
    if (notRestored.contains(linkTarget)) {
      problem(path, Kind.FAILED, "its hard-link target '" + linkTarget + "' was not restored; not restored");
      return false;
    }
    Path existing;
    try {
      existing = resolve(linkTarget, false);
    } catch (EscapeException e) {
      problem(path, Kind.ESCAPES_TARGET, "its hard-link target: " + e.getMessage());
      return false;
    } catch (NoSuchFileException e) {
      problem(path, Kind.FAILED, "its hard-link target '" + linkTarget + "' is not in the target directory");
      return false;
    }
    try {
      Files.createLink(file, existing);
    } catch (NoSuchFileException e) {
      problem(path, Kind.FAILED, "its hard-link target '" + linkTarget + "' is not in the target directory");
      return false;
    }
    return true;
  }

  /** Clears the way for an entry as the policy says; false (reported) when the entry is not to be restored. */
  private boolean removeExisting(String path, Path file, BasicFileAttributes existing) {
    String what = existing.isDirectory() ? "a directory" : existing.isSymbolicLink() ? "a symlink"
        : existing.isRegularFile() ? "a file" : "a special file";
    switch (options.existing()) {
      case REFUSE:
        problem(path, Kind.EXISTS, what + " is there; not replaced (existing files are refused)");
        return false;
      case SKIP:
        problem(path, Kind.KEPT_EXISTING, what + " is there; kept (existing files are skipped)");
        return false;
      case OVERWRITE:
        try {
          Files.delete(file);
          return true;
        } catch (DirectoryNotEmptyException e) {
          problem(path, Kind.FAILED, "a directory that is not empty is there; not replaced");
        } catch (IOException e) {
          problem(path, Kind.FAILED, what + " is there and cannot be removed (" + TreeReader.message(e) + ")");
        }
        return false;
      default:
        throw new IllegalArgumentException("unknown policy " + options.existing());
    }
  }

  /** Sets owner, xattrs, mode and times of a restored file, reporting each that fails. */
  private void metadata(SnapshotEntry e, Path file) {
    Type type = e.type();
    if (root) {
      owner(e, file);
    }
    for (Xattr x : e.xattrs()) {
      xattr(e, file, x);
    }
    boolean opens = type == Type.REGULAR || type == Type.DIRECTORY; // Java opens the file to set these
    if (type != Type.SYMLINK) {
      try {
        // With NOFOLLOW Java opens the file: fine for files and directories; a FIFO would block.
        Files.setAttribute(file, "unix:mode", e.mode(), opens ? NOFOLLOW : FOLLOW);
      } catch (IOException ex) {
        problem(e.path(), Kind.METADATA, "its mode cannot be set (" + TreeReader.message(ex) + ")");
      }
    }
    try {
      setTimes(file, type, e.mtime(), e.atime());
    } catch (IOException ex) {
      problem(e.path(), Kind.METADATA, "its times cannot be set (" + TreeReader.message(ex) + ")");
    }
  }

  /**
   * Sets mtime and atime of {@code file} (a symlink itself, not what it names). Java sets them for
   * files, directories (to the nanosecond, futimens) and symlinks (to the microsecond, lutimes);
   * touch sets them for FIFOs and devices (Java would open them, and a FIFO's open blocks) and for
   * times Java gets wrong: before 1970 with a fraction of a second (JDK 17 sets the epoch instead)
   * and beyond the years 1677 to 2262 (nanoseconds in a long).
   */
  static void setTimes(Path file, Type type, Instant mtime, Instant atime) throws IOException {
    boolean java = type == Type.REGULAR || type == Type.DIRECTORY || type == Type.SYMLINK;
    if (java && javaSets(mtime) && javaSets(atime)) {
      Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(FileTime.from(mtime), FileTime.from(atime), null);
    } else {
      Commands.check(List.of("touch", "-h", "-m", "-d", Commands.touchTime(mtime), "--", file.toString()));
      Commands.check(List.of("touch", "-h", "-a", "-d", Commands.touchTime(atime), "--", file.toString()));
    }
  }

  private static boolean javaSets(Instant t) {
    long s = t.getEpochSecond();
    return (s >= 0 || t.getNano() == 0) && Math.abs(s) < 9_000_000_000L;
  }

  private void owner(SnapshotEntry e, Path file) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW);
      Optional<UserPrincipal> user = e.user().isEmpty() ? Optional.empty() : names.userNamed(lookup, e.user());
      if (user.isPresent()) {
        view.setOwner(user.get());
      } else {
        Files.setAttribute(file, "unix:uid", (int) e.uid(), NOFOLLOW);
      }
      Optional<GroupPrincipal> group = e.group().isEmpty() ? Optional.empty() : names.groupNamed(lookup, e.group());
      if (group.isPresent()) {
        view.setGroup(group.get());
      } else {
        Files.setAttribute(file, "unix:gid", (int) e.gid(), NOFOLLOW);
      }
    } catch (IOException ex) {
      problem(e.path(), Kind.METADATA, "its owner cannot be set (" + TreeReader.message(ex) + ")");
    }
  }

  private void xattr(SnapshotEntry e, Path file, Xattr x) {
    try {
      if (x.name().startsWith("user.")) {
        if (e.type() != Type.REGULAR && e.type() != Type.DIRECTORY) {
          problem(e.path(), Kind.METADATA, "xattr " + x.name() + " not set: Linux keeps user xattrs on files and "
              + "directories only");
          return;
        }
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, NOFOLLOW)
            .write(x.name().substring("user.".length()), ByteBuffer.wrap(x.value()));
      } else if (!AttrTools.isAvailable()) {
        problem(e.path(), Kind.METADATA, "xattr " + x.name() + " not set: " + AttrTools.unavailabilityCause());
      } else {
        AttrTools.setXattr(file, x.name(), x.value());
      }
    } catch (IOException ex) {
      problem(e.path(), Kind.METADATA, "xattr " + x.name() + " cannot be set (" + TreeReader.message(ex) + ")");
    }
  }

  /**
   * The file of a snapshot path below the target, after checking that every parent on disk is a
   * directory and no symlink (and, with {@code createParents}, making the missing ones).
   */
  private Path resolve(String path, boolean createParents) throws IOException, EscapeException {
    if (path.isEmpty()) {
      return target;
    }
    for (String c : path.split("/", -1)) {
      if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('\0') >= 0) {
        throw new EscapeException("the path has an empty, '.' or '..' component; not restored");
      }
    }
    Path file = target.resolve(path).normalize();
    if (!file.startsWith(target) || file.equals(target)) {
      throw new EscapeException("the path leads out of the target; not restored");
    }
    Path parent = file.getParent();
    if (!parent.equals(verifiedParent)) {
      Path p = target;
      for (Path name : target.relativize(parent)) {
        p = p.resolve(name);
        BasicFileAttributes a = lstat(p);
        if (a == null && createParents) {
          Files.createDirectory(p);
        } else if (a == null) {
          throw new NoSuchFileException(p.toString());
        } else if (a.isSymbolicLink()) {
          throw new EscapeException("'" + target.relativize(p) + "' on disk is a symlink, which the path would "
              + "follow; not restored");
        } else if (!a.isDirectory()) {
          throw new NotDirectoryException(p.toString());
        }
      }
      verifiedParent = parent;
    }
    return file;
  }

  private static BasicFileAttributes lstat(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
    } catch (IOException e) {
      return null;
    }
  }

  private void notRestored(String path, Kind kind, String message) {
    problem(path, kind, message);
    notRestored.add(path);
  }

  private void problem(String path, Kind kind, String message) {
    problems.add(new TreeProblem(path, kind, message));
  }

  /** A path that would leave the target. */
  private static final class EscapeException extends Exception {
    EscapeException(String message) {
      super(message);
    }
  }

  /** An I/O error of the caller's data stream (not of the file written). */
  private static final class SourceException extends Exception {
    SourceException(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private record PendingLink(SnapshotEntry entry, Path file) {}

  /** A directory whose metadata is set when the first path after its subtree comes (or at the end). */
  private static final class PendingDirectory {
    final SnapshotEntry entry;
    final Path file;
    /** The directory's path + "0" ('/' + 1): every path of its subtree sorts below it; null for the root. */
    final byte[] bound;

    PendingDirectory(SnapshotEntry entry, Path file) {
      this.entry = entry;
      this.file = file;
      byte[] p = entry.pathBytes();
      if (p.length == 0) {
        bound = null;
      } else {
        bound = Arrays.copyOf(p, p.length + 1);
        bound[p.length] = '/' + 1;
      }
    }

    boolean endsBefore(byte[] path) {
      return bound != null && Arrays.compareUnsigned(bound, path) <= 0;
    }
  }
}
