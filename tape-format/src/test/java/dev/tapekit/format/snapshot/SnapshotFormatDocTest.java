package dev.tapekit.format.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.format.Magic;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** FORMAT.md 7.2 says what the code does: its magic table and its example entry. */
class SnapshotFormatDocTest {
  static String doc() throws Exception {
    String all = Files.readString(Path.of("docs/FORMAT.md"), StandardCharsets.UTF_8);
    return all.substring(all.indexOf("### 7.2 Snapshot archives"), all.indexOf("### 7.3 "));
  }

  @Test
  void theMagicTableIsWhatTheCodeWrites() throws Exception {
    String doc = doc();
    Matcher m = Pattern.compile("\\| [^|]+ \\| `([^`]+)` \\| `([0-9a-f]{16})` \\|")
        .matcher(doc.substring(doc.indexOf("#### 7.2.7 Magic values")));
    Map<String, String> table = new LinkedHashMap<>();
    while (m.find()) {
      table.put(m.group(1), m.group(2));
    }
    assertEquals(Map.of("tapekit snapshot entry v1", Magic.hex(EntryFormat.MAGIC),
        "tapekit snapshot index v1", Magic.hex(SparseIndexFormat.MAGIC),
        "tapekit snapshot index trailer v1", Magic.hex(SparseIndexFormat.TRAILER_MAGIC)), table);
  }

  @Test
  void theExampleEntryIsWhatTheWriterEncodes() throws Exception {
    String doc = doc();
    String example = doc.substring(doc.indexOf("Example: the entry of the FIFO"));
    example = example.substring(example.indexOf("```") + 3, example.indexOf("```", example.indexOf("```") + 3));
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    for (String line : example.strip().split("\n")) {
      String hex = line.length() > 50 ? line.substring(0, 50) : line;
      shown.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
    }
    SnapshotEntry fifo = SnapshotEntry.builder("fifo", Type.FIFO).mode(0644).build();
    assertEquals(HexFormat.of().formatHex(EntryFormat.encode(fifo)), HexFormat.of().formatHex(shown.toByteArray()));
  }
}
