package dev.tapekit.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes give a key config or a KeyFileException: never another exception. */
class KeyConfigFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void keyConfig(byte[] data) {
    try {
      KeyConfig.parse(data, "fuzz");
    } catch (KeyFileException expected) {
      // damaged input, reported as such
    }
  }
}
