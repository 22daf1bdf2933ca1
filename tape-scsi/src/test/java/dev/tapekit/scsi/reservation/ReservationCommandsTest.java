package dev.tapekit.scsi.reservation;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Byte-exact CDBs and parameter lists of the reservation commands, field by field from SPC-4. */
class ReservationCommandsTest {

  private static void assertCdb(String hex, ScsiCommand c) {
    assertEquals(Hex.of(bytes(hex)), Hex.of(c.cdb()), c.name());
  }

  @Test
  void reserveIn() {
    ScsiCommand keys = ReservationCommands.readKeys(8192);
    assertCdb("5e 00 00 00 00 00 00 20 00 00", keys);
    assertEquals(DataDirection.FROM_DEVICE, keys.direction());
    assertEquals(8192, keys.transferLength());
    assertEquals(Duration.ofSeconds(30), keys.timeout());
    assertEquals("PERSISTENT RESERVE IN READ KEYS", keys.name());
    assertCdb("5e 01 00 00 00 00 00 00 08 00", ReservationCommands.readReservation(8));
    assertCdb("5e 02 00 00 00 00 00 ff ff 00", ReservationCommands.reportCapabilities(0xFFFF));
    assertThrows(IllegalArgumentException.class, () -> ReservationCommands.readKeys(7));
    assertThrows(IllegalArgumentException.class, () -> ReservationCommands.readKeys(0x10000));
  }

  @Test
  void reserveOut() {
    ScsiCommand register = ReservationCommands.reserveOut(ReserveOutAction.REGISTER, null);
    assertCdb("5f 00 00 00 00 00 00 00 18 00", register);
    assertEquals(DataDirection.TO_DEVICE, register.direction());
    assertEquals(24, register.transferLength());
    assertCdb("5f 01 03 00 00 00 00 00 18 00",
        ReservationCommands.reserveOut(ReserveOutAction.RESERVE, ReservationType.EXCLUSIVE_ACCESS));
    assertCdb("5f 02 01 00 00 00 00 00 18 00",
        ReservationCommands.reserveOut(ReserveOutAction.RELEASE, ReservationType.WRITE_EXCLUSIVE));
    assertCdb("5f 03 00 00 00 00 00 00 18 00", ReservationCommands.reserveOut(ReserveOutAction.CLEAR, null));
    assertCdb("5f 04 06 00 00 00 00 00 18 00", ReservationCommands.reserveOut(
        ReserveOutAction.PREEMPT, ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY));
    assertCdb("5f 05 08 00 00 00 00 00 18 00", ReservationCommands.reserveOut(
        ReserveOutAction.PREEMPT_AND_ABORT, ReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS));
    assertCdb("5f 06 00 00 00 00 00 00 18 00",
        ReservationCommands.reserveOut(ReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY, null));
  }

  @Test
  void parameterList() {
    assertEquals("01 02 03 04 05 06 07 08 f1 f2 f3 f4 f5 f6 f7 f8 00 00 00 00 01 00 00 00",
        Hex.of(ReservationCommands.parameterList(0x0102030405060708L, 0xF1F2F3F4F5F6F7F8L, true)));
    assertEquals("00 00 00 00 00 00 00 00 00 00 00 00 00 00 12 34 00 00 00 00 00 00 00 00",
        Hex.of(ReservationCommands.parameterList(0, 0x1234, false)));
  }

  @Test
  void reserveAndRelease6() {
    ScsiCommand reserve = ReservationCommands.reserve6();
    assertCdb("16 00 00 00 00 00", reserve);
    assertEquals(DataDirection.NONE, reserve.direction());
    assertCdb("17 00 00 00 00 00", ReservationCommands.release6());
  }

  @Test
  void typeCodes() {
    assertEquals(ReservationType.EXCLUSIVE_ACCESS, ReservationType.of(3).orElseThrow());
    assertEquals(true, ReservationType.of(2).isEmpty()); // obsolete "read exclusive"
    assertEquals(0x0200, ReservationCapabilities.maskBit(ReservationType.WRITE_EXCLUSIVE));
    assertEquals(0x0001, ReservationCapabilities.maskBit(ReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS));
  }
}
