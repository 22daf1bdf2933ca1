package dev.tapekit.tools.tape;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code39Writer;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tape barcode-labels}: a printable sheet of LTO cartridge labels, as PBS's LTO Barcode
 * Generator makes them. Each label is the volume serial (6 characters) and the media type (2), in
 * Code 39 with the text under the bars.
 *
 * <pre>
 * label    = volser type                   e.g. E01001L9
 * volser   = 6 * ( "A".."Z" | "0".."9" )   ending in the digits that count up (E01001, E01002, ...)
 * type     = L3 | L4 | L5 | L6 | L7 | L8 | L9 | M8 | CU
 * page     = A4, 2 columns of 15 labels; each label 78 x 17 mm (the LTO label's size), an SVG in mm
 *            holding the bars as an inner SVG whose units are a quarter of the narrow element (one
 *            rect per bar: narrow 4 units, wide 11; 40 units of quiet zone each side) and the text below
 * bars     = narrow element 0.423 mm, wide:narrow 2.75:1, 11.5 mm high (IBM's and others' LTO label
 *            specifications: 0.423 mm, 2.75:1, at least 11.1 mm)
 * </pre>
 *
 * Print at 100 % (no "fit to page"): scanners read the bars at any size, but the labels must fit the
 * cartridge's label recess.
 */
@Command(name = "barcode-labels", description = {"Writes an HTML page of LTO barcode labels (Code 39) to print on "
    + "A4: --count labels from --start, the digits at its end counting up, with the media type of --type.",
    "Print at 100 % scale; each label is 78 x 17 mm."})
final class BarcodeLabelsCommand extends TapeCommand {
  /** The media type suffixes of LTO barcodes, and what they are. */
  static final Map<String, String> TYPES = types();
  static final int MAX_COUNT = 1000;
  static final int COLUMNS = 2;
  static final int ROWS = 15;
  /** Label size, mm. */
  static final double LABEL_WIDTH = 78;
  static final double LABEL_HEIGHT = 17;
  /**
   * The bars are drawn in units of a quarter of the narrow element, which is 0.423 mm as the LTO label
   * specifications ask; a wide element is 11 units, their 2.75:1 ratio.
   */
  static final double UNIT_MM = 0.423 / 4;
  static final int NARROW = 4;
  static final int WIDE = 11;
  /** Quiet zone on each side, in units: 10 narrow elements. */
  static final int QUIET_ZONE = 10 * NARROW;
  /** The bars' top and height in a label, mm (the specifications ask at least 11.1 mm). */
  static final double BARS_Y = 0.8;
  static final double BARS_HEIGHT = 11.5;

  @Option(names = "--start", required = true, paramLabel = "VOLSER",
      description = "the first label's 6 characters (letters and digits, ending in digits), like E01001")
  String start;

  @Option(names = "--count", required = true, paramLabel = "N", description = "how many labels (1 to " + MAX_COUNT + ")")
  int count;

  @Option(names = "--type", required = true, paramLabel = "TYPE",
      description = "media type: L9 (LTO-9) ... L1, M8 (LTO-7 type M), LZ (LTO-9 WORM) ... LT (LTO-3 WORM), "
          + "CU (cleaning)")
  String type;

  @Option(names = "--output", paramLabel = "FILE", description = "write the page to FILE instead of stdout")
  Path output;

  private static Map<String, String> types() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int g = 9; g >= 1; g--) {
      m.put("L" + g, "LTO-" + g);
    }
    m.put("M8", "LTO-7 type M (formatted as LTO-8)");
    for (int g = 9; g >= 3; g--) {
      m.put("L" + (char) ('T' + g - 3), "LTO-" + g + " WORM");
    }
    m.put("CU", "cleaning cartridge");
    return m;
  }

  @Override
  int run(Session s) throws Exception {
    List<String> labels = labels(start, count, type);
    if (s.format().isJson() && output == null) {
      throw new ToolFailure(ExitCode.USAGE, "with --output-format json, give --output FILE: the page goes there, "
          + "the JSON list of labels to stdout");
    }
    String page = page(labels);
    int pages = (labels.size() + COLUMNS * ROWS - 1) / (COLUMNS * ROWS);
    if (output == null) {
      s.out().print(page);
      s.out().flush();
    } else {
      try {
        Files.writeString(output, page, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ToolFailure(ExitCode.FAILED, List.of("cannot write " + output + ": "
            + (e instanceof NoSuchFileException ? "its directory does not exist" : e.getMessage())), e);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labels", labels);
      m.put("pages", pages);
      m.put("output", output.toString());
      s.print(() -> m, () -> "");
      s.progress(labels.size() + " labels, " + labels.get(0) + " to " + labels.get(labels.size() - 1) + ", on "
          + pages + (pages == 1 ? " page" : " pages") + " in " + output);
    }
    return 0;
  }

  /**
   * The label texts: {@code count} volume serials from {@code start}, its trailing digits counting up,
   * each followed by {@code type}.
   *
   * @throws ToolFailure (usage) for a malformed start, type or count, or digits that would overflow
   */
  static List<String> labels(String start, int count, String type) throws ToolFailure {
    String t = type.strip().toUpperCase(Locale.ROOT);
    if (!TYPES.containsKey(t)) {
      throw new ToolFailure(ExitCode.USAGE, "unknown media type '" + type + "': one of " + String.join(", ", TYPES.keySet())
          + " (L9 is LTO-9, M8 LTO-7 type M, LZ LTO-9 WORM, CU a cleaning cartridge)");
    }
    String v = start.strip().toUpperCase(Locale.ROOT);
    if (v.length() == 8 && TYPES.containsKey(v.substring(6))) {
      throw new ToolFailure(ExitCode.USAGE, "--start " + start + " ends in a media type: give the 6 characters before "
          + "it (--start " + v.substring(0, 6) + " --type " + v.substring(6) + ")");
    }
    if (!v.matches("[A-Z0-9]{6}")) {
      throw new ToolFailure(ExitCode.USAGE, "--start '" + start + "' is not 6 letters and digits (like E01001)");
    }
    int digits = 0;
    while (digits < 6 && Character.isDigit(v.charAt(5 - digits))) {
      digits++;
    }
    if (digits == 0) {
      throw new ToolFailure(ExitCode.USAGE, "--start " + v + " does not end in a digit: nothing to count up");
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new ToolFailure(ExitCode.USAGE, "--count " + count + ": give 1 to " + MAX_COUNT + " labels");
    }
    String prefix = v.substring(0, 6 - digits);
    long first = Long.parseLong(v.substring(6 - digits));
    long last = first + count - 1;
    long max = (long) Math.pow(10, digits) - 1;
    if (last > max) {
      throw new ToolFailure(ExitCode.USAGE, count + " labels from " + v + " would pass " + prefix
          + "9".repeat(digits) + ": at most " + (max - first + 1) + " from there");
    }
    List<String> out = new ArrayList<>(count);
    for (long n = first; n <= last; n++) {
      out.add(prefix + String.format(Locale.ROOT, "%0" + digits + "d", n) + t);
    }
    return out;
  }

  /**
   * The elements of {@code text} in Code 39, start and stop characters included, as widths in units:
   * bar, space, bar, ... (zxing draws narrow elements 1 module wide and wide ones 2; they are widened
   * here to {@link #NARROW} and {@link #WIDE}).
   */
  static List<Integer> elements(String text) {
    BitMatrix m = new Code39Writer().encode(text, BarcodeFormat.CODE_39, 0, 1, Map.of(EncodeHintType.MARGIN, 0));
    List<Integer> out = new ArrayList<>();
    int x = 0;
    while (x < m.getWidth()) {
      boolean bar = m.get(x, 0);
      int run = 0;
      while (x < m.getWidth() && m.get(x, 0) == bar) {
        run++;
        x++;
      }
      if (run > 2 || bar != (out.size() % 2 == 0)) {
        throw new IllegalStateException("Code 39 of " + text + " has an element of " + run + " modules");
      }
      out.add(run == 1 ? NARROW : WIDE);
    }
    return out;
  }

  /** The HTML page of {@code labels}. */
  static String page(List<String> labels) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>LTO barcode labels ").append(labels.get(0)).append(" to ").append(labels.get(labels.size() - 1))
        .append("</title>\n<style>\n")
        .append("@page { size: A4; margin: 0; }\n")
        .append("body { margin: 0; }\n")
        .append(".page { box-sizing: border-box; width: 210mm; height: 296mm; padding: 13mm 22mm; display: grid;\n")
        .append("  grid-template-columns: repeat(").append(COLUMNS).append(", ").append(mm(LABEL_WIDTH))
        .append("); grid-auto-rows: ").append(mm(LABEL_HEIGHT)).append("; column-gap: 10mm; row-gap: 1mm;\n")
        .append("  align-content: start; break-after: page; }\n")
        .append(".page:last-child { break-after: auto; }\n")
        .append("svg.label { display: block; width: ").append(mm(LABEL_WIDTH)).append("; height: ")
        .append(mm(LABEL_HEIGHT)).append("; outline: 0.1mm dotted #bbb; }\n")
        .append("</style>\n</head>\n<body>\n");
    int perPage = COLUMNS * ROWS;
    for (int i = 0; i < labels.size(); i++) {
      if (i % perPage == 0) {
        sb.append(i == 0 ? "" : "</div>\n").append("<div class=\"page\">\n");
      }
      label(sb, labels.get(i));
    }
    return sb.append("</div>\n</body>\n</html>\n").toString();
  }

  private static void label(StringBuilder sb, String text) {
    List<Integer> elements = elements(text);
    int width = 2 * QUIET_ZONE + elements.stream().mapToInt(Integer::intValue).sum();
    double barsWidth = width * UNIT_MM;
    sb.append("<svg class=\"label\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(num(LABEL_WIDTH))
        .append(' ').append(num(LABEL_HEIGHT)).append("\">\n")
        .append("<rect width=\"").append(num(LABEL_WIDTH)).append("\" height=\"").append(num(LABEL_HEIGHT))
        .append("\" fill=\"#fff\"/>\n")
        .append("<svg x=\"").append(num((LABEL_WIDTH - barsWidth) / 2)).append("\" y=\"").append(num(BARS_Y))
        .append("\" width=\"").append(num(barsWidth)).append("\" height=\"").append(num(BARS_HEIGHT))
        .append("\" viewBox=\"0 0 ").append(width).append(" 1\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\">")
        .append("<title>").append(text).append("</title>");
    int x = QUIET_ZONE;
    for (int i = 0; i < elements.size(); i++) {
      if (i % 2 == 0) {
        sb.append("<rect x=\"").append(x).append("\" width=\"").append(elements.get(i)).append("\" height=\"1\"/>");
      }
      x += elements.get(i);
    }
    sb.append("</svg>\n")
        .append("<text x=\"").append(num(LABEL_WIDTH / 2)).append("\" y=\"").append(num(LABEL_HEIGHT - 1))
        .append("\" text-anchor=\"middle\" font-family=\"monospace\" font-weight=\"bold\" font-size=\"3.6\" "
            + "letter-spacing=\"1\">").append(text).append("</text>\n</svg>\n");
  }

  private static String mm(double v) {
    return num(v) + "mm";
  }

  private static String num(double v) {
    String t = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
