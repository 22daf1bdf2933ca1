package dev.tapekit.backup.tree;

import dev.tapekit.backup.tree.TreeProblem.Kind;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import dev.tapekit.format.snapshot.SnapshotEntry.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a directory tree into snapshot entries, in the order a snapshot archive takes them, handing
 * each regular file's data to a {@link TreeSink} to chunk. Pure Java (NIO's Linux "unix" attribute
 * view), with getfattr for ACLs ({@link AttrTools}).
 *
 * <p>Contract:
 * <ul>
 *   <li>Order: entries come in strictly ascending order of their paths' UTF-8 bytes, which is not
 *       depth-first order: for a directory {@code a} with a child {@code a/b} and siblings {@code
 *       a-c} and {@code a0}, the order is {@code a}, {@code a-c}, {@code a/b}, {@code a0} ('-' &lt;
 *       '/' &lt; '0'). Each open directory is one sorted listing in which a subdirectory has two
 *       keys, its name (its entry) and its name + "/" (its subtree); memory is one listing per
 *       directory level being walked, plus one (device, inode) → path per hard-linked inode whose
 *       links have not all been seen.
 *   <li>Symlinks are never followed, except the root itself when it is one (the root is a directory).
 *       Mount points: see {@link TreeReaderOptions#oneFileSystem()}. Excludes: {@link ExcludePattern}.
 *   <li>Metadata: type, mode (07777), uid, gid and their names ("" when the host has none), mtime,
 *       atime and ctime to the nanosecond, size, symlink target, device major and minor, {@code
 *       user.*} xattrs of regular files and directories (Linux allows them on no other type), POSIX
 *       ACLs of every type but symlinks (when {@link AttrTools#isAvailable()}). Not recorded: other
 *       xattrs ({@code security.*} such as file capabilities and SELinux labels, {@code trusted.*}),
 *       file flags (chattr), birth time.
 *   <li>Hard links: a non-directory with more than one link is recorded once, at the first of its
 *       paths in path order; its other paths are {@link Type#HARDLINK} entries naming that path.
 *   <li>Sparse files: holes are found in the data ({@link FileData}).
 *   <li>Change detection: size, mtime and ctime (and the inode) before and after a file's data is
 *       read; a file that changed is recorded as read and reported {@link Kind#CHANGED}.
 *   <li>Problems: a path that cannot be read (permission denied, I/O error), vanished, has a name or
 *       link target that is not UTF-8, or is otherwise beyond the format is reported and skipped; a
 *       metadata item that cannot be read is reported and left out. Only an unreadable root, a
 *       root that is not a directory, and exceptions from the sink end the walk.
 *   <li>Names: the JVM must decode file names as UTF-8 ({@code sun.jnu.encoding}, from the locale:
 *       run with {@code LANG=C.UTF-8} or another UTF-8 locale); otherwise names that are not ASCII
 *       are reported as not UTF-8.
 *   <li>Races that are not detected: a file replaced by a FIFO between its lstat and its open blocks
 *       the open (Java cannot open with O_NONBLOCK); a directory replaced by a symlink after it was
 *       listed is detected (the listing is checked to be of the same inode as the entry).
 *   <li>Not thread-safe: one walk per reader; {@link #read} makes one.
 * </ul>
 *
 * <pre>{@code
 * List<TreeProblem> problems = TreeReader.read(Path.of("/home"),
 *     TreeReaderOptions.builder().exclude("*.tmp", "cache/", "**" + "/node_modules").oneFileSystem(true).build(),
 *     new TreeSink() {
 *       public List<ChunkRef> data(String path, FileData data) throws IOException {
 *         return chunker.store(data); // reads data to its end
 *       }
 *       public void entry(SnapshotEntry entry) throws IOException {
 *         archive.add(entry);
 *       }
 *     });
 * }</pre>
 */
public final class TreeReader {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final TreeReaderOptions options;
  private final TreeSink sink;
  private final List<String> rootComponents = new ArrayList<>();
  private final boolean acls;
  private final List<TreeProblem> problems = new ArrayList<>();
  private final Map<Object, LinkGroup> links = new HashMap<>();
  private final Map<Long, Boolean> userXattrSupport = new HashMap<>();
  private final OwnerNames names = new OwnerNames();
  /** Paths whose ACLs one getfattr run may read ahead (see {@link #childAcls}). */
  static final int ACL_LOOKAHEAD = 20_000;
  /** ACLs read ahead for the entries of the current directory's subdirectories, by subdirectory. */
  private final Map<String, Lookahead> lookahead = new HashMap<>();
  /** Lent to each file's {@link FileData} in turn: files are read one at a time. */
  private final ByteBuffer fileBuffer = FileData.buffer();
  private long rootDev;

  private TreeReader(Path root, TreeReaderOptions options, TreeSink sink) {
    Path absolute = root.toAbsolutePath().normalize();
    for (Path name : absolute) {
      rootComponents.add(name.toString());
    }
    this.root = root;
    this.options = options;
    this.sink = sink;
    this.acls = options.acls() && AttrTools.isAvailable();
  }

  /**
   * Walks the tree at {@code root} into {@code sink} and returns the problems met, in the order met.
   *
   * @throws NotDirectoryException when the root is not a directory
   * @throws IOException when the root cannot be read, or as the sink throws it
   */
  public static List<TreeProblem> read(Path root, TreeReaderOptions options, TreeSink sink)
      throws IOException, InterruptedException {
    TreeReader reader = new TreeReader(root, options, sink);
    reader.walk();
    return List.copyOf(reader.problems);
  }

  /**
   * About how many data bytes a backup of {@code root} with {@code options} reads: the sizes of its
   * regular files (each hard-linked file once), with the same excludes and file-system rule, by
   * listing and stat alone (holes count; nothing is read). For progress, so a walk that fails part way
   * returns what it counted, and so does one whose thread is interrupted (at its next directory).
   */
  public static long estimateBytes(Path root, TreeReaderOptions options) throws IOException {
    TreeReader reader = new TreeReader(root, options, null);
    Path dir = root.toRealPath();
    long rootDev = UnixStat.of(dir, false).dev();
    long total = 0;
    Set<Object> linked = new HashSet<>();
    Deque<Map.Entry<Path, List<String>>> dirs = new ArrayDeque<>();
    dirs.push(Map.entry(dir, List.of()));
    while (!dirs.isEmpty() && !Thread.currentThread().isInterrupted()) {
      Map.Entry<Path, List<String>> d = dirs.pop();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(d.getKey())) {
        for (Path p : ds) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
          String name = p.getFileName().toString();
          if (!options.excludes().isEmpty() && reader.excluded(d.getValue(), name, a.isDirectory())) {
            continue;
          }
          if (a.isDirectory()) {
            if (!options.oneFileSystem() || UnixStat.of(p, false).dev() == rootDev) {
              List<String> components = new ArrayList<>(d.getValue());
              components.add(name);
              dirs.push(Map.entry(p, components));
            }
          } else if (a.isRegularFile()) {
            boolean seen = (Integer) Files.getAttribute(p, "unix:nlink", NOFOLLOW) > 1 && !linked.add(a.fileKey());
            total += seen ? 0 : a.size();
          }
        }
      } catch (IOException unreadable) {
        // the backup reports it; the estimate counts what it could see
      }
    }
    return total;
  }

  private void walk() throws IOException, InterruptedException {
    Path dir = root.toRealPath();
    UnixStat st = UnixStat.of(dir, false);
    if (!st.isDirectory()) {
      throw new NotDirectoryException(root.toString());
    }
    rootDev = st.dev();
    if (options.acls() && !acls) {
      problem("", Kind.METADATA, AttrTools.unavailabilityCause());
    }
    List<Xattr> rootAcls = acls("", List.of(dir)).getOrDefault(dir.toString(), List.of());
    sink.entry(metadata("", dir, Type.DIRECTORY, st, rootAcls).build());

    Deque<Frame> stack = new ArrayDeque<>();
    Frame top = list("", dir, List.of(), st);
    if (top != null) {
      stack.push(top);
    }
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next == f.keys.length) {
        stack.pop();
        continue;
      }
      Key k = f.keys[f.next];
      f.keys[f.next++] = null; // a walked key is not needed again
      Child c = k.child;
      if (!k.subtree) {
        visit(f, c);
      } else if (c.stat != null) {
        List<String> components = new ArrayList<>(f.components);
        components.add(c.name);
        Frame sub = list(f.prefix + c.name, c.path, components, c.stat);
        c.stat = null;
        if (sub != null) {
          stack.push(sub);
        }
      } else {
        lookahead.remove(c.path.toString()); // not descended into: what was read ahead for it goes
      }
    }
  }

  /** Lists a directory into a frame, or reports why not and returns null. */
  private Frame list(String path, Path dir, List<String> components, UnixStat st) {
    String prefix = path.isEmpty() ? "" : path + "/";
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      if (ds instanceof SecureDirectoryStream<Path> sds) {
        Object listed = sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (!st.fileKey().equals(listed)) {
          problem(path, Kind.CHANGED, "it was replaced after it was recorded; recorded as an empty directory");
          return null;
        }
      }
      for (Path p : ds) {
        Path fileName = p.getFileName();
        String name = fileName.toString();
        // Java decodes names with U+FFFD for bytes that are not UTF-8; such a name no longer names the file.
        if (name.indexOf('\uFFFD') >= 0 && !fileName.equals(fileName.getFileSystem().getPath(name))) {
          problem(prefix + name, Kind.UNREPRESENTABLE, "its name is not valid UTF-8, which the snapshot format "
              + "requires; it is not backed up (rename it to back it up)");
          continue;
        }
        boolean directory;
        try {
          directory = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isDirectory();
        } catch (IOException e) {
          directory = false; // visiting it reports what is wrong
        }
        if (!options.excludes().isEmpty() && excluded(components, name, directory)) {
          continue;
        }
        children.add(new Child(name, p, directory));
      }
    } catch (NoSuchFileException e) {
      problem(path, Kind.VANISHED, "it was removed before its contents were read; recorded as an empty directory");
      return null;
    } catch (NotDirectoryException e) {
      problem(path, Kind.CHANGED, "it was replaced by a non-directory before its contents were read; recorded as "
          + "an empty directory");
      return null;
    } catch (IOException | DirectoryIteratorException e) {
      problem(path, Kind.UNREADABLE, "its contents cannot be read (" + message(e) + "); recorded as an empty "
          + "directory");
      return null;
    }
    List<Key> keys = new ArrayList<>(children.size() + 8);
    for (Child c : children) {
      byte[] name = c.name.getBytes(StandardCharsets.UTF_8);
      keys.add(new Key(name, c, false));
      if (c.directory) {
        byte[] subtree = Arrays.copyOf(name, name.length + 1);
        subtree[name.length] = '/';
        keys.add(new Key(subtree, c, true));
      }
    }
    keys.sort((a, b) -> Arrays.compareUnsigned(a.sort, b.sort));
    return new Frame(prefix, components, keys.toArray(new Key[0]), childAcls(path, dir, children));
  }

  /**
   * The ACLs of a directory's children by path. Each getfattr run costs a process (about 3 to 20 ms,
   * the machine's load deciding), so a directory's run also reads ahead the ACLs of its
   * subdirectories' entries, up to {@link #ACL_LOOKAHEAD} paths: a directory without subdirectories,
   * most of a tree's, then needs no run of its own. A child listed after the look-ahead (created since)
   * is read when its directory is listed, so no ACL is missed. A subdirectory's attributes are read
   * before it is listed ahead (its access time is then still its own), and are those recorded.
   */
  private Map<String, List<Xattr>> childAcls(String path, Path dir, List<Child> children) {
    if (!acls || children.isEmpty()) {
      return Map.of();
    }
    Map<String, List<Xattr>> result = new HashMap<>();
    List<Path> read = new ArrayList<>();
    Lookahead ahead = lookahead.remove(dir.toString());
    for (Child c : children) {
      String key = c.path.toString();
      if (ahead != null && ahead.listed.contains(key)) {
        List<Xattr> acl = ahead.acls.get(key);
        if (acl != null) {
          result.put(key, acl);
        }
      } else {
        read.add(c.path);
      }
    }
    Map<Path, List<Path>> grandchildren = new HashMap<>();
    int budget = ACL_LOOKAHEAD - read.size();
    for (Child c : children) {
      if (!c.directory || budget <= 0) {
        continue;
      }
      UnixStat st;
      try {
        st = UnixStat.of(c.path, false);
      } catch (IOException e) {
        continue; // visiting it reports what is wrong
      }
      if (st.type() != Type.DIRECTORY || (options.oneFileSystem() && st.dev() != rootDev)) {
        continue; // not descended into: nothing to read ahead
      }
      c.early = st;
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(c.path)) {
        for (Path p : ds) {
          entries.add(p);
        }
      } catch (IOException | DirectoryIteratorException e) {
        continue; // listing it when it is visited reports what is wrong
      }
      if (entries.size() > budget) {
        break;
      }
      budget -= entries.size();
      grandchildren.put(c.path, entries);
      read.addAll(entries);
    }
    if (read.isEmpty()) {
      return result;
    }
    Map<String, List<Xattr>> got;
    try {
      got = AttrTools.readAcls(read);
    } catch (IOException e) {
      problem(path, Kind.METADATA, "getfattr could not be run (" + message(e) + "); the ACLs of this directory "
          + "or its entries are not recorded");
      return result;
    }
    for (Map.Entry<Path, List<Path>> g : grandchildren.entrySet()) {
      Lookahead l = new Lookahead(new HashSet<>(), new HashMap<>());
      for (Path p : g.getValue()) {
        String key = p.toString();
        l.listed.add(key);
        List<Xattr> acl = got.remove(key);
        if (acl != null) {
          l.acls.put(key, acl);
        }
      }
      lookahead.put(g.getKey().toString(), l);
    }
    result.putAll(got);
    return result;
  }

  /** The ACLs of {@code files} by path (no look-ahead), or none when getfattr fails (reported). */
  private Map<String, List<Xattr>> acls(String path, List<Path> files) {
    if (!acls || files.isEmpty()) {
      return Map.of();
    }
    try {
      return AttrTools.readAcls(files);
    } catch (IOException e) {
      problem(path, Kind.METADATA, "getfattr could not be run (" + message(e) + "); the ACLs of this directory "
          + "or its entries are not recorded");
      return Map.of();
    }
  }

  /** The paths a directory's look-ahead covered and, of those, the ones with ACLs. */
  private record Lookahead(Set<String> listed, Map<String, List<Xattr>> acls) {}

  private boolean excluded(List<String> parent, String name, boolean directory) {
    List<String> relative = new ArrayList<>(parent.size() + 1);
    relative.addAll(parent);
    relative.add(name);
    for (ExcludePattern p : options.excludes()) {
      if (p.matches(rootComponents, relative, directory)) {
        return true;
      }
    }
    return false;
  }

  /** Records one listed child. */
  private void visit(Frame f, Child c) throws IOException, InterruptedException {
    String path = f.prefix + c.name;
    UnixStat st;
    try {
      st = c.early != null ? c.early : UnixStat.of(c.path, false);
      c.early = null;
    } catch (NoSuchFileException e) {
      problem(path, Kind.VANISHED, "it was removed after its directory was listed");
      return;
    } catch (IOException e) {
      problem(path, Kind.UNREADABLE, "its attributes cannot be read (" + message(e) + ")");
      return;
    }
    Type type = st.type();
    if (type == null) {
      problem(path, Kind.UNREADABLE, "unknown file type 0" + Integer.toOctalString(st.format()));
      return;
    }
    if (type == Type.DIRECTORY) {
      if (!c.directory) {
        problem(path, Kind.CHANGED, "it became a directory after its parent was listed; recorded as an empty "
            + "directory");
      } else if (!options.oneFileSystem() || st.dev() == rootDev) {
        c.stat = st;
      }
    }
    List<Xattr> acl = f.acls.getOrDefault(c.path.toString(), List.of());
    SnapshotEntry.Builder b;
    LinkGroup group = type != Type.DIRECTORY && st.nlink() > 1 ? links.get(st.fileKey()) : null;
    try {
      if (group != null) {
        b = SnapshotEntry.builder(path, Type.HARDLINK).linkTarget(group.first).mode(st.mode())
            .owner(st.uid(), st.gid(), names.user(st.uid(), c.path), names.group(st.gid(), c.path))
            .times(st.mtime(), st.atime(), st.ctime());
      } else {
        b = metadata(path, c.path, type, st, acl);
        if (type == Type.SYMLINK && !linkTarget(path, c.path, b)) {
          return;
        }
      }
      b.build(); // checks the path, names and link target before any data is read
    } catch (IllegalArgumentException e) {
      problem(path, Kind.UNREPRESENTABLE, e.getMessage());
      return;
    }
    if (group != null) {
      if (--group.remaining == 0) {
        links.remove(st.fileKey());
      }
    } else if (type == Type.REGULAR && !data(path, c.path, st, b)) {
      return;
    }
    if (group == null && type != Type.DIRECTORY && st.nlink() > 1) {
      links.put(st.fileKey(), new LinkGroup(path, st.nlink() - 1));
    }
    if (type != Type.REGULAR || group != null) {
      sink.entry(b.build());
    }
  }

  /** Reads a symlink's target into {@code b}; false (reported) when it cannot be. */
  private boolean linkTarget(String path, Path file, SnapshotEntry.Builder b) {
    Path target;
    try {
      target = Files.readSymbolicLink(file);
    } catch (NoSuchFileException | NotLinkException e) {
      problem(path, Kind.VANISHED, "it was removed or replaced after it was listed");
      return false;
    } catch (IOException e) {
      problem(path, Kind.UNREADABLE, "its target cannot be read (" + message(e) + ")");
      return false;
    }
    String t = target.toString();
    // As with names; a target that holds a real U+FFFD and a "//" or trailing '/' is taken for invalid too.
    if (t.indexOf('\uFFFD') >= 0 && !target.equals(target.getFileSystem().getPath(t))) {
      problem(path, Kind.UNREPRESENTABLE, "its target is not valid UTF-8, which the snapshot format requires");
      return false;
    }
    b.linkTarget(t);
    return true;
  }

  /**
   * Hands a regular file's data to the sink, then sends its entry; false (reported) when the file
   * could not be read.
   */
  private boolean data(String path, Path file, UnixStat before, SnapshotEntry.Builder b)
      throws IOException, InterruptedException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      problem(path, Kind.VANISHED, "it was removed after its directory was listed");
      return false;
    } catch (IOException e) {
      problem(path, Kind.UNREADABLE, "it cannot be opened (" + message(e) + ")");
      return false;
    }
    List<ChunkRef> chunks;
    FileData data = new FileData(channel, fileBuffer);
    try (data) {
      try {
        chunks = sink.data(path, data);
      } catch (IOException e) {
        if (data.failure() == null || data.failure() instanceof ClosedByInterruptException) {
          throw e;
        }
        problem(path, Kind.UNREADABLE, "reading it failed (" + message(data.failure()) + "); not recorded");
        return false;
      }
      if (!data.finished()) {
        throw new IllegalStateException("TreeSink.data returned before reading '" + path + "' to its end");
      }
    }
    String change = changes(file, before, data.size());
    if (change != null) {
      problem(path, Kind.CHANGED, change);
    }
    sink.entry(b.size(data.size()).holes(data.holes()).chunks(chunks).build());
    return true;
  }

  /** What changed about a file while it was read, or null. */
  private static String changes(Path file, UnixStat before, long read) {
    UnixStat after;
    try {
      after = UnixStat.of(file, false);
    } catch (IOException e) {
      return "it was removed while it was read (" + message(e) + "); recorded as read, " + read + " bytes";
    }
    List<String> what = new ArrayList<>();
    if (!after.fileKey().equals(before.fileKey())) {
      what.add("it was replaced by another file");
    } else {
      if (before.size() != read || after.size() != read) {
        what.add("size " + before.size() + " before, " + read + " read, " + after.size() + " after");
      }
      if (!after.mtime().equals(before.mtime())) {
        what.add("mtime " + before.mtime() + " before, " + after.mtime() + " after");
      }
      if (!after.ctime().equals(before.ctime())) {
        what.add("ctime " + before.ctime() + " before, " + after.ctime() + " after");
      }
    }
    return what.isEmpty() ? null
        : "it changed while it was read (" + String.join("; ", what) + "); recorded as read, " + read + " bytes";
  }

  /** An entry builder with the metadata of {@code file}: all but size, holes, chunks and a symlink's target. */
  private SnapshotEntry.Builder metadata(String path, Path file, Type type, UnixStat st, List<Xattr> acl) {
    SnapshotEntry.Builder b = SnapshotEntry.builder(path, type).mode(st.mode())
        .owner(st.uid(), st.gid(), names.user(st.uid(), file), names.group(st.gid(), file))
        .times(st.mtime(), st.atime(), st.ctime());
    if (type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE) {
      b.device(UnixStat.major(st.rdev()), UnixStat.minor(st.rdev()));
    }
    if (type == Type.REGULAR || type == Type.DIRECTORY) {
      userXattrs(path, file, st.dev(), b);
    }
    for (Xattr x : acl) {
      b.xattr(x.name(), x.value());
    }
    return b;
  }

  private void userXattrs(String path, Path file, long dev, SnapshotEntry.Builder b) {
    Boolean supported = userXattrSupport.get(dev);
    if (supported == null) {
      try {
        supported = Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class);
      } catch (IOException e) {
        supported = false;
      }
      userXattrSupport.put(dev, supported);
    }
    if (!supported) {
      return;
    }
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
        NOFOLLOW);
    List<String> xattrNames;
    try {
      xattrNames = view.list();
    } catch (IOException e) {
      problem(path, Kind.METADATA, "its user xattrs cannot be listed (" + message(e) + "); recorded without them");
      return;
    }
    for (String name : xattrNames) {
      try {
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        b.xattr("user." + name, Arrays.copyOf(value.array(), value.position()));
      } catch (IOException e) {
        problem(path, Kind.METADATA, "its xattr user." + name + " cannot be read (" + message(e)
            + "); recorded without it");
      }
    }
  }

  private void problem(String path, Kind kind, String message) {
    problems.add(new TreeProblem(path, kind, message));
  }

  static String message(Throwable e) {
    if (e instanceof DirectoryIteratorException d) {
      e = d.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
        + e.getMessage();
  }

  /** One listed name of a directory being walked. */
  private static final class Child {
    final String name;
    final Path path;
    /** Whether it was a directory when listed (it then has a subtree key). */
    final boolean directory;
    /** Its attributes once recorded as a directory to descend into; null: do not descend. */
    UnixStat stat;
    /**
     * Its attributes read before its parent's ACL look-ahead listed it, so that the access time that
     * listing gave it is not what the snapshot records; null when it was not listed ahead.
     */
    UnixStat early;

    Child(String name, Path path, boolean directory) {
      this.name = name;
      this.path = path;
      this.directory = directory;
    }
  }

  /** A sort key: a child's name (its entry) or, for a directory, its name + "/" (its subtree). */
  private record Key(byte[] sort, Child child, boolean subtree) {}

  /** One directory being walked: its listing in key order and the ACLs of its children. */
  private static final class Frame {
    final String prefix;
    final List<String> components;
    final Key[] keys;
    final Map<String, List<Xattr>> acls;
    int next;

    Frame(String prefix, List<String> components, Key[] keys, Map<String, List<Xattr>> acls) {
      this.prefix = prefix;
      this.components = components;
      this.keys = keys;
      this.acls = acls;
    }
  }

  /** The first path of a hard-linked inode and how many of its other links are still to come. */
  private static final class LinkGroup {
    final String first;
    long remaining;

    LinkGroup(String first, long remaining) {
      this.first = first;
      this.remaining = remaining;
    }
  }
}
