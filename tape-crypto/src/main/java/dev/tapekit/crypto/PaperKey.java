package dev.tapekit.crypto;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key config printed for safekeeping: PBS's paper key ({@code proxmox-tape key paperkey}), as
 * text with a QR code drawn in block characters or as an HTML page with the QR code as inline SVG.
 * The key block is the key config's pretty JSON between two marker lines, so the key can be typed
 * back, pasted or scanned, and read again here or by PBS; the passphrase is still needed to open it.
 *
 * <pre>
 * text       = [ "Subject: " subject LF LF ] BEGIN_MARKER LF json LF END_MARKER LF qr
 * json       = {@link KeyConfig#toPrettyJson()}: serde_json's pretty form, 2-space indent, no final LF
 * qr         = one line per two module rows (upper and lower half of a character cell), each ending in
 *              LF, of '█' '▀' '▄' ' ', with a 2-module quiet zone on every side (see {@link Background})
 * QR payload = json exactly (PBS joins the same lines with LF), byte mode, error correction level M;
 *              a UTF-8 ECI is added only when json is not ASCII (a hint with other letters)
 * html       = a page holding the subject, the key block (HTML-escaped) and the QR code as inline
 *              {@code <svg>}: one module per SVG unit, 4-module white quiet zone, 500pt square on
 *              screen as PBS, 360pt in print so that the whole key fits on one A4 or Letter page
 * </pre>
 *
 * <p>Differences from PBS: the text form's QR code has a quiet zone (PBS's {@code qrencode -m0}
 * output has none, and scanners need one), the page's subject and JSON are HTML-escaped (PBS writes
 * them raw, so a {@code <} in a subject becomes markup), and the SVG is inline rather than a base64
 * {@code <img>}. The key block is the same, so PBS reads these paper keys as it reads its own (a hint
 * holding {@code & < >} reaches PBS from the page escaped). The page keeps PBS's title, "Proxmox
 * Backup Paperkey", so that whoever finds the sheet knows the format and the tools that restore it.
 *
 * <p>Contract: {@link #text} and {@link #html} refuse with {@link IllegalArgumentException} an
 * unprotected key config (its text is the key itself) and what could not be read back: a subject
 * that is not one line, a marker in the subject or hint. {@link #parse} returns a key config or
 * throws {@link KeyFileException} saying what is missing and where. Stateless and thread-safe.
 */
public final class PaperKey {
  /** The line before the key config's JSON. */
  public static final String BEGIN_MARKER = "-----BEGIN PROXMOX BACKUP KEY-----";
  /** The line after the key config's JSON. */
  public static final String END_MARKER = "-----END PROXMOX BACKUP KEY-----";
  /** The largest input {@link #parse} reads, in characters: a paper key is about 5 KiB, its HTML page 30 KiB. */
  static final int MAX_INPUT = 1 << 20;
  /** More key blocks than this in one input is not a paper key but a collection of them. */
  static final int MAX_BLOCKS = 16;
  /** Quiet zone of the text form's QR code, in modules. */
  static final int TEXT_QUIET_ZONE = 2;
  /** Quiet zone of the page's QR code, in modules (the standard's 4: paper has room). */
  static final int SVG_QUIET_ZONE = 4;
  private static final Pattern HTML_START = Pattern.compile("<html", Pattern.CASE_INSENSITIVE);
  private static final String[][] ENTITIES = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};

  private PaperKey() {}

  /**
   * How the text form draws its QR code with block characters. A block is drawn in the terminal's
   * text color and a space shows its background, so which modules become blocks depends on which of
   * the two is light. Both forms have a 2-module quiet zone in the light color: for {@link #DARK} it
   * must be drawn (as blocks), since the dark background around the code is no quiet zone; for
   * {@link #LIGHT} it is spaces that the light background continues. Two modules rather than the
   * standard's four keep the code narrow for terminals (93 columns for a key config with a long
   * hint); phone scanners and zxing read it.
   */
  public enum Background {
    /** Light text on a dark background: light modules are blocks (qrencode's {@code utf8i}, PBS's choice). */
    DARK,
    /** Dark text on a light background, or the text printed on paper: dark modules are blocks. */
    LIGHT
  }

  /**
   * The text form for a dark terminal: {@link #text(KeyConfig, String, Background)} with {@link
   * Background#DARK}, as PBS prints it.
   */
  public static String text(KeyConfig key, String subject) {
    return text(key, subject, Background.DARK);
  }

  /**
   * The text form: the optional subject, the key block and its QR code drawn for {@code background}.
   *
   * @param subject one line shown above the key (what the key is for), or null
   * @throws IllegalArgumentException for an unprotected key config, a subject with control or line
   *     separator characters, a subject or hint holding a marker (the key could not be read back), or a
   *     key config too long for a QR code (a hint of thousands of characters, from a foreign file)
   */
  public static String text(KeyConfig key, String subject, Background background) {
    Objects.requireNonNull(background, "background");
    String json = prettyJson(key);
    checkSubject(subject);
    StringBuilder out = new StringBuilder(json.length() * 4);
    if (subject != null) {
      out.append("Subject: ").append(subject).append("\n\n");
    }
    out.append(BEGIN_MARKER).append('\n').append(json).append('\n').append(END_MARKER).append('\n');
    return out.append(terminalQr(json, background)).toString();
  }

  /**
   * The HTML form, PBS's default: a self-contained UTF-8 page (no scripts, no external files) with
   * the optional subject, the key block and its QR code as inline SVG, kept on one page when printed
   * if it fits.
   *
   * @param subject one line shown above the key, or null; escaped
   * @throws IllegalArgumentException as {@link #text(KeyConfig, String, Background)}
   */
  public static String html(KeyConfig key, String subject) {
    String json = prettyJson(key);
    checkSubject(subject);
    ByteMatrix qr = qr(json);
    StringBuilder out = new StringBuilder(32 * 1024);
    // 500pt code as PBS on screen. In print, PBS's 12pt text and 500pt code (about 820pt in all)
    // overflow an A4 or Letter page, so the block gets 10pt and the code 360pt (1.3 mm modules).
    out.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1.0">
        <title>Proxmox Backup Paperkey</title>
        <style>
          p { font-size: 10pt; font-family: monospace; white-space: pre-wrap; line-break: anywhere; }
          .paperkey { page-break-inside: avoid; break-inside: avoid; }
          .qr { text-align: center; }
          @media print { .qr svg { width: 360pt; height: 360pt; } }
        </style>
        </head>
        <body>
        <div class="paperkey">
        """);
    if (subject != null) {
      out.append("<p>Subject: ").append(escape(subject)).append("</p>\n");
    }
    out.append("<p>").append(BEGIN_MARKER).append('\n').append(escape(json)).append('\n').append(END_MARKER)
        .append("</p>\n");
    out.append("<div class=\"qr\">\n");
    svg(qr, out);
    out.append("</div>\n</div>\n</body>\n</html>\n");
    return out.toString();
  }

  /**
   * The key config in {@code text}: a key file's JSON, or a paper key within any text.
   *
   * <p>Text that starts with an opening brace (after white space and a byte order mark) is a key
   * file's JSON. Any other text must hold {@link #BEGIN_MARKER}, the JSON and {@link #END_MARKER}, found
   * anywhere (as PBS looks for them): in a mail with prose around it, in this class's text form
   * with its QR code after, with CRLF or indented lines, or in an HTML page. When {@code <html}
   * comes before the BEGIN marker, the block is HTML text and {@code &amp; &lt; &gt; &quot; &#39;}
   * in it are decoded. Several blocks are accepted when they hold the same key config (a mail's
   * text and HTML parts).
   *
   * @param source where the text came from, for messages ("paper key /root/key.txt")
   * @throws KeyFileException when there is no key block, a marker has no partner, blocks hold
   *     different key configs, a block is empty or not a key config (its JSON errors give the line of
   *     {@code text}), or {@code text} is longer than 1 MiB
   */
  public static KeyConfig parse(String text, String source) throws KeyFileException {
    if (text.length() > MAX_INPUT) {
      throw new KeyFileException(source + ": " + text.length() + " characters is too long for a paper key (at most "
          + MAX_INPUT + " are read); pass the key file or the paper key itself");
    }
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (body.strip().startsWith("{")) {
      return KeyConfig.parse(body.getBytes(StandardCharsets.UTF_8), source);
    }
    Lines lines = new Lines(body);
    List<int[]> blocks = blocks(body, source, lines);
    Matcher html = HTML_START.matcher(body);
    int htmlAt = html.find() ? html.start() : Integer.MAX_VALUE;
    KeyConfig first = null;
    int firstLine = 0;
    for (int[] block : blocks) {
      int line = lines.at(block[0]);
      String content = body.substring(block[0] + BEGIN_MARKER.length(), block[1]);
      if (htmlAt < block[0]) {
        content = unescape(content);
      }
      String where = source + ", key block at line " + line;
      if (content.isBlank()) {
        throw new KeyFileException(where + ": nothing between " + BEGIN_MARKER + " and " + END_MARKER);
      }
      // Leading line breaks put the JSON on its own lines, so JSON errors name lines of the input.
      String padded = "\n".repeat(line - 1) + content;
      KeyConfig config = KeyConfig.parse(padded.getBytes(StandardCharsets.UTF_8), where);
      if (first == null) {
        first = config;
        firstLine = line;
      } else if (!first.equals(config)) {
        throw new KeyFileException(source + ": holds different keys (key blocks at lines " + firstLine + " and "
            + line + "); keep only the paper key to restore");
      }
    }
    return first;
  }

  /** The {@code [begin, end]} marker positions of each key block in {@code text}, checked to pair up. */
  private static List<int[]> blocks(String text, String source, Lines lines) throws KeyFileException {
    List<int[]> blocks = new ArrayList<>();
    int from = 0;
    while (true) {
      int begin = text.indexOf(BEGIN_MARKER, from);
      int strayEnd = text.indexOf(END_MARKER, from);
      if (begin < 0 && strayEnd < 0) {
        break;
      }
      if (begin < 0 || (strayEnd >= 0 && strayEnd < begin)) {
        throw new KeyFileException(source + ": line " + lines.at(strayEnd) + " has " + END_MARKER
            + " without a " + BEGIN_MARKER + " before it: the start of the paper key is missing");
      }
      int contentStart = begin + BEGIN_MARKER.length();
      int end = text.indexOf(END_MARKER, contentStart);
      int nextBegin = text.indexOf(BEGIN_MARKER, contentStart);
      if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
        throw new KeyFileException(source + ": the key block at line " + lines.at(begin) + " has no " + END_MARKER
            + (nextBegin >= 0 ? " before the next " + BEGIN_MARKER + " at line " + lines.at(nextBegin) : "")
            + ": the paper key is cut off");
      }
      if (blocks.size() == MAX_BLOCKS) {
        throw new KeyFileException(source + ": more than " + MAX_BLOCKS + " key blocks; pass one paper key");
      }
      blocks.add(new int[] {begin, end});
      from = end + END_MARKER.length();
    }
    if (blocks.isEmpty()) {
      throw new KeyFileException("no paper key found in " + source + ": expected the line " + BEGIN_MARKER
          + ", the key's JSON and the line " + END_MARKER + ", or a key file's JSON");
    }
    return blocks;
  }

  /** One decoding pass of the five entities an HTML writer uses for text ({@code &amp;lt;} becomes {@code &lt;}). */
  private static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    next:
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '&') {
        for (String[] e : ENTITIES) {
          if (s.startsWith(e[0], i)) {
            out.append(e[1]);
            i += e[0].length() - 1;
            continue next;
          }
        }
      }
      out.append(s.charAt(i));
    }
    return out.toString();
  }

  /** HTML text escaping: enough for element content, where quotes need none. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String prettyJson(KeyConfig key) {
    if (!key.isProtected()) {
      throw new IllegalArgumentException("refusing a paper key of an unprotected key config: it would print the key"
          + " itself; protect it with a passphrase first");
    }
    String json = key.toPrettyJson();
    if (hasMarker(json)) {
      throw new IllegalArgumentException("refusing a paper key whose hint contains a paper key marker: it could not be"
          + " read back; change the hint");
    }
    return json;
  }

  private static void checkSubject(String subject) {
    if (subject == null) {
      return;
    }
    if (subject.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
      throw new IllegalArgumentException("a paper key's subject is one line without control characters");
    }
    if (hasMarker(subject)) {
      throw new IllegalArgumentException("a paper key's subject must not contain a paper key marker");
    }
  }

  /** Markers are found anywhere, so a marker in a subject or hint would cut the key block. */
  private static boolean hasMarker(String s) {
    return s.contains(BEGIN_MARKER) || s.contains(END_MARKER);
  }

  // ---- QR code

  /**
   * The QR code of {@code payload} (level M, byte mode), its modules true when dark. ASCII is encoded
   * without an ECI, as qrencode does; other text as UTF-8 with the UTF-8 ECI, so scanners decode it right.
   *
   * @throws IllegalArgumentException when {@code payload} exceeds a version 40 code (2331 bytes)
   */
  static ByteMatrix qr(String payload) {
    boolean ascii = payload.chars().allMatch(c -> c < 0x80);
    Map<EncodeHintType, Object> hints = ascii ? Map.of()
        : Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    try {
      return Encoder.encode(payload, ErrorCorrectionLevel.M, hints).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("the key config is too long for a QR code ("
          + payload.getBytes(StandardCharsets.UTF_8).length + " bytes of JSON; level M holds 2331)", e);
    }
  }

  /**
   * The QR code of {@code payload} in block characters for {@code background}: each line two module
   * rows, a 2-module quiet zone around (when the module rows are odd, the last line's lower half is
   * quiet zone too), each line ending in LF.
   */
  static String terminalQr(String payload, Background background) {
    ByteMatrix qr = qr(payload);
    int size = qr.getWidth() + 2 * TEXT_QUIET_ZONE;
    boolean blockIsDark = background == Background.LIGHT;
    StringBuilder out = new StringBuilder((size + 1) * (size + 1) / 2);
    for (int y = 0; y < size; y += 2) {
      for (int x = 0; x < size; x++) {
        boolean upper = dark(qr, x - TEXT_QUIET_ZONE, y - TEXT_QUIET_ZONE) == blockIsDark;
        boolean lower = dark(qr, x - TEXT_QUIET_ZONE, y + 1 - TEXT_QUIET_ZONE) == blockIsDark;
        out.append(upper ? (lower ? '█' : '▀') : (lower ? '▄' : ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Whether module (x, y) is dark; outside the code (the quiet zone) it is light. */
  private static boolean dark(ByteMatrix qr, int x, int y) {
    return x >= 0 && y >= 0 && x < qr.getWidth() && y < qr.getHeight() && qr.get(x, y) == 1;
  }

  /**
   * Appends {@code qr} as an SVG element: one unit per module, a white square with the quiet zone,
   * and one black path of a rectangle {@code M x y h n v1 h-n z} per horizontal run of dark modules,
   * one line per module row.
   */
  private static void svg(ByteMatrix qr, StringBuilder out) {
    int size = qr.getWidth() + 2 * SVG_QUIET_ZONE;
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"500pt\" height=\"500pt\" viewBox=\"0 0 ")
        .append(size).append(' ').append(size)
        .append("\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the key block\">\n")
        .append("<rect width=\"").append(size).append("\" height=\"").append(size).append("\" fill=\"#fff\"/>\n")
        .append("<path fill=\"#000\" d=\"");
    for (int y = 0; y < qr.getHeight(); y++) {
      for (int x = 0; x < qr.getWidth(); x++) {
        if (qr.get(x, y) != 1) {
          continue;
        }
        int run = 1;
        while (x + run < qr.getWidth() && qr.get(x + run, y) == 1) {
          run++;
        }
        out.append('M').append(x + SVG_QUIET_ZONE).append(' ').append(y + SVG_QUIET_ZONE)
            .append('h').append(run).append("v1h-").append(run).append('z');
        x += run - 1;
      }
      out.append('\n');
    }
    out.append("\"/>\n</svg>\n");
  }

  /** Line numbers of positions in a text, counted forward from the last question (LF, CRLF and CR end a line). */
  private static final class Lines {
    private final String text;
    private int pos;
    private int line = 1;

    Lines(String text) {
      this.text = text;
    }

    int at(int index) {
      if (index < pos) {
        pos = 0;
        line = 1;
      }
      for (; pos < index; pos++) {
        char c = text.charAt(pos);
        if (c == '\n' || (c == '\r' && (pos + 1 == text.length() || text.charAt(pos + 1) != '\n'))) {
          line++;
        }
      }
      return line;
    }
  }
}
