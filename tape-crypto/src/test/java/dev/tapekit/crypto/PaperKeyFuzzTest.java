package dev.tapekit.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Any text gives a key config or a KeyFileException from {@link PaperKey#parse}: never another exception. */
class PaperKeyFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void parseReturnsAKeyOrRejectsIt(byte[] data) {
    try {
      PaperKey.parse(new String(data, StandardCharsets.UTF_8), "fuzz input").toString();
    } catch (KeyFileException expected) {
      // no key block, unpaired markers, several keys or a damaged key config: reported as such
    }
  }
}
