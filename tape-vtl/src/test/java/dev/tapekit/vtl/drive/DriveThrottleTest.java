package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.Sleeper;
import dev.tapekit.vtl.cartridge.MediumGeneration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The streaming model against a fake clock: a simulated host writes or reads 256 KiB blocks at a set
 * rate (its own time between commands), and the model's waits move the same clock. Nothing here
 * measures real time.
 */
class DriveThrottleTest {
  private static final int BLOCK = 256 << 10;
  private static final DriveThrottle.Settings LTO9 = DriveThrottle.Settings.forGeneration(MediumGeneration.LTO9).orElseThrow();

  /** A clock that moves only when the host works or the model sleeps. */
  private static final class FakeTime implements Sleeper {
    long nanos = 1_000_000_000L;

    @Override
    public void sleep(Duration d) {
      nanos += d.toNanos();
    }

    void pass(double seconds) {
      nanos += (long) (seconds * 1e9);
    }
  }

  private final FakeTime time = new FakeTime();
  private final DriveThrottle model = new DriveThrottle(LTO9, () -> time.nanos, time);

  /** The host writes {@code bytes} in blocks, spending bytes/rate of its own time before each (0: none). */
  private void write(long bytes, double hostMBps) {
    for (long done = 0; done < bytes; done += BLOCK) {
      if (hostMBps > 0) {
        time.pass(BLOCK / (hostMBps * 1e6));
      }
      model.written(BLOCK);
    }
  }

  private void read(long bytes, double hostMBps) {
    for (long done = 0; done < bytes; done += BLOCK) {
      if (hostMBps > 0) {
        time.pass(BLOCK / (hostMBps * 1e6));
      }
      model.read(BLOCK);
    }
  }

  private double seconds(long fromNanos) {
    return (time.nanos - fromNanos) / 1e9;
  }

  @Test
  void defaultsFollowTheDataSheets() {
    assertEquals(400, LTO9.nativeMBps());
    assertEquals(177, LTO9.floorMBps());
    assertEquals(12, LTO9.steps());
    assertEquals(177e6, LTO9.step(0));
    assertEquals(400e6, LTO9.step(11), 1);
    assertEquals(360, DriveThrottle.Settings.forGeneration(MediumGeneration.LTO8).orElseThrow().nativeMBps());
    assertEquals(112, DriveThrottle.Settings.forGeneration(MediumGeneration.LTO8).orElseThrow().floorMBps());
    for (MediumGeneration g : new MediumGeneration[] {MediumGeneration.LTO5, MediumGeneration.LTO6, MediumGeneration.LTO7}) {
      assertTrue(DriveThrottle.Settings.forGeneration(g).isPresent(), g.name());
    }
    assertTrue(DriveThrottle.Settings.forGeneration(MediumGeneration.T10000B).isEmpty());
  }

