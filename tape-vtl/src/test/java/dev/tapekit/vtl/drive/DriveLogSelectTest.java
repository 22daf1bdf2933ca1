package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.scsi.log.LogCommands;
import dev.tapekit.scsi.log.LogPage;
import dev.tapekit.scsi.log.LogParameter;
import dev.tapekit.scsi.log.LogPageControl;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.log.VolumeStatisticsPage.PartitionRecord;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.Cdbs.Reply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LOG SELECT (PCR resets, parameter lists that set counters, and every refusal), the error counter
 * pages 0x02/0x03 it acts on, and the per-partition records of volume statistics page 0x17.
 */
class DriveLogSelectTest extends LoadedDriveTestCase {
  byte[] logPage(int page) throws Exception {
    return s.in(4096, 0x4D, 0, 0x40 | page, 0, 0, 0, 0, 0x10, 0, 0).expectGood().data();
  }

  /** The value of parameter {@code code} of a LOG SENSE page, as an unsigned number. */
  static long param(byte[] page, int code) {
    long v = 0;
    for (byte b : paramBytes(page, code)) {
      v = v << 8 | (b & 0xFF);
    }
    return v;
  }

  /** The bytes of parameter {@code code} (its value only). */
  static byte[] paramBytes(byte[] page, int code) {
    int at = indexOf(page, code);
    return Arrays.copyOfRange(page, at + 4, at + 4 + (page[at + 3] & 0xFF));
  }

  /** Where parameter {@code code} starts in a LOG SENSE page. */
  static int indexOf(byte[] page, int code) {
    for (int at = 4; at + 4 <= page.length; at += 4 + (page[at + 3] & 0xFF)) {
      if (((page[at] & 0xFF) << 8 | (page[at + 1] & 0xFF)) == code) {
        return at;
      }
    }
    throw new AssertionError("no parameter " + code);
  }

  Reply logSelect(int b1, int b2, byte[] list) throws Exception {
    return s.out(list, 0x4C, b1, b2, 0, 0, 0, 0, list.length >>> 8, list.length, 0);
  }

