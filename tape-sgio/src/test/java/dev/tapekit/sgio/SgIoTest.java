package dev.tapekit.sgio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The availability report: computed once, with a cause a user can act on when something is missing. */
class SgIoTest {
  @Test
  void linuxWithJnaIsAvailable() {
    SgIo.Availability a = SgIo.check("Linux", () -> 8, () -> 4096);
    assertTrue(a.available());
    assertNull(a.cause());
    assertEquals(4096, a.pageSize());
  }

  @Test
  void otherSystemsAreUnavailableByName() {
    SgIo.Availability a = SgIo.check("Windows 11", () -> 8, () -> 4096);
    assertFalse(a.available());
    assertTrue(a.cause().getMessage().contains("Linux interface; this JVM runs on Windows 11"), a.cause().getMessage());
  }

  @Test
  void aJnaThatCannotLoadIsReportedNotThrown() {
    UnsatisfiedLinkError missing = new UnsatisfiedLinkError("libjnidispatch.so: failed to map segment");
    SgIo.Availability a = SgIo.check("Linux", () -> {
      throw missing;
    }, () -> 4096);
    assertFalse(a.available());
    assertSame(missing, a.cause().getCause());
    assertTrue(a.cause().getMessage().contains("jna.tmpdir"), a.cause().getMessage());
    SgIo.Availability b = SgIo.check("Linux", () -> 8, () -> {
      throw new NoClassDefFoundError("com/sun/jna/Native");
    });
    assertFalse(b.available());
  }

  @Test
  void thirtyTwoBitJvmsAndNonsensePageSizesAreUnavailable() {
    assertTrue(SgIo.check("Linux", () -> 4, () -> 4096).cause().getMessage().contains("64-bit"));
    assertFalse(SgIo.check("Linux", () -> 8, () -> -1).available());
    assertFalse(SgIo.check("Linux", () -> 8, () -> 3000).available());
  }

  @Test
  void thisLinuxMachineReportsConsistently() {
    boolean linux = System.getProperty("os.name").startsWith("Linux");
    assertEquals(SgIo.isAvailable(), SgIo.unavailabilityCause() == null);
    if (linux && SgIo.isAvailable()) {
      assertEquals(0, SgIo.current().pageSize() & (SgIo.current().pageSize() - 1));
    }
    assertSame(SgIo.current(), SgIo.current());
  }
}
