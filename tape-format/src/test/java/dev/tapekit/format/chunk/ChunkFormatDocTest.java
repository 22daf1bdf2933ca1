package dev.tapekit.format.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * FORMAT.md's section 6 (chunk archives) says what the code does: its magic table derives from its texts and
 * equals the constants written, its example entry header is what the writer encodes, and its header
 * data examples parse.
 */
class ChunkFormatDocTest {
  static String doc() throws Exception {
    String all = Files.readString(Path.of("docs/FORMAT.md"), StandardCharsets.UTF_8);
    return all.substring(all.indexOf("## 6. Chunk archives"), all.indexOf("## 7. "));
  }

  @Test
  void theMagicTableDerivesFromItsTextsAndIsWhatTheCodeWrites() throws Exception {
    String doc = doc();
    Matcher m = Pattern.compile("\\| [^|]+ \\| `([^`]+)` \\| `([0-9a-f]{16})` \\|")
        .matcher(doc.substring(doc.indexOf("### 6.7 Magic values")));
    Map<String, String> table = new LinkedHashMap<>();
    while (m.find()) {
      table.put(m.group(1), m.group(2));
    }
    assertEquals(Map.of("tapekit chunk entry v1", Magic.hex(EntryHeader.MAGIC),
        "tapekit chunk index v1", Magic.hex(IndexFormat.MAGIC),
        "tapekit chunk index trailer v1", Magic.hex(IndexFormat.TRAILER_MAGIC)), table);
    for (Map.Entry<String, String> e : table.entrySet()) {
      assertEquals(e.getValue(), Magic.hex(Magic.of(e.getKey())));
      String spaced = HexFormat.ofDelimiter(" ").formatHex(HexFormat.of().parseHex(e.getValue()));
      assertTrue(doc.contains("`" + spaced + "` = SHA-256(\"" + e.getKey() + "\")[0..8]"), e.getKey());
    }
  }

  @Test
  void theExampleEntryIsWhatTheWriterEncodes() throws Exception {
    String doc = doc();
    String example = doc.substring(doc.indexOf("Example: the entry header of the 7-byte chunk"));
    example = example.substring(example.indexOf("```") + 3, example.indexOf("```", example.indexOf("```") + 3));
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    for (String line : example.strip().split("\n")) {
      for (String token : line.strip().split(" +")) {
        if (!token.matches("[0-9a-f]{2}")) {
          break;
        }
        shown.write(Integer.parseInt(token, 16));
      }
    }
    byte[] chunk = "tapekit".getBytes(StandardCharsets.US_ASCII);
    CRC32C crc = new CRC32C();
    crc.update(chunk);
    ByteBuffer encoded = ByteBuffer.allocate(EntryHeader.LENGTH + chunk.length);
    new EntryHeader(ChunkFixtures.sha256(chunk), 0, chunk.length, chunk.length, (int) crc.getValue()).encode(encoded);
    encoded.put(chunk);
    assertArrayEquals(encoded.array(), shown.toByteArray());
  }

  @Test
  void theHeaderDataExamplesParse() throws Exception {
    String doc = doc();
    Matcher m = Pattern.compile("\\{\"store\".*}").matcher(doc.substring(doc.indexOf("```json")));
    int examples = 0;
    while (m.find() && examples < 2) {
      ContentHeader h = new ContentHeader(ContentType.CHUNK_ARCHIVE, 1, UUID.randomUUID(),
          ChunkFixtures.CLOCK.instant(), ChunkFixtures.MEDIA_SET, 0, 0, m.group().getBytes(StandardCharsets.UTF_8));
      ChunkArchiveHeader header = ChunkArchiveHeader.of(h, new TapeLocation("DOC", 2, 0));
      assertEquals("main", header.store());
      assertEquals(examples == 1, header.encrypted());
      assertEquals(m.group(), new String(header.json(), StandardCharsets.UTF_8), "written as documented");
      examples++;
    }
    assertEquals(2, examples);
  }
}
