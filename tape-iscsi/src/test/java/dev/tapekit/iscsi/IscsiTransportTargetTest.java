package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The initiator against this module's target, serving {@link MemoryUnit}s: what the logical unit saw
 * is checked on the target's side, so "never sent twice" is observed where a resend would land.
 */
class IscsiTransportTargetTest {
  private static final String IQN = "iqn.2026-12.dev.tapekit:memory";
  private static final Duration T = Duration.ofSeconds(20);
  private final MemoryUnit unit = new MemoryUnit();
  private IscsiTarget target;

  private IscsiAddress serve(IscsiTarget.Builder b) throws Exception {
    target = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .target(new IscsiTarget.Target(IQN, "memory", Map.of(0, unit))).start();
    return new IscsiAddress("127.0.0.1", target.address().getPort(), IQN, 0);
  }

  @AfterEach
  void stop() throws Exception {
    unit.release.countDown();
    if (target != null) {
      target.close();
    }
  }

  @Test
  void timedOutCommandRanOnceAndTheNextCommandUsesANewSession() throws Exception {
    IscsiAddress address = serve(IscsiTarget.builder());
    try (IscsiTransport t = IscsiTransport.open(address)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(new byte[] {(byte) 0xC0, 0, 0, 0, 0, 0}, DataDirection.NONE, null, Duration.ofMillis(300)));
      assertEquals(Kind.TIMEOUT, e.kind());
      assertTrue(unit.blocked.await(10, TimeUnit.SECONDS));
      unit.release.countDown();
      assertTrue(t.execute(new byte[6], DataDirection.NONE, null, T).isGood());
    }
    assertEquals(List.of(0xC0, 0x00), unit.opcodes, "the long command reached the unit once, then the new one");
    assertEquals(2, unit.connected.size(), "two sessions: the first ended with the timeout");
  }

  @Test
  void writesAndReadsAcrossSegmentAndBurstLimits() throws Exception {
    IscsiAddress address = serve(IscsiTarget.builder().maxRecvDataSegment(512));
    byte[] record = new byte[300_001];
    new Random(16).nextBytes(record);
    IscsiInitiatorOptions digests = IscsiInitiatorOptions.defaults()
        .withDigests(IscsiInitiatorOptions.Digest.CRC32C_PREFERRED, IscsiInitiatorOptions.Digest.CRC32C_PREFERRED);
    try (IscsiTransport t = IscsiTransport.open(address, digests)) {
      byte[] write6 = {0x0A, 0, (byte) (record.length >>> 16), (byte) (record.length >>> 8), (byte) record.length, 0};
      ScsiResult w = t.execute(write6, DataDirection.TO_DEVICE, ByteBuffer.wrap(record), T);
      assertTrue(w.isGood(), w.toString());
      ByteBuffer back = ByteBuffer.allocate(record.length + 99);
      byte[] read6 = write6.clone();
      read6[0] = 0x08;
      int asked = back.remaining();
      read6[2] = (byte) (asked >>> 16);
      read6[3] = (byte) (asked >>> 8);
      read6[4] = (byte) asked;
      ScsiResult r = t.execute(read6, DataDirection.FROM_DEVICE, back, T);
      assertEquals(2, r.status(), "a short record: CHECK CONDITION with ILI");
      assertEquals(99, r.residue());
      byte[] got = new byte[record.length];
      back.get(0, got);
      assertArrayEquals(record, got);
    }
    assertArrayEquals(record, unit.last);
  }
}
