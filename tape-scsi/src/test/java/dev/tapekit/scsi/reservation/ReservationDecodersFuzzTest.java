package dev.tapekit.scsi.reservation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Every PERSISTENT RESERVE IN decoder either decodes a byte string or rejects it as malformed. */
class ReservationDecodersFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void readKeys(byte[] data) {
    try {
      RegisteredKeys.parse(data).truncated();
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "5s")
  void readReservation(byte[] data) {
    try {
      PersistentReservation.parse(data).holder().ifPresent(PersistentReservation.Holder::type);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "5s")
  void reportCapabilities(byte[] data) {
    try {
      ReservationCapabilities.parse(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }
}
