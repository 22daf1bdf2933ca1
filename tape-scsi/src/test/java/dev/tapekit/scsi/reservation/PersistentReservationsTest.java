package dev.tapekit.scsi.reservation;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.ScriptedTransport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link PersistentReservations} and {@link UnitReservation} send, and how they read the answers. */
class PersistentReservationsTest {
  private static final String REGISTER = "5f 00 00 00 00 00 00 00 18 00";
  private final ScriptedTransport t = new ScriptedTransport("/dev/sg7");
  private final PersistentReservations pr = PersistentReservations.on(t);

  @AfterEach
  void everyScriptedCommandWasSent() {
    t.assertAllConsumed();
  }

  @Test
  void registerReserveReleaseUnregister() throws Exception {
    t.expect(REGISTER).good();
    t.expect("5f 01 01 00 00 00 00 00 18 00").good();
    t.expect("5f 02 01 00 00 00 00 00 18 00").good();
    t.expect(REGISTER).good();
    pr.register(0xAB);
    pr.reserve(0xAB, ReservationType.WRITE_EXCLUSIVE);
    pr.release(0xAB, ReservationType.WRITE_EXCLUSIVE);
    pr.unregister(0xAB);
    List<byte[]> lists = t.dataOut();
    assertEquals("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ab 00 00 00 00 00 00 00 00", Hex.of(lists.get(0)));
    assertEquals("00 00 00 00 00 00 00 ab 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Hex.of(lists.get(1)));
    assertEquals(Hex.of(lists.get(1)), Hex.of(lists.get(3)));
  }

  @Test
  void conflictIsItsOwnException() {
    t.expect("5f 01 03 00 00 00 00 00 18 00").status(ScsiStatus.RESERVATION_CONFLICT);
    ReservationConflictException e = assertThrows(ReservationConflictException.class,
        () -> pr.reserve(1, ReservationType.EXCLUSIVE_ACCESS));
    assertTrue(e.getMessage().contains("/dev/sg7"), e.getMessage());
    assertTrue(e.getMessage().contains("PERSISTENT RESERVE OUT RESERVE"), e.getMessage());
    assertTrue(e.getMessage().contains("Reservation Conflict"), e.getMessage());
  }

  @Test
  void keyZeroIsRefusedBeforeSending() {
    assertThrows(IllegalArgumentException.class, () -> pr.register(0));
    assertThrows(IllegalArgumentException.class, () -> pr.registerIgnoringExisting(0));
  }

  @Test
  void readKeysAsksAgainWhenCutShort() throws Exception {
    byte[] many = new byte[8 + 8 * 1100];
    many[3] = 2;
    many[6] = (byte) ((8 * 1100) >> 8);
    many[7] = (byte) (8 * 1100);
    many[8 + 8 * 1099 + 7] = 9;
    t.expect("5e 00 00 00 00 00 00 20 00 00").good(java.util.Arrays.copyOf(many, 8192));
    t.expect(String.format("5e 00 00 00 00 00 00 %02x %02x 00", many.length >> 8, many.length & 0xFF)).good(many);
    RegisteredKeys keys = pr.registeredKeys();
    assertEquals(1100, keys.keys().size());
    assertEquals(9L, keys.keys().get(1099));
  }

  @Test
  void reservationAndCapabilities() throws Exception {
    t.expect("5e 01 00 00 00 00 00 20 00 00").good(bytes("00 00 00 01 00 00 00 00"));
    t.expect("5e 02 00 00 00 00 00 20 00 00").good(bytes("00 08 00 80 08 00 00 00"));
    assertTrue(pr.reservation().holder().isEmpty());
    assertEquals(java.util.Set.of(ReservationType.EXCLUSIVE_ACCESS), pr.capabilities().types());
  }

  @Test
  void malformedReplyNamesTheDevice() {
    t.expect("5e 02 00 00 00 00 00 20 00 00").good(bytes("00 07 00 00"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class, pr::capabilities);
    assertTrue(e.getMessage().contains("/dev/sg7"), e.getMessage());
  }

  @Test
  void unitReservation() throws Exception {
    t.expect("16 00 00 00 00 00").good();
    t.expect("17 00 00 00 00 00").good();
    t.expect("16 00 00 00 00 00").status(ScsiStatus.RESERVATION_CONFLICT);
    t.expect("17 00 00 00 00 00").status(ScsiStatus.BUSY);
    UnitReservation unit = UnitReservation.on(t);
    unit.reserve();
    unit.release();
    assertThrows(ReservationConflictException.class, unit::reserve);
    ScsiCommandException busy = assertThrows(ScsiCommandException.class, unit::release);
    assertTrue(!(busy instanceof ReservationConflictException));
  }
}
