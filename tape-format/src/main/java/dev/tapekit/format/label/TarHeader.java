package dev.tapekit.format.label;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises a tar archive by its first header (POSIX.1 ustar layout, 512 bytes): magic {@code
 * ustar} at offset 257 and a valid checksum at 148. The checksum is 6 to 8 octal digits, possibly
 * after spaces and followed by NUL or space; it must equal the sum of the 512 header bytes with its
 * own 8 bytes counted as spaces, summed as unsigned bytes (or, as some old tars did, signed).
 *
 * <pre>
 * offset size  field
 *   0    100   name (NUL-terminated unless full)
 * 124     12   size (octal)
 * 148      8   checksum
 * 156      1   typeflag ('0' file, '5' directory, 'x'/'g' pax headers, 'L'/'K' GNU long names, …)
 * 257      6   magic: "ustar\0" (POSIX; version "00" at 263) or "ustar " (GNU; version " \0")
 * 345    155   prefix (POSIX ustar: the name is prefix/name)
 * </pre>
 */
final class TarHeader {
  static final int LENGTH = 512;
  private static final byte[] MAGIC = {'u', 's', 't', 'a', 'r'};
  /** Extended headers followed before the first member's own header; more is not looked at. */
  private static final int MAX_HEADERS = 8;

  private TarHeader() {}

  /** Whether the 512 bytes at {@code at} in {@code data} are a tar header: magic and checksum. */
  static boolean isHeader(ByteBuffer data, int at) {
    if (at < 0 || at > data.limit() - LENGTH) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data.get(at + 257 + i) != MAGIC[i]) {
        return false;
      }
    }
    long stored = octal(data, at + 148, 8);
    if (stored < 0) {
      return false;
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < LENGTH; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : data.get(at + i);
      unsigned += b & 0xFF;
      signed += b;
    }
    return stored == unsigned || stored == signed;
  }

  /**
   * The archive's format and first member's name, when {@code data} (position 0, limit the bytes
   * read of a block {@code blockLength} long) starts with a tar header.
   */
  static Optional<Recognition.Tar> recognize(ByteBuffer data, long blockLength) {
    if (!isHeader(data, 0)) {
      return Optional.empty();
    }
    return Optional.of(new Recognition.Tar(format(data), firstMember(data), blockLength));
  }

  private static String format(ByteBuffer data) {
    boolean posix = data.get(262) == 0 && data.get(263) == '0' && data.get(264) == '0';
    boolean gnu = data.get(262) == ' ' && data.get(263) == ' ' && data.get(264) == 0;
    byte type = data.get(156);
    if (posix) {
      return type == 'x' || type == 'g' ? "POSIX pax" : "POSIX ustar";
    }
    return gnu ? "GNU" : "ustar";
  }

  /**
   * The name of the first member: past pax ('x', 'g') and GNU long-name ('L', 'K') headers, taking
   * the name from a pax {@code path} record or a GNU long name when there is one. Empty when the first
   * member's header is not in this block.
   */
  private static Optional<String> firstMember(ByteBuffer data) {
    int at = 0;
    String longName = null;
    for (int i = 0; i < MAX_HEADERS && isHeader(data, at); i++) {
      byte type = data.get(at + 156);
      if (type != 'x' && type != 'g' && type != 'L' && type != 'K') {
        return Optional.of(longName != null ? longName : name(data, at));
      }
      long size = octal(data, at + 124, 12);
      int content = at + LENGTH;
      if (size < 0 || size > data.limit() - content) {
        return Optional.empty();
      }
      if (type == 'L') {
        longName = string(data, content, (int) size);
      } else if (type == 'x') {
        String path = paxPath(data, content, (int) size);
        longName = path != null ? path : longName;
      }
      at = content + (int) ((size + LENGTH - 1) / LENGTH * LENGTH);
    }
    return Optional.empty();
  }

  /** The {@code path} record of pax extended header data ({@code "<length> <key>=<value>\n"}*), or null. */
  private static String paxPath(ByteBuffer data, int from, int size) {
    int at = from;
    int end = from + size;
    while (at < end) {
      int length = 0;
      int p = at;
      while (p < end && data.get(p) >= '0' && data.get(p) <= '9' && length < 1_000_000) {
        length = length * 10 + (data.get(p++) - '0');
      }
      if (p == at || p >= end || data.get(p) != ' ' || length <= p - at + 1 || length > end - at) {
        return null;
      }
      String record = new String(bytes(data, p + 1, at + length - 1 - (p + 1)), StandardCharsets.UTF_8);
      if (record.startsWith("path=")) {
        return record.substring(5);
      }
      at += length;
    }
    return null;
  }

  /** The member name of the header at {@code at}: POSIX ustar's prefix/name, or name. */
  private static String name(ByteBuffer data, int at) {
    String name = string(data, at, 100);
    boolean posix = data.get(at + 262) == 0;
    String prefix = posix ? string(data, at + 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The NUL-terminated (or {@code max}-byte) string at {@code at}, as UTF-8. */
  private static String string(ByteBuffer data, int at, int max) {
    int n = 0;
    while (n < max && data.get(at + n) != 0) {
      n++;
    }
    return new String(bytes(data, at, n), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer data, int at, int n) {
    byte[] b = new byte[n];
    data.get(at, b);
    return b;
  }

  /**
   * An octal field: optional leading spaces, at least one octal digit, then only NULs and spaces; -1
   * for anything else (including GNU's base-256 numbers, which tar uses for sizes over 8 GiB).
   */
  static long octal(ByteBuffer data, int at, int length) {
    int i = 0;
    while (i < length && data.get(at + i) == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    for (; i < length; i++) {
      byte c = data.get(at + i);
      if (c < '0' || c > '7') {
        break;
      }
      value = value * 8 + (c - '0');
      digits++;
    }
    if (digits == 0) {
      return -1;
    }
    for (; i < length; i++) {
      byte c = data.get(at + i);
      if (c != 0 && c != ' ') {
        return -1;
      }
    }
    return value;
  }
}
