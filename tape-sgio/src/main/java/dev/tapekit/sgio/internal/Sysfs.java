package dev.tapekit.sgio.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Small readers for Linux sysfs trees (real {@code /sys} or a fake one in a test directory): text
 * attributes and the kernel-named children of class directories. Missing entries are empty results,
 * never exceptions, because devices come and go while they are being read.
 */
public final class Sysfs {
  private Sysfs() {}

  /** Kernel device names with a number, e.g. {@code sg12}: sorted by prefix, then numerically. */
  public static final Comparator<String> KERNEL_NAME_ORDER =
      Comparator.comparing((String n) -> n.replaceAll("\\d+.*$", ""))
          .thenComparingLong(Sysfs::number)
          .thenComparing(Comparator.naturalOrder());

  /** Kernel names of SCSI generic class devices and nodes: {@code sgN}. */
  public static final Pattern SG_NAME = Pattern.compile("sg\\d+");
  /** Kernel names of st class devices and nodes: {@code stN}, {@code nstN}, with mode suffix a, l or m. */
  public static final Pattern TAPE_NAME = Pattern.compile("n?st\\d+[alm]?");
  /** Kernel names of ch class devices and nodes: {@code schN}. */
  public static final Pattern CHANGER_NAME = Pattern.compile("sch\\d+");

  private static final Pattern NUMBER = Pattern.compile("(\\d{1,18})");

  /** The text of an attribute file, trimmed of surrounding white space and NULs; empty when absent. */
  public static Optional<String> text(Path attribute) {
    return bytes(attribute).map(b -> strip(new String(b, StandardCharsets.ISO_8859_1)));
  }

  /** The raw bytes of an attribute file (e.g. {@code vpd_pg80}); empty when absent or unreadable. */
  public static Optional<byte[]> bytes(Path attribute) {
    try {
      return Optional.of(Files.readAllBytes(attribute));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The names of the entries of {@code dir} that match {@code pattern}, in {@link #KERNEL_NAME_ORDER};
   * empty when the directory does not exist.
   *
   * @throws IOException when the directory exists but cannot be listed
   */
  public static List<String> children(Path dir, Pattern pattern) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> pattern.matcher(n).matches()).forEach(names::add);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    names.sort(KERNEL_NAME_ORDER);
    return names;
  }

  private static long number(String name) {
    Matcher m = NUMBER.matcher(name);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isBlank(s.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isBlank(char c) {
    return c == 0 || Character.isWhitespace(c);
  }
}
