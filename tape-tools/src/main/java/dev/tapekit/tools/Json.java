package dev.tapekit.tools;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small JSON writer for the tools' {@code --output-format json}: maps (keys in iteration order, use a
 * {@code LinkedHashMap}), lists, strings, numbers, booleans and null. An empty {@code Optional...} is
 * written as null. Strings are escaped per RFC 8259 (control characters as {@code \}{@code u00XX}).
 */
public final class Json {
  private Json() {}

  /** {@code value} as JSON text; {@code pretty} indents by two spaces, one member per line. */
  public static String write(Object value, boolean pretty) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, pretty, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, boolean pretty, int depth) {
    Object v = unwrap(value);
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      sb.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "null");
    } else if (v instanceof Map<?, ?> map) {
      container(sb, '{', '}', map.entrySet().iterator(), pretty, depth, (e, out) -> {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
        string(out, String.valueOf(entry.getKey()));
        out.append(pretty ? ": " : ":");
        write(out, entry.getValue(), pretty, depth + 1);
      });
    } else if (v instanceof List<?> list) {
      container(sb, '[', ']', list.iterator(), pretty, depth, (e, out) -> write(out, e, pretty, depth + 1));
    } else {
      string(sb, v.toString());
    }
  }

  private static Object unwrap(Object v) {
    if (v instanceof Optional<?> o) {
      return o.orElse(null);
    }
    if (v instanceof OptionalInt o) {
      return o.isPresent() ? o.getAsInt() : null;
    }
    if (v instanceof OptionalLong o) {
      return o.isPresent() ? o.getAsLong() : null;
    }
    if (v instanceof OptionalDouble o) {
      return o.isPresent() ? o.getAsDouble() : null;
    }
    return v;
  }

  private interface Member {
    void write(Object element, StringBuilder out);
  }

  private static void container(StringBuilder sb, char open, char close, Iterator<?> it, boolean pretty, int depth,
      Member member) {
    sb.append(open);
    if (!it.hasNext()) {
      sb.append(close);
      return;
    }
    while (it.hasNext()) {
      newline(sb, pretty, depth + 1);
      member.write(it.next(), sb);
      if (it.hasNext()) {
        sb.append(',');
      }
    }
    newline(sb, pretty, depth);
    sb.append(close);
  }

  private static void newline(StringBuilder sb, boolean pretty, int depth) {
    if (pretty) {
      sb.append('\n').append("  ".repeat(depth));
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
