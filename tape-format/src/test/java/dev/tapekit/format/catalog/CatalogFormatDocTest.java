package dev.tapekit.format.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.format.Magic;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.content.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** FORMAT.md 7.3 says what the code does: its magic table, its example header data and record. */
class CatalogFormatDocTest {
  static String doc() throws Exception {
    String all = Files.readString(Path.of("docs/FORMAT.md"), StandardCharsets.UTF_8);
    return all.substring(all.indexOf("### 7.3 Catalog archives"), all.indexOf("## 8. Spanning"));
  }

  @Test
  void theMagicTableIsWhatTheCodeWrites() throws Exception {
    String doc = doc();
    Matcher m = Pattern.compile("\\| [^|]+ \\| `([^`]+)` \\| `([0-9a-f]{16})` \\|")
        .matcher(doc.substring(doc.indexOf("#### 7.3.6 Magic values")));
    Map<String, String> table = new LinkedHashMap<>();
    while (m.find()) {
      table.put(m.group(1), m.group(2));
    }
    assertEquals(Map.of("tapekit catalog record v1", Magic.hex(RecordFormat.MAGIC)), table);
  }

  @Test
  void theExampleRecordIsWhatTheWriterEncodes() throws Exception {
    String doc = doc();
    String example = doc.substring(doc.indexOf("Example: the TAPE_FILE record"));
    example = example.substring(example.indexOf("```") + 3, example.indexOf("```", example.indexOf("```") + 3));
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    for (String line : example.strip().split("\n")) {
      String hex = line.length() > 50 ? line.substring(0, 50) : line;
      shown.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
    }
    TapeFile f = new TapeFile(0, 2, 4, ContentType.CHUNK_ARCHIVE.magic(), 1, 0, false,
        UUID.fromString("3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e"), Instant.parse("2026-12-05T18:20:01Z"), 300_000, 6);
    assertEquals(HexFormat.of().formatHex(RecordFormat.encode(f)), HexFormat.of().formatHex(shown.toByteArray()));
  }

  @Test
  void theExampleHeaderDataIsWhatTheWriterWrites() throws Exception {
    String doc = doc();
    String example = doc.substring(doc.indexOf("Example, exactly as tapekit writes it"));
    example = example.substring(example.indexOf("```json") + 7, example.indexOf("```", example.indexOf("```json") + 7));
    CatalogArchiveOptions o = CatalogFixtures.options();
    CatalogArchiveHeader h = new CatalogArchiveHeader(UUID.randomUUID(), o.mediaSet(), o.tapeSequence(),
        o.clock().instant(), o.pool(), o.tapes());
    assertEquals(new String(h.json(), StandardCharsets.UTF_8), example.strip());
  }
}
