package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.reservation.PersistentReservations;
import dev.tapekit.scsi.reservation.ReservationConflictException;
import dev.tapekit.scsi.reservation.ReservationType;
import dev.tapekit.scsi.reservation.UnitReservation;
import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One drive shared by several named initiators, as an iSCSI target shares it between sessions:
 * reservations per initiator port name, I_T nexus loss, unit attentions per nexus (device events,
 * resets).
 */
class SharedDriveTest extends LoadedDriveTestCase {
  private static final String HOST_A = "iqn.2026-12.dev.tapekit:host-a,i,0x23d000000001";
  private static final String HOST_B = "iqn.2026-12.dev.tapekit:host-b,i,0x23d000000002";
  private static final String HOST_C = "iqn.2026-12.dev.tapekit:host-c,i,0x23d000000003";
  private static final long KEY_A = 0xA;
  private static final long KEY_B = 0xB;

  /** READ(6) of 2 bytes with SILI; on this blank tape anything but a conflict is BLANK CHECK. */
  private static int read(ScsiTransport t) throws Exception {
    return new Cdbs(t).in(512, 0x08, 0x02, 0, 2, 0, 0).result().status();
  }

  /** Opens the nexus of {@code host}, registers {@code key} and reserves Exclusive Access with it. */
  private ScsiTransport exclusiveHolder(String host, long key) throws Exception {
    ScsiTransport t = drive.initiator(host);
    PersistentReservations pr = PersistentReservations.on(t);
    pr.register(key);
    pr.reserve(key, ReservationType.EXCLUSIVE_ACCESS);
    return t;
  }

