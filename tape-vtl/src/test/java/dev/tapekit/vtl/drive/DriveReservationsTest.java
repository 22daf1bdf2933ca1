package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.reservation.PersistentReservation;
import dev.tapekit.scsi.reservation.PersistentReservations;
import dev.tapekit.scsi.reservation.ReservationConflictException;
import dev.tapekit.scsi.reservation.ReservationType;
import dev.tapekit.scsi.reservation.UnitReservation;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.Cdbs;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations between two initiators of one virtual drive (the drive's own transport and one from
 * {@code newInitiator()}), driven through tapekit's reservation API; and ALLOW OVERWRITE.
 */
class DriveReservationsTest extends LoadedDriveTestCase {
  private static final long KEY_A = 0xA;
  private static final long KEY_B = 0xB;

  ScsiTransport b;
  PersistentReservations prA;
  PersistentReservations prB;

  @BeforeEach
  void secondInitiator() {
    b = drive.newInitiator();
    prA = PersistentReservations.on(drive);
    prB = PersistentReservations.on(b);
  }

  private int write(ScsiTransport t) throws Exception {
    return new Cdbs(t).out(new byte[512], 0x0A, 0, 0, 2, 0, 0).result().status();
  }

  /** READ(6) of 2 bytes with SILI; on this blank tape anything but a conflict is BLANK CHECK. */
  private int read(ScsiTransport t) throws Exception {
    return new Cdbs(t).in(512, 0x08, 0x02, 0, 2, 0, 0).result().status();
  }

  @Test
  void writeExclusiveKeepsOthersFromWritingOnly() throws Exception {
    prA.register(KEY_A);
    prA.reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), write(b));
    assertEquals(ScsiStatus.GOOD.code(), write(drive));
    new Cdbs(b).none(0x01, 0, 0, 0, 0, 0).expectGood(); // REWIND is not a write
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    PersistentReservation r = prB.reservation();
    assertEquals(KEY_A, r.holder().orElseThrow().key());
    assertEquals(ReservationType.WRITE_EXCLUSIVE, r.holder().orElseThrow().type().orElseThrow());
    prA.release(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    assertEquals(ScsiStatus.GOOD.code(), write(b));
  }

  @Test
  void exclusiveAccessAndPreemptingADeadHost() throws Exception {
    prA.register(KEY_A);
    prB.register(KEY_B);
    assertEquals(List.of(KEY_A, KEY_B), prB.registeredKeys().keys());
    prA.reserve(KEY_A, ReservationType.EXCLUSIVE_ACCESS);
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    assertThrows(ReservationConflictException.class, () -> prB.reserve(KEY_B, ReservationType.EXCLUSIVE_ACCESS));
    assertThrows(ReservationConflictException.class, () -> prB.reserve(KEY_A, ReservationType.EXCLUSIVE_ACCESS));
    long before = prB.registeredKeys().generation();
    prB.preempt(KEY_B, KEY_A, ReservationType.EXCLUSIVE_ACCESS, false);
    assertEquals(List.of(KEY_B), prA.registeredKeys().keys());
    assertEquals(before + 1, prA.registeredKeys().generation());
    assertEquals(KEY_B, prA.reservation().holder().orElseThrow().key());
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(drive));
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    prB.unregister(KEY_B); // the holder's registration goes, and the reservation with it
    assertTrue(prA.reservation().holder().isEmpty());
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(drive));
  }

  @Test
  void registrantsOnlyLetsEveryRegistrantIn() throws Exception {
    prA.register(KEY_A);
    prA.reserve(KEY_A, ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY);
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    prB.register(KEY_B);
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    prA.clear(KEY_A);
    assertTrue(prB.registeredKeys().keys().isEmpty());
    assertTrue(prB.reservation().holder().isEmpty());
  }

  @Test
  void wrongKeysAndTypesAreRefused() throws Exception {
    assertThrows(ReservationConflictException.class, () -> prA.reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE));
    prA.register(KEY_A);
    assertThrows(ReservationConflictException.class, () -> prA.register(KEY_B)); // already registered
    prA.changeKey(KEY_A, KEY_B);
    prA.reserve(KEY_B, ReservationType.WRITE_EXCLUSIVE);
    prA.reserve(KEY_B, ReservationType.WRITE_EXCLUSIVE); // again: GOOD
    var e = assertThrows(dev.tapekit.scsi.ScsiCommandException.class,
        () -> prA.release(KEY_B, ReservationType.EXCLUSIVE_ACCESS));
    assertEquals(0x26, e.sense().orElseThrow().asc());
    assertEquals(EnumSet.allOf(ReservationType.class), prA.capabilities().types());
    assertTrue(!prA.capabilities().persistThroughPowerLossCapable());
  }

  @Test
  void reserve6HoldsTheDeviceUntilReleaseOrReset() throws Exception {
    UnitReservation.on(drive).reserve();
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    assertThrows(ReservationConflictException.class, () -> UnitReservation.on(b).reserve());
    UnitReservation.on(b).release(); // not b's: GOOD, nothing released
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    new Cdbs(b).in(36, 0x12, 0, 0, 0, 36, 0).expectGood(); // INQUIRY always answers
    drive.reset();
    new Cdbs(b).clearUnitAttentions();
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
  }

  @Test
  void allowOverwriteAtCurrentPositionIsAccepted() throws Exception {
    ScsiTapeDrive tape = ScsiTapeDrive.open(drive, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS); // not closed: it would close the drive
    tape.write(ByteBuffer.allocate(100));
    tape.writeFilemarks(1, false);
    tape.rewind();
    tape.allowOverwriteAtCurrentPosition();
    tape.write(ByteBuffer.allocate(100));
    // CURRENT POSITION naming another place: sequential positioning error, as mhvtl answers
    s.none(0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0).expect(0x05, 0x3B, 0x00);
    s.none(0x82, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expect(0x05, 0x24, 0x00);
    s.none(0x82, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood();
  }
}
