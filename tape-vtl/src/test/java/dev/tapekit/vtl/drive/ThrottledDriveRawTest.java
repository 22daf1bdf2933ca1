package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.vtl.cartridge.MediumGeneration;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A throttled standalone drive with raw CDBs: every READ outcome that moves data is paced and counted
 * (incorrect length, filemark), a failed WRITE counts nothing, and WRITE FILEMARKS with IMMED is no
 * sync point while the one without is.
 */
class ThrottledDriveRawTest extends LoadedDriveTestCase {
  private long nanos;
  private DriveThrottle model;

  @BeforeEach
  void throttle() {
    model = new DriveThrottle(DriveThrottle.Settings.forGeneration(MediumGeneration.LTO8).orElseThrow(), () -> nanos,
        (Duration d) -> nanos += d.toNanos());
    drive.setThrottle(model);
  }

  @Test
  void readsEndingInIncorrectLengthOrAFilemarkArePacedToo() throws Exception {
    byte[] block = new byte[4096];
    block[0] = 1;
    s.write(block).expectGood();
    s.writeFilemarks(1).expectGood();
    assertEquals(4096, model.counters().bytesWritten());
    s.rewind().expectGood();
    long before = nanos;
    s.read(8192, false).expect(0, 0, 0); // ILI: the block is shorter than asked for
    assertEquals(4096, model.counters().bytesRead());
    assertEquals((long) Math.ceil(4096 / 112e6 * 1e9), nanos - before, "the first block of a read at the floor");
    s.read(8192, false).expect(0, 0, 1); // the filemark: nothing moved, nothing counted
    assertEquals(4096, model.counters().bytesRead());
  }

  @Test
  void aFailedWriteCountsNothingAndImmediateFilemarksAreNoSyncPoint() throws Exception {
    drive.faults().mediumErrorOnWrite(1);
    s.write(new byte[4096]).expect(3, 0x0C, 0x00);
    assertEquals(0, model.counters().bytesWritten());
    s.write(new byte[4096]).expectGood();
    s.out(new byte[0], 0x10, 0x01, 0, 0, 1, 0).expectGood(); // WRITE FILEMARKS, IMMED, 1
    assertEquals(0, model.counters().syncWaitNanos());
    s.writeFilemarks(1).expectGood(); // without IMMED: the 4 KiB go to tape first
    assertEquals((long) Math.ceil(4096 / 112e6 * 1e9), model.counters().syncWaitNanos());
    assertEquals(0, model.counters().underruns());
  }
}