  @Test
  void reserve6KeepsOtherInitiatorsOutUntilNexusLoss() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    ScsiTransport b = drive.initiator(HOST_B);
    UnitReservation.on(a).reserve();
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    assertThrows(ReservationConflictException.class, () -> UnitReservation.on(b).reserve());
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(drive)); // the device's own transport too
    a.close(); // I_T nexus loss (logout): SPC-2 reservations are released
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> new Cdbs(a).tur());
    assertEquals(ScsiTransportException.Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains(HOST_A), e.getMessage());
    UnitReservation.on(b).reserve();
    ScsiTransport again = drive.initiator(HOST_A);
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(again));
  }

  @Test
  void anonymousInitiatorLosesItsReserve6OnClose() throws Exception {
    ScsiTransport local = drive.newInitiator();
    UnitReservation.on(local).reserve();
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(drive));
    local.close();
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(drive));
  }

  @Test
  void sameNameAfterNexusLossKeepsRegistrationAndReservation() throws Exception {
    ScsiTransport a = exclusiveHolder(HOST_A, KEY_A);
    ScsiTransport b = drive.initiator(HOST_B);
    a.close();
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b)); // a persistent reservation outlives the nexus
    ScsiTransport a2 = drive.initiator(HOST_A);
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(a2)); // the same name is the same holder
    PersistentReservations pr = PersistentReservations.on(a2);
    assertEquals(List.of(KEY_A), pr.registeredKeys().keys());
    pr.release(KEY_A, ReservationType.EXCLUSIVE_ACCESS);
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
  }

  @Test
  void openingANameAgainEndsItsOldNexus() throws Exception {
    ScsiTransport old = drive.initiator(HOST_A);
    UnitReservation.on(old).reserve();
    ScsiTransport reinstated = drive.initiator(HOST_A); // iSCSI session reinstatement
    assertThrows(ScsiTransportException.class, () -> new Cdbs(old).tur());
    ScsiTransport b = drive.initiator(HOST_B);
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b)); // the old nexus's RESERVE(6) went with it
    old.close(); // closing the replaced transport later does not touch the new nexus
    new Cdbs(reinstated).tur().expectGood();
  }

  @Test
  void badInitiatorNamesAreRefused() {
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> drive.initiator(" "));
    assertTrue(blank.getMessage().contains("empty"), blank.getMessage());
    IllegalArgumentException space = assertThrows(IllegalArgumentException.class, () -> drive.initiator("iqn.x y"));
    assertTrue(space.getMessage().contains("index 5"), space.getMessage());
    assertThrows(IllegalArgumentException.class, () -> drive.initiator("i".repeat(241)));
  }

  @Test
  void powerOnAttentionOnlyWhenAsked() throws Exception {
    Cdbs fresh = new Cdbs(drive.initiator(HOST_A, true));
    fresh.in(36, 0x12, 0, 0, 0, 36, 0).expectGood(); // INQUIRY and REPORT LUNS do not consume it
    fresh.in(16, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0).expectGood();
    fresh.tur().expect(6, 0x29, 0x00);
    fresh.tur().expectGood();
    Cdbs senseFirst = new Cdbs(drive.initiator(HOST_C, true));
    byte[] sense = senseFirst.in(18, 0x03, 0, 0, 0, 18, 0).expectGood().data(); // REQUEST SENSE reports and clears it
    assertEquals(6, sense[2] & 0x0F);
    assertEquals(0x29, sense[12]);
    senseFirst.tur().expectGood();
    new Cdbs(drive.initiator(HOST_B)).tur().expectGood();
    new Cdbs(drive.newInitiator()).tur().expectGood(); // shares the device's queue, emptied by the fixture
  }

  @Test
  void mediumChangeIsSeenOnceByEveryNexusOpenAtTheTime() throws Exception {
    try (VirtualTapeDrive empty = new VirtualTapeDrive("vtl:raw:1", DrivePersonality.ibmLto(8), "RAW00002", new byte[8], new FaultPlan());
        CartridgeFile tape = CartridgeFile.create(dir.resolve("E09002L8.tkc"),
            CartridgeInfo.fresh(Barcode.parse("E09002L8"), CAPACITY, "20260101"))) {
      new Cdbs(empty).clearUnitAttentions();
      Cdbs a = new Cdbs(empty.initiator(HOST_A));
      Cdbs b = new Cdbs(empty.initiator(HOST_B));
      a.tur().expect(2, 0x3A, 0x00);
      empty.insert(tape);
      a.tur().expect(6, 0x28, 0x00); // threading the cartridge posts the change to every nexus
      Cdbs c = new Cdbs(empty.initiator(HOST_C, false)); // opened after the change
      a.tur().expectGood();
      b.tur().expect(6, 0x28, 0x00);
      b.tur().expectGood();
      c.tur().expectGood();
      new Cdbs(empty).tur().expect(6, 0x28, 0x00); // the device's own queue got it too
      empty.postUnitAttention(0x2A, 0x01); // mode parameters changed
      a.tur().expect(6, 0x2A, 0x01);
      b.tur().expect(6, 0x2A, 0x01);
      c.tur().expect(6, 0x2A, 0x01);
      a.tur().expectGood();
    }
  }

  @Test
  void logicalUnitResetReleasesReserve6AndKeepsPersistentReservations() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    ScsiTransport b = drive.initiator(HOST_B);
    UnitReservation.on(a).reserve();
    drive.logicalUnitReset();
    new Cdbs(a).tur().expect(6, 0x29, 0x03); // BUS DEVICE RESET FUNCTION OCCURRED, to every nexus
    new Cdbs(b).tur().expect(6, 0x29, 0x03);
    new Cdbs(drive).tur().expect(6, 0x29, 0x03);
    assertNotEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(b));
    PersistentReservations prB = PersistentReservations.on(b);
    prB.register(KEY_B);
    prB.reserve(KEY_B, ReservationType.EXCLUSIVE_ACCESS);
    drive.logicalUnitReset();
    new Cdbs(b).tur().expect(6, 0x29, 0x03);
    new Cdbs(a).tur().expect(6, 0x29, 0x03); // TEST UNIT READY passes persistent reservations
    assertEquals(KEY_B, prB.reservation().holder().orElseThrow().key());
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(a));
  }
}
