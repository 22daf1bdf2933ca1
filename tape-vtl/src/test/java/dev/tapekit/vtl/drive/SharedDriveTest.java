package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One drive shared by several named initiators, as an iSCSI target shares it between sessions:
 * reservations per initiator port name, I_T nexus loss, unit attentions per nexus (device events,
 * reservation events, resets).
 */
class SharedDriveTest extends LoadedDriveTestCase {
  private static final String HOST_A = "iqn.2026-12.dev.tapekit:host-a,i,0x23d000000001";
  private static final String HOST_B = "iqn.2026-12.dev.tapekit:host-b,i,0x23d000000002";
  private static final String HOST_C = "iqn.2026-12.dev.tapekit:host-c,i,0x23d000000003";
  private static final long KEY_A = 0xA;
  private static final long KEY_B = 0xB;
  private static final long KEY_C = 0xC;

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

  /**
   * PREVENT MEDIUM REMOVAL is each nexus's own (SPC-4): the tape stays in while any nexus holds it; a
   * nexus's ALLOW ends only its own; its loss (a host that went away) ends it; so does a LUN reset.
   */
  @Test
  void preventionIsPerNexusAndEndsWithItsLoss() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    ScsiTransport b = drive.initiator(HOST_B);
    Cdbs cb = new Cdbs(b);
    new Cdbs(a).none(0x1E, 0, 0, 0, 1, 0).expectGood();
    cb.none(0x1E, 0, 0, 0, 1, 0).expectGood();
    cb.none(0x1E, 0, 0, 0, 0, 0).expectGood(); // B's ALLOW: A's prevention stands
    cb.none(0x1B, 0, 0, 0, 0, 0).expect(5, 0x53, 0x02);
    assertTrue(drive.isRemovalPrevented());
    a.close(); // I_T nexus loss
    assertFalse(drive.isRemovalPrevented(), "a lost nexus keeps no tape in");
    new Cdbs(drive.initiator(HOST_A)).none(0x1E, 0, 0, 0, 1, 0).expectGood();
    assertTrue(drive.isRemovalPrevented());
    drive.logicalUnitReset();
    assertFalse(drive.isRemovalPrevented(), "a LUN reset ends every prevention");
    cb.clearUnitAttentions();
    cb.none(0x1B, 0, 0, 0, 0, 0).expectGood();
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
  void releaseTellsOtherRegistrantsOnlyForRegistrantsTypes() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    ScsiTransport b = drive.initiator(HOST_B);
    PersistentReservations prA = PersistentReservations.on(a);
    prA.register(KEY_A);
    PersistentReservations.on(b).register(KEY_B);
    prA.reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    prA.release(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    new Cdbs(b).tur().expectGood(); // Write Exclusive: no unit attention
    prA.reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
    prA.release(KEY_A, ReservationType.WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
    new Cdbs(b).tur().expect(6, 0x2A, 0x04); // RESERVATIONS RELEASED
    new Cdbs(b).tur().expectGood();
    new Cdbs(a).tur().expectGood(); // not the releasing nexus
    new Cdbs(drive).tur().expectGood(); // not registered
    prA.reserve(KEY_A, ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY);
    prA.unregister(KEY_A); // the holder of a registrants-only reservation leaves: released
    new Cdbs(b).tur().expect(6, 0x2A, 0x04);
    assertTrue(PersistentReservations.on(b).reservation().holder().isEmpty());
  }

  @Test
  void preemptTellsThePreemptedAndClearTellsEveryone() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    ScsiTransport b = drive.initiator(HOST_B);
    ScsiTransport c = drive.initiator(HOST_C);
    PersistentReservations prA = PersistentReservations.on(a);
    PersistentReservations prB = PersistentReservations.on(b);
    prA.register(KEY_A);
    prB.register(KEY_B);
    PersistentReservations.on(c).register(KEY_C);
    prA.reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    prB.preempt(KEY_B, KEY_C, ReservationType.WRITE_EXCLUSIVE, false); // not the holder: registration removed only
    new Cdbs(c).tur().expect(6, 0x2A, 0x05); // REGISTRATIONS PREEMPTED
    new Cdbs(a).tur().expectGood();
    PersistentReservations.on(c).register(KEY_C);
    prB.preempt(KEY_B, KEY_A, ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, true); // the holder, with a new type
    new Cdbs(a).in(512, 0x08, 0x02, 0, 2, 0, 0).expect(6, 0x2A, 0x05); // a READ: the unit attention before the conflict
    new Cdbs(c).tur().expect(6, 0x2A, 0x04); // still registered; the type changed: RESERVATIONS RELEASED
    new Cdbs(b).tur().expectGood();
    assertEquals(ScsiStatus.RESERVATION_CONFLICT.code(), read(a));
    prB.preempt(KEY_B, KEY_B, ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, false); // itself, same type
    assertEquals(List.of(KEY_B, KEY_C), prB.registeredKeys().keys()); // keeps its registration
    new Cdbs(c).tur().expectGood(); // type unchanged: nothing to tell
    prA.register(KEY_A);
    prB.clear(KEY_B);
    new Cdbs(a).tur().expect(6, 0x2A, 0x03); // RESERVATIONS PREEMPTED
    new Cdbs(c).tur().expect(6, 0x2A, 0x03);
    new Cdbs(b).tur().expectGood();
  }

