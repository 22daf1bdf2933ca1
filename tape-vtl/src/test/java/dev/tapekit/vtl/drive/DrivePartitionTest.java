package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeCorruptException;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions through raw CDBs: MODE SENSE/SELECT page 0x11, FORMAT MEDIUM, LOCATE with CP, READ
 * POSITION's partition fields, per-partition end of data and capacity, and the partition files.
 */
class DrivePartitionTest {
  private static final long CAPACITY = 64L << 20;
  private static final int IDP = 0x20;
  private static final int SDP = 0x40;
  private static final int FDP = 0x80;
  private static final int PSUM_MB = 2 << 3;

  @TempDir Path dir;
  VirtualTapeDrive drive;
  CartridgeFile file;
  Cdbs s;

  @AfterEach
  void close() throws Exception {
    if (file != null) {
      file.close();
    }
  }

  /** A drive of LTO generation {@code generation} with a fresh cartridge of the same generation. */
  Cdbs load(int generation) throws Exception {
    drive = new VirtualTapeDrive("vtl:part:0", DrivePersonality.ibmLto(generation), "PART0001", new byte[8], new FaultPlan());
    String barcode = "P00001L" + generation;
    file = CartridgeFile.create(dir.resolve(barcode + ".tkc"), CartridgeInfo.fresh(Barcode.parse(barcode), CAPACITY, "20260101"));
    drive.insert(file);
    s = new Cdbs(drive);
    s.clearUnitAttentions();
    return s;
  }

  /** MODE SENSE(6) of page 0x11 without block descriptors: the page alone. */
  byte[] partitionPage() throws Exception {
    byte[] reply = s.in(255, 0x1A, 0x08, 0x11, 0, 255, 0).expectGood().data();
    assertEquals(0, reply[3], "no block descriptor");
    return Arrays.copyOfRange(reply, 4, reply.length);
  }

  /** MODE SELECT(6) of {@code page} behind an empty header. */
  Reply select(byte[] page) throws Exception {
    byte[] data = new byte[4 + page.length];
    System.arraycopy(page, 0, data, 4, page.length);
    data[4] &= 0x3F; // PS is reserved in MODE SELECT
    return s.out(data, 0x15, 0x10, 0, 0, data.length, 0);
  }

  /** Page 0x11 asking for {@code additional} more partitions with {@code flags}, sizes in MB (0xFFFF: the rest). */
  byte[] plan(int additional, int flags, int... sizesMb) throws Exception {
    byte[] page = partitionPage();
    page[3] = (byte) additional;
    page[4] = (byte) (flags | PSUM_MB);
    for (int k = 0; k < sizesMb.length; k++) {
      page[8 + 2 * k] = (byte) (sizesMb[k] >>> 8);
      page[9 + 2 * k] = (byte) sizesMb[k];
    }
    return page;
  }

  Reply formatMedium(int format) throws Exception {
    return s.none(0x04, 0, format, 0, 0, 0);
  }

  /** LOCATE(16) with CP to logical object {@code object} of {@code partition}. */
  Reply locate(int partition, long object) throws Exception {
    return s.none(0x92, 0x02, 0, partition, (int) (object >>> 56), (int) (object >>> 48), (int) (object >>> 40),
        (int) (object >>> 32), (int) (object >>> 24), (int) (object >>> 16), (int) (object >>> 8), (int) object, 0, 0, 0, 0);
  }

  /** {partition, logical object, file} from READ POSITION long form. */
  long[] where() throws Exception {
    ByteBuffer b = ByteBuffer.wrap(s.in(32, 0x34, 0x06, 0, 0, 0, 0, 0, 0, 0, 0).expectGood().data());
    return new long[] {b.getInt(4) & 0xFFFF_FFFFL, b.getLong(8), b.getLong(16)};
  }

