package dev.tapekit.sgio.internal;

import static dev.tapekit.sgio.internal.SgIoClassifier.DRIVER_SENSE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.internal.SgIoClassifier.Stage;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every host/driver/status/errno rule of the classification, from header values alone. */
class SgIoClassifierTest {
  private static final String DEVICE = "/dev/nst0";
  /** Fixed sense: MEDIUM ERROR, 11/00 unrecovered read error. */
  private static final byte[] MEDIUM_ERROR = Hex.bytes("70 00 03 00 00 00 00 0a 00 00 00 00 11 00 00 00 00 00");

  private static SgIoReply reply(int status, int host, int driver, byte[] sense) {
    return new SgIoReply(status, host, driver, 512, 0, sense == null ? new byte[0] : sense, Duration.ofMillis(3));
  }

  private static ScsiResult classify(SgIoReply r) throws ScsiTransportException {
    return SgIoClassifier.classify(DEVICE, Hex.bytes("08 00 00 02 00 00"), " on /dev/sg1", 600_000, r);
  }

  private static ScsiTransportException fails(SgIoReply r) {
    return assertThrows(ScsiTransportException.class, () -> classify(r));
  }

  @Test
  void goodIsAResult() throws Exception {
    ScsiResult r = classify(new SgIoReply(0, 0, 0, 512, 12, new byte[0], Duration.ofMillis(3)));
    assertTrue(r.isGood());
    assertEquals(500, r.transferred());
    assertEquals(Duration.ofMillis(3), r.duration());
  }

  @Test
  void checkConditionWithDriverSenseIsAResultCarryingTheSense() throws Exception {
    ScsiResult r = classify(reply(0x02, 0, DRIVER_SENSE, MEDIUM_ERROR));
    assertEquals(ScsiStatus.CHECK_CONDITION, r.scsiStatus());
    assertEquals(DRIVER_SENSE, r.driverStatus());
    assertArrayEquals(MEDIUM_ERROR, r.sense());
    assertFalse(r.isGood());
  }

  @Test
  void driverSenseOnlyInTheHighNibbleIsIgnored() throws Exception {
    // Old kernels put suggestion bits (SUGGEST_*) in the high nibble; sg3_utils masks them off.
    assertTrue(classify(reply(0, 0, 0x10, null)).isGood());
  }

  @ParameterizedTest(name = "status 0x{0} is a result")
  @CsvSource({"02", "04", "08", "18", "22", "28", "30", "40", "03", "7e"})
  void everyScsiStatusFromTheDeviceIsAResult(String hex) throws Exception {
    int status = Integer.parseInt(hex, 16);
    assertEquals(status, classify(reply(status, 0, 0, null)).status());
  }

