package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The target at the wire: every PDU the tests send and expect is spelled out (RFC 7143 section numbers in comments). */
class TargetProtocolTest {
  static final String IQN = "iqn.2026-12.dev.tapekit.test:memory";
  MemoryUnit unit;
  MemoryUnit other;
  IscsiTarget target;

  @BeforeEach
  void start() throws IOException {
    unit = new MemoryUnit();
    other = new MemoryUnit();
    target = serve(IscsiTarget.builder());
  }

  IscsiTarget serve(IscsiTarget.Builder b) throws IOException {
    return b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .target(new IscsiTarget.Target(IQN, "memory", Map.of(0, unit, 1, other))).start();
  }

  @AfterEach
  void stop() throws IOException {
    target.close();
  }

  static byte[] cdb6(int opcode, int length) {
    return new byte[] {(byte) opcode, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
  }

  @Test
  void loginSettlesKeysAndInquiryComesBackWithPhaseCollapse() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      Pdu r = c.login(IQN, "MaxRecvDataSegmentLength=8192", "ImmediateData=Yes", "InitialR2T=Yes",
          "MaxBurstLength=65536", "FirstBurstLength=4096", "ErrorRecoveryLevel=2", "X-vendor.key=1");
      assertEquals(0, r.u16(36), "login status");
      assertEquals(0x87, r.flags(), "T, CSG 1, NSG 3");
      assertTrue(r.u16(14) != 0, "a TSIH is assigned");
      TextParameters keys = c.lastLogin;
      assertEquals("Yes", keys.get("InitialR2T").orElseThrow(), "OR: the initiator's Yes wins");
      assertEquals("0", keys.get("ErrorRecoveryLevel").orElseThrow(), "MIN: error recovery level 0");
      assertEquals("65536", keys.get("MaxBurstLength").orElseThrow());
      assertEquals("NotUnderstood", keys.get("X-vendor.key").orElseThrow());
      assertEquals("262144", keys.get("MaxRecvDataSegmentLength").orElseThrow(), "the target declares its own");
      c.send(c.command(0, new byte[] {0x12, 0, 0, 0, 36, 0}, true, false, 36, null, true));
      List<Pdu> got = c.until(c.itt);
      assertEquals(1, got.size(), "one Data-In with the status in it");
      Pdu d = got.get(0);
      assertEquals(Pdu.DATA_IN, d.opcode());
      assertEquals(0x81, d.flags(), "F and S, no residual");
      assertEquals(0, d.u8(3), "GOOD");
      assertEquals("MEMORY  UNIT", new String(d.data(), 8, 12));
      assertEquals(c.cmdSN, d.sn28(), "ExpCmdSN moved past the command");
      assertEquals(List.of("iqn.2026-12.dev.tapekit.test:raw,i,0x800000000001"), unit.connected, "the nexus is named by initiator port");
    }
  }

  @Test
  void writesUseImmediateUnsolicitedAndSolicitedDataAndReadsComeBackInBursts() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      assertEquals(0, c.login(IQN, "MaxRecvDataSegmentLength=512", "ImmediateData=Yes", "InitialR2T=No",
          "MaxBurstLength=4096", "FirstBurstLength=1024").u16(36));
      byte[] data = new byte[10000];
      new Random(7).nextBytes(data);
      Pdu cmd = c.command(0, cdb6(0x0A, data.length), false, true, data.length, java.util.Arrays.copyOf(data, 512), false);
      int itt = c.itt;
      c.send(cmd);
      // unsolicited: the rest of the first burst (bytes 512..1023), F ends it (RFC 7143 §11.7.1)
      c.send(new Pdu(Pdu.DATA_OUT).flags(0x80).lun(0).itt(itt).field20(Pdu.NO_TAG).sn28(c.expStatSN).u32(36, 0)
          .u32(40, 512).data(data, 512, 512));
      int offset = 1024;
      int r2ts = 0;
      while (offset < data.length) {
        Pdu r2t = c.read();
        assertEquals(Pdu.R2T, r2t.opcode());
        assertEquals(r2ts++, r2t.u32(36), "R2TSN");
        assertEquals(offset, r2t.u32(40), "buffer offset");
        int want = r2t.u32(44);
        assertEquals(Math.min(4096, data.length - offset), want, "desired length: MaxBurstLength at most");
        for (int sent = 0, sn = 0; sent < want; sn++) {
          int n = Math.min(512, want - sent);
          c.send(new Pdu(Pdu.DATA_OUT).flags(sent + n == want ? 0x80 : 0).lun(0).itt(itt).field20(r2t.field20())
              .sn28(c.expStatSN).u32(36, sn).u32(40, offset + sent).data(data, offset + sent, n));
          sent += n;
        }
        offset += want;
      }
      Pdu done = c.read();
      assertEquals(Pdu.SCSI_RESPONSE, done.opcode());
      assertEquals(0, done.u8(3));
      assertEquals(3, done.u32(36), "ExpDataSN counts the R2Ts");
      assertArrayEquals(data, unit.last);

      c.send(c.command(0, cdb6(0x08, data.length), true, false, data.length, null, true));
      List<Pdu> in = c.until(c.itt);
      assertEquals(20, in.size(), "10000 bytes in 512-byte Data-In PDUs");
      byte[] back = new byte[data.length];
      for (int i = 0; i < in.size(); i++) {
        Pdu d = in.get(i);
        assertEquals(i, d.u32(36), "DataSN");
        System.arraycopy(d.data(), 0, back, d.u32(40), d.dataLength());
        boolean endOfBurst = (d.u32(40) + d.dataLength()) % 4096 == 0 || i == in.size() - 1;
        assertEquals(endOfBurst, d.finalBit(), "F ends each MaxBurstLength sequence, PDU " + i);
      }
      assertArrayEquals(data, back);
    }
  }

  @Test
  void shortReadReportsResidualAndSense() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      c.send(c.command(0, cdb6(0x0A, 100), false, true, 100, new byte[100], true));
      assertEquals(0, c.until(c.itt).get(0).u8(3));
      c.send(c.command(0, cdb6(0x08, 300), true, false, 300, null, true));
      List<Pdu> got = c.until(c.itt);
      assertEquals(Pdu.DATA_IN, got.get(0).opcode());
      assertEquals(100, got.get(0).dataLength());
      Pdu resp = got.get(1);
      assertEquals(Pdu.SCSI_RESPONSE, resp.opcode());
      assertEquals(0x02, resp.u8(3), "CHECK CONDITION");
      assertEquals(0x82, resp.flags(), "U: underflow");
      assertEquals(200, resp.u32(44), "residual count");
      byte[] sense = resp.data();
      assertEquals(18, ((sense[0] & 0xFF) << 8) | (sense[1] & 0xFF), "SenseLength");
      assertEquals(0x20, sense[2 + 2], "ILI in the sense data");
    }
  }

  @Test
  void digestsAreUsedAfterLoginAndAWrongDataDigestIsRejectedAndEndsOnlyThatSession() throws Exception {
    try (RawInitiator bystander = new RawInitiator(target.address(), "iqn.2026-12.dev.tapekit.test:bystander", 0x800000000002L);
        RawInitiator c = new RawInitiator(target.address())) {
      assertEquals(0, bystander.login(IQN).u16(36));
      c.login(IQN, "HeaderDigest=CRC32C,None", "DataDigest=CRC32C,None");
      assertEquals("CRC32C", c.lastLogin.get("HeaderDigest").orElseThrow());
      c.digests(true, true);
      c.send(c.command(0, new byte[] {0x12, 0, 0, 0, 36, 0}, true, false, 36, null, true));
      assertEquals(0, c.until(c.itt).get(0).u8(3), "INQUIRY works with both digests");
      // a write whose immediate data has a wrong digest
      Pdu bad = c.command(0, cdb6(0x0A, 8), false, true, 8, new byte[8], true);
      byte[] wire = wire(bad, true, true);
      wire[wire.length - 1] ^= 0x55;
      OutputStream out = c.socket.getOutputStream();
      out.write(wire);
      out.flush();
      Pdu reject = c.read();
      assertEquals(Pdu.REJECT, reject.opcode());
      assertEquals(ProtocolException.DATA_DIGEST_ERROR, reject.u8(2));
      assertEquals(bad.itt(), new Pdu(reject.data(), new byte[0]).itt(), "the Reject carries the bad header");
      assertTrue(c.closedByTarget());
      assertFalse(unit.opcodes.contains(0x0A), "the write never reached the unit");
      bystander.send(bystander.command(0, new byte[6], false, false, 0, null, true));
      assertEquals(0, bystander.until(bystander.itt).get(0).u8(3), "the other session goes on");
    }
  }

  static byte[] wire(Pdu p, boolean header, boolean data) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    PduWriter w = new PduWriter(b);
    w.digests(header, data);
    w.write(p);
    return b.toByteArray();
  }

  @Test
  void anOversizedDataSegmentIsRejectedBeforeItIsRead() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      Pdu big = c.command(0, cdb6(0x0A, 300000), false, true, 300000, new byte[300000], true);
      OutputStream out = c.socket.getOutputStream();
      out.write(wire(big, false, false), 0, 48); // the header is enough: the target must not wait for the data
      out.flush();
      Pdu reject = c.read();
      assertEquals(Pdu.REJECT, reject.opcode());
      assertEquals(ProtocolException.PROTOCOL_ERROR, reject.u8(2));
      assertTrue(c.closedByTarget());
    }
  }

  @Test
  void garbageBeforeLoginClosesTheConnectionAndHarmsNothing() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      OutputStream out = c.socket.getOutputStream();
      byte[] junk = new byte[48];
      java.util.Arrays.fill(junk, (byte) 0xFF);
      junk[4] = 0;
      junk[5] = junk[6] = junk[7] = 0;
      out.write(junk);
      out.flush();
      assertTrue(c.closedByTarget());
    }
    try (RawInitiator c = new RawInitiator(target.address())) {
      assertEquals(0, c.login(IQN).u16(36), "the target still logs in others");
    }
  }

  @Test
  void commandsOutsideTheWindowAreIgnoredAndSkippingAheadEndsTheSession() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      Pdu stale = c.command(0, new byte[6], false, false, 0, null, true);
      stale.sn24(stale.sn24() - 5); // an old CmdSN: silently ignored (RFC 7143 §4.2.2.1)
      c.cmdSN--;
      c.send(stale);
      Pdu beyond = c.command(0, new byte[6], false, false, 0, null, true);
      beyond.sn24(beyond.sn24() + 1000); // beyond MaxCmdSN: ignored too
      c.cmdSN--;
      c.send(beyond);
      c.send(c.command(0, new byte[6], false, false, 0, null, true));
      Pdu r = c.read();
      assertEquals(c.itt, r.itt(), "only the in-window command is answered");
      assertEquals(1, unit.opcodes.size());
      Pdu ahead = c.command(0, new byte[6], false, false, 0, null, true);
      ahead.sn24(ahead.sn24() + 3);
      c.send(ahead);
      Pdu reject = c.read();
      assertEquals(Pdu.REJECT, reject.opcode());
      assertEquals(ProtocolException.PROTOCOL_ERROR, reject.u8(2));
      assertTrue(c.closedByTarget());
    }
  }

  @Test
  void nopOutPingIsEchoed() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      c.send(new Pdu(Pdu.NOP_OUT).immediate(true).flags(0x80).itt(0x77).field20(Pdu.NO_TAG).sn24(c.cmdSN)
          .sn28(c.expStatSN).data("ping".getBytes()));
      Pdu in = c.read();
      assertEquals(Pdu.NOP_IN, in.opcode());
      assertEquals(0x77, in.itt());
      assertEquals("ping", new String(in.data()));
    }
  }

  @Test
  void abortTaskWaitsForTheRunningCommandAndSuppressesItsResponse() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      c.send(c.command(0, new byte[] {(byte) 0xC0, 0, 0, 0, 0, 0}, false, false, 0, null, true));
      int slow = c.itt;
      assertTrue(unit.blocked.await(10, TimeUnit.SECONDS));
      c.send(new Pdu(Pdu.TASK_REQUEST).immediate(true).flags(0x80 | 1).lun(0).itt(++c.itt).field20(slow)
          .sn24(c.cmdSN).sn28(c.expStatSN).sn32(c.cmdSN - 1));
      int tmf = c.itt;
      c.socket.setSoTimeout(500);
      assertFalse(c.closedByTarget(), "no answer while the command still runs");
      c.socket.setSoTimeout(10_000);
      unit.release.countDown();
      Pdu r = c.read();
      assertEquals(Pdu.TASK_RESPONSE, r.opcode(), "the aborted command has no response of its own");
      assertEquals(tmf, r.itt());
      assertEquals(0, r.u8(2), "function complete");
    }
  }

  @Test
  void lunResetResetsTheUnitAndAnUnknownLunIsSaidSo() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      c.send(new Pdu(Pdu.TASK_REQUEST).immediate(true).flags(0x80 | 5).lun(1).itt(++c.itt).field20(Pdu.NO_TAG)
          .sn24(c.cmdSN).sn28(c.expStatSN));
      assertEquals(0, c.read().u8(2));
      assertEquals(1, other.resets);
      assertEquals(0, unit.resets);
      c.send(new Pdu(Pdu.TASK_REQUEST).immediate(true).flags(0x80 | 5).lun(7).itt(++c.itt).field20(Pdu.NO_TAG)
          .sn24(c.cmdSN).sn28(c.expStatSN));
      assertEquals(2, c.read().u8(2), "LUN does not exist");
      c.send(c.command(7, new byte[] {0x12, 0, 0, 0, 36, 0}, true, false, 36, null, true));
      Pdu inq = c.until(c.itt).get(0);
      assertEquals(0x7F, inq.data()[0] & 0xFF, "peripheral qualifier 3, no device type");
      c.send(c.command(7, new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, true, false, 256, null, true));
      Pdu luns = c.until(c.itt).get(0);
      byte[] list = luns.data();
      assertEquals(16, list[3], "REPORT LUNS from any LUN lists both units");
      assertEquals(1, list[8 + 8 + 1]);
    }
  }

  @Test
  void logoutClosesTheNexusAndSoDoesADroppedConnection() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      c.send(c.command(0, new byte[6], false, false, 0, null, true));
      c.until(c.itt);
      Pdu r = c.logout();
      assertEquals(Pdu.LOGOUT_RESPONSE, r.opcode());
      assertEquals(0, r.u8(2));
      assertTrue(c.closedByTarget());
    }
    awaitSize(unit.closed, 1);
    try (RawInitiator c = new RawInitiator(target.address(), "iqn.2026-12.dev.tapekit.test:crash", 0x800000000003L)) {
      c.login(IQN);
      c.send(c.command(0, new byte[6], false, false, 0, null, true));
      c.until(c.itt);
    } // closed without a logout
    awaitSize(unit.closed, 2);
    assertEquals("iqn.2026-12.dev.tapekit.test:crash,i,0x800000000003", unit.closed.get(1));
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    for (int i = 0; i < 100 && list.size() < size; i++) {
      Thread.sleep(50);
    }
    assertEquals(size, list.size());
  }

  @Test
  void aSecondLoginOfTheSameInitiatorPortReinstatesTheSession() throws Exception {
    try (RawInitiator first = new RawInitiator(target.address()); RawInitiator again = new RawInitiator(target.address())) {
      first.login(IQN);
      assertEquals(0, again.login(IQN).u16(36));
      assertTrue(first.closedByTarget(), "the old connection is closed");
    }
  }

  @Test
  void discoveryListsTargetsAtTheAdvertisedAddress() throws Exception {
    target.close();
    target = serve(IscsiTarget.builder().advertise("10.0.2.2:3260"));
    try (RawInitiator c = new RawInitiator(target.address())) {
      assertEquals(0, c.login(null).u16(36));
      Pdu r = c.text("SendTargets", "All");
      TextParameters t = TextParameters.parse(r.data());
      assertEquals(IQN, t.get("TargetName").orElseThrow());
      assertEquals("10.0.2.2:3260,1", t.get("TargetAddress").orElseThrow());
      c.send(c.command(0, new byte[6], false, false, 0, null, true));
      Pdu reject = c.read();
      assertEquals(Pdu.REJECT, reject.opcode(), "no SCSI in a discovery session");
    }
  }

  @Test
  void loginFailuresSayWhy() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      Pdu r = c.login("iqn.2026-12.dev.tapekit.test:nothing");
      assertEquals(0x0203, r.u16(36), "target not found");
      assertTrue(c.closedByTarget());
    }
    try (RawInitiator c = new RawInitiator(target.address())) {
      Pdu r = c.loginStep(0, 1, new TextParameters().add("SessionType", "Normal").add("TargetName", IQN));
      assertEquals(0x0207, r.u16(36), "missing InitiatorName");
    }
  }

  @Test
  void chapOneWayAndMutual() throws Exception {
    target.close();
    target = serve(IscsiTarget.builder().chap(new ChapCredentials("host", "initiator-secret"))
        .mutualChap(new ChapCredentials("target", "target-secret-1")));
    for (String secret : new String[] {"initiator-secret", "wrong-secret"}) {
      try (RawInitiator c = new RawInitiator(target.address())) {
        Pdu r = c.loginStep(0, 0, new TextParameters().add("InitiatorName", c.name).add("SessionType", "Normal")
            .add("TargetName", IQN).add("AuthMethod", "None,CHAP"));
        assertEquals("CHAP", c.lastLogin.get("AuthMethod").orElseThrow());
        r = c.loginStep(0, 0, new TextParameters().add("CHAP_A", "7,5"));
        assertEquals("7", c.lastLogin.get("CHAP_A").orElseThrow());
        int id = Integer.parseInt(c.lastLogin.get("CHAP_I").orElseThrow());
        byte[] challenge = Chap.decode(c.lastLogin.get("CHAP_C").orElseThrow());
        byte[] mine = new byte[32];
        new Random(3).nextBytes(mine);
        r = c.loginStep(0, 1, new TextParameters().add("CHAP_N", "host")
            .add("CHAP_R", Chap.encode(Chap.response(Chap.Algorithm.SHA256, id, Chap.secretBytes(secret), challenge)))
            .add("CHAP_I", "9").add("CHAP_C", Chap.encode(mine)));
        if (secret.equals("wrong-secret")) {
          assertEquals(0x0201, r.u16(36), "authentication failure");
          continue;
        }
        assertEquals(0, r.u16(36));
        assertEquals("target", c.lastLogin.get("CHAP_N").orElseThrow());
        assertArrayEquals(Chap.response(Chap.Algorithm.SHA256, 9, Chap.secretBytes("target-secret-1"), mine),
            Chap.decode(c.lastLogin.get("CHAP_R").orElseThrow()), "the target proves it knows its secret");
        assertEquals(0x81, r.flags(), "T, CSG 0, NSG 1");
        assertEquals(0, c.loginStep(1, 3, new TextParameters()).u16(36));
      }
    }
    try (RawInitiator c = new RawInitiator(target.address())) {
      Pdu r = c.login(IQN);
      assertEquals(0x0201, r.u16(36), "no authentication at all is refused");
    }
  }

  @Test
  void closeAsksInitiatorsToLogOut() throws Exception {
    try (RawInitiator c = new RawInitiator(target.address())) {
      c.login(IQN);
      Thread closer = new Thread(() -> {
        try {
          target.close();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      closer.start();
      Pdu async = c.read();
      assertNotNull(async);
      assertEquals(Pdu.ASYNC_MESSAGE, async.opcode());
      assertEquals(1, async.u8(36), "AsyncEvent 1: logout requested");
      assertEquals(0, c.logout().u8(2));
      closer.join(10_000);
      assertFalse(closer.isAlive());
      assertEquals(0, target.sessionCount());
    }
  }
}
