package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransportException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Hostile targets against the initiator, and hostile TargetAddress values against their parser. */
class InitiatorFuzzTest {
  private static final IscsiInitiatorOptions OPTIONS = IscsiInitiatorOptions.defaults()
      .withInitiatorName("iqn.2026-12.dev.tapekit:fuzz").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));

  /**
   * After a normal login the target answers a READ with any bytes at all (the first PDU's task tag
   * patched to the command's, so the bytes can reach the command): the command returns a result or
   * throws {@link ScsiTransportException}, nothing else, and the caller's buffer keeps its position and
   * limit.
   */
  @FuzzTest(maxDuration = "20s")
  void initiatorSurvivesAnyAnswer(byte[] data) throws Exception {
    try (ScriptedTarget target = new ScriptedTarget();
        var allowed = BugDetectors.allowNetworkConnections((h, p) -> p == target.port())) {
      target.then(peer -> {
        peer.login(Map.of());
        Pdu command = peer.expect(Pdu.SCSI_COMMAND);
        byte[] answer = data.clone();
        for (int i = 0; i < 4 && 16 + i < answer.length; i++) {
          answer[16 + i] = (byte) (command.itt() >>> (24 - 8 * i));
        }
        OutputStream out = peer.socket.getOutputStream();
        out.write(answer);
        out.flush();
        peer.socket.shutdownOutput();
        while (peer.reader.read() != null) {
          // whatever the initiator still says (NOP-Out, Logout) until it closes
        }
      });
      try (IscsiTransport t = IscsiTransport.open(target.address(0), OPTIONS)) {
        ByteBuffer buffer = ByteBuffer.allocate(4200).position(50).limit(4146);
        try {
          ScsiResult r = t.execute(new byte[] {0x08, 0, 0, 0x10, 0, 0}, DataDirection.FROM_DEVICE, buffer,
              Duration.ofSeconds(2));
          r.toString();
        } catch (ScsiTransportException expected) {
          // the answer was cut, broken or absent: said so
        }
        assertEquals(50, buffer.position());
        assertEquals(4146, buffer.limit());
      }
    } catch (AssertionError e) {
      if (!String.valueOf(e.getMessage()).startsWith("the scripted target saw a problem")) {
        throw e;
      }
      // the scripted peer's own reads failed on what the initiator did after the hostile answer: fine
    }
  }

  /** Any text is a portal or an {@link IllegalArgumentException}. */
  @FuzzTest(maxDuration = "5s")
  void targetAddressParsesOrSaysWhy(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      IscsiDiscovery.Portal p = IscsiDiscovery.Portal.parse(text, 3260);
      p.toString();
    } catch (IllegalArgumentException expected) {
      // a message naming the value
    }
  }
}
