package dev.tapekit.scsi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test double itself must catch wrong, missing and extra commands, or tests using it prove nothing. */
class ScriptedTransportTest {
  private static final Duration T = Duration.ofSeconds(1);

  @Test
  void wrongCdbFails() {
    ScriptedTransport t = new ScriptedTransport("x");
    t.expect("01 00 00 00 00 00").good();
    AssertionError e = assertThrows(AssertionError.class,
        () -> t.execute(Hex.bytes("01 01 00 00 00 00"), DataDirection.NONE, null, T));
    assertTrue(e.getMessage().contains("expected CDB [01 00 00 00 00 00] but got [01 01 00 00 00 00]"), e.getMessage());
  }

  @Test
  void extraAndMissingCommandsFail() throws Exception {
    ScriptedTransport t = new ScriptedTransport("x");
    assertThrows(AssertionError.class, () -> t.execute(new byte[6], DataDirection.NONE, null, T));
    t.expect("00 00 00 00 00 00").good();
    assertThrows(AssertionError.class, t::assertAllConsumed);
  }

  @Test
  void dataInSenseAndResidue() throws Exception {
    ScriptedTransport t = new ScriptedTransport("x");
    byte[] sense = FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED).filemark().information(-2).bytes();
    t.expect("08 00 00 00 08 00").good(Hex.bytes("01 02 03"));
    t.expect("08 00 00 00 08 00").check(sense, Hex.bytes("09"), 7);
    ByteBuffer b = ByteBuffer.allocate(10);
    b.position(2).limit(10);
    ScsiResult r = t.execute(Hex.bytes("08 00 00 00 08 00"), DataDirection.FROM_DEVICE, b, T);
    assertEquals(3, r.transferred());
    assertEquals(2, b.position(), "the transport never moves position");
    assertEquals(3, b.get(4));
    ScsiResult c = t.execute(Hex.bytes("08 00 00 00 08 00"), DataDirection.FROM_DEVICE, b, T);
    SenseData s = c.senseData().orElseThrow();
    assertTrue(s.filemark());
    assertEquals(-2, s.signedInformation().getAsLong());
    assertEquals(1, c.transferred());
    t.assertAllConsumed();
  }

  @Test
  void closedTransportRefusesCommands() {
    ScriptedTransport t = new ScriptedTransport("x");
    t.close();
    assertThrows(ScsiTransportException.class, () -> t.execute(new byte[6], DataDirection.NONE, null, T));
  }
}
