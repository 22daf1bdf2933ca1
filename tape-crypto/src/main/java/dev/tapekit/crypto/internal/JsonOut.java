package dev.tapekit.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A JSON writer that produces exactly what PBS's serde_json writes, compact ({@code to_string}) or
 * pretty ({@code to_string_pretty}: two-space indent, {@code "name": value}, {@code {}} and {@code []}
 * when empty), into a buffer that {@link #close()} wipes, so a key file with plain keys never passes
 * through a {@code String}. Strings are escaped as serde_json does: {@code \" \\ \b \f \n \r \t},
 * other control characters as {@code \\u00xx}, everything else as UTF-8.
 */
public final class JsonOut implements AutoCloseable {
  private final boolean pretty;
  private byte[] buf = new byte[512];
  private int len;
  /** Element counts of the open containers, innermost first. */
  private final Deque<int[]> open = new ArrayDeque<>();
  private boolean afterName;

  public JsonOut(boolean pretty) {
    this.pretty = pretty;
  }

  public JsonOut beginObject() {
    beforeValue();
    put('{');
    open.push(new int[1]);
    return this;
  }

  public JsonOut endObject() {
    return end('}');
  }

  public JsonOut beginArray() {
    beforeValue();
    put('[');
    open.push(new int[1]);
    return this;
  }

  public JsonOut endArray() {
    return end(']');
  }

  public JsonOut name(String name) {
    beforeValue();
    quoted(name.toCharArray(), 0, name.length());
    put(':');
    if (pretty) {
      put(' ');
    }
    afterName = true;
    return this;
  }

  public JsonOut value(String s) {
    return s == null ? nullValue() : value(s.toCharArray());
  }

  /** A string value from characters (a secret: not copied into a String). */
  public JsonOut value(char[] chars) {
    beforeValue();
    quoted(chars, 0, chars.length);
    return this;
  }

  public JsonOut value(long n) {
    beforeValue();
    for (char c : Long.toString(n).toCharArray()) {
      put(c);
    }
    return this;
  }

  public JsonOut nullValue() {
    beforeValue();
    for (char c : "null".toCharArray()) {
      put(c);
    }
    return this;
  }

  /** A copy of what was written (the caller wipes it when it held secrets). */
  public byte[] toBytes() {
    if (!open.isEmpty()) {
      throw new IllegalStateException(open.size() + " JSON containers still open");
    }
    return Arrays.copyOf(buf, len);
  }

  /** What was written, as text (only for output without secrets). */
  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    Secrets.wipe(buf);
    len = 0;
  }

  private JsonOut end(char c) {
    int[] count = open.pop();
    if (pretty && count[0] > 0) {
      newline(open.size());
    }
    put(c);
    return this;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    int[] count = open.peek();
    if (count == null) {
      return;
    }
    if (count[0]++ > 0) {
      put(',');
    }
    if (pretty) {
      newline(open.size());
    }
  }

  private void newline(int depth) {
    put('\n');
    for (int i = 0; i < depth; i++) {
      put(' ');
      put(' ');
    }
  }

  private void quoted(char[] s, int off, int n) {
    put('"');
    for (int i = off; i < off + n; i++) {
      char c = s[i];
      switch (c) {
        case '"' -> { put('\\'); put('"'); }
        case '\\' -> { put('\\'); put('\\'); }
        case '\b' -> { put('\\'); put('b'); }
        case '\f' -> { put('\\'); put('f'); }
        case '\n' -> { put('\\'); put('n'); }
        case '\r' -> { put('\\'); put('r'); }
        case '\t' -> { put('\\'); put('t'); }
        default -> {
          if (c < 0x20) {
            put('\\');
            put('u');
            put('0');
            put('0');
            put(Character.forDigit(c >> 4, 16));
            put(Character.forDigit(c & 0xF, 16));
          } else if (c < 0x80) {
            put(c);
          } else if (Character.isHighSurrogate(c) && i + 1 < off + n && Character.isLowSurrogate(s[i + 1])) {
            utf8(Character.toCodePoint(c, s[++i]));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException("unpaired surrogate in a JSON string");
          } else {
            utf8(c);
          }
        }
      }
    }
    put('"');
  }

  private void utf8(int cp) {
    if (cp < 0x800) {
      putByte(0xC0 | cp >> 6);
      putByte(0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      putByte(0xE0 | cp >> 12);
      putByte(0x80 | cp >> 6 & 0x3F);
      putByte(0x80 | cp & 0x3F);
    } else {
      putByte(0xF0 | cp >> 18);
      putByte(0x80 | cp >> 12 & 0x3F);
      putByte(0x80 | cp >> 6 & 0x3F);
      putByte(0x80 | cp & 0x3F);
    }
  }

  private void put(char c) {
    putByte(c);
  }

  private void putByte(int b) {
    if (len == buf.length) {
      byte[] bigger = Arrays.copyOf(buf, buf.length * 2);
      Secrets.wipe(buf);
      buf = bigger;
    }
    buf[len++] = (byte) b;
  }
}
