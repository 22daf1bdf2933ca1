package dev.tapekit.scsi.discovery;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

class UnitSerialNumberFuzzTest {
  /** Any byte string is a serial (without surrounding blanks) or malformed; nothing else escapes. */
  @FuzzTest(maxDuration = "10s")
  void parseNeverThrowsUndeclared(byte[] data) {
    try {
      String serial = UnitSerialNumber.parse(data);
      if (!serial.equals(serial.strip())) {
        throw new AssertionError("serial keeps blanks: '" + serial + "'");
      }
    } catch (MalformedResponseException expected) {
      // rejected with what and where
    }
  }
}
