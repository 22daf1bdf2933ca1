package dev.tapekit.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DeviceLockFile.Holder;
import dev.tapekit.scsi.DeviceLockFile.Mode;
import dev.tapekit.scsi.DeviceLockKey.Kind;
import dev.tapekit.scsi.testing.FakeClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device lock files: the holder written and named on refusal, in this JVM and from another process,
 * the timed wait on a fake clock, garbled holder files, the directory rule, and the kernel releasing a
 * killed holder's lock.
 */
class DeviceLockFileTest {
  static final DeviceLockKey KEY = new DeviceLockKey(Kind.DRIVE, "IBM", "ULT3580-TD9", Optional.of("10WT012345"));
  private static final long PID = ProcessHandle.current().pid();

  @TempDir
  Path dir;

  private final FakeClock clock = new FakeClock();
  private final List<Process> children = new ArrayList<>();
  private final List<DeviceLockFile> locks = new ArrayList<>();

  @AfterEach
  void endChildrenAndLocks() throws Exception {
    for (Process p : children) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    for (DeviceLockFile l : locks) {
      l.close();
    }
  }

  private DeviceLockFile acquire(String device, Mode mode, String job, Duration wait, Sleeper sleeper)
      throws IOException {
    DeviceLockFile l = DeviceLockFile.acquire(dir, KEY, device, mode, job, wait, clock, sleeper);
    locks.add(l);
    return l;
  }

  private DeviceLockFile acquire(Mode mode, String job) throws IOException {
    return acquire("/dev/nst0", mode, job, Duration.ZERO, clock::sleep);
  }

  @Test
  void theHolderIsWrittenAndCloseReleasesOnceAndLeavesTheFile() throws Exception {
    clock.advance(Duration.ofMillis(1500));
    DeviceLockFile lock = acquire(Mode.JOB, "backup daily");
    Path file = dir.resolve("drive-IBM-ULT3580-TD9-10WT012345.lock");
    assertEquals(file.toRealPath(), lock.file());
    Holder expected = new Holder(lock.holder().host(), PID, "backup daily", Mode.JOB,
        Instant.parse("2026-01-01T00:00:01Z"));
    assertEquals(expected, lock.holder());
    assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    lock.close();
    lock.close();
    // read only now: closing any descriptor of the file would drop this process's lock (see the contract)
    String text = Files.readString(file);
    assertEquals("host=" + expected.host() + "\npid=" + PID + "\njob=backup daily\nmode=job\nsince=2026-01-01T00:00:01Z\n",
        text);
    assertEquals(Optional.of(expected), Holder.parse(text));
    DeviceLockFile shorter = acquire(Mode.COMMAND, "pmt");
    shorter.close();
    assertEquals(shorter.holder().text(), Files.readString(file), "truncated, then written");
  }

