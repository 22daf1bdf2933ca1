package dev.tapekit.iscsi;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;

/** Hostile bytes against the PDU parser, the text parser and a running target. */
class PduFuzzTest {
  private static MemoryUnit unit;
  private static IscsiTarget target;

  /**
   * Any byte stream parses into PDUs until it ends, or stops with a {@link ProtocolException} or an
   * {@link EOFException}; every data segment's text parses or is a {@link ProtocolException}. The first
   * byte picks the digests and the data segment limit.
   */
  @FuzzTest(maxDuration = "10s")
  void parsersNeverThrowUndeclared(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    PduReader reader = new PduReader(new ByteArrayInputStream(data, 1, data.length - 1), 512 << (data[0] & 7));
    reader.digests((data[0] & 0x40) != 0, (data[0] & 0x80) != 0);
    try {
      for (Pdu p; (p = reader.read()) != null;) {
        p.toString();
        p.cdb();
        p.isid();
        try {
          TextParameters.parse(p.data()).toString();
        } catch (ProtocolException rejected) {
          // a clear message about the text
        }
      }
    } catch (ProtocolException | EOFException expected) {
      // the stream was bad or cut; the reader said how
    }
  }

  /**
   * A logged-in session sends any bytes at all: the target answers or closes that connection, the unit
   * is never handed a command the bytes did not hold whole, and a new session still logs in and works.
   */
  @FuzzTest(maxDuration = "20s")
  void targetSurvivesAnySession(byte[] data) throws IOException, InterruptedException {
    int port = target().address().getPort();
    try (var allowed = BugDetectors.allowNetworkConnections((h, p) -> p == port)) {
      hostileSession(data);
    }
  }

  private void hostileSession(byte[] data) throws IOException {
    IscsiTarget t = target();
    try (RawInitiator c = new RawInitiator(t.address(), "iqn.2026-12.dev.tapekit.test:fuzz", 0x800000000009L)) {
      if (c.login(TargetProtocolTest.IQN).u16(36) != 0) {
        throw new AssertionError("login refused");
      }
      OutputStream out = c.socket.getOutputStream();
      try {
        out.write(data);
        out.flush();
        c.socket.shutdownOutput();
        c.socket.setSoTimeout(2000);
        while (c.reader.read() != null) {
          // drain whatever the target answers until it closes
        }
      } catch (SocketTimeoutException stuck) {
        // an unfinished PDU: the target waits for the rest, as it should; we close
      } catch (IOException closedOrBad) {
        // the target closed the connection on us, or answered with something our reader refuses
      }
    }
    try (RawInitiator fresh = new RawInitiator(t.address(), "iqn.2026-12.dev.tapekit.test:after", 0x80000000000AL)) {
      if (fresh.login(TargetProtocolTest.IQN).u16(36) != 0) {
        throw new AssertionError("the target refuses new sessions after a hostile one");
      }
      fresh.send(fresh.command(0, new byte[6], false, false, 0, null, true));
      Pdu r = fresh.until(fresh.itt).get(0);
      if (r.u8(3) != 0) {
        throw new AssertionError("TEST UNIT READY failed after a hostile session: status " + r.u8(3));
      }
      fresh.logout();
    }
  }

  private static synchronized IscsiTarget target() throws IOException {
    if (target == null) {
      unit = new MemoryUnit();
      target = IscsiTarget.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .target(new IscsiTarget.Target(TargetProtocolTest.IQN, null, Map.of(0, unit))).start();
    }
    return target;
  }
}
