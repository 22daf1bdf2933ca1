package dev.tapekit.vtl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.RecordType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two on-disk parsers: cartridge files and library.toml. Only their declared exceptions may escape. */
class ParserFuzzTest {
  private static final Path FILE;

  static {
    try {
      FILE = Files.createTempFile("vtl-fuzz", ".tkc");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any file content opens as a cartridge whose blocks all read, or fails with an IOException. */
  @FuzzTest(maxDuration = "10s")
  void cartridgeFileOpensOrIsRejected(byte[] content) throws IOException {
    Files.write(FILE, content);
    try (CartridgeFile f = CartridgeFile.open(FILE)) {
      for (long n = 0; n < f.objectCount(); n++) {
        if (f.typeAt(n) != RecordType.FILEMARK) {
          f.read(n, ByteBuffer.allocate(f.lengthAt(n)));
        }
      }
    } catch (IOException expected) {
      // corrupt or foreign
    }
  }

  /** Any text parses as a layout or is rejected with IllegalArgumentException. */
  @FuzzTest(maxDuration = "10s")
  void layoutParsesOrIsRejected(byte[] text) {
    try {
      LibraryLayout.parse(new String(text, StandardCharsets.UTF_8)).toToml();
    } catch (IllegalArgumentException expected) {
      // names the bad key
    }
  }
}