  /** MAM 0001h MAXIMUM CAPACITY IN PARTITION of {@code partition}, in MiB. */
  long maximumCapacityMiB(int partition) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(s.in(64, 0x8C, 0, 0, 0, 0, 0, 0, partition, 0, 0, 0, 0, 0, 64, 0, 0).expectGood().data());
    // header(4), 0000h remaining (5 + 8), then 0001h: id(2) format(1) length(2) value(8)
    assertEquals(0x0001, b.getShort(4 + 13));
    return b.getLong(4 + 13 + 5);
  }

  static byte[] block(int n, int tag) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) tag);
    return b;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  @Test
  void maximumAdditionalPartitionsFollowTheGeneration() throws Exception {
    for (int[] g : new int[][] {{4, 0}, {5, 1}, {6, 1}, {7, 3}, {8, 3}, {9, 3}}) {
      close();
      load(g[0]);
      byte[] page = partitionPage();
      assertEquals(0x11, page[0]);
      assertEquals(6 + 2 * (g[1] + 1), page[1], "LTO-" + g[0] + " page length");
      assertEquals(g[1], page[2], "LTO-" + g[0] + " maximum additional partitions");
      assertEquals(0, page[3], "a fresh cartridge has one partition");
      assertEquals(0x03, page[5], "medium format recognition");
      assertEquals(CAPACITY / 1_000_000, u16(page, 8), "partition 0 in MB");
      byte[] mask = Arrays.copyOfRange(s.in(255, 0x1A, 0x08, 0x51, 0, 255, 0).expectGood().data(), 4, 4 + page.length);
      assertEquals(0xFF, mask[3] & 0xFF, "additional partitions defined is changeable");
      if (g[1] == 0) {
        select(plan(1, IDP, 0xFFFF)).expect(5, 0x26, 0); // LTO-4: no partitions
      }
    }
  }

  @Test
  void twoInitiatorDefinedPartitionsAreIndependent() throws Exception {
    load(6);
    select(plan(1, IDP, 16, 0xFFFF)).expectGood();
    byte[] pending = partitionPage();
    assertEquals(1, pending[3], "MODE SENSE shows the selected plan before FORMAT MEDIUM");
    assertEquals(1, file.partitionCount(), "nothing happens before FORMAT MEDIUM");
    formatMedium(1).expectGood();
    assertEquals(2, file.partitionCount());
    assertEquals(16_000_000, file.partition(0).info().capacity());
    assertEquals(CAPACITY - 16_000_000, file.partition(1).info().capacity());
    assertEquals(CAPACITY, file.totalCapacity());
    byte[] page = partitionPage();
    assertEquals(1, page[3]);
    assertEquals(IDP, page[4] & 0xE0);
    assertEquals(16, u16(page, 8));
    assertEquals((CAPACITY - 16_000_000) / 1_000_000, u16(page, 10));
    assertTrue(Files.exists(dir.resolve("P00001L6.p1.tkc")));

    s.write(block(100, 1)).expectGood();
    s.write(block(100, 2)).expectGood();
    locate(1, 0).expectGood();
    assertArrayEquals(new long[] {1, 0, 0}, where());
    for (int k = 0; k < 3; k++) {
      s.write(block(200, 10 + k)).expectGood();
    }
    s.writeFilemarks(1).expectGood();
    assertArrayEquals(new long[] {1, 4, 1}, where());
    byte[] shortForm = s.in(20, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectGood().data();
    assertEquals(1, shortForm[1], "short form PARTITION NUMBER");
    assertEquals(4, ByteBuffer.wrap(shortForm).getInt(4));
    byte[] extended = s.in(32, 0x34, 0x08, 0, 0, 0, 0, 0, 0, 32, 0).expectGood().data();
    assertEquals(1, extended[1], "extended form PARTITION NUMBER");
    // LOCATE(10) with CP back to partition 0, block 1.
    s.none(0x2B, 0x02, 0, 0, 0, 0, 1, 0, 0, 0).expectGood();
    assertArrayEquals(new long[] {0, 1, 0}, where());
    assertArrayEquals(block(100, 2), s.read(100, false).expectGood().data());
    s.read(100, false).expect(8, 0, 5); // end of data of partition 0, not of the tape
    // LOCATE without CP stays in the current partition.
    locate(1, 2).expectGood();
    s.none(0x92, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0).expectGood();
    assertArrayEquals(block(200, 11), s.read(200, false).expectGood().data());
    // SPACE to end of data works per partition.
    s.space(3, 0).expectGood();
    assertArrayEquals(new long[] {1, 4, 1}, where());
    // Rewriting partition 0 from its BOP leaves partition 1 alone.
    s.rewind().expectGood();
    assertArrayEquals(new long[] {0, 0, 0}, where());
    s.write(block(50, 3)).expectGood();
    s.space(3, 0).expectGood();
    assertArrayEquals(new long[] {0, 1, 0}, where());
    locate(1, 0).expectGood();
    assertArrayEquals(block(200, 10), s.read(200, false).expectGood().data());
    // MAM capacity attributes per partition (READ ATTRIBUTE byte 7), from attribute 0000h on.
    assertEquals(16_000_000 >> 20, maximumCapacityMiB(0));
    assertEquals((CAPACITY - 16_000_000) >> 20, maximumCapacityMiB(1));
    s.in(64, 0x8C, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 64, 0, 0).expect(5, 0x24, 0);
    // Partitions that do not exist.
    locate(2, 0).expect(5, 0x24, 0);
    s.none(0x2B, 0x02, 0, 0, 0, 0, 0, 0, 3, 0).expect(5, 0x24, 0);
    // FORMAT MEDIUM only at BOP of partition 0.
    locate(1, 0).expectGood();
    formatMedium(1).expect(5, 0x3B, 0x0C);
  }

  @Test
  void eachPartitionHasItsOwnEarlyWarningAndEnd() throws Exception {
    load(8);
    select(plan(1, IDP, 2, 0xFFFF)).expectGood();
    formatMedium(2).expectGood();
    byte[] b = block(64 << 10, 7);
    int written = 0;
    int warned = -1;
    while (true) {
      Reply r = s.write(b);
      if (r.key() == 0x0D) {
        r.expect(0x0D, 0, 2);
        break;
      }
      if (r.good()) {
        assertEquals(-1, warned, "GOOD after early warning");
      } else {
        r.expect(0, 0, 2);
        warned = warned < 0 ? written : warned;
      }
      written++;
      assertTrue(written < 64, "no overflow in a 2 MB partition");
    }
    // 2,000,000 bytes with early warning 125,000 before the end: 29 blocks fit before it, 30 in all.
    assertEquals(28, warned);
    assertEquals(30, written);
    locate(1, 0).expectGood();
    s.write(b).expectGood(); // partition 1 is far from its end
    assertArrayEquals(new long[] {1, 1, 0}, where());
  }

  @Test
  void selectDataPartitionsSplitsEvenlyAndFormatZeroJoinsThemAgain() throws Exception {
    load(8);
    select(plan(3, SDP)).expectGood();
    formatMedium(1).expectGood();
    assertEquals(4, file.partitionCount());
    for (int p = 0; p < 4; p++) {
      assertEquals(CAPACITY / 4, file.partition(p).info().capacity(), "partition " + p);
    }
    locate(3, 0).expectGood();
    s.write(block(10, 3)).expectGood();
    locate(0, 0).expectGood();
    formatMedium(0).expectGood();
    assertEquals(1, file.partitionCount());
    assertEquals(CAPACITY, file.info().capacity());
    assertEquals(0, partitionPage()[3]);
    assertFalse(Files.exists(dir.resolve("P00001L8.p3.tkc")));
    locate(1, 0).expect(5, 0x24, 0);
    // FDP: the drive's choice, also even parts.
    select(plan(1, FDP)).expectGood();
    formatMedium(1).expectGood();
    assertEquals(2, file.partitionCount());
  }

  @Test
  void badPartitionPlansAreRefusedWithFieldPointers() throws Exception {
    load(6);
    SenseData.FieldPointer pointer = (SenseData.FieldPointer) select(plan(2, IDP, 16, 0xFFFF)).expect(5, 0x26, 0)
        .result().senseData().orElseThrow().senseKeySpecific().orElseThrow();
    assertEquals(4 + 3, pointer.byteOffset(), "more partitions than LTO-6 has: the parameter byte is named");
    select(plan(1, IDP | SDP, 16, 0xFFFF)).expect(5, 0x26, 0);
    select(plan(1, 0)).expect(5, 0x26, 0); // additional partitions without a way to size them
    select(plan(1, IDP, 0, 0xFFFF)).expect(5, 0x26, 0); // an empty partition
    select(plan(1, IDP, 0xFFFF, 0xFFFF)).expect(5, 0x26, 0); // two partitions taking the rest
    select(plan(1, IDP, 60, 60)).expect(5, 0x26, 2); // more than the cartridge holds
    byte[] shortPage = Arrays.copyOf(plan(0, 0), 8 + 2);
    shortPage[1] = 8;
    select(shortPage).expectGood(); // fewer size fields than MODE SENSE shows
    assertEquals(1, file.partitionCount());
  }

  @Test
  void partitionFilesSurviveAReopenAndAMissingOneIsDetected() throws Exception {
    load(7);
    select(plan(2, IDP, 8, 8, 0xFFFF)).expectGood();
    formatMedium(1).expectGood();
    locate(2, 0).expectGood();
    s.write(block(300, 9)).expectGood();
    s.writeFilemarks(1).expectGood();
    drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    file.close();
    file = CartridgeFile.open(dir.resolve("P00001L7.tkc"));
    assertEquals(3, file.partitionCount());
    assertEquals(8_000_000, file.partition(1).info().capacity());
    assertEquals(2, file.partition(2).objectCount());
    drive.insert(file);
    s.clearUnitAttentions();
    locate(2, 0).expectGood();
    assertArrayEquals(block(300, 9), s.read(300, false).expectGood().data());
    drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    file.close();
    file = null;
    Files.delete(dir.resolve("P00001L7.p1.tkc"));
    CartridgeCorruptException e = assertThrows(CartridgeCorruptException.class,
        () -> CartridgeFile.open(dir.resolve("P00001L7.tkc")));
    assertTrue(e.getMessage().contains("P00001L7.p1.tkc"), e.getMessage());
  }

  @Test
  void versionOneFilesStillOpenAsOnePartition() throws Exception {
    Path p = dir.resolve("V00001L8.tkc");
    CartridgeFile.create(p, CartridgeInfo.fresh(Barcode.parse("V00001L8"), CAPACITY, "20260101")).close();
    // Rewrite both header slots as version 1 wrote them: version 1, byte 140 reserved (zero).
    try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (int slot = 0; slot < 2; slot++) {
        ByteBuffer h = ByteBuffer.allocate(4096);
        ch.read(h, slot * 4096L);
        h.putShort(8, (short) 1);
        var crc = new java.util.zip.CRC32C();
        crc.update(h.array(), 0, 4092);
        h.putInt(4092, (int) crc.getValue());
        h.clear();
        ch.write(h, slot * 4096L);
      }
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(1, f.partitionCount());
      assertEquals(CAPACITY, f.totalCapacity());
    }
  }
}
