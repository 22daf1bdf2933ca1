package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code39Reader;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tape barcode-labels}: the bars of every label on the page are read back with zxing's Code 39
 * reader and must say the label's text; bad input is refused.
 */
@ExtendWith(VtlHomeExtension.class)
class BarcodeLabelsCommandTest {
  private static final Pattern LABEL = Pattern.compile(
      "<svg class=\"label\".*?<svg [^>]*width=\"([0-9.]+)\"[^>]*viewBox=\"0 0 (\\d+) 1\"[^>]*><title>([A-Z0-9]+)</title>"
          + "(.*?)</svg>\\s*"
          + "<text [^>]*>([A-Z0-9]+)</text>\\s*</svg>", Pattern.DOTALL);
  private static final Pattern BAR = Pattern.compile("<rect x=\"(\\d+)\" width=\"(\\d+)\" height=\"1\"/>");

  /** One label of the page: the text under the bars, and what the bars decode to. */
  record Label(String text, String decoded) {}

  /** Every label of {@code html}, its bars drawn as pixels (one per unit) and decoded. */
  static List<Label> read(String html) throws Exception {
    List<Label> out = new ArrayList<>();
    Matcher m = LABEL.matcher(html);
    while (m.find()) {
      int units = Integer.parseInt(m.group(2));
      // a narrow element (4 units) is 0.423 mm, a wide one (11) 2.75 times that, as LTO labels need
      assertEquals(0.423, Double.parseDouble(m.group(1)) / units * 4, 0.001, "narrow element, mm");
      boolean[] bars = new boolean[units];
      Matcher b = BAR.matcher(m.group(4));
      while (b.find()) {
        int x = Integer.parseInt(b.group(1));
        int w = Integer.parseInt(b.group(2));
        assertTrue(w == 4 || w == 11, "bar width " + w);
        for (int i = 0; i < w; i++) {
          bars[x + i] = true;
        }
      }
      assertEquals(m.group(3), m.group(5), "title and text of a label");
      out.add(new Label(m.group(5), decode(bars)));
    }
    return out;
  }

  static String decode(boolean[] bars) throws Exception {
    int scale = 1;
    int height = 20;
    int width = bars.length * scale;
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = bars[x / scale] ? 0xFF000000 : 0xFFFFFFFF;
      }
    }
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    return new Code39Reader().decode(bitmap).getText();
  }

  @Test
  void pageOfLabelsWhoseBarsSayTheirText() throws Exception {
    TapeHome t = new TapeHome();
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    Path page = t.vtl.resolve("labels.html");
    ToolHarness.Result r = t.tape("barcode-labels", "--start", "E01001", "--count", "35", "--type", "L9",
        "--output", page.toString());
    assertEquals(0, r.exit(), r.err());
    String html = Files.readString(page);
    List<Label> labels = read(html);
    assertEquals(35, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      String expected = String.format("E01%03dL9", 1 + i);
      assertEquals(new Label(expected, expected), labels.get(i));
    }
    assertEquals(2, html.split("<div class=\"page\">", -1).length - 1, "30 labels a page");

    r = t.tape("barcode-labels", "--start", "cln098", "--count", "3", "--type", "cu", "--output", page.toString(),
        "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of(new Label("CLN098CU", "CLN098CU"), new Label("CLN099CU", "CLN099CU"),
        new Label("CLN100CU", "CLN100CU")), read(Files.readString(page)));

    r = t.tape("barcode-labels", "--start", "A00000", "--count", "1", "--type", "M8");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of(new Label("A00000M8", "A00000M8")), read(r.out()));
    t.harness.assertGolden("tape-barcode-labels");
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    String[][] bad = {
        {"--start", "E0100", "--count", "1", "--type", "L9"},
        {"--start", "E01001L9", "--count", "1", "--type", "L9"},
        {"--start", "E0-001", "--count", "1", "--type", "L9"},
        {"--start", "ABCDEF", "--count", "1", "--type", "L9"},
        {"--start", "E01001", "--count", "0", "--type", "L9"},
        {"--start", "E01001", "--count", "1001", "--type", "L9"},
        {"--start", "E01001", "--count", "99999999999", "--type", "L9"},
        {"--start", "E01001", "--count", "many", "--type", "L9"},
        {"--start", "E99998", "--count", "3", "--type", "L9"},
        {"--start", "E01001", "--count", "1", "--type", "L10"},
        {"--start", "E01001", "--count", "1"},
        {"--start", "E01001", "--count", "1", "--type", "L9", "--output-format", "json"},
    };
    for (String[] args : bad) {
      String[] all = new String[args.length + 1];
      all[0] = "barcode-labels";
      System.arraycopy(args, 0, all, 1, args.length);
      ToolHarness.Result r = t.tape(all);
      assertEquals(ExitCode.USAGE.code(), r.exit(), String.join(" ", all) + ": " + r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
    ToolHarness.Result r = t.tape("barcode-labels", "--start", "E01001", "--count", "1", "--type", "L9", "--output",
        t.vtl.resolve("no/such/dir/labels.html").toString());
    assertEquals(ExitCode.FAILED.code(), r.exit());
    t.harness.assertGolden("tape-barcode-labels-errors");
  }
}
