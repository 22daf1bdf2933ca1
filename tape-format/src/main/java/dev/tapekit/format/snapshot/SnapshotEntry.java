package dev.tapekit.format.snapshot;

import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.TapeFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One file of a snapshot (FORMAT.md 7.2): its path relative to the snapshot root, its POSIX
 * metadata, and for a regular file the ordered list of chunks that hold its data.
 *
 * <p>Contract:
 * <ul>
 *   <li>The constructor checks every rule of the format and throws {@link IllegalArgumentException}
 *       for an entry the format cannot hold, so an entry that exists can be written.
 *   <li>{@code path}: UTF-8, '/'-separated, no empty, "." or ".." component, no NUL, no leading or
 *       trailing '/', at most 65,535 bytes; "" is the root, which must be a directory.
 *   <li>{@code linkTarget}: the symlink's target (not empty) for {@link Type#SYMLINK}; for {@link
 *       Type#HARDLINK} the path of the first entry of its link group, which sorts before this path;
 *       "" for other types.
 *   <li>{@code holes} (regular files only): sorted, non-overlapping, non-empty, within {@code size};
 *       the chunks hold the other bytes, in order, so the chunks' lengths plus the holes' lengths
 *       are {@code size}. Every other type has size 0, no holes and no chunks.
 *   <li>{@code xattrs}: names unique and in ascending order of their UTF-8 bytes (the {@link
 *       Builder} sorts them). POSIX ACLs are the xattrs {@code system.posix_acl_access} and {@code
 *       system.posix_acl_default}, values as the kernel gives them.
 *   <li>Immutable and thread-safe; {@link Xattr} and {@link ChunkRef} copy their arrays.
 * </ul>
 *
 * @param mode permission bits including setuid, setgid and sticky (at most 07777); the type is
 *     {@code type}, not part of the mode
 * @param uid the owner's numeric id, 0 to 2^32 − 1
 * @param gid the group's numeric id, 0 to 2^32 − 1
 * @param user the owner's name, or "" when unknown
 * @param group the group's name, or "" when unknown
 * @param deviceMajor the device number's major part (u32), only for character and block devices
 * @param deviceMinor its minor part (u32)
 */