  @Test
  void aSecondHolderInThisJvmIsRefusedWithTheFirstNamed() throws Exception {
    acquire(Mode.JOB, "backup daily");
    DeviceLockedException e = assertThrows(DeviceLockedException.class,
        () -> acquire("/dev/sg3", Mode.COMMAND, "pmt rewind", Duration.ZERO, clock::sleep));
    assertEquals("drive /dev/sg3 (IBM ULT3580-TD9, serial 10WT012345) is locked by 'backup daily' (a job) in this"
        + " process (" + e.holder().orElseThrow().host() + ", pid " + PID + "), since 2026-01-01T00:00:00Z; wait for"
        + " the job to finish, or stop it (process " + PID + " on " + e.holder().orElseThrow().host() + ")",
        e.getMessage());
    assertEquals("/dev/sg3", e.device());
    assertEquals(KEY, e.key());
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void waitingPollsOnTheClockUntilTheTimeIsUp() throws Exception {
    acquire(Mode.COMMAND, "pmtx load 1 0");
    DeviceLockedException e = assertThrows(DeviceLockedException.class,
        () -> acquire("/dev/sg3", Mode.COMMAND, "pmt status", Duration.ofMillis(900), clock::sleep));
    assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200),
        Duration.ofMillis(200), Duration.ofMillis(100)), clock.sleeps());
    assertTrue(e.getMessage().contains("is locked by 'pmtx load 1 0' (one command) in this process"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; waited 0.9 s; it holds it for one command: try again in a moment"),
        e.getMessage());
  }

  @Test
  void aLockReleasedWhileWaitingIsTaken() throws Exception {
    DeviceLockFile first = acquire(Mode.COMMAND, "pmtx load 1 0");
    List<Duration> sleeps = new ArrayList<>();
    Sleeper releaseOnThird = d -> {
      sleeps.add(d);
      clock.sleep(d);
      if (sleeps.size() == 3) {
        try {
          first.close();
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };
    DeviceLockFile second = acquire("/dev/nst0", Mode.JOB, "backup daily", Duration.ofSeconds(10), releaseOnThird);
    assertEquals(Collections.nCopies(3, DeviceLockFile.POLL_INTERVAL), sleeps);
    assertEquals(Instant.parse("2026-01-01T00:00:00.600Z").truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        second.holder().since());
    second.close();
    assertEquals("backup daily", Holder.parse(Files.readString(second.file())).orElseThrow().job());
  }

  @Test
  void anInterruptedWaitEndsWithInterruptedIoException() throws Exception {
    acquire(Mode.JOB, "backup daily");
    Sleeper interrupted = d -> {
      throw new InterruptedException();
    };
    InterruptedIOException e = assertThrows(InterruptedIOException.class,
        () -> acquire("/dev/nst0", Mode.COMMAND, "pmt", Duration.ofSeconds(5), interrupted));
    assertTrue(Thread.interrupted(), "the interrupt flag is set again");
    assertTrue(e.getMessage().contains("drive /dev/nst0 (IBM ULT3580-TD9, serial 10WT012345)"), e.getMessage());
  }

  @Test
  void holderTextThatNamesNobodyParsesToEmpty() {
    String good = "host=h\npid=12\njob=backup\nmode=job\nsince=2026-01-01T00:00:00Z\n";
    assertTrue(Holder.parse(good).isPresent());
    assertEquals(Optional.of("h"), Holder.parse("future=1\n" + good).map(Holder::host));
    for (String bad : List.of("", "\u0000\u0007garbage", good.replace("pid=12", "pid=-1"),
        good.replace("pid=12", "pid=0x1"), good.replace("host=h", "host="), good.replace("mode=job", "mode=shared"),
        good.replace("2026-01-01T00:00:00Z", "yesterday"), good.replace("job=backup\n", ""))) {
      assertEquals(Optional.empty(), Holder.parse(bad), bad);
    }
    assertEquals("a b c", new Holder("h", 1, "a\nb\rc", Mode.JOB, Instant.EPOCH).job(), "one line");
  }

  /** Starts {@link DeviceLockChild} with {@code args} and returns it once it printed {@code first} (or ended). */
  private Process child(List<String> lines, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DeviceLockChild.class.getName(), dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    children.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      lines.add(line);
      if (line.startsWith("locked") || line.equals("acquired") || lines.size() >= 2 && lines.get(0).equals("refused")) {
        break;
      }
    }
    return p;
  }

  @Test
  void anotherProcessHoldsUntilItIsKilledAndTheKernelReleases() throws Exception {
    List<String> said = new ArrayList<>();
    Process holder = child(said, "hold");
    assertTrue(said.get(said.size() - 1).startsWith("locked"), String.join("\n", said));

    DeviceLockedException e = assertThrows(DeviceLockedException.class,
        () -> acquire("/dev/sg3", Mode.COMMAND, "pmt rewind", Duration.ZERO, clock::sleep));
    Holder h = e.holder().orElseThrow();
    assertEquals(holder.pid(), h.pid());
    assertEquals("backup child", h.job());
    assertTrue(e.getMessage().contains("is locked by 'backup child' (a job) on " + h.host() + ", pid " + holder.pid()
        + ", since "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; wait for the job to finish, or stop it (process " + holder.pid() + " on "
        + h.host() + ")"), e.getMessage());

    holder.destroyForcibly();
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    acquire(Mode.JOB, "backup daily");

    List<String> other = new ArrayList<>();
    assertTrue(child(other, "try").waitFor(30, TimeUnit.SECONDS));
    assertEquals("refused", other.get(0), String.join("\n", other));
    assertTrue(other.get(1).startsWith("drive /dev/sg3 (IBM ULT3580-TD9, serial 10WT012345) is locked by 'backup"
        + " daily' (a job) on " + h.host() + ", pid " + PID + ", since "), other.get(1));
  }

  @Test
  void aHolderFileThatNamesNobodyStillRefusesAndSaysHowToFindTheHolder() throws Exception {
    List<String> said = new ArrayList<>();
    child(said, "garble");
    assertEquals(List.of("locked"), said);
    DeviceLockedException e = assertThrows(DeviceLockedException.class,
        () -> acquire("/dev/nst0", Mode.COMMAND, "pmt status", Duration.ofMillis(400), clock::sleep));
    Path file = dir.toRealPath().resolve(KEY.fileName());
    assertEquals(Optional.empty(), e.holder());
    assertEquals("drive /dev/nst0 (IBM ULT3580-TD9, serial 10WT012345) is locked by an unknown holder (the lock file "
        + file + " names nobody readable); waited 0.4 s; find the process with: fuser -v " + file
        + " (or lslocks), then wait for it or stop it", e.getMessage());
  }

  @Test
  void theDirectoryRule(@TempDir Path root) throws Exception {
    Path system = root.resolve("run-lock").resolve("tapekit");
    Path tmp = root.resolve("tmp");
    Properties none = new Properties();
    Properties property = new Properties();
    property.setProperty(DeviceLockFile.DIRECTORY_PROPERTY, "/p");
    Map<String, String> env = Map.of(DeviceLockFile.DIRECTORY_ENV, "/e", "XDG_RUNTIME_DIR", root.toString());

    assertEquals(Path.of("/x"), DeviceLockFile.directory(Optional.of(Path.of("/x")), env, property, system, tmp));
    assertEquals(Path.of("/e"), DeviceLockFile.directory(Optional.empty(), env, property, system, tmp));
    assertEquals(Path.of("/p"), DeviceLockFile.directory(Optional.empty(), Map.of(DeviceLockFile.DIRECTORY_ENV, " "),
        property, system, tmp));
    Map<String, String> xdg = Map.of("XDG_RUNTIME_DIR", root.toString());
    assertEquals(root.resolve("tapekit-lock"), DeviceLockFile.directory(Optional.empty(), xdg, none, system, tmp),
        "the system directory's parent is missing");
    String fallback = DeviceLockFile.directory(Optional.empty(), Map.of(), none, system, tmp).toString();
    assertTrue(fallback.matches(java.util.regex.Pattern.quote(tmp.toString()) + "/tapekit-lock-[0-9]+"), fallback);
    assertEquals(fallback, DeviceLockFile.directory(Optional.empty(), Map.of("XDG_RUNTIME_DIR", root.resolve("gone")
        .toString()), none, system, tmp).toString(), "a runtime directory that does not exist is skipped");

    Files.createDirectories(system.getParent());
    assertEquals(system, DeviceLockFile.directory(Optional.empty(), xdg, none, system, tmp), "creatable");
    Files.createDirectories(system);
    assertEquals(system, DeviceLockFile.directory(Optional.empty(), xdg, none, system, tmp), "exists");
  }

  @Test
  void aMissingDirectoryIsCreated() throws Exception {
    Path nested = dir.resolve("a").resolve("b");
    try (DeviceLockFile lock = DeviceLockFile.acquire(nested, KEY, "/dev/nst0", Mode.COMMAND, "pmt status",
        Duration.ZERO, clock, clock::sleep)) {
      assertNotNull(lock);
      assertTrue(Files.isRegularFile(nested.resolve(KEY.fileName())));
    }
    assertFalse(Files.readString(nested.resolve(KEY.fileName())).isEmpty());
  }
}
