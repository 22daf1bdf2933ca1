package dev.tapekit.scsi.ssc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Every SSC decoder either decodes a byte string or rejects it as malformed; nothing else escapes. */
class SscDecodersFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void blockLimits(byte[] data) {
    try {
      BlockLimits.decode(data).accepts(data.length);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
    try {
      BlockLimits.decodeMaximumLogicalObjectIdentifier(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "5s")
  void readPosition(byte[] data) {
    try {
      ShortPosition.decode(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
    try {
      LongPosition.decode(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
    try {
      ExtendedPosition.decode(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "5s")
  void densitySupport(byte[] data) {
    try {
      DensitySupport.decode(data).forEach(d -> d.capacityBytes());
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
    try {
      DensitySupport.decodeMediumTypes(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }
}
