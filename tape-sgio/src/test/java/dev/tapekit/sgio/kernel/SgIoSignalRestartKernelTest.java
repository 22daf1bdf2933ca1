package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.SgIoHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Signals that hit a thread while its command is in the kernel, on the scsi_debug tape slowed down to
 * {@value #DELAY_JIFFIES} jiffies per command. The JVM installs its handlers with {@code SA_RESTART}
 * ({@code sun.misc.Signal} here, as for any JVM handler), so an interrupted system call is restarted
 * by the kernel. {@code ioctl(SG_IO)} then submits the same command again; SgIoTransport's write and
 * read must not. The control test shows, on the same kernel and device, that the signals really land
 * while the command is outstanding and that SG_IO really sends it twice: without it, the other two
 * tests could pass for the wrong reason.
 */
@Tag("kernel")
class SgIoSignalRestartKernelTest {
  private static final Path DELAY = Path.of("/sys/bus/pseudo/drivers/scsi_debug/delay");
  /** 3 s at Debian's HZ=250: room for the signals, even under software emulation. */
  private static final int DELAY_JIFFIES = 750;
  private static final int SIGNALS = 3;
  private static final int SIGWINCH = 28;
  private static final long SG_IO = 0x2285;
  private static final int SYS_READ = 0;
  private static final int SYS_IOCTL = 16;
  private static final int BLOCK = 512;

  private static final AtomicInteger handled = new AtomicInteger();
  private static SignalHandler previous;

  private final KernelDevices devices = KernelDevices.get();

  @BeforeAll
  static void handleSigwinch() {
    previous = Signal.handle(new Signal("WINCH"), s -> handled.incrementAndGet());
  }

  @AfterAll
  static void restoreSigwinch() {
    Signal.handle(new Signal("WINCH"), previous);
  }

  @BeforeEach
  void rewind() throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg("sd"))) {
      KernelScsi scsi = new KernelScsi(t);
      scsi.awaitReady();
      scsi.good(Cdbs.rewind());
    }
  }

  @Test
  void aWriteInterruptedBySignalsLandsOnceOnTape() throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg("sd"))) {
      KernelScsi scsi = new KernelScsi(t);
      byte[] block = block(1);
      slowlyWithSignals(() -> scsi.writeGood(Cdbs.write6(BLOCK), block));
      assertEquals(1, scsi.position(), "blocks written by one interrupted WRITE");
    }
  }

  @Test
  void aReadInterruptedBySignalsReturnsTheNextBlockAndSkipsNone() throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg("sd"))) {
      KernelScsi scsi = new KernelScsi(t);
      for (int i = 1; i <= 3; i++) {
        scsi.writeGood(Cdbs.write6(BLOCK), block(i));
      }
      scsi.good(Cdbs.rewind());
      AtomicReference<byte[]> read = new AtomicReference<>();
      slowlyWithSignals(() -> read.set(scsi.readGood(Cdbs.read6(BLOCK, false), BLOCK)));
      // scsi_debug keeps the first 4 bytes of each block.
      assertArrayEquals(Arrays.copyOf(block(1), 4), Arrays.copyOf(read.get(), 4), "the block read is the first");
      assertEquals(1, scsi.position(), "blocks passed by one interrupted READ");
    }
  }

  /** The hazard itself: the same interrupted WRITE through {@code ioctl(SG_IO)} lands more than once. */
  @Test
  void controlSgIoIoctlResubmitsAnInterruptedWrite() throws Exception {
    int fd = LibC.open(devices.sg("sd"), LibC.O_RDWR | LibC.O_CLOEXEC);
    SgIoHeader header = new SgIoHeader();
    try (Memory cdb = new Memory(6); Memory sense = new Memory(96); Memory data = new Memory(BLOCK)) {
      cdb.write(0, Cdbs.write6(BLOCK), 0, 6);
      data.write(0, block(1), 0, BLOCK);
      header.prepare(SgIoHeader.SG_DXFER_TO_DEV, cdb, 6, sense, 96, data, BLOCK, 60_000, 0);
      slowlyWithSignals(() -> LibC.ioctl(fd, SG_IO, header.pointer()));
      assertEquals(0, header.status(), "SCSI status of the ioctl");
    } finally {
      header.free();
      LibC.close(fd);
    }
    try (SgIoTransport t = SgIoTransport.open(devices.sg("sd"))) {
      long blocks = new KernelScsi(t).position();
      assertTrue(blocks > 1, "the restarted SG_IO ioctl sent the WRITE again: " + blocks + " block(s) on tape");
    }
  }

  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} (one command) on a new thread with the device slowed down, and sends that
   * thread SIGWINCH {@value #SIGNALS} times while it is blocked in {@code read} or {@code ioctl}.
   * Fails when the command completed before the last signal, or a signal was not handled.
   */
  private static void slowlyWithSignals(Action action) throws Exception {
    AtomicInteger tid = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int handledBefore = handled.get();
    setDelay(DELAY_JIFFIES);
    try {
      Thread worker = new Thread(() -> {
        tid.set(Function.getFunction("c", "gettid").invokeInt(new Object[0]));
        started.countDown();
        try {
          action.run();
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          done.set(true);
        }
      }, "interrupted-command");
      worker.start();
      started.await();
      Function tgkill = Function.getFunction("c", "tgkill");
      int pid = (int) ProcessHandle.current().pid();
      for (int i = 0; i < SIGNALS; i++) {
        awaitBlockedInTheKernel(tid.get(), done);
        assertEquals(0, tgkill.invokeInt(new Object[] {pid, tid.get(), SIGWINCH}), "tgkill");
        Thread.sleep(300);
      }
      boolean completedTooEarly = done.get();
      worker.join(60_000);
      if (failure.get() != null) {
        throw new AssertionError("the interrupted command failed", failure.get());
      }
      assertTrue(!completedTooEarly, "the command completed before the last signal: the delay did not hold it");
      assertEquals(SIGNALS, handled.get() - handledBefore, "signals handled by the JVM");
    } finally {
      setDelay(0);
    }
  }

  /** Waits until the thread sleeps in read(2) or ioctl(2), per /proc/self/task/TID/syscall. */
  private static void awaitBlockedInTheKernel(int tid, AtomicBoolean done) throws Exception {
    Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (done.get()) {
        fail("the command completed before it could be interrupted: the delay did not hold it");
      }
      String[] fields = Files.readString(syscall, StandardCharsets.US_ASCII).strip().split(" ");
      if (fields[0].equals(String.valueOf(SYS_READ)) || fields[0].equals(String.valueOf(SYS_IOCTL))) {
        return;
      }
      Thread.sleep(10);
    }
    fail("thread " + tid + " never blocked in read or ioctl: " + Files.readString(syscall).strip());
  }

  /** Sets scsi_debug's response delay; the driver refuses (EBUSY) while commands are queued, so it retries. */
  private static void setDelay(int jiffies) throws Exception {
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      try {
        Files.writeString(DELAY, Integer.toString(jiffies));
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("cannot set " + DELAY + " to " + jiffies, last);
  }

  private static byte[] block(int n) {
    byte[] b = new byte[BLOCK];
    Arrays.fill(b, (byte) n);
    ByteBuffer.wrap(b).putInt(0, 0x5160_0000 | n);
    return b;
  }
}
