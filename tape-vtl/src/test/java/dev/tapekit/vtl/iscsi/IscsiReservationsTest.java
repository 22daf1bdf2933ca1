package dev.tapekit.vtl.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.iscsi.IscsiAddress;
import dev.tapekit.iscsi.IscsiInitiatorOptions;
import dev.tapekit.iscsi.IscsiTarget;
import dev.tapekit.iscsi.IscsiTransport;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.VirtualLibraryTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts (two iSCSI sessions with their own initiator names) share a served drive and keep each
 * other out as on a SAN: RESERVE(6) until the holder's session ends, and persistent reservations with
 * registration, an exclusive-access reservation and a preemption, with the preempted host told by a
 * unit attention.
 */
class IscsiReservationsTest {
  private static final Duration T = Duration.ofSeconds(30);
  private static final int CONFLICT = 0x18;

  @TempDir Path home;
  private VirtualLibrary library;
  private IscsiTarget target;
  private IscsiAddress drive;

  @BeforeEach
  void serve() throws IOException {
    library = VirtualLibrary.open(home, "L700");
    IscsiTarget.Target t = VirtualLibraryTarget.of(library);
    target = IscsiTarget.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).target(t).start();
    drive = new IscsiAddress("127.0.0.1", target.address().getPort(), t.name(), 1);
  }

  @AfterEach
  void stop() throws IOException {
    target.close();
    library.close();
  }

  private IscsiTransport host(String name) throws IOException {
    IscsiTransport t = IscsiTransport.open(drive, IscsiInitiatorOptions.defaults()
        .withInitiatorName("iqn.2026-12.dev.tapekit.test:" + name));
    ScsiResult first = tur(t);
    assertEquals(0x02, first.status(), "a new initiator's first command: the power-on unit attention");
    assertEquals(0x06, first.sense()[2] & 0x0F);
    return t;
  }

  private static ScsiResult run(IscsiTransport t, byte[] cdb) throws IOException {
    return t.execute(cdb, DataDirection.NONE, null, T);
  }

  private static ScsiResult tur(IscsiTransport t) throws IOException {
    return run(t, new byte[6]);
  }

  private static ScsiResult readPosition(IscsiTransport t) throws IOException {
    return t.execute(new byte[] {0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0}, DataDirection.FROM_DEVICE, ByteBuffer.allocate(20), T);
  }

  /** PERSISTENT RESERVE OUT with a 24-byte parameter list. */
  private static ScsiResult reserveOut(IscsiTransport t, int action, int type, long key, long serviceActionKey)
      throws IOException {
    ByteBuffer p = ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey);
    p.clear();
    byte[] cdb = {0x5F, (byte) action, (byte) type, 0, 0, 0, 0, 0, 24, 0};
    return t.execute(cdb, DataDirection.TO_DEVICE, p, T);
  }

  private static void assertNotConflict(ScsiResult r, String what) {
    assertEquals(0x02, r.status(), what + ": CHECK CONDITION, NOT READY");
    assertEquals(0x02, r.sense()[2] & 0x0F, what);
  }

  @Test
  void reserve6HoldsUntilTheHoldersSessionEnds() throws Exception {
    IscsiTransport b = host("host-b");
    try (IscsiTransport a = host("host-a")) {
      assertEquals(0, run(a, new byte[] {0x16, 0, 0, 0, 0, 0}).status(), "RESERVE(6)");
      assertEquals(CONFLICT, tur(b).status(), "the other host is kept out");
      assertEquals(0x02, tur(a).status(), "the holder is not: NOT READY, no tape");
    } // host-a logs out: I_T nexus loss releases its RESERVE(6)
    for (int i = 0; i < 50 && tur(b).status() == CONFLICT; i++) {
      Thread.sleep(100); // the target ends the session after the logout response
    }
    ScsiResult after = tur(b);
    assertEquals(0x02, after.status(), "released: NOT READY (no tape) instead of a conflict");
    assertEquals(0x3A, after.sense()[12] & 0xFF);
    b.close();
  }

  @Test
  void persistentReservationKeepsOthersOutUntilPreempted() throws Exception {
    try (IscsiTransport a = host("host-a"); IscsiTransport b = host("host-b")) {
      assertEquals(0, reserveOut(a, 0x00, 0, 0, 0xA1).status(), "A registers");
      assertEquals(0, reserveOut(b, 0x00, 0, 0, 0xB2).status(), "B registers");
      assertEquals(0, reserveOut(a, 0x01, 3, 0xA1, 0).status(), "A reserves, exclusive access");
      assertEquals(CONFLICT, readPosition(b).status(), "B is kept out");
      assertNotConflict(readPosition(a), "A is not (the drive is empty: NOT READY)");
      assertEquals(0, reserveOut(b, 0x04, 3, 0xB2, 0xA1).status(), "B preempts A");
      ScsiResult told = readPosition(a);
      assertEquals(0x02, told.status(), "A learns of it from a unit attention");
      assertEquals(0x06, told.sense()[2] & 0x0F);
      assertEquals(0x2A, told.sense()[12] & 0xFF);
      assertEquals(0x05, told.sense()[13] & 0xFF, "registrations preempted");
      assertEquals(CONFLICT, readPosition(a).status(), "then A is kept out");
      assertNotConflict(readPosition(b), "and B holds the drive");
    }
  }
}
