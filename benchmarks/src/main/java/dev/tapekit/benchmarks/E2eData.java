package dev.tapekit.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data sets of the end-to-end harness ({@code benchmarks/e2e.sh}), made from a seed so that every
 * run backs up the same bytes:
 *
 * <ul>
 *   <li>{@code random DIR MIB FILES SEED}: {@code FILES} files of equal size, {@code MIB} MiB in all, of
 *       pseudo-random bytes (incompressible, no duplicate chunks);
 *   <li>{@code text DIR MIB FILES SEED}: the same, of words from a fixed list with spaces and line
 *       breaks ({@link ChunkArchiveBenchmark#text}'s kind of text: zstd level 1 makes about 2.8:1 of it,
 *       and no two chunks are alike);
 *   <li>{@code tree DIR COUNT SEED}: {@code COUNT} small files in directories of 100 (100 per leaf, ten
 *       leaves per branch), sizes log-uniform between 64 bytes and 32 KiB (mean about 5 KiB), half text,
 *       half random.
 * </ul>
 *
 * <p>Run as {@code java -cp benchmarks/target/benchmarks.jar dev.tapekit.benchmarks.E2eData KIND ...};
 * {@code DIR} must not exist yet.
 */
public final class E2eData {
  private static final byte[][] WORDS;

  static {
    String[] words = ("tape drive library cartridge backup restore catalog chunk archive media set pool "
        + "label barcode slot element changer encryption key digest block file mark position locate "
        + "rewind load unload stream buffer host kernel device sense status inventory snapshot verify "
        + "the a of to and in is that for on with as by at from this be or are it an which was").split(" ");
    WORDS = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      WORDS[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private E2eData() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: E2eData random|text DIR MIB FILES SEED | tree DIR COUNT SEED");
    }
    switch (args[0]) {
      case "random", "text" -> files(args[0].equals("text"), Path.of(args[1]), Long.parseLong(args[2]),
          Integer.parseInt(args[3]), Long.parseLong(args[4]));
      case "tree" -> tree(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
      default -> throw new IllegalArgumentException("unknown kind " + args[0]);
    }
  }

  private static void files(boolean text, Path dir, long mib, int files, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    long each = (mib << 20) / files;
    byte[] buffer = new byte[1 << 20];
    for (int f = 0; f < files; f++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(String.format(Locale.ROOT, "part-%03d.bin", f)))) {
        for (long left = each; left > 0; left -= buffer.length) {
          int n = (int) Math.min(buffer.length, left);
          fill(text, random, buffer, n);
          out.write(buffer, 0, n);
        }
      }
    }
  }

  private static void tree(Path dir, int count, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[32 << 10];
    double low = Math.log(64);
    double high = Math.log(32 << 10);
    for (int i = 0; i < count; i++) {
      Path leaf = dir.resolve(String.format(Locale.ROOT, "d%03d/e%d", i / 1000, i / 100 % 10));
      if (i % 100 == 0) {
        Files.createDirectories(leaf);
      }
      int size = (int) Math.exp(low + random.nextDouble() * (high - low));
      fill(i % 2 == 0, random, buffer, size);
      try (OutputStream out = Files.newOutputStream(leaf.resolve(String.format(Locale.ROOT, "f%05d.%s", i,
          i % 2 == 0 ? "txt" : "bin")))) {
        out.write(buffer, 0, size);
      }
    }
  }

  /** Fills the first {@code n} bytes of {@code b}: words or random bytes. */
  private static void fill(boolean text, SplittableRandom random, byte[] b, int n) {
    if (!text) {
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8 && i + k < n; k++) {
          b[i + k] = (byte) (v >>> (8 * k));
        }
      }
      return;
    }
    int at = 0;
    while (at < n) {
      byte[] w = WORDS[random.nextInt(WORDS.length)];
      int len = Math.min(w.length, n - at);
      System.arraycopy(w, 0, b, at, len);
      at += len;
      if (at < n) {
        b[at++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }
}
