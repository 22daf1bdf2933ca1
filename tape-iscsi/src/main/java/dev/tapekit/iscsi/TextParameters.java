package dev.tapekit.iscsi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key=value text of Login and Text PDUs (RFC 7143 §6.1): UTF-8 pairs, each ended by a zero byte.
 * Keys are 1-63 characters of letters, digits, '.', '-', '+', '@' and '_'; values at most 8192 bytes.
 * Order is kept and keys may repeat (a SendTargets answer repeats TargetName and TargetAddress), so
 * this is a list; whoever negotiates refuses repeats where the standard does.
 */
final class TextParameters {
  static final int MAX_KEY = 63;
  static final int MAX_VALUE = 8192;

  record Pair(String key, String value) {}

  private final List<Pair> pairs = new ArrayList<>();

  TextParameters add(String key, String value) {
    pairs.add(new Pair(key, value));
    return this;
  }

  List<Pair> pairs() {
    return pairs;
  }

  boolean isEmpty() {
    return pairs.isEmpty();
  }

  /** The value of the first pair with {@code key}. */
  Optional<String> get(String key) {
    return pairs.stream().filter(p -> p.key.equals(key)).map(Pair::value).findFirst();
  }

  List<String> all(String key) {
    return pairs.stream().filter(p -> p.key.equals(key)).map(Pair::value).toList();
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Pair p : pairs) {
      out.writeBytes((p.key + "=" + p.value).getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  /**
   * Parses a whole text (the data segments of a sequence of continued PDUs joined); a missing final
   * zero byte is tolerated (some initiators omit it on the last pair), anything else malformed is a
   * {@link ProtocolException}.
   */
  static TextParameters parse(byte[] text) throws ProtocolException {
    TextParameters result = new TextParameters();
    int start = 0;
    while (start < text.length) {
      int end = start;
      while (end < text.length && text[end] != 0) {
        end++;
      }
      if (end > start) {
        result.pairs.add(pair(text, start, end));
      }
      start = end + 1;
    }
    return result;
  }

  private static Pair pair(byte[] text, int start, int end) throws ProtocolException {
    int eq = start;
    while (eq < end && text[eq] != '=') {
      eq++;
    }
    if (eq == end) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "text parameter without '=': " + preview(text, start, end));
    }
    int keyLength = eq - start;
    if (keyLength == 0 || keyLength > MAX_KEY) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "text key of " + keyLength + " characters (1 to 63 allowed): " + preview(text, start, end));
    }
    for (int i = start; i < eq; i++) {
      int c = text[i] & 0xFF;
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '+' || c == '@' || c == '_';
      if (!ok) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            String.format("text key with the byte 0x%02x: %s", c, preview(text, start, end)));
      }
    }
    if (end - eq - 1 > MAX_VALUE) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "text value longer than " + MAX_VALUE + " bytes for key " + new String(text, start, keyLength, StandardCharsets.US_ASCII));
    }
    return new Pair(new String(text, start, keyLength, StandardCharsets.US_ASCII),
        new String(text, eq + 1, end - eq - 1, StandardCharsets.UTF_8));
  }

  private static String preview(byte[] text, int start, int end) {
    String s = new String(text, start, Math.min(end - start, 40), StandardCharsets.UTF_8);
    return "\"" + s.replaceAll("\\p{Cntrl}", "?") + (end - start > 40 ? "...\"" : "\"");
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Pair p : pairs) {
      b.append(b.length() == 0 ? "" : " ").append(p.key).append('=')
          .append(p.key.startsWith("CHAP_") && !p.key.equals("CHAP_A") && !p.key.equals("CHAP_N") ? "..." : p.value);
    }
    return b.toString();
  }
}
