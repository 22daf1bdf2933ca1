package dev.tapekit.scsi.sense;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

class SenseDataFuzzTest {
  /**
   * Any byte string either decodes, and then every view of it (typed descriptors, sense-key specific
   * field, category, renderings) works, or is rejected as malformed; nothing else escapes.
   */
  @FuzzTest(maxDuration = "10s")
  void parseNeverThrowsUndeclared(byte[] data) {
    try {
      SenseData s = SenseData.parse(data);
      s.summary();
      s.describe();
      s.toString();
      s.category();
      s.senseKeySpecific().ifPresent(SenseKeySpecific::describe);
      s.progress();
      s.fieldPointer();
      s.signedInformation();
      for (SenseDescriptor d : s.senseDescriptors()) {
        d.describe();
      }
      if (s.descriptors().size() != s.senseDescriptors().size()) {
        throw new AssertionError("raw and decoded descriptor lists differ in length");
      }
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  /** Any descriptor type and body decodes to a typed descriptor or a raw one, and renders. */
  @FuzzTest(maxDuration = "5s")
  void descriptorDecodeNeverThrows(byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] body = java.util.Arrays.copyOfRange(data, 1, data.length);
    SenseDescriptor d = SenseDescriptor.decode(data[0] & 0xFF, body);
    if (d.type() != (data[0] & 0xFF)) {
      throw new AssertionError("type changed: " + d);
    }
    d.describe();
  }
}
