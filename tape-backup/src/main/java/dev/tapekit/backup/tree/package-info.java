/**
 * Directory trees and byte streams to snapshot entries and back: {@link
 * dev.tapekit.backup.tree.TreeReader} walks a tree into entries in snapshot order (handing each
 * regular file's data to a {@link dev.tapekit.backup.tree.TreeSink} to chunk), {@link
 * dev.tapekit.backup.tree.StreamSnapshot} makes a one-file snapshot of a stream, and {@link
 * dev.tapekit.backup.tree.TreeWriter} restores entries under a directory. Pure Java NIO (no JNA),
 * with coreutils (mkfifo, mknod, touch, ln) and, for ACLs, getfattr and setfattr from Debian's
 * {@code attr} ({@link dev.tapekit.backup.tree.AttrTools}) where Java has no API.
 *
 * <p>What a backup and restore keep:
 * <table>
 *   <caption>Metadata through a backup and a restore</caption>
 *   <tr><th>item</th><th>kept</th><th>notes</th></tr>
 *   <tr><td>type</td><td>all eight</td><td>sockets are recorded but not restored; devices are
 *       restored by root only</td></tr>
 *   <tr><td>contents</td><td>exactly</td><td>holes are found as aligned zero runs of 64 KiB or more
 *       ({@link dev.tapekit.backup.tree.FileData}); they stay holes, and written zero runs become
 *       holes</td></tr>
 *   <tr><td>mode</td><td>07777</td><td>setuid, setgid and sticky included</td></tr>
 *   <tr><td>owner, group</td><td>as root</td><td>by name when the name exists on the restoring host,
 *       else by number</td></tr>
 *   <tr><td>mtime, atime</td><td>to the nanosecond</td><td>symlinks to the microsecond (Java sets
 *       their times with lutimes); directories after their contents</td></tr>
 *   <tr><td>ctime</td><td>recorded only</td><td>the kernel sets it; no system call takes it</td></tr>
 *   <tr><td>symlink target</td><td>byte for byte</td><td>dangling ones too; never followed</td></tr>
 *   <tr><td>hard links</td><td>as groups</td><td>among the paths of the snapshot</td></tr>
 *   <tr><td>user xattrs</td><td>yes</td><td>files and directories (Linux allows them on nothing
 *       else)</td></tr>
 *   <tr><td>POSIX ACLs</td><td>with {@code attr} installed</td><td>access and default ACLs, as the
 *       kernel's binary xattrs</td></tr>
 *   <tr><td>other xattrs, chattr flags, birth time</td><td>no</td><td>{@code security.*} (file
 *       capabilities, SELinux labels) and {@code trusted.*} are not read</td></tr>
 * </table>
 *
 * <p>Reading a file for a backup updates its atime as any read does (Java cannot open with
 * O_NOATIME); the recorded atime is the one from before the read.
 */
package dev.tapekit.backup.tree;