public record SnapshotEntry(String path, Type type, int mode, long uid, long gid, String user, String group,
    Instant mtime, Instant atime, Instant ctime, long size, String linkTarget, long deviceMajor, long deviceMinor,
    List<Hole> holes, List<Xattr> xattrs, List<ChunkRef> chunks) {
  /** The most UTF-8 bytes of a path, user or group name, or link target (a u16 length). */
  public static final int MAX_TEXT = 0xFFFF;
  /** The most UTF-8 bytes of an xattr name (Linux XATTR_NAME_MAX). */
  public static final int MAX_XATTR_NAME = 255;
  /** The largest chunk a chunk archive holds. */
  public static final int MAX_CHUNK = 16 << 20;
  static final long MAX_U32 = 0xFFFF_FFFFL;

  /** The kind of file; {@link #code()} is what is on tape. */
  public enum Type {
    REGULAR(1), DIRECTORY(2), SYMLINK(3), HARDLINK(4), CHAR_DEVICE(5), BLOCK_DEVICE(6), FIFO(7), SOCKET(8);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The type with {@code code}, or null. */
    static Type of(int code) {
      return code >= 1 && code <= values().length ? values()[code - 1] : null;
    }
  }

  /** A hole of a sparse file: {@code length} bytes of zeros from {@code offset}, not stored. */
  public record Hole(long offset, long length) {}

  /** An extended attribute: its name and value bytes (which may be anything, or empty). */
  public record Xattr(String name, byte[] value) {
    public Xattr {
      Objects.requireNonNull(name, "name");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Xattr x && x.name.equals(name) && Arrays.equals(x.value, value);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return name + "=" + HexFormat.of().formatHex(value);
    }
  }

  /** One chunk of a regular file: the SHA-256 of its plain bytes and their length (1 to 16 MiB). */
  public record ChunkRef(byte[] digest, int length) {
    public ChunkRef {
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ChunkRef c && c.length == length && Arrays.equals(c.digest, digest);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(digest) * 31 + length;
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(digest) + ":" + length;
    }
  }

  public SnapshotEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(atime, "atime");
    Objects.requireNonNull(ctime, "ctime");
    holes = List.copyOf(holes);
    xattrs = List.copyOf(xattrs);
    chunks = List.copyOf(chunks);
    String problem = problem(path, type, mode, uid, gid, user, group, size, linkTarget, deviceMajor, deviceMinor,
        holes, xattrs, chunks);
    if (problem != null) {
      throw new IllegalArgumentException("snapshot entry '" + path + "': " + problem);
    }
  }

  /** A builder for an entry of {@code path} and {@code type}; every other field starts empty or 0. */
  public static Builder builder(String path, Type type) {
    return new Builder(path, type);
  }

  /**
   * This entry as a snapshot archive records it (FORMAT.md 7.2, with its CRC): for keeping entries
   * outside an archive, e.g. spooled to a file while a backup writes the chunks they name.
   */
  public byte[] encode() {
    return EntryFormat.encode(this);
  }

  /**
   * The entry {@link #encode} made.
   *
   * @param where names the record's place in messages
   * @throws TapeFormatException when {@code record} is not such a record (CORRUPT, INVALID)
   */
  public static SnapshotEntry decode(byte[] record, TapeLocation where) throws TapeFormatException {
    return EntryFormat.decode(record, where, 0);
  }

  /** The path's UTF-8 bytes (the order of entries is the order of these bytes, unsigned). */
  public byte[] pathBytes() {
    return utf8(path);
  }

  /** Compares two paths as the format orders them: by their UTF-8 bytes, unsigned. */
  public static int comparePaths(String a, String b) {
    return Arrays.compareUnsigned(utf8(a), utf8(b));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** What is wrong with a path, or null. "" (the root) is a valid path. */
  public static String pathProblem(String path) {
    if (path == null) {
      return "no path";
    }
    if (!isWellFormed(path)) {
      return "the path is not well-formed Unicode (a lone surrogate)";
    }
    if (utf8(path).length > MAX_TEXT) {
      return "the path is longer than " + MAX_TEXT + " bytes";
    }
    if (path.isEmpty()) {
      return null;
    }
    if (path.indexOf('\0') >= 0) {
      return "the path contains NUL";
    }
    for (String c : path.split("/", -1)) {
      if (c.isEmpty() || c.equals(".") || c.equals("..")) {
        return "the path has an empty, '.' or '..' component (or a leading or trailing '/')";
      }
    }
    return null;
  }

  private static String problem(String path, Type type, int mode, long uid, long gid, String user, String group,
      long size, String linkTarget, long major, long minor, List<Hole> holes, List<Xattr> xattrs,
      List<ChunkRef> chunks) {
    String p = pathProblem(path);
    if (p != null) {
      return p;
    }
    if (path.isEmpty() && type != Type.DIRECTORY) {
      return "the root (path \"\") must be a directory, not " + type;
    }
    if ((mode & ~07777) != 0) {
      return "mode 0" + Integer.toOctalString(mode) + " has bits above 07777";
    }
    if (uid < 0 || uid > MAX_U32 || gid < 0 || gid > MAX_U32) {
      return "uid " + uid + " or gid " + gid + " outside 0 to 2^32 - 1";
    }
    for (String name : new String[] {user, group}) {
      if (name == null || !isWellFormed(name) || utf8(name).length > MAX_TEXT || name.indexOf('\0') >= 0) {
        return "a user or group name that is null, contains NUL or is longer than " + MAX_TEXT + " bytes";
      }
    }
    if (linkTarget == null || !isWellFormed(linkTarget) || utf8(linkTarget).length > MAX_TEXT
        || linkTarget.indexOf('\0') >= 0) {
      return "a link target that is null, contains NUL or is longer than " + MAX_TEXT + " bytes";
    }
    boolean link = type == Type.SYMLINK || type == Type.HARDLINK;
    if (link == linkTarget.isEmpty()) {
      return link ? "a " + type + " needs a link target" : "a link target for a " + type;
    }
    if (type == Type.HARDLINK && (pathProblem(linkTarget) != null || linkTarget.isEmpty()
        || comparePaths(linkTarget, path) >= 0)) {
      return "a hard link's target must be a path that sorts before it (the first path of its group), not '"
          + linkTarget + "'";
    }
    boolean device = type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE;
    if (major < 0 || major > MAX_U32 || minor < 0 || minor > MAX_U32 || (!device && (major != 0 || minor != 0))) {
      return "device " + major + ":" + minor + " for a " + type;
    }
    if (type != Type.REGULAR && (size != 0 || !holes.isEmpty() || !chunks.isEmpty())) {
      return "a " + type + " has size 0, no holes and no chunks";
    }
    if (size < 0) {
      return "negative size";
    }
    long covered = 0;
    long end = 0;
    for (Hole h : holes) {
      if (h.offset() < end || h.length() <= 0 || h.offset() > size || h.length() > size - h.offset()) {
        return "hole " + h + " is empty, overlaps the one before or lies beyond the size " + size;
      }
      end = h.offset() + h.length();
      covered += h.length();
    }
    for (ChunkRef c : chunks) {
      if (c.digest.length != 32 || c.length() <= 0 || c.length() > MAX_CHUNK) {
        return "chunk " + c + ": a digest has 32 bytes and a chunk 1 to " + MAX_CHUNK + " bytes";
      }
      covered += c.length();
    }
    if (covered != size) {
      return "the chunks and holes cover " + covered + " bytes, the size is " + size;
    }
    byte[] previous = null;
    for (Xattr x : xattrs) {
      byte[] name = utf8(x.name());
      if (name.length == 0 || name.length > MAX_XATTR_NAME || x.name().indexOf('\0') >= 0 || !isWellFormed(x.name())) {
        return "xattr name '" + x.name() + "' is empty, contains NUL or is longer than " + MAX_XATTR_NAME + " bytes";
      }
      if (previous != null && Arrays.compareUnsigned(previous, name) >= 0) {
        return "xattr names are not unique and in ascending order at '" + x.name() + "'";
      }
      previous = name;
    }
    return null;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link SnapshotEntry}; xattrs are sorted by name. Not thread-safe. */
  public static final class Builder {
    private final String path;
    private final Type type;
    private int mode;
    private long uid;
    private long gid;
    private String user = "";
    private String group = "";
    private Instant mtime = Instant.EPOCH;
    private Instant atime = Instant.EPOCH;
    private Instant ctime = Instant.EPOCH;
    private long size;
    private String linkTarget = "";
    private long major;
    private long minor;
    private List<Hole> holes = List.of();
    private final List<Xattr> xattrs = new ArrayList<>();
    private List<ChunkRef> chunks = List.of();

    private Builder(String path, Type type) {
      this.path = path;
      this.type = type;
    }

    public Builder mode(int mode) {
      this.mode = mode;
      return this;
    }

    public Builder owner(long uid, long gid, String user, String group) {
      this.uid = uid;
      this.gid = gid;
      this.user = user;
      this.group = group;
      return this;
    }

    public Builder times(Instant mtime, Instant atime, Instant ctime) {
      this.mtime = mtime;
      this.atime = atime;
      this.ctime = ctime;
      return this;
    }

    public Builder size(long size) {
      this.size = size;
      return this;
    }

    public Builder linkTarget(String target) {
      this.linkTarget = target;
      return this;
    }

    public Builder device(long major, long minor) {
      this.major = major;
      this.minor = minor;
      return this;
    }

    public Builder holes(List<Hole> holes) {
      this.holes = holes;
      return this;
    }

    public Builder xattr(String name, byte[] value) {
      xattrs.add(new Xattr(name, value));
      return this;
    }

    public Builder chunks(List<ChunkRef> chunks) {
      this.chunks = chunks;
      return this;
    }

    public SnapshotEntry build() {
      List<Xattr> sorted = new ArrayList<>(xattrs);
      sorted.sort(Comparator.comparing(x -> utf8(x.name()), Arrays::compareUnsigned));
      return new SnapshotEntry(path, type, mode, uid, gid, user, group, mtime, atime, ctime, size, linkTarget, major,
          minor, holes, sorted, chunks);
    }
  }
}