  Reply reset(int pc, int page) throws Exception {
    return s.none(0x4C, 0x02, pc << 6 | page, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void errorCountersCountAndPcrResetsThem() throws Exception {
    s.write(new byte[1000]).expectGood();
    s.write(new byte[24]).expectGood();
    drive.faults().mediumErrorOnRead(1);
    s.rewind().expectGood();
    s.read(2000, true).expect(3, 0x11, 0x00);
    s.read(2000, true).expectGood();
    byte[] write = logPage(0x02);
    assertEquals(0x02, write[0]);
    assertEquals(1024, param(write, 0x0005));
    assertEquals(0, param(write, 0x0006));
    assertEquals(8, paramBytes(write, 0x0005).length);
    byte[] read = logPage(0x03);
    assertEquals(1000, param(read, 0x0005), "the failed read moved nothing");
    assertEquals(1, param(read, 0x0006));
    assertEquals(1024, param(logPage(0x0C), 0x0000));
    drive.raiseTapeAlert(7);

    reset(0, 0x02).expectGood(); // threshold values: nothing to reset
    assertEquals(1024, param(logPage(0x02), 0x0005));
    reset(1, 0x02).expectGood();
    assertEquals(0, param(logPage(0x02), 0x0005));
    assertEquals(1000, param(logPage(0x03), 0x0005), "only page 0x02 was reset");
    assertEquals(1L << 6 | 1L << 3, drive.tapeAlertFlags(), "flags 7 and 4 (the read error) stay");
    reset(3, 0x00).expectGood(); // default cumulative values of every page
    assertEquals(0, param(logPage(0x03), 0x0006));
    assertEquals(0, param(logPage(0x0C), 0x0002));
    assertEquals(0, drive.tapeAlertFlags(), "PCR on all pages clears the TapeAlert flags");
    drive.raiseTapeAlert(7);
    reset(1, 0x2E).expectGood();
    assertEquals(0, drive.tapeAlertFlags());
  }

  @Test
  void parameterListSetsCounters() throws Exception {
    s.write(new byte[500]).expectGood();
    // page 0x02: 0x0005 (8 bytes) = 0, 0x0006 (4 bytes) = 9; page 0x0C: 0x0001 = 0x0102030405060708
    byte[] list = HexFormat.of().parseHex(
        "02000014" + "000560080000000000000000" + "00066004" + "00000009"
        + "0c00000c" + "0001600801020304" + "05060708");
    logSelect(0x00, 0x40, list).expectGood();
    byte[] write = logPage(0x02);
    assertEquals(0, param(write, 0x0005));
    assertEquals(9, param(write, 0x0006));
    byte[] seq = logPage(0x0C);
    assertEquals(500, param(seq, 0x0000), "parameters not in the list keep their value");
    assertEquals(0x0102030405060708L, param(seq, 0x0001));
    logSelect(0x00, 0x40 | 0x02, Arrays.copyOf(list, 24)).expectGood(); // CDB page code naming the list's page
    s.none(0x4C, 0, 0x40, 0, 0, 0, 0, 0, 0, 0).expectGood(); // no list, no PCR: nothing happens
    assertEquals(9, param(logPage(0x02), 0x0006));
  }

  @Test
  void tapeScsiLogCodecsAsTheClient() throws Exception {
    s.write(new byte[2048]).expectGood();
    LogCommands.resetCounters(LogPageControl.CUMULATIVE_CURRENT).executeChecked(drive, null);
    assertEquals(0, readPage(0x0C).counter(0x0000).orElseThrow());
    byte[] list = LogPage.encode(0x03, 0, List.of(LogParameter.counter(0x0005, 8, 77), LogParameter.counter(0x0006, 4, 2)));
    LogCommands.logSelect(false, false, LogPageControl.CUMULATIVE_CURRENT, 0, 0, list.length).writeData(drive, list);
    LogPage read = readPage(0x03);
    assertEquals(77, read.counter(0x0005).orElseThrow());
    assertEquals(2, read.counter(0x0006).orElseThrow());
    LogCommands.logSelect(true, false, LogPageControl.CUMULATIVE_DEFAULT, 0x03, 0, 0).executeChecked(drive, null);
    assertEquals(0, readPage(0x03).counter(0x0005).orElseThrow());
  }

  private LogPage readPage(int page) throws Exception {
    return LogPage.parse(LogCommands.logSense(page, 0, 4096).readData(drive));
  }

  @Test
  void refusedListsChangeNothing() throws Exception {
    s.write(new byte[700]).expectGood();
    byte[] good = HexFormat.of().parseHex("02000008" + "0006600400000001");
    byte[] before = logPage(0x02);
    // CDB errors
    assertPointer(logSelect(0x01, 0x40, good).expect(5, 0x24, 0), true, 1, 0); // SP
    assertPointer(logSelect(0x02, 0x40, good).expect(5, 0x24, 0), true, 1, 1); // PCR with a list
    assertPointer(logSelect(0x00, 0x00, good).expect(5, 0x24, 0), true, 2, 7); // threshold values
    s.out(good, 0x4C, 0, 0x40, 1, 0, 0, 0, 0, 8, 0).expect(5, 0x24, 0); // subpage
    logSelect(0x00, 0x40 | 0x33, good).expect(5, 0x24, 0); // unsupported page in the CDB
    logSelect(0x00, 0x40 | 0x03, good).expect(5, 0x26, 0); // CDB names page 0x03, the list 0x02
    // parameter list errors, each with the field pointer
    assertPointer(logSelect(0, 0x40, hex("11000008" + "0000600400000001")).expect(5, 0x26, 0), false, 0, 5);
    assertPointer(logSelect(0, 0x40, hex("42000008" + "0006600400000001")).expect(5, 0x26, 0), false, 0, 5); // SPF
    assertPointer(logSelect(0, 0x40, hex("02010008" + "0006600400000001")).expect(5, 0x26, 0), false, 1, -1);
    assertPointer(logSelect(0, 0x40, hex("02000008" + "0007600400000001")).expect(5, 0x26, 0), false, 4, -1); // unknown code
    assertPointer(logSelect(0, 0x40, hex("02000009" + "000660050000000001")).expect(5, 0x26, 0), false, 7, -1); // length
    assertPointer(logSelect(0, 0x40, hex("02000010" + "0006600400000001" + "0005600400000001")).expect(5, 0x26, 0),
        false, 12, -1); // out of order
    assertPointer(logSelect(0, 0x40, hex("02000006" + "000660040000")).expect(5, 0x26, 0), false, 2, -1); // page cuts it
    assertPointer(logSelect(0, 0x40, hex("02000002" + "0006")).expect(5, 0x26, 0), false, 2, -1);
    logSelect(0, 0x40, hex("0200000c" + "0006600400000001")).expect(5, 0x1A, 0); // list cuts the page
    logSelect(0, 0x40, hex("020000")).expect(5, 0x1A, 0);
    // a bad second page leaves the good first one unapplied
    logSelect(0, 0x40, hex("02000008" + "0006600400000005" + "03000008" + "0009600400000001")).expect(5, 0x26, 0);
    assertArrayEquals(before, logPage(0x02));
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static void assertPointer(Reply r, boolean cdb, int field, int bit) {
    byte[] sense = r.result().sense();
    int expected = 0x80 | (cdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0);
    assertArrayEquals(new byte[] {(byte) expected, (byte) (field >>> 8), (byte) field}, Arrays.copyOfRange(sense, 15, 18));
  }

  @Test
  void volumeStatisticsPerPartition() throws Exception {
    // two partitions: 40 MB and the rest, by MODE SELECT page 0x11 and FORMAT MEDIUM
    byte[] reply = s.in(255, 0x1A, 0x08, 0x11, 0, 255, 0).expectGood().data();
    byte[] page = Arrays.copyOfRange(reply, 4, reply.length);
    page[0] &= 0x3F;
    page[3] = 1;
    page[4] = 0x20 | (2 << 3); // IDP, PSUM MB
    page[8] = 0;
    page[9] = 40;
    page[10] = (byte) 0xFF;
    page[11] = (byte) 0xFF;
    byte[] data = new byte[4 + page.length];
    System.arraycopy(page, 0, data, 4, page.length);
    s.out(data, 0x15, 0x10, 0, 0, data.length, 0).expectGood();
    s.none(0x04, 0, 1, 0, 0, 0).expectGood();
    s.write(new byte[3_000_000]).expectGood(); // partition 0: 3 MB
    s.none(0x92, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood(); // LOCATE to partition 1
    s.write(new byte[5_000_000]).expectGood();
    s.write(new byte[1_000_000]).expectGood();
    byte[] stats = logPage(0x17);
    long second = CAPACITY - 40_000_000;
    assertArrayEquals(records(40, second / 1_000_000), paramBytes(stats, 0x0202));
    assertArrayEquals(records(3, 6), paramBytes(stats, 0x0203));
    assertArrayEquals(records(37, (second - 6_000_000) / 1_000_000), paramBytes(stats, 0x0204));
    assertEquals(CAPACITY / 1_000_000, param(stats, 0x0016), "total capacity over both partitions");
    assertEquals(9, param(stats, 0x0017));
    assertEquals(3, param(stats, 0x0002), "data sets written on both partitions");
    int at = indexOf(stats, 0x0202);
    assertEquals(0x03, stats[at + 2], "binary list parameter");
    // tape-scsi's client reads the same records
    try (ScsiTapeDrive client = ScsiTapeDrive.open(drive, ScsiTapeDrive.OpenOptions.CHECK_ONLY)) {
      VolumeStatisticsPage page17 = client.volumeStatistics();
      assertEquals(List.of(new PartitionRecord(0, 3), new PartitionRecord(1, 6)),
          page17.partitions(VolumeStatistic.USED_NATIVE_CAPACITY_PARTITIONS));
      assertEquals(List.of(new PartitionRecord(0, 37), new PartitionRecord(1, (second - 6_000_000) / 1_000_000)),
          page17.partitions(VolumeStatistic.REMAINING_NATIVE_CAPACITY_PARTITIONS));
      assertEquals(CAPACITY / 1_000_000, page17.value(VolumeStatistic.TOTAL_NATIVE_CAPACITY).orElseThrow());
    }
  }

  /** Two partition records (length 7, reserved, partition number, value). */
  static byte[] records(long p0, long p1) {
    return ByteBuffer.allocate(16).put((byte) 7).put((byte) 0).putShort((short) 0).putInt((int) p0)
        .put((byte) 7).put((byte) 0).putShort((short) 1).putInt((int) p1).array();
  }
}