  @ParameterizedTest(name = "host {0} -> {1}")
  @CsvSource({
    "1, NO_DEVICE, DID_NO_CONNECT (0x01)",
    "2, HOST_ERROR, DID_BUS_BUSY (0x02)",
    "3, TIMEOUT, DID_TIME_OUT (0x03)",
    "4, NO_DEVICE, DID_BAD_TARGET (0x04)",
    "5, HOST_ERROR, DID_ABORT (0x05)",
    "6, HOST_ERROR, DID_PARITY (0x06)",
    "7, HOST_ERROR, DID_ERROR (0x07)",
    "8, HOST_ERROR, DID_RESET (0x08)",
    "11, HOST_ERROR, DID_SOFT_ERROR (0x0b)",
    "14, HOST_ERROR, DID_TRANSPORT_DISRUPTED (0x0e)",
    "15, HOST_ERROR, DID_TRANSPORT_FAILFAST (0x0f)",
    "16, HOST_ERROR, DID_TARGET_FAILURE (0x10)",
    "19, HOST_ERROR, DID_MEDIUM_ERROR (0x13)",
    "20, HOST_ERROR, DID_TRANSPORT_MARGINAL (0x14)",
    "99, HOST_ERROR, DID_unknown (0x63)"
  })
  void nonZeroHostStatusWithGoodStatusThrows(int host, Kind kind, String name) {
    ScsiTransportException e = fails(reply(0, host, 0, null));
    assertEquals(kind, e.kind());
    assertEquals(DEVICE, e.device());
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains("CDB 08 00 00 02 00 00 on /dev/sg1: host adapter reported "), e.getMessage());
  }

  @Test
  void hostTimeoutWinsOverACheckCondition() {
    ScsiTransportException e = fails(reply(0x02, SgIoClassifier.DID_TIME_OUT, DRIVER_SENSE, MEDIUM_ERROR));
    assertEquals(Kind.TIMEOUT, e.kind());
    assertTrue(e.getMessage().contains("600000 ms"), e.getMessage());
  }

  @Test
  void hostErrorWinsOverTheDriverByte() {
    assertEquals(Kind.NO_DEVICE, fails(reply(0, SgIoClassifier.DID_NO_CONNECT, SgIoClassifier.DRIVER_TIMEOUT, null)).kind());
  }

  @ParameterizedTest(name = "host 0x{0} derived from the device reply keeps the sense")
  @CsvSource({"10, 02", "11, 18", "12, 02", "13, 02"})
  void hostBytesDerivedFromTheDeviceReplyDoNotHideIt(String host, String status) throws Exception {
    int h = Integer.parseInt(host, 16);
    int s = Integer.parseInt(status, 16);
    ScsiResult r = classify(reply(s, h, s == 0x02 ? DRIVER_SENSE : 0, s == 0x02 ? MEDIUM_ERROR : null));
    assertEquals(s, r.status());
    assertEquals(h, r.hostStatus());
    assertFalse(r.isGood());
  }

  @ParameterizedTest(name = "driver {0} -> {1}")
  @CsvSource({
    "1, BUSY, DRIVER_BUSY (0x01)",
    "2, HOST_ERROR, DRIVER_SOFT (0x02)",
    "3, HOST_ERROR, DRIVER_MEDIA (0x03)",
    "4, HOST_ERROR, DRIVER_ERROR (0x04)",
    "5, HOST_ERROR, DRIVER_INVALID (0x05)",
    "6, TIMEOUT, DRIVER_TIMEOUT (0x06)",
    "7, HOST_ERROR, DRIVER_HARD (0x07)",
    "12, HOST_ERROR, DRIVER_unknown (0x0c)",
    "36, HOST_ERROR, DRIVER_ERROR (0x04)"
  })
  void driverErrorsOtherThanSenseThrow(int driver, Kind kind, String name) {
    ScsiTransportException e = fails(reply(0x02, 0, driver, MEDIUM_ERROR));
    assertEquals(kind, e.kind());
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @ParameterizedTest(name = "errno {0} at {1} -> {2}")
  @CsvSource({
    "2, OPEN, NO_DEVICE", "19, OPEN, NO_DEVICE", "6, OPEN, NO_DEVICE", "6, COMMAND, NO_DEVICE",
    "13, OPEN, PERMISSION_DENIED", "1, OPEN, PERMISSION_DENIED", "1, COMMAND, PERMISSION_DENIED",
    "16, OPEN, BUSY", "16, COMMAND, BUSY",
    "25, PROBE, NOT_SCSI", "25, COMMAND, NOT_SCSI", "22, PROBE, NOT_SCSI", "22, COMMAND, OS_ERROR",
    "110, COMMAND, TIMEOUT", "5, COMMAND, HOST_ERROR",
    "12, COMMAND, OS_ERROR", "4, COMMAND, OS_ERROR", "14, COMMAND, OS_ERROR", "30, OPEN, OS_ERROR",
    "1234, OPEN, OS_ERROR"
  })
  void errnoKinds(int errno, Stage stage, Kind kind) {
    assertEquals(kind, SgIoClassifier.errnoKind(errno, stage));
  }

  @Test
  void osErrorNamesTheErrnoAndTheHint() {
    ScsiTransportException e = SgIoClassifier.osError(DEVICE, SgIoClassifier.EBUSY, Stage.OPEN,
        "open of /dev/sg1", "another process has it open exclusively");
    assertEquals(Kind.BUSY, e.kind());
    assertEquals("/dev/nst0: open of /dev/sg1 failed: EBUSY; another process has it open exclusively", e.getMessage());
    assertEquals("errno 1234", SgIoClassifier.errnoName(1234));
    assertEquals("/dev/nst0: x failed: ENOTTY",
        SgIoClassifier.osError(DEVICE, SgIoClassifier.ENOTTY, Stage.PROBE, "x", null).getMessage());
  }
}
