package dev.tapekit.scsi.sense;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

class SenseDataFuzzTest {
  /** Any byte string either decodes (and summarises) or is rejected as malformed; nothing else escapes. */
  @FuzzTest(maxDuration = "10s")
  void parseNeverThrowsUndeclared(byte[] data) {
    try {
      SenseData s = SenseData.parse(data);
      s.summary();
      s.toString();
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }
}
