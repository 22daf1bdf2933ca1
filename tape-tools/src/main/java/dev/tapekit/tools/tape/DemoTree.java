package dev.tapekit.tools.tape;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The sample tree {@code tape demo} backs up: a seeded mix of what a backup meets — text that
 * compresses, binaries that do not, a file with holes, empty files, hard links, symbolic links
 * (dangling too), names with spaces, newlines and non-ASCII letters, a deep directory, unusual
 * permissions, old and future modification times, extended attributes where the file system takes
 * them, and one file larger than a chunk repeated in part so that chunks deduplicate.
 */
final class DemoTree {
  private static final String[] WORDS = ("tape drive library cartridge barcode label pool media set snapshot chunk "
      + "archive catalog restore verify encrypt key block filemark early warning changer slot import export "
      + "retention allocation schedule job daemon the a of and to in is on with for").split(" ");

  private final SplittableRandom random;
  private long bytes;
  private long files;

  DemoTree(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Makes the tree in the empty directory {@code root}: about {@code totalBytes} of file data. */
  void generate(Path root, long totalBytes) throws IOException {
    long text = totalBytes * 2 / 5;
    long binary = totalBytes * 2 / 5;
    Path docs = Files.createDirectories(root.resolve("docs"));
    for (int i = 0; bytes < text; i++) {
      write(docs.resolve("notes-" + i + ".txt"), text(random.nextInt(1_000, 4 << 20)));
    }
    Path bin = Files.createDirectories(root.resolve("bin"));
    long start = bytes;
    for (int i = 0; bytes - start < binary; i++) {
      byte[] b = new byte[random.nextInt(64 << 10, 12 << 20)];
      random.nextBytes(b);
      write(bin.resolve("blob-" + i + ".bin"), b);
    }
    // a large file whose second half repeats its first: its chunks dedupe within the set
    byte[] half = new byte[(int) Math.min(totalBytes / 10, 24 << 20)];
    random.nextBytes(half);
    try (OutputStream out = Files.newOutputStream(root.resolve("bin/disk.img"))) {
      out.write(half);
      out.write(half);
    }
    bytes += 2L * half.length;
    files++;
    sparse(root.resolve("sparse.img"));
    awkward(Files.createDirectories(root.resolve("awkward")));
    times(root);
  }

  long bytes() {
    return bytes;
  }

  long files() {
    return files;
  }

  private byte[] text(int length) {
    StringBuilder sb = new StringBuilder(length + 16);
    while (sb.length() < length) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
    }
    return sb.substring(0, length).getBytes(StandardCharsets.UTF_8);
  }

  private void write(Path p, byte[] data) throws IOException {
    Files.write(p, data);
    bytes += data.length;
    files++;
  }

  /** 64 MiB long, two written regions, the rest holes (where the file system makes them). */
  private void sparse(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(text(100_000)), 1 << 20);
      ch.write(ByteBuffer.wrap(text(50_000)), 40 << 20);
      ch.truncate(64 << 20);
      if (ch.size() < 64 << 20) {
        ch.write(ByteBuffer.wrap(new byte[] {0}), (64 << 20) - 1);
      }
    }
    files++;
  }

  private void awkward(Path dir) throws IOException {
    write(dir.resolve("with space.txt"), text(500));
    write(dir.resolve("new\nline"), text(200));
    write(dir.resolve("grüße-ζήτα-日本.txt"), text(300));
    write(dir.resolve("-leading-dash"), text(100));
    write(dir.resolve("empty"), new byte[0]);
    Path deep = dir;
    for (int i = 0; i < 12; i++) {
      deep = deep.resolve("level-" + i);
    }
    Files.createDirectories(deep);
    write(deep.resolve("deep.txt"), text(1000));
    Path target = dir.resolve("linked.txt");
    write(target, text(5000));
    Files.createLink(dir.resolve("hard-link.txt"), target);
    Files.createSymbolicLink(dir.resolve("symlink"), Path.of("linked.txt"));
    Files.createSymbolicLink(dir.resolve("dangling"), Path.of("does/not/exist"));
    Path secret = dir.resolve("secret.key");
    write(secret, text(64));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Path script = dir.resolve("run.sh");
    write(script, "#!/bin/sh\necho tape demo\n".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x--x"));
    try {
      UserDefinedFileAttributeView x = Files.getFileAttributeView(target, UserDefinedFileAttributeView.class);
      if (x != null) {
        x.write("tapekit.demo", ByteBuffer.wrap("kept".getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException | UnsupportedOperationException noXattrs) {
      // a file system without user xattrs (tmpfs on older kernels): the rest of the tree stands
    }
  }

  /** Modification times from 1970 to 2090, set deepest first so that directories keep theirs. */
  private void times(Path root) throws IOException {
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        long seconds = random.nextLong(0, 3_800_000_000L);
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000))));
      }
    }
  }
}
