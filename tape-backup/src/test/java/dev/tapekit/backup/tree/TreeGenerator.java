package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes a random directory tree with everything a backup must keep, for round-trip and end-to-end
 * tests: nested and empty directories, empty, small, large (MiB) and sparse files, a written run of
 * zeros, hard-link groups across directories, relative, absolute and dangling symlinks (and targets
 * Java's paths would normalize), user xattrs, POSIX ACLs (when getfattr/setfattr are installed),
 * FIFOs and devices (as root), setuid/setgid/sticky modes, foreign owners (as root), times with
 * nanoseconds (microseconds for symlinks: Java sets a symlink's times with lutimes) from before 1970
 * to after 2038, and awkward names (space, newline, tab, leading dash, '#', backslash, emoji,
 * non-Latin scripts, a private-use character that sorts differently in UTF-16 and UTF-8, and the
 * '-' '/' '0' order case: {@code a}, {@code a-c}, {@code a/b}, {@code a0}).
 *
 * <p>The same seed makes the same tree (names, contents, metadata); what is made is listed in
 * {@link Generated}. Needs a file system with user xattrs (ext4, as /tmp is here).
 */
public final class TreeGenerator {
  /** Names that test encodings and byte order. */
  public static final List<String> AWKWARD_NAMES = List.of("with space", "new\nline", "tab\there", "-leading-dash",
      "#hash", "back\\slash", "emoji \uD83D\uDE00", "\u00FCn\u00EFc\u00F6d\u00E9", "\u65E5\u672C\u8A9E",
      "\uE000private-use", "\uD83D\uDE00 emoji first", "quote'\"", "star*?[x]", "...dots", "A", "a.b", "a_", "z~");

  private static final int[] FILE_MODES = {0644, 0600, 0755, 0444, 0, 04755, 02755, 0640};
  private static final int[] DIRECTORY_MODES = {0755, 0700, 0555, 02775, 01777, 0750};
  /** uid:gid pairs with and without names on a Debian host. */
  private static final long[][] OWNERS = {{0, 0}, {1, 1}, {1234, 5678}, {65534, 65534}, {4_000_000_000L, 7}};

  private final SplittableRandom random;
  private final boolean root;
  private int largeFileBytes = 2 << 20;
  private Path base;
  private final Generated out = new Generated();
  /** Every path made (relative), to set metadata on at the end. */
  private final Set<String> made = new LinkedHashSet<>();
  private final List<String> directories = new ArrayList<>();

  /** What a generated tree holds, by relative path. */
  public static final class Generated {
    public final List<List<String>> hardLinkGroups = new ArrayList<>();
    /** Files with real holes (unallocated ranges). */
    public final List<String> sparseFiles = new ArrayList<>();
    /** Files with a written (allocated) run of zeros of at least 64 KiB. */
    public final List<String> zeroRunFiles = new ArrayList<>();
    public final List<String> largeFiles = new ArrayList<>();
    public final List<String> symlinks = new ArrayList<>();
    public final List<String> xattrPaths = new ArrayList<>();
    public final List<String> aclPaths = new ArrayList<>();
    public final List<String> fifos = new ArrayList<>();
    public final List<String> devices = new ArrayList<>();
    public final List<String> emptyDirectories = new ArrayList<>();
  }

  public TreeGenerator(SplittableRandom random) {
    this.random = random;
    this.root = isRoot();
  }

  /**
   * Makes the two large files {@code bytes} to twice that (default 2 MiB), for a slow device (the
   * kernel harness's emulated guest) where data volume costs minutes.
   */
  public TreeGenerator largeFiles(int bytes) {
    largeFileBytes = bytes;
    return this;
  }

  /** Whether this process runs as root (uid 0). */
  public static boolean isRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self").toRealPath(), "unix:uid") == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Fills the existing empty directory {@code base}. */
  public Generated generate(Path base) throws IOException {
    this.base = base;
    directories.add("");
    // The order case: a, a-c, a/b, a0 (and a.b, a_ from AWKWARD_NAMES around them).
    dir("a");
    file("a/b", bytes(10));
    file("a-c", bytes(20));
    file("a0", bytes(30));
    for (int i = 0; i < 12; i++) {
      String parent = pick(directories);
      String d = join(parent, name());
      if (!made.contains(d) && depth(d) <= 4) {
        dir(d);
      }
    }
    for (String n : AWKWARD_NAMES) { // all in the root, where their order is checked
      String p = n;
      if (random.nextInt(4) == 0) {
        dir(p);
      } else {
        file(p, bytes(random.nextInt(100)));
      }
    }
    for (int i = 0; i < 3; i++) {
      String d = join(pick(directories), "empty" + i);
      dir(d);
      out.emptyDirectories.add(d);
    }
    int[] edgeSizes = {0, 0, 1, 4095, 4096, 4097, 65535, 65536, 65537};
    for (int i = 0; i < 150; i++) {
      int size = i < edgeSizes.length ? edgeSizes[i] : random.nextInt(20_000);
      file(uniqueFile(), random.nextBoolean() ? bytes(size) : text(size));
    }
    for (int i = 0; i < 2; i++) {
      String p = uniqueFile();
      file(p, bytes(largeFileBytes + random.nextInt(largeFileBytes)));
      out.largeFiles.add(p);
    }
    sparse();
    hardLinks();
    symlinks();
    xattrs();
    acls();
    if (root) {
      specials();
    }
    metadata();
    return out;
  }

  private void sparse() throws IOException {
    // A hole in the middle and one at the end: data at 0 and 3 MiB + 100, size 8 MiB.
    String a = uniqueFile();
    try (FileChannel ch = FileChannel.open(base.resolve(a), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes(4096)));
      ch.position((3 << 20) + 100);
      ch.write(ByteBuffer.wrap(bytes(5000)));
    }
    try (RandomAccessFile raf = new RandomAccessFile(base.resolve(a).toFile(), "rw")) {
      raf.setLength(8 << 20);
    }
    made.add(a);
    out.sparseFiles.add(a);
    // Starts with a hole: data from 1 MiB + 7 to the end.
    String b = uniqueFile();
    try (FileChannel ch = FileChannel.open(base.resolve(b), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.position((1 << 20) + 7);
      ch.write(ByteBuffer.wrap(bytes(70_000)));
    }
    made.add(b);
    out.sparseFiles.add(b);
    // Written zeros: 256 KiB of them between data, allocated on disk, a hole once restored.
    String c = uniqueFile();
    byte[] z = bytes(8192 + (256 << 10) + 3000);
    Arrays.fill(z, 8192, 8192 + (256 << 10), (byte) 0);
    file(c, z);
    out.zeroRunFiles.add(c);
  }

  private void hardLinks() throws IOException {
    for (int g = 0; g < 3; g++) {
      String first = uniqueFile();
      file(first, bytes(random.nextInt(5000)));
      List<String> group = new ArrayList<>(List.of(first));
      int links = 1 + random.nextInt(2);
      for (int i = 0; i < links; i++) {
        String link = uniqueFile();
        Files.createLink(base.resolve(link), base.resolve(first));
        made.add(link);
        group.add(link);
      }
      out.hardLinkGroups.add(group);
    }
  }

  private void symlinks() throws IOException {
    String dirTarget = pick(directories);
    List<String> targets = List.of("../" + name(), "/etc/hostname", "does/not/exist", "/nonexistent/abs/dangling",
        dirTarget.isEmpty() ? "." : "/" + dirTarget, "dir/", "x//y", "-dash-target", "\u00E9t\u00E9 \uD83D\uDE00");
    for (String t : targets) {
      String p = uniqueFile();
      if (t.equals("dir/") || t.equals("x//y")) {
        // Java's paths would drop the trailing '/' and the "//": ln keeps them.
        Commands.check(List.of("ln", "-sT", "--", t, base.resolve(p).toString()));
      } else {
        Files.createSymbolicLink(base.resolve(p), Path.of(t));
      }
      made.add(p);
      out.symlinks.add(p);
    }
  }

  private void xattrs() throws IOException {
    List<String> candidates = new ArrayList<>();
    for (String p : made) {
      if (Files.isRegularFile(base.resolve(p), LinkOption.NOFOLLOW_LINKS) || directories.contains(p)) {
        candidates.add(p);
      }
    }
    for (int i = 0; i < 6; i++) {
      String p = pick(candidates);
      UserDefinedFileAttributeView v = Files.getFileAttributeView(base.resolve(p),
          UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      v.write("tapekit.binary", ByteBuffer.wrap(bytes(1 + random.nextInt(200))));
      v.write("tapekit.empty", ByteBuffer.allocate(0));
      v.write("tapekit.text " + i, ByteBuffer.wrap(("value " + i).getBytes(StandardCharsets.UTF_8)));
      if (!out.xattrPaths.contains(p)) {
        out.xattrPaths.add(p);
      }
    }
  }

  /** An access ACL on a file and a default ACL on a directory, when setfattr is there. */
  private void acls() throws IOException {
    if (!AttrTools.isAvailable()) {
      return;
    }
    // user::rw-, user:1234:r--, group::r--, mask::r--, other::--- (the kernel's binary form, version 2).
    byte[] acl = HexFormat.of().parseHex("02000000" + "01000600ffffffff" + "02000400d2040000"
        + "04000400ffffffff" + "10000400ffffffff" + "20000000ffffffff");
    String f = uniqueFile();
    file(f, bytes(100));
    AttrTools.setXattr(base.resolve(f), "system.posix_acl_access", acl);
    String d = join(pick(directories), "acl-dir");
    if (made.contains(d)) {
      d = d + random.nextInt(1000);
    }
    dir(d);
    AttrTools.setXattr(base.resolve(d), "system.posix_acl_default", acl);
    out.aclPaths.add(f);
    out.aclPaths.add(d);
  }

  private void specials() throws IOException {
    String fifo = uniqueFile();
    Commands.check(List.of("mkfifo", "--", base.resolve(fifo).toString()));
    made.add(fifo);
    out.fifos.add(fifo);
    // /dev/null's numbers, and numbers beyond 8 bits to check the major/minor encoding; block 7:0.
    String[][] devices = {{"c", "1", "3"}, {"c", "300", "70000"}, {"b", "7", "0"}};
    for (String[] d : devices) {
      String p = uniqueFile();
      Commands.check(List.of("mknod", "--", base.resolve(p).toString(), d[0], d[1], d[2]));
      made.add(p);
      out.devices.add(p);
    }
  }

  /** Owners, modes and times of everything, deepest first (a directory's mtime after its contents). */
  private void metadata() throws IOException {
    List<String> all = new ArrayList<>(made);
    all.add("");
    all.sort(Comparator.comparingInt(TreeGenerator::depth).reversed());
    for (String p : all) {
      Path file = p.isEmpty() ? base : base.resolve(p);
      boolean symlink = Files.isSymbolicLink(file);
      boolean directory = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
      boolean special = !symlink && !directory && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
      if (root && !p.isEmpty()) {
        long[] owner = OWNERS[random.nextInt(OWNERS.length)];
        Files.setAttribute(file, "unix:uid", (int) owner[0], LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", (int) owner[1], LinkOption.NOFOLLOW_LINKS);
      }
      if (!symlink && !p.isEmpty()) {
        int mode = directory ? DIRECTORY_MODES[random.nextInt(DIRECTORY_MODES.length)]
            : FILE_MODES[random.nextInt(FILE_MODES.length)];
        // Java opens the file to chmod without following; a FIFO would block: chmod by path instead.
        Files.setAttribute(file, "unix:mode", mode, special ? new LinkOption[0]
            : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
      }
      Instant mtime = time();
      Instant atime = time();
      if (symlink) {
        mtime = mtime.truncatedTo(ChronoUnit.MICROS);
        atime = atime.truncatedTo(ChronoUnit.MICROS);
      }
      TreeWriter.setTimes(file, symlink ? Type.SYMLINK : directory ? Type.DIRECTORY : special ? Type.FIFO
          : Type.REGULAR, mtime, atime);
    }
  }

  /** A time from 1938 to 2096 with nanoseconds, sometimes whole seconds. */
  private Instant time() {
    long seconds = random.nextLong(-1_000_000_000L, 4_000_000_000L);
    return Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
  }

  private void dir(String p) throws IOException {
    Files.createDirectory(base.resolve(p));
    made.add(p);
    directories.add(p);
  }

  private void file(String p, byte[] content) throws IOException {
    Files.write(base.resolve(p), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    made.add(p);
  }

  private String uniqueFile() {
    while (true) {
      String p = join(pick(directories), name());
      if (!made.contains(p)) {
        return p;
      }
    }
  }

  private String name() {
    if (random.nextInt(5) == 0) {
      return AWKWARD_NAMES.get(random.nextInt(AWKWARD_NAMES.size())) + random.nextInt(100);
    }
    return "n" + Integer.toString(random.nextInt(1_000_000), 36);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private byte[] text(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (random.nextInt(4) == 0 ? '\n' : 'a' + random.nextInt(26));
    }
    return b;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static String join(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  private static int depth(String p) {
    return p.isEmpty() ? 0 : p.split("/", -1).length;
  }
}