  @Test
  void settingsRefuseImpossibleValues() {
    Duration b = Duration.ofSeconds(2);
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(0, 0, 12, 1 << 30, b));
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(400, 401, 12, 1 << 30, b));
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(400, 177, 0, 1 << 30, b));
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(400, 177, 1, 1 << 30, b));
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(400, 177, 12, 1000, b));
    assertThrows(IllegalArgumentException.class, () -> new DriveThrottle.Settings(400, 177, 12, 1 << 30, Duration.ofSeconds(-1)));
  }

  @Test
  void aHostFasterThanNativeIsHeldToTheNativeRateWithoutUnderruns() {
    long start = time.nanos;
    long bytes = 4L << 30;
    write(bytes, 0); // infinitely fast host
    DriveThrottle.Counters c = model.counters();
    assertEquals(0, c.underruns());
    assertEquals(400, c.speedMBps(), 1e-6);
    assertTrue(c.blockedNanos() > 0);
    assertEquals(bytes, c.bytesWritten());
    // the host sees the drive's rate once the buffer is full: everything but the buffer at 400 MB/s
    double expected = (bytes - LTO9.bufferBytes()) / 400e6;
    assertEquals(expected, seconds(start), 0.01);
    model.sync();
    assertEquals(bytes / 400e6, seconds(start), 0.01);
    assertEquals(0, model.counters().underruns());
  }

  @Test
  void aHostBetweenFloorAndNativeGetsAMatchingStepAndNoUnderrun() {
    long start = time.nanos;
    write(4L << 30, 250);
    DriveThrottle.Counters c = model.counters();
    assertEquals(0, c.underruns());
    // steps 177 + 223 * i / 11: the highest not above 250 MB/s is i = 3
    assertEquals(177 + 223 * 3 / 11.0, c.speedMBps(), 1e-6);
    assertEquals(0, c.blockedNanos()); // 4 GiB at 12 MB/s more than the tape takes stays below 1 GiB
    assertEquals((4L << 30) / 250e6, seconds(start), 0.01);
  }

  @Test
  void aHostSlowerThanTheFloorUnderruns() {
    write(2L << 30, 100);
    DriveThrottle.Counters c = model.counters();
    assertEquals(177, c.speedMBps(), 1e-6);
    // the tape starts with a quarter of the buffer (268 MB, 2.7 s of the host), which the floor drains
    // 77 MB/s faster than the host fills it (3.5 s): one underrun about every 6.2 s of 21.5 s
    assertEquals(3, c.underruns());
    assertEquals(0, c.blockedNanos());
  }

  @Test
  void syncPointsAndIdleTimeAreNoUnderruns() {
    time.pass(100); // idle before the first write
    write(512L << 20, 0);
    model.sync(); // e.g. WRITE FILEMARKS: waits until the buffer is on tape
    assertTrue(model.counters().syncWaitNanos() > 0);
    time.pass(60); // the host thinks for a minute with the tape stopped
    write(512L << 20, 0);
    model.sync();
    model.sync(); // a second sync with an empty buffer waits for nothing
    time.pass(60);
    read(64L << 20, 0); // a READ after a sync starts the tape again
    assertEquals(0, model.counters().underruns());
    assertEquals(0, model.counters().readStops());
  }

  @Test
  void aBurstThenAStallLongerThanTheBufferLastsIsExactlyOneUnderrunEach() {
    write(512L << 20, 0); // 512 MiB in the buffer drain in 1.34 s at 400 MB/s
    time.pass(1.0); // shorter: the tape keeps streaming
    write(512L << 20, 0);
    assertEquals(0, model.counters().underruns());
    time.pass(10); // longer: the buffer runs empty once
    write(512L << 20, 0);
    assertEquals(1, model.counters().underruns());
    time.pass(10);
    write(BLOCK, 0);
    assertEquals(2, model.counters().underruns());
    model.sync();
    assertEquals(2, model.counters().underruns());
  }

  @Test
  void aTrickleDoesNotStartTheTapeAndSoCannotUnderrun() {
    write(200L << 20, 0); // less than a quarter of the buffer: the tape waits for more
    time.pass(60);
    write(40L << 20, 0);
    time.pass(60);
    assertEquals(0, model.counters().underruns());
    long before = time.nanos;
    model.sync(); // starts the tape and waits until the 240 MiB are written
    assertTrue(seconds(before) > 0);
    assertEquals(0, model.counters().underruns());
  }

  @Test
  void theTapeMovesNoDataDuringTheBackhitchAfterAnUnderrun() {
    write(300L << 20, 0); // a host that never waits: the tape moves at 400 MB/s, 300 MiB last 0.79 s
    time.pass(1.0); // the buffer ran empty at 0.79 s; the backhitch lasts until 2.79 s
    long before = time.nanos;
    long beyond = 400L << 20;
    write(LTO9.bufferBytes() + beyond, 0); // fills the buffer, then waits for the tape
    assertEquals(1, model.counters().underruns());
    double backhitchLeft = (300L << 20) / 400e6 + 2.0 - 1.0;
    assertEquals(backhitchLeft + beyond / 400e6, seconds(before), 0.01);
  }

  @Test
  void readsAreHeldToTheNativeRateAndASlowReaderStopsTheTape() {
    long start = time.nanos;
    read(1L << 30, 0);
    assertEquals((1L << 30) / 400e6, seconds(start), 0.01);
    assertEquals(0, model.counters().readStops());
    model.sync();
    read(2L << 30, 100); // slower than the floor: the read-ahead fills 1 GiB and the tape stops
    assertTrue(model.counters().readStops() >= 1, "read stops " + model.counters().readStops());
    assertEquals(3L << 30, model.counters().bytesRead());
    assertEquals(0, model.counters().underruns());
  }

  @Test
  void countersSurviveARestore() {
    write(64L << 20, 0);
    DriveThrottle.Counters saved = model.counters();
    DriveThrottle other = new DriveThrottle(LTO9, () -> time.nanos, time);
    other.restore(saved);
    assertEquals(saved, other.counters());
  }
}
