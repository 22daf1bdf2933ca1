package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.CLOCK;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.tapekit.crypto.PaperKey.Background;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PaperKeyTest {
  private static final String PASSWORD = "paper key test";
  private static final Path SCRIPT = Path.of("src/test/resources/pbs/pbs_keyconfig.py").toAbsolutePath();
  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
  private static final Pattern PATH = Pattern.compile("<path fill=\"#000\" d=\"([^\"]*)\"/>");
  private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

  /** A PBKDF2-wrapped key (fast to open) and its plain bytes, shared by the tests that only read. */
  private static KeyConfig config;
  private static byte[] keyBytes;

  @BeforeAll
  static void wrapOneKey() {
    try (TapeKey key = TapeKey.generate(); Passphrase pw = pass(PASSWORD)) {
      config = KeyConfig.wrap(key, pw, KdfType.PBKDF2, "the usual one", CLOCK);
      keyBytes = key.copyBytes();
    }
  }

  // ---- round trips

  @Test
  void textParsesBackAndOpensToTheSameKey() throws Exception {
    String text = PaperKey.text(config, "tape key of pool 'offsite'");
    KeyConfig back = PaperKey.parse(text, "paper key");
    assertEquals(config, back);
    assertOpensToTheKey(back);
  }

  @Test
  void htmlParsesBackAndOpensToTheSameKey() throws Exception {
    String html = PaperKey.html(config, "tape key of pool 'offsite'");
    KeyConfig back = PaperKey.parse(html, "paper key page");
    assertEquals(config, back);
    assertOpensToTheKey(back);
  }

  @Test
  void scryptKeyRoundTripsThroughText() throws Exception {
    try (TapeKey key = TapeKey.generate(); Passphrase pw = pass(PASSWORD)) {
      KeyConfig scrypt = KeyConfig.wrap(key, pw, KdfType.SCRYPT, null, CLOCK);
      assertEquals(scrypt, PaperKey.parse(PaperKey.text(scrypt, null, Background.LIGHT), "paper key"));
    }
  }

  @Test
  void pbsPaperKeyOpensWithItsPassphrase() throws Exception {
    KeyConfig pbs = PaperKey.parse(Fixtures.text("scrypt-paperkey.txt"), "pbs/scrypt-paperkey.txt");
    byte[] expectedKey = Fixtures.keyFrom(0x00);
    String fingerprint = Fixtures.expected().get("fingerprint." + Fixtures.hex(expectedKey));
    assertEquals(fingerprint, pbs.fingerprint().orElseThrow().toString());
    try (Passphrase pw = pass(Fixtures.SCRYPT_PASSWORD); TapeKey key = pbs.unwrap(pw)) {
      assertArrayEquals(expectedKey, key.copyBytes());
      assertEquals(fingerprint, key.fingerprint().toString());
    }
  }

  @Test
  void textRepeatsThePbsKeyBlockLineForLine() throws Exception {
    String pbsText = Fixtures.text("scrypt-paperkey.txt");
    KeyConfig pbs = PaperKey.parse(pbsText, "pbs/scrypt-paperkey.txt");
    String ours = PaperKey.text(pbs, null);
    assertTrue(ours.startsWith(pbsText), "our text form starts with exactly the PBS block:\n" + ours);
  }

  /** The independent script reads both forms PBS's way: the text between the first BEGIN and the next END. */
  @Test
  void bothFormsOpenUnderTheIndependentScript(@TempDir Path tmp) throws Exception {
    Path password = Files.writeString(tmp.resolve("pw"), PASSWORD + "\n", StandardCharsets.UTF_8);
    String expected = "key " + Fixtures.hex(keyBytes) + "\nfingerprint " + config.fingerprint().orElseThrow() + "\n";
    for (String paper : List.of(PaperKey.text(config, "s"), PaperKey.html(config, "s"))) {
      PbsCompatibilityTest.Result r = PbsCompatibilityTest.run(
          List.of("python3", SCRIPT.toString(), "decrypt", "--password-file", password.toString()), paper);
      assertEquals(0, r.exit(), r.err());
      assertEquals(expected, r.out());
    }
  }

  // ---- layout

  @Test
  void textIsSubjectBlankLineMarkersJsonThenQr() {
    String text = PaperKey.text(config, "key 1");
    List<String> lines = text.lines().toList();
    List<String> json = config.toPrettyJson().lines().toList();
    assertEquals("Subject: key 1", lines.get(0));
    assertEquals("", lines.get(1));
    assertEquals(PaperKey.BEGIN_MARKER, lines.get(2));
    assertEquals(json, lines.subList(3, 3 + json.size()));
    assertEquals(PaperKey.END_MARKER, lines.get(3 + json.size()));
    assertTrue(text.endsWith("\n"));
    assertTrue(PaperKey.text(config, null).startsWith(PaperKey.BEGIN_MARKER + "\n{\n"));
  }

  @Test
  void darkAndLightQrAreEachOthersNegative() {
    String dark = qrLines(PaperKey.text(config, null, Background.DARK));
    String light = qrLines(PaperKey.text(config, null, Background.LIGHT));
    String negative = dark.chars().map(c -> switch (c) {
      case '█' -> ' ';
      case ' ' -> '█';
      case '▀' -> '▄';
      case '▄' -> '▀';
      default -> c;
    }).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    assertEquals(light, negative);
    assertEquals(PaperKey.text(config, null, Background.DARK), PaperKey.text(config, null));
  }

  @Test
  void qrOfTheTextFormHasTwoLightModulesAround() {
    List<String> lines = qrLines(PaperKey.text(config, null, Background.DARK)).lines().toList();
    int width = lines.get(0).length();
    assertEquals("█".repeat(width), lines.get(0), "top: two light module rows, drawn");
    assertEquals("█".repeat(width), lines.get(lines.size() - 1),
        "bottom: module rows are odd, so the last line is quiet");
    boolean[][] dark = modulesOfText(PaperKey.text(config, null, Background.DARK), Background.DARK);
    int last = width - 3; // the code's last row and column
    assertEquals(lines.size(), (width + 1) / 2);
    for (int i = 0; i < width; i++) {
      for (int q : new int[] {0, 1, last + 1, last + 2}) {
        assertFalse(dark[q][i] || dark[i][q], "quiet zone module at " + q + ", " + i);
      }
    }
    assertTrue(dark[2][2] && dark[2][last] && dark[last][2], "the finder patterns' corners start at module 2");
  }

  @Test
  void htmlIsOneSelfContainedPageWithInlineSvg() {
    String html = PaperKey.html(config, null);
    assertTrue(html.startsWith("<!DOCTYPE html>\n"));
    assertTrue(html.contains("<meta charset=\"utf-8\">"));
    assertTrue(html.contains("<title>Proxmox Backup Paperkey</title>"));
    assertTrue(html.contains("page-break-inside: avoid"));
    assertTrue(html.contains("font-family: monospace"));
    assertTrue(html.contains("width=\"500pt\" height=\"500pt\""));
    assertTrue(html.contains("@media print { .qr svg { width: 360pt; height: 360pt; } }"));
    assertTrue(html.contains("shape-rendering=\"crispEdges\""));
    assertFalse(html.contains("data:image"), "no data URI");
    assertFalse(html.contains("<img"), "no image file");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("Subject:"));
    assertTrue(html.endsWith("</html>\n"));
  }

  @Test
  void svgMergesEachRowsDarkRunsIntoOneRectangle() {
    String html = PaperKey.html(config, null);
    int size = svgSize(html);
    int previousX = -1;
    int previousY = -1;
    int previousEnd = -1;
    Matcher run = RUN.matcher(svgPath(html));
    int runs = 0;
    while (run.find()) {
      int x = Integer.parseInt(run.group(1));
      int y = Integer.parseInt(run.group(2));
      int n = Integer.parseInt(run.group(3));
      assertEquals(run.group(3), run.group(4), "the run closes on itself: " + run.group());
      assertTrue(x >= 4 && y >= 4 && x + n <= size - 4 && y < size - 4,
          "inside the 4-module quiet zone: " + run.group());
      if (y == previousY) {
        assertTrue(x > previousEnd, "runs on a row are separated by a light module: " + run.group());
      } else {
        assertTrue(y > previousY, "rows in order");
      }
      assertTrue(x > previousX || y > previousY);
      previousX = x;
      previousY = y;
      previousEnd = x + n;
      runs++;
    }
    assertTrue(runs > 100, "a key config's code has hundreds of runs, found " + runs);
    assertEquals("", RUN.matcher(svgPath(html)).replaceAll("").strip(), "nothing but runs in the path");
  }

  // ---- QR codes scan back

  @ParameterizedTest
  @EnumSource(Background.class)
  void qrOfTheTextFormScansToTheKeyJson(Background background) throws Exception {
    Result scan = scan(modulesOfText(PaperKey.text(config, "s", background), background));
    assertEquals(config.toPrettyJson(), scan.getText());
    assertEquals("]Q1", scan.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER),
        "ASCII JSON is encoded without an ECI, as qrencode does");
    assertOpensToTheKey(KeyConfig.parse(scan.getText()));
  }

  @Test
  void qrOfThePageScansToTheKeyJson() throws Exception {
    Result scan = scan(modulesOfSvg(PaperKey.html(config, "s")));
    assertEquals(config.toPrettyJson(), scan.getText());
    assertOpensToTheKey(KeyConfig.parse(scan.getText()));
  }

  @Test
  void hintWithOtherLettersScansBackAsUtf8() throws Exception {
    try (TapeKey key = TapeKey.generate(); Passphrase pw = pass(PASSWORD)) {
      KeyConfig umlaut = KeyConfig.wrap(key, pw, KdfType.PBKDF2, "Schlüssel im Tresor ✓ 金庫", CLOCK);
      Result text = scan(modulesOfText(PaperKey.text(umlaut, null), Background.DARK));
      Result page = scan(modulesOfSvg(PaperKey.html(umlaut, null)));
      assertEquals(umlaut.toPrettyJson(), text.getText());
      assertEquals(umlaut.toPrettyJson(), page.getText());
      assertEquals("]Q2", text.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER), "with the UTF-8 ECI");
      assertEquals(umlaut, PaperKey.parse(PaperKey.html(umlaut, null), "page"));
    }
  }

  // ---- where the markers are found

  @Test
  void markersAreFoundInProseAroundThem() throws Exception {
    String mail = "Hi,\n\nhere is the key for the offsite pool:\n\n" + PaperKey.text(config, "offsite")
        + "\nKeep it in the safe.\n-- \nops\n";
    assertEquals(config, PaperKey.parse(mail, "mail"));
  }

  @Test
  void crlfAndIndentedLinesAreRead() throws Exception {
    String block = PaperKey.BEGIN_MARKER + "\n" + config.toPrettyJson() + "\n" + PaperKey.END_MARKER;
    String crlf = "Key:\r\n" + block.replace("\n", "\r\n") + "\r\n";
    String indented = "Key:\n" + block.lines().map(l -> "    " + l + "  ").reduce("", (a, l) -> a + l + "\n");
    assertEquals(config, PaperKey.parse(crlf, "crlf"));
    assertEquals(config, PaperKey.parse(indented, "indented"));
  }

  @Test
  void bareKeyFileJsonIsRead() throws Exception {
    assertEquals(config, PaperKey.parse(config.toJson(), "key file"));
    assertEquals(config, PaperKey.parse("\uFEFF\n  " + config.toPrettyJson() + "\n\n", "key file"));
  }

  @Test
  void blocksInOtherPagesAreRead() throws Exception {
    String json = config.toPrettyJson();
    // PBS's page: JSON raw between marker lines in a <p>.
    String pbsPage = "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n<p>Subject: x</p>\n<div>\n<p>\n"
        + PaperKey.BEGIN_MARKER + "\n" + json + "\n" + PaperKey.END_MARKER + "\n</p>\n</div>\n</body>\n</html>\n";
    // The PVE and PBS web interfaces' printed key: the END marker and </p> share a line.
    String guiPage = "<html><head></head><body style=\"padding: 5px;\">\n\t<h4>Encryption Key</h4>\n<p style=\"a\">\n"
        + PaperKey.BEGIN_MARKER + "\n" + json + "\n" + PaperKey.END_MARKER + "</p>\n\t<center></center></body></html>";
    // A page whose writer escaped quotes too.
    String quotedPage = "<HTML><p>" + PaperKey.BEGIN_MARKER + json.replace("\"", "&quot;") + PaperKey.END_MARKER
        + "</p></HTML>";
    assertEquals(config, PaperKey.parse(pbsPage, "pbs page"));
    assertEquals(config, PaperKey.parse(guiPage, "gui page"));
    assertEquals(config, PaperKey.parse(quotedPage, "quoted page"));
  }

  @Test
  void sameKeyTwiceIsOneKey() throws Exception {
    String text = PaperKey.text(config, null);
    String mail = text + "\n> quoted earlier:\n" + text + "\n<html><body>" + PaperKey.html(config, null);
    assertEquals(config, PaperKey.parse(mail, "mail thread"));
  }

  @Test
  void htmlEscapesSubjectAndHintAndParseUndoesIt() throws Exception {
    try (TapeKey key = TapeKey.generate(); Passphrase pw = pass(PASSWORD)) {
      KeyConfig tricky = KeyConfig.wrap(key, pw, KdfType.PBKDF2, "<b>it's &amp; \"that\"</b>", CLOCK);
      String subject = "<script>alert('x')</script> & co";
      String html = PaperKey.html(tricky, subject);
      assertFalse(html.contains("<script>"), "subject escaped");
      assertFalse(html.contains("<b>"), "hint escaped");
      assertTrue(html.contains("<p>Subject: &lt;script&gt;alert('x')&lt;/script&gt; &amp; co</p>"));
      assertTrue(html.contains("&lt;b&gt;it's &amp;amp; \\\"that\\\"&lt;/b&gt;"));
      assertEquals(tricky, PaperKey.parse(html, "page"));
      assertEquals("<b>it's &amp; \"that\"</b>", PaperKey.parse(html, "page").hint().orElseThrow());
      String text = PaperKey.text(tricky, subject);
      assertTrue(text.startsWith("Subject: " + subject + "\n\n"), "the text form is not HTML");
      assertEquals(tricky, PaperKey.parse(text, "text"));
    }
  }

  // ---- errors

  @Test
  void textWithoutMarkersSaysWhatIsExpected() {
    KeyFileException e =
        assertThrows(KeyFileException.class, () -> PaperKey.parse("Dear ops,\nno key here.\n", "mail.txt"));
    assertEquals("no paper key found in mail.txt: expected the line " + PaperKey.BEGIN_MARKER
        + ", the key's JSON and the line " + PaperKey.END_MARKER + ", or a key file's JSON", e.getMessage());
    assertThrows(KeyFileException.class, () -> PaperKey.parse("", "empty file"));
  }

  @Test
  void beginWithoutEndIsACutOffKey() {
    String cut = "Key:\n\n" + PaperKey.BEGIN_MARKER + "\n" + config.toPrettyJson().substring(0, 100);
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(cut, "scan.txt"));
    assertEquals("scan.txt: the key block at line 3 has no " + PaperKey.END_MARKER + ": the paper key is cut off",
        e.getMessage());
  }

  @Test
  void secondBeginBeforeEndIsACutOffKey() {
    String text = PaperKey.BEGIN_MARKER + "\n{\n" + PaperKey.text(config, null);
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "scan.txt"));
    assertEquals("scan.txt: the key block at line 1 has no " + PaperKey.END_MARKER + " before the next "
        + PaperKey.BEGIN_MARKER + " at line 3: the paper key is cut off", e.getMessage());
  }

  @Test
  void endBeforeBeginIsAMissingStart() {
    String text = "}\n" + PaperKey.END_MARKER + "\n" + PaperKey.text(config, null);
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "scan.txt"));
    assertEquals("scan.txt: line 2 has " + PaperKey.END_MARKER + " without a " + PaperKey.BEGIN_MARKER
        + " before it: the start of the paper key is missing", e.getMessage());
    String trailing = PaperKey.text(config, null) + PaperKey.END_MARKER + "\n";
    assertThrows(KeyFileException.class, () -> PaperKey.parse(trailing, "scan.txt"));
  }

  @Test
  void twoDifferentKeysAreRefused() throws Exception {
    KeyConfig other = config.withHint("another hint", CLOCK);
    String text = PaperKey.text(config, "one") + "\n" + PaperKey.text(other, "two");
    int secondLine = PaperKey.text(config, "one").split("\n", -1).length + 3;
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "keys.txt"));
    assertEquals("keys.txt: holds different keys (key blocks at lines 3 and " + secondLine
        + "); keep only the paper key to restore", e.getMessage());
  }

  @Test
  void brokenJsonNamesTheLineOfTheInput() {
    String json = config.toPrettyJson().replace("\"created\":", "\"created\" ");
    int jsonLine = (int) json.lines().takeWhile(l -> !l.contains("\"created\"")).count() + 1;
    String text = "Subject: k\n\n" + PaperKey.BEGIN_MARKER + "\n" + json + "\n" + PaperKey.END_MARKER + "\n";
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "typed.txt"));
    String expected = "typed.txt, key block at line 3: not valid JSON (line " + (3 + jsonLine) + ",";
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void blockThatIsNoKeyConfigSaysWhichField() {
    String text = PaperKey.BEGIN_MARKER + "\n{\"kdf\": null, \"created\": \"yesterday\"}\n" + PaperKey.END_MARKER;
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "k.txt"));
    assertEquals("k.txt, key block at line 1: field 'created' is not an RFC 3339 time: 'yesterday'", e.getMessage());
    String garbage = "x\n" + PaperKey.BEGIN_MARKER + "\nthis is not json\n" + PaperKey.END_MARKER;
    KeyFileException g = assertThrows(KeyFileException.class, () -> PaperKey.parse(garbage, "k.txt"));
    assertTrue(g.getMessage().startsWith("k.txt, key block at line 2: not valid JSON (line 3,"), g.getMessage());
  }

  @Test
  void emptyBlockIsNamed() {
    String text = "a\n" + PaperKey.BEGIN_MARKER + "\n \r\n" + PaperKey.END_MARKER + "\n";
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "k.txt"));
    assertEquals("k.txt, key block at line 2: nothing between " + PaperKey.BEGIN_MARKER + " and " + PaperKey.END_MARKER,
        e.getMessage());
  }

  @Test
  void hugeInputIsRefusedBeforeReading() {
    String huge = PaperKey.text(config, null) + " ".repeat(PaperKey.MAX_INPUT);
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(huge, "mbox"));
    assertTrue(e.getMessage().startsWith("mbox: " + huge.length() + " characters is too long for a paper key"),
        e.getMessage());
    String justFits = PaperKey.text(config, null);
    assertDoesNotThrowKeyFileException(justFits + " ".repeat(PaperKey.MAX_INPUT - justFits.length()));
  }

  @Test
  void manyBlocksAreRefused() {
    String text = PaperKey.text(config, null).repeat(PaperKey.MAX_BLOCKS + 1);
    KeyFileException e = assertThrows(KeyFileException.class, () -> PaperKey.parse(text, "dump"));
    assertEquals("dump: more than 16 key blocks; pass one paper key", e.getMessage());
  }

  @Test
  void unprotectedKeyIsNotPrinted() throws Exception {
    KeyConfig plain = KeyConfig.parse(Fixtures.text("plain-key.json"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperKey.text(plain, null));
    assertTrue(e.getMessage().contains("unprotected"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PaperKey.html(plain, null));
    assertFalse(plain.isProtected(), "but such a key is read, as PBS's paper key of it would be");
  }

  @Test
  void subjectAndHintThatWouldBreakTheBlockAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PaperKey.text(config, "two\nlines"));
    assertThrows(IllegalArgumentException.class, () -> PaperKey.html(config, "carriage\rreturn"));
    assertThrows(IllegalArgumentException.class, () -> PaperKey.text(config, "line\u2028separator"));
    assertThrows(IllegalArgumentException.class, () -> PaperKey.text(config, "x " + PaperKey.BEGIN_MARKER));
    KeyConfig marked = config.withHint(PaperKey.END_MARKER, CLOCK);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperKey.html(marked, null));
    assertTrue(e.getMessage().contains("hint"), e.getMessage());
  }

  // ---- helpers

  private static void assertOpensToTheKey(KeyConfig back) throws Exception {
    try (Passphrase pw = pass(PASSWORD); TapeKey key = back.unwrap(pw)) {
      assertArrayEquals(keyBytes, key.copyBytes());
      assertEquals(config.fingerprint().orElseThrow(), key.fingerprint());
    }
  }

  private static void assertDoesNotThrowKeyFileException(String text) {
    try {
      assertEquals(config, PaperKey.parse(text, "input at the limit"));
    } catch (KeyFileException e) {
      throw new AssertionError("refused at exactly the limit", e);
    }
  }

  /** The QR code lines of a text form: everything after the END marker line. */
  private static String qrLines(String text) {
    int end = text.indexOf(PaperKey.END_MARKER + "\n");
    return text.substring(end + PaperKey.END_MARKER.length() + 1);
  }

  /** The modules drawn by a text form's block characters, true when dark; quiet zone included. */
  private static boolean[][] modulesOfText(String text, Background background) {
    List<String> lines = qrLines(text).lines().toList();
    int width = lines.get(0).length();
    boolean blockIsDark = background == Background.LIGHT;
    boolean[][] dark = new boolean[2 * lines.size()][width];
    for (int l = 0; l < lines.size(); l++) {
      String line = lines.get(l);
      assertEquals(width, line.length(), "every line as wide");
      for (int x = 0; x < width; x++) {
        char c = line.charAt(x);
        assertTrue("█▀▄ ".indexOf(c) >= 0, "only block characters and spaces: '" + c + "'");
        dark[2 * l][x] = (c == '█' || c == '▀') == blockIsDark;
        dark[2 * l + 1][x] = (c == '█' || c == '▄') == blockIsDark;
      }
    }
    return dark;
  }

  private static int svgSize(String html) {
    Matcher box = VIEW_BOX.matcher(html);
    assertTrue(box.find(), "the svg has a viewBox");
    assertEquals(box.group(1), box.group(2), "square");
    return Integer.parseInt(box.group(1));
  }

  private static String svgPath(String html) {
    Matcher path = PATH.matcher(html);
    assertTrue(path.find(), "the svg has one black path");
    String d = path.group(1);
    assertFalse(path.find(), "only one path");
    return d;
  }

  /** Rasterizes the page's SVG path as its rectangles say: one cell per SVG unit, white elsewhere. */
  private static boolean[][] modulesOfSvg(String html) {
    int size = svgSize(html);
    boolean[][] dark = new boolean[size][size];
    Matcher run = RUN.matcher(svgPath(html));
    while (run.find()) {
      int x = Integer.parseInt(run.group(1));
      int y = Integer.parseInt(run.group(2));
      Arrays.fill(dark[y], x, x + Integer.parseInt(run.group(3)), true);
    }
    return dark;
  }

  /** Decodes modules with zxing as a scanner would a clean image: 4 pixels per module, white margin. */
  private static Result scan(boolean[][] dark) throws Exception {
    int scale = 4;
    int margin = 16;
    int width = dark[0].length * scale + 2 * margin;
    int height = dark.length * scale + 2 * margin;
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, 0xFFFFFFFF);
    for (int y = 0; y < height - 2 * margin; y++) {
      for (int x = 0; x < width - 2 * margin; x++) {
        if (dark[y / scale][x / scale]) {
          pixels[(margin + y) * width + margin + x] = 0xFF000000;
        }
      }
    }
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
  }
}
