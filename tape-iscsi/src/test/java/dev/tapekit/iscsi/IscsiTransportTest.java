package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The initiator against a scripted peer: data transfer shapes, pings, rejects, failures and login refusals. */
class IscsiTransportTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final byte[] TUR = new byte[6];
  private static final IscsiInitiatorOptions OPTIONS = IscsiInitiatorOptions.defaults()
      .withInitiatorName("iqn.2026-12.dev.tapekit:unit").withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));

  private static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] write10(int bytes) {
    int blocks = bytes / 512;
    return new byte[] {0x2A, 0, 0, 0, 0, 0, 0, (byte) (blocks >>> 8), (byte) blocks, 0};
  }

  /** Collects one Data-Out sequence, checking DataSN, offsets, TTT, segment limit and the F bit. */
  private static void collect(ScriptedTarget.Peer peer, Pdu command, int ttt, int offset, int length, int maxSegment,
      ByteArrayOutputStream into) throws Exception {
    int done = 0;
    for (int dataSN = 0; done < length; dataSN++) {
      Pdu d = peer.expect(Pdu.DATA_OUT);
      assertEquals(command.itt(), d.itt());
      assertEquals(ttt, d.field20(), "target transfer tag");
      assertEquals(dataSN, d.u32(36), "DataSN");
      assertEquals(offset + done, d.u32(40), "buffer offset");
      assertTrue(d.dataLength() <= maxSegment, "segment of " + d.dataLength() + " > " + maxSegment);
      done += d.dataLength();
      assertEquals(done == length, d.finalBit(), "F bit on the sequence's last PDU only");
      into.write(d.dataArray(), d.dataOffset(), d.dataLength());
    }
  }

  @Test
  void writeAnswersEachR2tInSegmentsOfTheTargetsSize() throws Exception {
    byte[] data = random(10240, 1);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of("InitialR2T", "Yes", "ImmediateData", "No", "MaxRecvDataSegmentLength", "1000",
            "MaxBurstLength", "4096"));
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        assertEquals(0xA1, cmd.flags(), "F, W and a simple task attribute");
        assertEquals(10240, cmd.field20(), "expected data transfer length");
        assertEquals(0, cmd.declaredDataLength(), "no immediate data");
        int r2tSN = 0;
        for (int offset = 0; offset < data.length; offset += 4096) {
          int length = Math.min(4096, data.length - offset);
          int ttt = 0x5000 + r2tSN;
          peer.send(new Pdu(Pdu.R2T).flags(0x80).lun(3).itt(cmd.itt()).field20(ttt).u32(36, r2tSN++)
              .u32(40, offset).u32(44, length), false);
          collect(peer, cmd, ttt, offset, length, 1000, received);
        }
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(3), OPTIONS)) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        ScsiResult r = t.execute(write10(data.length), DataDirection.TO_DEVICE, buffer, T);
        assertTrue(r.isGood(), r.toString());
        assertEquals(data.length, r.transferred());
        assertEquals(0, buffer.position());
      }
    }
    assertArrayEquals(data, received.toByteArray());
  }

  @Test
  void writeSendsImmediateThenUnsolicitedDataThenAnswersR2t() throws Exception {
    byte[] data = random(5000, 2);
    ByteBuffer direct = ByteBuffer.allocateDirect(5010).position(10);
    direct.put(data).position(10);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of("InitialR2T", "No", "ImmediateData", "Yes", "MaxRecvDataSegmentLength", "1024",
            "FirstBurstLength", "3000"));
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        assertFalse(cmd.finalBit(), "unsolicited Data-Out follows the command");
        assertEquals(1024, cmd.dataLength(), "immediate data up to the target's segment size");
        received.write(cmd.dataArray(), cmd.dataOffset(), cmd.dataLength());
        collect(peer, cmd, Pdu.NO_TAG, 1024, 3000 - 1024, 1024, received);
        peer.send(new Pdu(Pdu.R2T).flags(0x80).itt(cmd.itt()).field20(77).u32(40, 3000).u32(44, 2000), false);
        collect(peer, cmd, 77, 3000, 2000, 1024, received);
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiResult r = t.execute(write10(5120), DataDirection.TO_DEVICE, direct, T);
        assertTrue(r.isGood(), r.toString());
        assertEquals(10, direct.position());
        assertEquals(5010, direct.limit());
      }
    }
    assertArrayEquals(data, received.toByteArray());
  }

  @Test
  void dataInLandsAtItsOffsetsAndUnderflowBecomesResidue() throws Exception {
    byte[] data = random(6144, 3);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        assertEquals(0xC1, cmd.flags(), "F, R and a simple task attribute");
        assertEquals(8192, cmd.field20());
        peer.dataIn(cmd, data, 4096, 2048, 0, false, 0);
        peer.dataIn(cmd, data, 0, 4096, 1, true, 2048);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ByteBuffer buffer = ByteBuffer.allocate(8400).position(100).limit(8292);
        ScsiResult r = t.execute(new byte[] {0x08, 0, 0, 0x20, 0, 0}, DataDirection.FROM_DEVICE, buffer, T);
        assertTrue(r.isGood(), r.toString());
        assertEquals(2048, r.residue());
        assertEquals(6144, r.transferred());
        assertEquals(100, buffer.position());
        assertEquals(8292, buffer.limit());
        assertArrayEquals(data, Arrays.copyOfRange(buffer.array(), 100, 100 + 6144));
        assertEquals(0, buffer.array()[99]);
      }
    }
  }

  @Test
  void checkConditionCarriesTheSenseWithoutItsLengthField() throws Exception {
    byte[] sense = {0x70, 0, 0x08, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0};
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.respond(cmd, 2, sense, 65536);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiResult r = t.execute(new byte[] {0x08, 0, 1, 0, 0, 0}, DataDirection.FROM_DEVICE,
            ByteBuffer.allocate(65536), T);
        assertEquals(2, r.status());
        assertArrayEquals(sense, r.sense());
        assertEquals(65536, r.residue());
      }
    }
  }

  @Test
  void longCdbTravelsInAnExtendedCdbAhs() throws Exception {
    byte[] cdb = random(32, 4);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        assertArrayEquals(Arrays.copyOf(cdb, 16), cmd.cdb());
        byte[] ahs = cmd.ahs();
        assertEquals(20, ahs.length, "4 header bytes and 16 CDB bytes");
        assertEquals(17, ((ahs[0] & 0xFF) << 8) | (ahs[1] & 0xFF), "AHSLength: the reserved byte and the CDB rest");
        assertEquals(1, ahs[2], "AHSType 1: extended CDB");
        assertArrayEquals(Arrays.copyOfRange(cdb, 16, 32), Arrays.copyOfRange(ahs, 4, 20));
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(t.execute(cdb, DataDirection.NONE, null, T).isGood());
      }
    }
  }

  @Test
  void nopInPingIsAnsweredWhileIdle() throws Exception {
    CountDownLatch answered = new CountDownLatch(1);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        peer.send(new Pdu(Pdu.NOP_IN).flags(0x80).lun(0).itt(Pdu.NO_TAG).field20(0x1234).data(ping), false);
        Pdu pong = peer.expect(Pdu.NOP_OUT);
        assertEquals(Pdu.NO_TAG, pong.itt());
        assertEquals(0x1234, pong.field20());
        assertTrue(pong.immediate());
        assertArrayEquals(ping, pong.data());
        answered.countDown();
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(answered.await(10, TimeUnit.SECONDS), "the ping was answered without any command running");
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
    }
  }

  @Test
  void rejectFailsTheCommandAndTheNextOneLogsInAgain() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.send(new Pdu(Pdu.REJECT).flags(0x80).u8(2, ProtocolException.INVALID_PDU_FIELD).itt(Pdu.NO_TAG)
            .data(cmd.header().clone()), true);
        assertTrue(peer.closedByInitiator());
      }).then(ScriptedTarget.ONE_GOOD_COMMAND);
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> t.execute(TUR, DataDirection.NONE, null, T));
        assertEquals(Kind.HOST_ERROR, e.kind());
        assertTrue(e.getMessage().contains("rejected") && e.getMessage().contains("reason 0x09"), e.getMessage());
        assertTrue(t.execute(new byte[] {0x00, 0, 0, 0, 0, 1}, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(2, target.commands.size());
    }
  }

  /** Never lose data: a command whose connection is cut is reported, not sent again. */
  @Test
  void connectionCutMidCommandIsReportedAndNeverResent() throws Exception {
    byte[] writeFilemarks = {0x10, 0, 0, 0, 1, 0};
    byte[] readPosition = {0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        peer.expect(Pdu.SCSI_COMMAND);
        peer.close(); // the command may have run; its status never arrives
      }).then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> t.execute(writeFilemarks, DataDirection.NONE, null, T));
        assertEquals(Kind.HOST_ERROR, e.kind());
        assertTrue(e.getMessage().contains("may or may not have run") && e.getMessage().contains("not resent"),
            e.getMessage());
        assertTrue(t.execute(readPosition, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(2, target.commands.size(), "one WRITE FILEMARKS, then the new command");
      assertArrayEquals(Arrays.copyOf(writeFilemarks, 16), target.commands.get(0).cdb());
      assertArrayEquals(Arrays.copyOf(readPosition, 16), target.commands.get(1).cdb());
    }
  }

  @Test
  void refusedReloginSaysTheCommandWasNotSent() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        peer.expect(Pdu.SCSI_COMMAND);
        peer.close();
      }).then(peer -> peer.refuseLogin(3, 1, new TextParameters()));
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertEquals(Kind.HOST_ERROR, assertThrows(ScsiTransportException.class,
            () -> t.execute(TUR, DataDirection.NONE, null, T)).kind());
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> t.execute(TUR, DataDirection.NONE, null, T));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(e.getMessage().contains("the command was not sent: login refused: service unavailable (0301)"),
            e.getMessage());
      }
      assertEquals(1, target.commands.size());
    }
  }

  @Test
  void optionsRefuseInconsistentChapAndNameTheHost() {
    String name = IscsiInitiatorOptions.defaultInitiatorName();
    assertTrue(name.startsWith("iqn.2026-12.dev.tapekit:") && IscsiAddress.isTargetName(name), name);
    ChapCredentials ours = new ChapCredentials("host", "secret-one");
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withMutualChap(ours));
    assertThrows(IllegalArgumentException.class,
        () -> OPTIONS.withChap(ours).withMutualChap(new ChapCredentials("target", "secret-one")));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withInitiatorName("backup host"));
    assertEquals(null, OPTIONS.withChap(ours).withMutualChap(new ChapCredentials("t", "secret-two")).withChap(null)
        .mutualChap(), "dropping our CHAP drops mutual CHAP");
  }

  @Test
  void timeoutDropsTheConnectionAndNeverResends() throws Exception {
    CountDownLatch dropped = new CountDownLatch(1);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        peer.expect(Pdu.SCSI_COMMAND);
        if (peer.closedByInitiator()) { // no status sent: the initiator gives up and drops the connection
          dropped.countDown();
        }
      }).then(ScriptedTarget.ONE_GOOD_COMMAND);
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> t.execute(new byte[] {0x01, 0, 0, 0, 0, 0}, DataDirection.NONE, null, Duration.ofMillis(300)));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("not resent"), e.getMessage());
        assertTrue(dropped.await(10, TimeUnit.SECONDS), "the connection was dropped");
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(2, target.commands.size(), "the REWIND was sent once");
    }
  }

  @Test
  void targetsRequestToLogOutWhileIdleIsFollowedAndTheNextCommandLogsInAgain() throws Exception {
    CountDownLatch loggedOut = new CountDownLatch(1);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        peer.send(new Pdu(Pdu.ASYNC_MESSAGE).flags(0x80).itt(Pdu.NO_TAG).u8(36, 1).u16(42, 5), true);
        assertEquals(0x80, peer.acceptLogout().flags(), "reason 0: close the session");
        assertTrue(peer.closedByInitiator());
        loggedOut.countDown();
      }).then(ScriptedTarget.ONE_GOOD_COMMAND);
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(loggedOut.await(10, TimeUnit.SECONDS), "logged out while idle");
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(1, target.commands.size());
    }
  }

  @Test
  void targetsRequestToLogOutDuringACommandIsFollowedAfterIt() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.send(new Pdu(Pdu.ASYNC_MESSAGE).flags(0x80).itt(Pdu.NO_TAG).u8(36, 1).u16(42, 5), true);
        peer.respond(cmd, 0, null, 0);
        peer.acceptLogout();
        assertTrue(peer.closedByInitiator());
      }).then(ScriptedTarget.ONE_GOOD_COMMAND);
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(2, target.commands.size());
    }
  }

  @Test
  void closedCommandWindowIsAskedAboutAndWaitedFor() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.window = 0; // MaxCmdSN = ExpCmdSN - 1: no command may be sent
        peer.login(Map.of());
        Pdu ping = peer.expect(Pdu.NOP_OUT);
        assertTrue(ping.immediate());
        assertEquals(Pdu.NO_TAG, ping.field20());
        peer.window = 8;
        peer.send(new Pdu(Pdu.NOP_IN).flags(0x80).itt(ping.itt()).field20(Pdu.NO_TAG), true);
        peer.respond(peer.expect(Pdu.SCSI_COMMAND), 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
    }
  }

  @Test
  void commandWindowThatStaysClosedFailsWithoutSending() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.window = 0;
        peer.login(Map.of());
        peer.expect(Pdu.NOP_OUT);
        peer.acceptLogout(); // from close(): the command never came
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> t.execute(TUR, DataDirection.NONE, null, Duration.ofMillis(200)));
        assertEquals(Kind.BUSY, e.kind());
        assertTrue(e.getMessage().contains("was not sent"), e.getMessage());
      }
      assertEquals(0, target.commands.size());
    }
  }

  @Test
  void loginRefusalsNameTheStatus() throws Exception {
    record Case(int statusClass, int detail, Kind kind, String text) {}
    for (Case c : new Case[] {new Case(2, 1, Kind.PERMISSION_DENIED, "authentication failed (0201)"),
        new Case(2, 3, Kind.NO_DEVICE, "target not found (0203)"), new Case(3, 2, Kind.BUSY, "(0302)")}) {
      try (ScriptedTarget target = new ScriptedTarget()) {
        target.then(peer -> peer.refuseLogin(c.statusClass, c.detail, new TextParameters()));
        ScsiTransportException e = assertThrows(ScsiTransportException.class,
            () -> IscsiTransport.open(target.address(0), OPTIONS));
        assertEquals(c.kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(c.text), e.getMessage());
      }
    }
  }

  @Test
  void redirectIsFollowedOnce() throws Exception {
    try (ScriptedTarget there = new ScriptedTarget(); ScriptedTarget here = new ScriptedTarget()) {
      here.then(peer -> peer.refuseLogin(1, 1,
          new TextParameters().add("TargetAddress", "127.0.0.1:" + there.port() + ",1")));
      there.then(ScriptedTarget.ONE_GOOD_COMMAND);
      try (IscsiTransport t = IscsiTransport.open(here.address(0), OPTIONS)) {
        assertTrue(t.execute(TUR, DataDirection.NONE, null, T).isGood());
      }
      assertEquals(1, there.commands.size());
    }
  }

  @Test
  void requiredDigestsAreUsedOnEveryPdu() throws Exception {
    byte[] data = random(3000, 5);
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        peer.dataIn(cmd, data, 0, data.length, 0, true, 0);
      });
      IscsiInitiatorOptions digests = OPTIONS.withDigests(IscsiInitiatorOptions.Digest.CRC32C_REQUIRED,
          IscsiInitiatorOptions.Digest.CRC32C_REQUIRED);
      try (IscsiTransport t = IscsiTransport.open(target.address(0), digests)) {
        ByteBuffer b = ByteBuffer.allocate(3000);
        assertTrue(t.execute(new byte[] {0x08, 0, 0, 0x0B, (byte) 0xB8, 0}, DataDirection.FROM_DEVICE, b, T).isGood());
        assertArrayEquals(data, b.array());
      }
    }
  }

  /** A login answer split over two Login Responses (C bit): the initiator asks for the rest with an empty request. */
  @Test
  void continuedLoginResponseIsCollected() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        Pdu security = peer.expect(Pdu.LOGIN_REQUEST);
        peer.send(new Pdu(Pdu.LOGIN_RESPONSE).flags(0x81).isid(security.isid())
            .data(new TextParameters().add("AuthMethod", "None").encode()), true);
        Pdu offers = peer.expect(Pdu.LOGIN_REQUEST);
        assertEquals(0x87, offers.flags(), "T, operational stage, towards the full feature phase");
        byte[] text = new TextParameters().add("HeaderDigest", "None").add("DataDigest", "None")
            .add("MaxRecvDataSegmentLength", "2000").add("InitialR2T", "No").add("ImmediateData", "No").encode();
        int half = 20;
        peer.send(new Pdu(Pdu.LOGIN_RESPONSE).flags(0x44).isid(offers.isid()).data(text, 0, half), true);
        Pdu more = peer.expect(Pdu.LOGIN_REQUEST);
        assertEquals(0x04, more.flags(), "no T, operational stage: asking for the rest");
        assertEquals(0, more.dataLength());
        peer.send(new Pdu(Pdu.LOGIN_RESPONSE).flags(0x87).isid(offers.isid()).u16(14, 9)
            .data(text, half, text.length - half), true);
        Pdu cmd = peer.expect(Pdu.SCSI_COMMAND);
        assertEquals(0, cmd.dataLength(), "ImmediateData=No was taken from the second part");
        for (int done = 0; done < 3000;) {
          Pdu d = peer.expect(Pdu.DATA_OUT); // unsolicited: InitialR2T=No, also from the second part
          assertTrue(d.dataLength() <= 2000, "MaxRecvDataSegmentLength=2000 was taken from the second part");
          done += d.dataLength();
        }
        peer.respond(cmd, 0, null, 0);
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        assertTrue(t.execute(write10(3072), DataDirection.TO_DEVICE, ByteBuffer.allocate(3000), T).isGood());
      }
    }
  }

  @Test
  void continuedTextResponseIsCollectedWithItsTransferTag() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu first = peer.expect(Pdu.TEXT_REQUEST);
        byte[] text = new TextParameters().add("TargetName", "iqn.2026-12.dev.tapekit:one")
            .add("TargetAddress", "192.0.2.1:3260,1").add("TargetName", "iqn.2026-12.dev.tapekit:two").encode();
        peer.send(new Pdu(Pdu.TEXT_RESPONSE).flags(0x40).itt(first.itt()).field20(0x77).data(text, 0, 30), true);
        Pdu next = peer.expect(Pdu.TEXT_REQUEST);
        assertEquals(first.itt(), next.itt());
        assertEquals(0x77, next.field20(), "the target's transfer tag is echoed");
        assertEquals(0, next.dataLength());
        peer.send(new Pdu(Pdu.TEXT_RESPONSE).flags(0x80).itt(first.itt()).field20(Pdu.NO_TAG)
            .data(text, 30, text.length - 30), true);
        peer.acceptLogout();
      });
      var targets = IscsiDiscovery.sendTargets("127.0.0.1", target.port(), OPTIONS);
      assertEquals(java.util.List.of("iqn.2026-12.dev.tapekit:one", "iqn.2026-12.dev.tapekit:two"),
          targets.stream().map(IscsiDiscovery.Target::name).toList());
      assertEquals(java.util.List.of(new IscsiDiscovery.Portal("192.0.2.1", 3260, 1)), targets.get(0).portals());
    }
  }

  @Test
  void discoveryParsesTargetsAndPortals() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget()) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu text = peer.expect(Pdu.TEXT_REQUEST);
        assertEquals("SendTargets=All", TextParameters.parse(text.data()).pairs().get(0).key() + "="
            + TextParameters.parse(text.data()).pairs().get(0).value());
        TextParameters answer = new TextParameters().add("TargetName", "iqn.2026-12.dev.tapekit:a")
            .add("TargetAddress", "10.0.0.1:3260,1").add("TargetAddress", "[fe80::1]:3261,2")
            .add("TargetName", "iqn.2026-12.dev.tapekit:b").add("TargetAddress", "host.example");
        peer.send(new Pdu(Pdu.TEXT_RESPONSE).flags(0x80).itt(text.itt()).field20(Pdu.NO_TAG).data(answer.encode()), true);
        peer.acceptLogout();
      });
      var targets = IscsiDiscovery.sendTargets("127.0.0.1", target.port(), OPTIONS);
      assertEquals(2, targets.size());
      assertEquals(java.util.List.of(new IscsiDiscovery.Portal("10.0.0.1", 3260, 1),
          new IscsiDiscovery.Portal("fe80::1", 3261, 2)), targets.get(0).portals());
      assertEquals(java.util.List.of(new IscsiDiscovery.Portal("host.example", target.port(), 1)),
          targets.get(1).portals());
    }
  }
}
