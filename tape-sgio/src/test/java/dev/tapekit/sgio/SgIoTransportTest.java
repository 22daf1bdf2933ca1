package dev.tapekit.sgio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.SgNodeResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open path and the errno path of the transport, on nodes every Linux machine has (no sg device). */
class SgIoTransportTest {
  @TempDir Path dir;

  @BeforeAll
  static void linuxWithJna() {
    assumeTrue(SgIo.isAvailable(), () -> "SG_IO unavailable here: " + SgIo.unavailabilityCause());
  }

  private static ScsiTransportException openFails(String path) {
    return assertThrows(ScsiTransportException.class, () -> SgIoTransport.open(path).close());
  }

  @Test
  void missingPathIsNoDevice() {
    String path = dir.resolve("sg999").toString();
    ScsiTransportException e = openFails(path);
    assertEquals(Kind.NO_DEVICE, e.kind());
    assertEquals(path, e.device());
  }

  @Test
  void danglingLinkIsNoDevice() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("scsi-HU123-sg"), dir.resolve("sg7"));
    ScsiTransportException e = openFails(link.toString());
    assertEquals(Kind.NO_DEVICE, e.kind());
    assertTrue(e.getMessage().contains("dangling link"), e.getMessage());
  }

  @Test
  void devNullIsNotScsi() {
    ScsiTransportException e = openFails("/dev/null");
    assertEquals(Kind.NOT_SCSI, e.kind());
    assertTrue(e.getMessage().contains("1:3"), e.getMessage());
  }

  @Test
  void regularFileIsNotScsi() throws Exception {
    Path file = Files.writeString(dir.resolve("tape.img"), "not a device");
    ScsiTransportException e = openFails(file.toString());
    assertEquals(Kind.NOT_SCSI, e.kind());
    assertTrue(e.getMessage().contains("not a character device"), e.getMessage());
  }

  @Test
  void regularFileNamedLikeAnSgNodeIsNotScsi() throws Exception {
    Path file = Files.writeString(dir.resolve("sg0"), "");
    assertEquals(Kind.NOT_SCSI, openFails(file.toString()).kind());
  }

  @Test
  void characterDeviceOfAnotherDriverIsRejectedBeforeOpening() throws Exception {
    // A fake sysfs claims /dev/null (1:3) belongs to a SCSI device whose sg node is dev/sg5, and dev/sg5
    // links to /dev/null: resolution succeeds, the major check must refuse before open(2).
    Path sys = dir.resolve("sys");
    Path dev = Files.createDirectories(dir.resolve("dev"));
    Files.createDirectories(sys.resolve("dev/char/1:3/device/scsi_generic/sg5"));
    Files.createSymbolicLink(dev.resolve("sg5"), Path.of("/dev/null"));
    ScsiTransportException e = assertThrows(ScsiTransportException.class,
        () -> SgIoTransport.open("/dev/null", Set.of(), new SgNodeResolver(sys, dev), SgIo.current()));
    assertEquals(Kind.NOT_SCSI, e.kind());
    assertTrue(e.getMessage().contains("character device 1:3, not a SCSI generic node (major 21)"), e.getMessage());
  }

  @Test
  void versionProbeOnANonSgNodeIsEnottyAndNotScsi() throws Exception {
    int fd = LibC.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);
    try {
      ScsiTransportException e =
          assertThrows(ScsiTransportException.class, () -> SgIoTransport.sgVersion("/dev/null", Path.of("/dev/null"), fd));
      assertEquals(Kind.NOT_SCSI, e.kind());
      assertTrue(e.getMessage().contains("ENOTTY"), e.getMessage());
      assertTrue(e.getMessage().startsWith("/dev/null: "), e.getMessage());
    } finally {
      LibC.close(fd);
    }
  }

  @Test
  void unavailableTransportThrowsUnavailableWithTheCause() {
    SgIo.Availability off = SgIo.check("Mac OS X", () -> 8, () -> 4096);
    ScsiTransportException e = assertThrows(ScsiTransportException.class,
        () -> SgIoTransport.open("/dev/sg0", Set.of(), new SgNodeResolver(), off));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertSame(off.cause(), e.getCause());
    assertTrue(e.getMessage().contains("Mac OS X"), e.getMessage());
  }

  @Test
  void timeoutsAreWholeMillisecondsRoundedUpAndClamped() {
    assertEquals(60_000, SgIoTransport.timeoutMillis(Duration.ofSeconds(60)));
    assertEquals(1, SgIoTransport.timeoutMillis(Duration.ofNanos(1)));
    assertEquals(2, SgIoTransport.timeoutMillis(Duration.ofNanos(1_000_001)));
    assertEquals(Integer.MAX_VALUE, SgIoTransport.timeoutMillis(Duration.ofDays(30)));
    assertEquals(Integer.MAX_VALUE, SgIoTransport.timeoutMillis(ChronoUnit.FOREVER.getDuration()));
    assertThrows(IllegalArgumentException.class, () -> SgIoTransport.timeoutMillis(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> SgIoTransport.timeoutMillis(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> SgIoTransport.timeoutMillis(null));
  }
}
