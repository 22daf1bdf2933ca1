package dev.tapekit.tools.pmtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockFile.Mode;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.DropIn;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Tool;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pmtx honours the changer's lock file: it waits (by default {@link Pmtx#DEFAULT_LOCK_WAIT}) while a
 * job holds the changer around a move, is refused with {@link ExitCode#LOCKED} and the holder named
 * when the wait is up, and works after the release. Drive and changer locks are separate.
 */
@ExtendWith(VtlHomeExtension.class)
class PmtxLockTest {
  private static final String C = "vtl:L700";
  private final ToolHarness h = new ToolHarness();

  private static DeviceLockKey key(String device, DeviceLockKey.Kind kind) throws IOException {
    try (ScsiTransport t = VirtualLibraries.open(device)) {
      return DeviceLockKey.read(t, kind).orElseThrow();
    }
  }

  private static DeviceLockFile holdChanger(String job) throws IOException {
    return DeviceLockFile.acquire(VtlHomeExtension.locks(), key(C, DeviceLockKey.Kind.CHANGER), "/dev/sg5",
        Mode.COMMAND, job, Duration.ZERO);
  }

  @Test
  void aHeldChangerIsRefusedWithTheHolderNamedThenWorksAfterRelease() throws Exception {
    assertEquals("changer-STK-L700-XYZZY_A.lock", key(C, DeviceLockKey.Kind.CHANGER).fileName());
    try (DeviceLockFile job = holdChanger("backup daily: load 3 into drive 0")) {
      ToolHarness.Result r = h.pmtx("-f", C, "--lock-wait", "0", "load", "1", "0");
      assertEquals(ExitCode.LOCKED.code(), r.exit(), r.err());
      assertEquals("", r.out());
      assertEquals("pmtx: changer vtl:L700 (STK L700, serial XYZZY_A) is locked by 'backup daily: load 3 into drive 0'"
          + " (one command) in this process (" + job.holder().host() + ", pid " + ProcessHandle.current().pid()
          + "), since " + job.holder().since() + "; it holds it for one command: try again in a moment\n"
          + "pmtx: --lock-wait SECONDS waits for it (now 0)\n", r.err());
      assertEquals(0, h.pmtx("scan").exit(), "scan opens no changer");
      assertEquals(0, h.pmt("-f", C + ":0", "status").exit(), "the drives have locks of their own");
    }
    ToolHarness.Result load = h.pmtx("-f", C, "load", "1", "0");
    assertEquals(0, load.exit(), load.err());
    assertTrue(h.pmtx("-f", C, "status").out().contains("Data Transfer Element 0:Full (Storage Element 1 Loaded)"));
  }

  @Test
  void byDefaultAShortHoldIsWaitedFor() throws Exception {
    DeviceLockFile move = holdChanger("backup daily: unload drive 0");
    Thread release = ToolHarness.closeLater(move, 300);
    ToolHarness.Result r = h.pmtx("-f", C, "status");
    release.join();
    assertEquals(0, r.exit(), r.err());
    assertTrue(Duration.ofSeconds(5).compareTo(Pmtx.DEFAULT_LOCK_WAIT) <= 0, "a few seconds at least");
  }

  @Test
  void theQuickParserAndTheMtxNameHonourTheLockToo() throws Exception {
    try (DeviceLockFile job = holdChanger("backup daily")) {
      Pmtx quick = new Pmtx(Map.of(), Devices::open);
      quick.lockWait = 0; // what the quick parser leaves alone: only -f, --verbose, --trim-tags and words
      assertTrue(quick.parseQuickly(new String[] {"-f", C, "status"}, new PrintWriter(new StringWriter())));
      ToolHarness.Result r = h.execute(quick, "-f", C, "status");
      assertEquals(ExitCode.LOCKED.code(), r.exit(), r.err());

      StringWriter err = new StringWriter();
      int status = Tool.execute(new Pmtx(Map.of(), Devices::open, true), new String[] {"-f", C, "--lock-wait", "0",
          "status"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Optional.of(DropIn.MTX));
      assertEquals(1, status, err.toString());
      assertTrue(err.toString().startsWith("mtx: changer vtl:L700 (STK L700, serial XYZZY_A) is locked by"),
          err.toString());
    }
  }
}