  @Test
  void closedNexusGetsNoReservationAttention() throws Exception {
    ScsiTransport a = exclusiveHolder(HOST_A, KEY_A);
    ScsiTransport b = drive.initiator(HOST_B);
    PersistentReservations.on(b).register(KEY_B);
    a.close();
    PersistentReservations.on(b).preempt(KEY_B, KEY_A, ReservationType.EXCLUSIVE_ACCESS, false);
    new Cdbs(drive.initiator(HOST_A)).tur().expectGood(); // a new nexus starts with no queued conditions
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

  @Test
  void readFullStatusNamesEveryRegistrant() throws Exception {
    ScsiTransport a = drive.initiator(HOST_A);
    PersistentReservations.on(drive).register(KEY_B);
    PersistentReservations.on(a).register(KEY_A);
    PersistentReservations.on(a).reserve(KEY_A, ReservationType.WRITE_EXCLUSIVE);
    byte[] d = new Cdbs(a).in(512, 0x5E, 0x03, 0, 0, 0, 0, 0, 2, 0, 0).expectGood().data();
    ByteBuffer r = ByteBuffer.wrap(d);
    assertEquals(2, r.getInt(0)); // generation: two registrations
    assertEquals(d.length - 8, r.getInt(4));
    // initiator 0, the device's own transport: an initiator device TransportID (format 00b)
    int at = 8;
    assertEquals(KEY_B, r.getLong(at));
    assertEquals(0, d[at + 12]);
    assertEquals(1, r.getShort(at + 18)); // relative target port
    byte[] local = Arrays.copyOfRange(d, at + 24, at + 24 + r.getInt(at + 20));
    assertArrayEquals(transportId(0x05, "local-0", 20), local);
    at += 24 + local.length;
    // the named holder: an initiator port TransportID (format 01b), R_HOLDER and the type
    assertEquals(KEY_A, r.getLong(at));
    assertEquals(1, d[at + 12]);
    assertEquals(1, d[at + 13]);
    byte[] named = Arrays.copyOfRange(d, at + 24, at + 24 + r.getInt(at + 20));
    assertArrayEquals(transportId(0x45, HOST_A, 48), named); // 47 characters + NUL = 48
    assertEquals(d.length, at + 24 + named.length);
  }

  private static byte[] transportId(int first, String name, int additionalLength) {
    byte[] t = new byte[4 + additionalLength];
    t[0] = (byte) first;
    t[3] = (byte) additionalLength;
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, t, 4, n.length);
    return t;
  }
}
