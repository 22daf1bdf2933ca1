package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockFile.Holder;
import dev.tapekit.scsi.DeviceLockFile.Mode;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.DropIn;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Tool;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pmt honours the drive's lock file: while a job holds drive 0 of the virtual L700 (under the drive's
 * identity, as the job locks it through whatever node it opened), every command that opens the drive
 * is refused with {@link ExitCode#LOCKED} and the holder named, and the tape stays where the job left
 * it; after the job releases the lock, pmt works again.
 */
@ExtendWith(VtlHomeExtension.class)
class PmtLockTest {
  private static final String D = "vtl:L700:0";
  private final ToolHarness h = new ToolHarness();

  /** The drive's key, read as a job reads it before taking the lock. */
  private static DeviceLockKey driveKey() throws IOException {
    try (ScsiTransport t = VirtualLibraries.open(D)) {
      return DeviceLockKey.read(t, DeviceLockKey.Kind.DRIVE).orElseThrow();
    }
  }

  private static DeviceLockFile hold(Path dir, Mode mode, String job) throws IOException {
    return DeviceLockFile.acquire(dir, driveKey(), "/dev/nst0", mode, job, Duration.ZERO);
  }

  /** pmt on drive 0. */
  private ToolHarness.Result pmt(String... args) {
    return h.pmt(Stream.concat(Stream.of("-f", D), Arrays.stream(args)).toArray(String[]::new));
  }

  /** Loads a cartridge, writes two files and leaves the tape at block 1, where a job would be writing. */
  private void tapeInTheMiddle() {
    assertEquals(0, h.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
    assertEquals(0, h.pmt(new byte[1000], "-f", D, "write").exit());
    assertEquals(0, h.pmt(new byte[1000], "-f", D, "write").exit());
    assertEquals(0, pmt("asf", "1").exit());
    assertEquals("At block 2.\n", pmt("tell").out());
  }

  @Test
  void aJobsDriveIsRefusedWithTheHolderNamedAndTheTapeStays() throws Exception {
    tapeInTheMiddle();
    DeviceLockKey key = driveKey();
    assertEquals("drive-IBM-ULT3580-TD8-XYZZY_A1.lock", key.fileName());
    try (DeviceLockFile job = hold(VtlHomeExtension.locks(), Mode.JOB, "backup daily")) {
      for (String[] command : new String[][] {{"rewind"}, {"status"}, {"stat"}, {"tape-alert-flags"},
          {"--output-format", "json", "fsf", "1"}}) {
        ToolHarness.Result r = pmt(command);
        assertEquals(ExitCode.LOCKED.code(), r.exit(), String.join(" ", command) + ": " + r.err());
        assertEquals("", r.out());
        assertEquals("pmt: drive vtl:L700:0 (IBM ULT3580-TD8, serial XYZZY_A1) is locked by 'backup daily' (a job) in"
            + " this process (" + job.holder().host() + ", pid " + ProcessHandle.current().pid() + "), since "
            + job.holder().since() + "; wait for the job to finish, or stop it (process "
            + ProcessHandle.current().pid() + " on " + job.holder().host() + ")\n", r.err());
      }
      ToolHarness.Result quick = h.execute(new Pmt(Map.of(), new ByteArrayInputStream(new byte[0]),
          new ByteArrayOutputStream()), "-f", D, "rewind");
      assertEquals(ExitCode.LOCKED.code(), quick.exit(), "the quick parser's path: " + quick.err());
      assertEquals(0, pmt("densities").exit(), "commands that do not open the drive need no lock");
    }
    assertEquals("At block 2.\n", pmt("tell").out(), "nothing moved the tape under the job");
    assertEquals(0, pmt("rewind").exit());
    assertEquals("At block 0.\n", pmt("tell").out());
    Holder last = Holder.parse(Files.readString(VtlHomeExtension.locks().resolve(key.fileName()))).orElseThrow();
    assertEquals("pmt tell", last.job());
    assertEquals(Mode.COMMAND, last.mode());
  }

  @Test
  void anotherCommandsHoldIsWaitedForWithLockWait() throws Exception {
    DeviceLockFile other = hold(VtlHomeExtension.locks(), Mode.COMMAND, "pmt rewind");
    ToolHarness.Result refused = pmt("status");
    assertEquals(ExitCode.LOCKED.code(), refused.exit());
    assertTrue(refused.err().endsWith("; it holds it for one command: try again in a moment\n"
        + "pmt: --lock-wait SECONDS waits for it (now 0)\n"), refused.err());

    Thread release = ToolHarness.closeLater(other, 300);
    ToolHarness.Result waited = pmt("--lock-wait", "30", "status");
    release.join();
    assertEquals(0, waited.exit(), waited.err());
    assertTrue(waited.out().contains("DR_OPEN"), waited.out());
  }

  @Test
  void theLockDirectoryComesFromTheOptionOrTheEnvironment(@TempDir Path elsewhere) throws Exception {
    try (DeviceLockFile job = hold(elsewhere, Mode.JOB, "backup elsewhere")) {
      assertEquals(0, pmt("status").exit(), "the test's own lock directory is free");
      assertEquals(ExitCode.LOCKED.code(), pmt("--lock-dir", elsewhere.toString(), "status").exit());
      assertEquals(ExitCode.LOCKED.code(), pmt("status", "--lock-dir", elsewhere.toString()).exit());
      h.env(Map.of("TAPEKIT_LOCK_DIR", elsewhere.toString()));
      ToolHarness.Result r = pmt("status");
      assertEquals(ExitCode.LOCKED.code(), r.exit());
      assertTrue(r.err().contains("'backup elsewhere' (a job)"), r.err());
    }
  }

  @Test
  void underTheNameMtALockedDriveExitsOneAsABusyOpenWould() throws Exception {
    try (DeviceLockFile job = hold(VtlHomeExtension.locks(), Mode.JOB, "backup daily")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status = Tool.execute(new Pmt(Map.of(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()),
          new String[] {"-f", D, "rewind"}, new PrintWriter(out, true), new PrintWriter(err, true),
          Optional.of(DropIn.MT));
      assertEquals(1, status);
      assertTrue(err.toString().startsWith("mt: drive vtl:L700:0 (IBM ULT3580-TD8, serial XYZZY_A1) is locked by"
          + " 'backup daily'"), err.toString());
    }
  }
}
