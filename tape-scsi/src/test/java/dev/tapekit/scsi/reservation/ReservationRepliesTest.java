package dev.tapekit.scsi.reservation;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PERSISTENT RESERVE IN reply decoders on hand-made replies, byte by byte from SPC-4. */
class ReservationRepliesTest {

  @Test
  void readKeys() throws Exception {
    RegisteredKeys k = RegisteredKeys.parse(bytes(
        "00 00 00 05 00 00 00 10 00 00 00 00 00 00 12 34 ff ff ff ff ff ff ff fe"));
    assertEquals(5, k.generation());
    assertEquals(List.of(0x1234L, -2L), k.keys());
    assertFalse(k.truncated());
  }

  @Test
  void readKeysCutShortKeepsWholeKeys() throws Exception {
    RegisteredKeys k = RegisteredKeys.parse(bytes("00 00 00 01 00 00 00 18 00 00 00 00 00 00 00 01 00 00 00"));
    assertEquals(List.of(1L), k.keys());
    assertTrue(k.truncated());
    assertEquals(24, k.additionalLength());
    assertEquals(List.of(), RegisteredKeys.parse(bytes("ff ff ff ff 00 00 00 00")).keys());
  }

  @Test
  void readKeysRejects() {
    assertThrows(MalformedResponseException.class, () -> RegisteredKeys.parse(bytes("00 00 00 01 00 00 00")));
    assertThrows(MalformedResponseException.class,
        () -> RegisteredKeys.parse(bytes("00 00 00 01 00 00 00 07 00 00 00 00 00 00 00")));
  }

  @Test
  void readReservation() throws Exception {
    PersistentReservation none = PersistentReservation.parse(bytes("00 00 00 09 00 00 00 00"));
    assertEquals(9, none.generation());
    assertTrue(none.holder().isEmpty());
    PersistentReservation held = PersistentReservation.parse(bytes(
        "00 00 00 0a 00 00 00 10 00 00 00 00 74 61 70 65 00 00 00 00 00 03 00 00"));
    PersistentReservation.Holder h = held.holder().orElseThrow();
    assertEquals(0x74617065L, h.key());
    assertEquals(0, h.scope());
    assertEquals(ReservationType.EXCLUSIVE_ACCESS, h.type().orElseThrow());
    PersistentReservation obsolete = PersistentReservation.parse(bytes(
        "00 00 00 0a 00 00 00 10 00 00 00 00 00 00 00 01 00 00 00 00 00 12 00 00"));
    assertEquals(1, obsolete.holder().orElseThrow().scope());
    assertTrue(obsolete.holder().orElseThrow().type().isEmpty());
  }

  @Test
  void readReservationRejects() {
    assertThrows(MalformedResponseException.class, () -> PersistentReservation.parse(bytes("00 00 00 01 00 00 00 08")));
    assertThrows(MalformedResponseException.class,
        () -> PersistentReservation.parse(bytes("00 00 00 01 00 00 00 10 00 00 00 00 00 00 00 01")));
  }

  @Test
  void reportCapabilities() throws Exception {
    ReservationCapabilities c = ReservationCapabilities.parse(bytes("00 08 9d 81 ea 01 00 00"));
    assertTrue(c.replaceLostCapable());
    assertTrue(c.compatibleReservationHandling());
    assertTrue(c.specifyInitiatorPortsCapable());
    assertTrue(c.allTargetPortsCapable());
    assertTrue(c.persistThroughPowerLossCapable());
    assertEquals(0, c.allowCommands());
    assertTrue(c.persistThroughPowerLossActive());
    assertEquals(EnumSet.allOf(ReservationType.class), c.types());
    ReservationCapabilities plain = ReservationCapabilities.parse(bytes("00 08 00 50 ff ff 00 00"));
    assertEquals(5, plain.allowCommands());
    assertTrue(plain.types().isEmpty()); // TMV clear: the mask means nothing
    assertFalse(plain.persistThroughPowerLossCapable());
    assertEquals(EnumSet.of(ReservationType.WRITE_EXCLUSIVE, ReservationType.EXCLUSIVE_ACCESS),
        ReservationCapabilities.parse(bytes("00 08 00 80 0a 00 00 00")).types());
  }

  @Test
  void reportCapabilitiesRejects() {
    assertThrows(MalformedResponseException.class, () -> ReservationCapabilities.parse(bytes("00 08 00 80 0a")));
    assertThrows(MalformedResponseException.class,
        () -> ReservationCapabilities.parse(bytes("00 10 00 80 0a 00 00 00")));
  }
}
