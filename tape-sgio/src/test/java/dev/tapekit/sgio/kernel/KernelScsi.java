package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Sends raw CDBs over a transport and asserts on the outcome, with the CDB and result in every message. */
public final class KernelScsi {
  /** Generous: under QEMU software emulation a tape motion command can take seconds. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ScsiTransport transport;

  KernelScsi(ScsiTransport transport) {
    this.transport = transport;
  }

  ScsiResult none(byte[] cdb) throws ScsiTransportException {
    return transport.execute(cdb, DataDirection.NONE, null, TIMEOUT);
  }

  ScsiResult in(byte[] cdb, ByteBuffer buffer) throws ScsiTransportException {
    return transport.execute(cdb, DataDirection.FROM_DEVICE, buffer, TIMEOUT);
  }

  ScsiResult out(byte[] cdb, byte[] data) throws ScsiTransportException {
    return transport.execute(cdb, DataDirection.TO_DEVICE, ByteBuffer.wrap(data), TIMEOUT);
  }

  /** A no-data command that must end GOOD. */
  void good(byte[] cdb) throws ScsiTransportException {
    assertGood(none(cdb), cdb);
  }

  /** What a data-in command returned: the whole buffer (allocation length) and the result. */
  record Response(byte[] data, ScsiResult result) {}

  /** A data-in command with a heap buffer of {@code allocation} bytes that must end GOOD. */
  Response inGood(byte[] cdb, int allocation) throws ScsiTransportException {
    ByteBuffer buffer = ByteBuffer.allocate(allocation);
    ScsiResult r = in(cdb, buffer);
    assertGood(r, cdb);
    return new Response(buffer.array(), r);
  }

  /** A data-in command that must end GOOD; returns the buffer's first {@code allocation} bytes. */
  byte[] readGood(byte[] cdb, int allocation) throws ScsiTransportException {
    return inGood(cdb, allocation).data();
  }

  /** A data-out command that must end GOOD and move every byte. */
  void writeGood(byte[] cdb, byte[] data) throws ScsiTransportException {
    ScsiResult r = out(cdb, data);
    assertGood(r, cdb);
    assertEquals(data.length, r.transferred(), () -> "bytes written by " + hex(cdb) + ": " + r);
  }

  /**
   * Sends TEST UNIT READY until it is GOOD, consuming pending unit attentions (power on, medium
   * changed); fails after 10 tries.
   */
  void awaitReady() throws ScsiTransportException {
    ScsiResult r = null;
    for (int i = 0; i < 10; i++) {
      r = none(Cdbs.testUnitReady());
      if (r.isGood()) {
        return;
      }
    }
    fail(transport.deviceName() + " not ready after 10 TEST UNIT READY: " + r);
  }

  /** The logical object number from short-form READ POSITION; fails when the position is unknown (BPU). */
  long position() throws ScsiTransportException {
    byte[] p = readGood(Cdbs.readPositionShort(), 20);
    assertTrue((p[0] & 0x04) == 0, "READ POSITION: position unknown (BPU)");
    return dev.tapekit.scsi.codec.Bytes.getU32(p, 4);
  }

  static void assertGood(ScsiResult r, byte[] cdb) {
    assertTrue(r.isGood(), () -> hex(cdb) + " -> " + r);
  }

  /** Asserts CHECK CONDITION with this key and ASC/ASCQ and returns the decoded sense. */
  static SenseData assertSense(ScsiResult r, SenseKey key, AdditionalSense asc, byte[] cdb) {
    assertEquals(ScsiStatus.CHECK_CONDITION, r.scsiStatus(), () -> hex(cdb) + " -> " + r);
    SenseData s = r.senseData().orElseThrow(() -> new AssertionError(hex(cdb) + ": undecodable sense " + hex(r.sense())));
    assertTrue(s.is(key, asc), () -> hex(cdb) + ": expected " + key.text() + ": " + asc + ", got " + s);
    return s;
  }

  static String hex(byte[] bytes) {
    return java.util.HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  /**
   * Runs a tool in the guest (e.g. {@code sg_modes --raw}) and returns its standard output as bytes;
   * fails on a non-zero exit or after 60 s. Used where the reference must be taken at the same
   * device state as our own command.
   */
  public static byte[] toolOutput(String... command) throws java.io.IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 60 s");
    }
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed");
    return out;
  }
}
