package dev.tapekit.tools.pmt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal POSIX ustar writer and reader for tests: regular files only, names up to 100 bytes.
 *
 * <pre>
 * archive = { header(512) data padded to 512 }* zero-block(512) zero-block(512), padded to 10240
 * header  = name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1] linkname[100]
 *           "ustar\0" "00" uname[32] gname[32] devmajor[8] devminor[8] prefix[155] pad[12]
 * </pre>
 *
 * Numeric fields are octal ASCII, NUL-terminated; the checksum is the byte sum of the header with the
 * checksum field taken as eight blanks.
 */
final class Ustar {
  private Ustar() {}

  static byte[] write(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] h = new byte[512];
      put(h, 0, f.getKey());
      octal(h, 100, 8, 0644);
      octal(h, 108, 8, 0);
      octal(h, 116, 8, 0);
      octal(h, 124, 12, f.getValue().length);
      octal(h, 136, 12, 1_700_000_000L);
      h[156] = '0';
      put(h, 257, "ustar");
      put(h, 263, "00");
      put(h, 265, "tapekit");
      put(h, 297, "tapekit");
      Arrays.fill(h, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xFF;
      }
      octal(h, 148, 7, sum);
      out.writeBytes(h);
      out.writeBytes(f.getValue());
      out.writeBytes(new byte[(512 - f.getValue().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    out.writeBytes(new byte[(10240 - out.size() % 10240) % 10240]);
    return out.toByteArray();
  }

  static Map<String, byte[]> read(byte[] tar) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    int at = 0;
    while (at + 512 <= tar.length && tar[at] != 0) {
      String name = text(tar, at, 100);
      int size = (int) Long.parseLong(text(tar, at + 124, 12).trim(), 8);
      files.put(name, Arrays.copyOfRange(tar, at + 512, at + 512 + size));
      at += 512 + (size + 511) / 512 * 512;
    }
    return files;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }

  private static void octal(byte[] h, int offset, int width, long value) {
    put(h, offset, String.format(Locale.ROOT, "%0" + (width - 1) + "o", value));
  }

  private static String text(byte[] b, int offset, int max) {
    int end = offset;
    while (end < offset + max && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
