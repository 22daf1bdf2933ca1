package dev.tapekit.backup.tree;

import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What lstat(2) says of one file, read through Java's Linux "unix" attribute view: one system call,
 * without the owner and group name look-ups that "unix:*" would do for every file.
 *
 * @param format the file type bits of st_mode (S_IFMT)
 * @param mode the permission bits with setuid, setgid and sticky (07777)
 * @param uid unsigned, 0 to 2^32 − 1
 * @param gid unsigned
 * @param fileKey (dev, ino) as Java's {@link java.nio.file.attribute.BasicFileAttributes#fileKey()}
 */
record UnixStat(int format, int mode, long uid, long gid, long size, Instant mtime, Instant atime, Instant ctime,
    long dev, long ino, long nlink, long rdev, Object fileKey) {
  static final int S_IFMT = 0170000;
  static final int S_IFSOCK = 0140000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;
  static final int S_IFBLK = 060000;
  static final int S_IFDIR = 040000;
  static final int S_IFCHR = 020000;
  static final int S_IFIFO = 010000;

  private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,ctime,dev,ino,"
      + "nlink,rdev,fileKey";
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** The attributes of {@code path} itself (a symlink is not followed) or, with {@code follow}, of what it names. */
  static UnixStat of(Path path, boolean follow) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, follow ? new LinkOption[0] : NOFOLLOW);
    int mode = (Integer) a.get("mode");
    return new UnixStat(mode & S_IFMT, mode & 07777, Integer.toUnsignedLong((Integer) a.get("uid")),
        Integer.toUnsignedLong((Integer) a.get("gid")), (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).toInstant(), ((FileTime) a.get("lastAccessTime")).toInstant(),
        ((FileTime) a.get("ctime")).toInstant(), (Long) a.get("dev"), (Long) a.get("ino"),
        Integer.toUnsignedLong((Integer) a.get("nlink")), (Long) a.get("rdev"), a.get("fileKey"));
  }

  boolean isDirectory() {
    return format == S_IFDIR;
  }

  /** The snapshot type of this file; never {@link Type#HARDLINK} (that is decided by the walk), null if unknown. */
  Type type() {
    switch (format) {
      case S_IFREG: return Type.REGULAR;
      case S_IFDIR: return Type.DIRECTORY;
      case S_IFLNK: return Type.SYMLINK;
      case S_IFCHR: return Type.CHAR_DEVICE;
      case S_IFBLK: return Type.BLOCK_DEVICE;
      case S_IFIFO: return Type.FIFO;
      case S_IFSOCK: return Type.SOCKET;
      default: return null;
    }
  }

  /** The device number's major part (u32) as Linux encodes st_rdev (glibc's gnu_dev_major). */
  static long major(long rdev) {
    return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xffff_f000L);
  }

  /** The device number's minor part (glibc's gnu_dev_minor). */
  static long minor(long rdev) {
    return (rdev & 0xff) | ((rdev >>> 12) & 0xffff_ff00L);
  }
}
