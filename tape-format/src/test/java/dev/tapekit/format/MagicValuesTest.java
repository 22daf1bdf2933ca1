package dev.tapekit.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every magic value is what its text derives to, and FORMAT.md's table (section 12) says the same as
 * the code: the table is parsed, each text hashed again here with the JDK's SHA-256, and compared
 * with the table's hex and with the constant the code writes.
 */
class MagicValuesTest {
  static Map<String, String> documented() throws Exception {
    String doc = Files.readString(Path.of("docs/FORMAT.md"), StandardCharsets.UTF_8);
    String table = doc.substring(doc.indexOf("## 12. Magic values"));
    Matcher m = Pattern.compile("\\| [^|]+ \\| `([^`]+)` \\| `([0-9a-f]{16})` \\|").matcher(table);
    Map<String, String> out = new LinkedHashMap<>();
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void theDocumentedTableDerivesCorrectly() throws Exception {
    Map<String, String> table = documented();
    assertTrue(table.size() >= 10, "FORMAT.md section 12 lists the magics: " + table);
    for (Map.Entry<String, String> e : table.entrySet()) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(e.getKey().getBytes(StandardCharsets.US_ASCII));
      assertEquals(e.getValue(), HexFormat.of().formatHex(d, 0, 8), e.getKey());
    }
  }

  @Test
  void theCodeWritesTheDocumentedValues() throws Exception {
    Map<String, String> table = documented();
    assertEquals(table.get("tapekit block v1"), Magic.hex(BlockHeader.MAGIC));
    assertEquals(table.get("tapekit content header v1"), Magic.hex(ContentHeader.MAGIC));
    assertEquals(table.get("tapekit content footer v1"), Magic.hex(ContentFooter.MAGIC));
    assertEquals(table.get("tapekit tape image v1"), Magic.hex(MemoryTape.IMAGE_MAGIC));
    for (ContentType t : ContentType.ALL) {
      assertEquals(table.get("tapekit " + t.name()), Magic.hex(t.magic()), t.name());
    }
  }
}
