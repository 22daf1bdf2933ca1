package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.sgio.SgIoTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SSC behaviour of the kernel's scsi_debug tape (ptype=1, kernel >= 6.15) through SgIoTransport:
 * positions, filemarks, SPACE, LOCATE, end of data, ILI with residue, unit attention after LOAD, and
 * LOG SENSE against sg_logs. scsi_debug keeps only the first 4 bytes of each block, so data checks
 * look at those bytes only.
 *
 * <p>Each test starts from the same tape: 3 variable blocks of {@value #BLOCK} bytes (logical
 * objects 0-2), two filemarks (3 and 4), end of data at 5, rewound.
 */
@Tag("kernel")
class SgIoScsiDebugTapeKernelTest {
  private static final int BLOCK = 1000;
  private static final int END_OF_DATA = 5;
  private final KernelDevices devices = KernelDevices.get();
  private final List<byte[]> written = new ArrayList<>();
  private SgIoTransport transport;
  private KernelScsi scsi;

  @BeforeEach
  void writeLayout() throws Exception {
    transport = SgIoTransport.open(devices.sg("sd"));
    scsi = new KernelScsi(transport);
    scsi.awaitReady();
    scsi.good(Cdbs.rewind());
    Random random = new Random(0x5CD1L);
    for (int i = 0; i < 3; i++) {
      byte[] block = new byte[BLOCK];
      random.nextBytes(block);
      scsi.writeGood(Cdbs.write6(BLOCK), block);
      written.add(block);
    }
    scsi.good(Cdbs.writeFilemarks(2));
    assertEquals(END_OF_DATA, position());
    scsi.good(Cdbs.rewind());
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void readBlockLimitsMatchesSgRaw() throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(6);
    ScsiResult r = scsi.in(Cdbs.readBlockLimits(), buffer);
    KernelScsi.assertGood(r, Cdbs.readBlockLimits());
    assertEquals(6, r.transferred());
    assertArrayEquals(devices.refBytes("sd.read-block-limits.bin"), buffer.array());
    long max = Bytes.u24(buffer.array(), 1, "maximum block length");
    int min = Bytes.u16(buffer.array(), 4, "minimum block length");
    assertTrue(min <= BLOCK && BLOCK <= max, "block limits " + min + ".." + max + " allow " + BLOCK);
  }

  /** scsi_debug quirk: its short-form READ POSITION never sets BOP/EOP, so only the locations are checked. */
  @Test
  void readPositionAfterRewindIsBlockZeroOfPartitionZero() throws Exception {
    byte[] p = readPosition();
    assertFalse((p[0] & 0x04) != 0, "position known (BPU clear)");
    assertEquals(0, p[1], "partition number");
    assertEquals(0, Bytes.getU32(p, 4), "first block location");
    assertEquals(0, Bytes.getU32(p, 8), "last block location");
  }

  @Test
  void spaceOverFilemarksForwardAndBackward() throws Exception {
    scsi.good(Cdbs.space(1, 1));
    assertEquals(4, position(), "after SPACE 1 filemark: past the first filemark");
    scsi.good(Cdbs.space(1, -1));
    assertEquals(3, position(), "after SPACE -1 filemark: before the first filemark");
    scsi.good(Cdbs.space(0, -2));
    assertEquals(1, position(), "after SPACE -2 blocks");
  }

  @Test
  void locateThenReadTheBlockThere() throws Exception {
    scsi.good(Cdbs.locate10(2));
    assertEquals(2, position());
    ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
    ScsiResult r = scsi.in(Cdbs.read6(BLOCK, false), buffer);
    KernelScsi.assertGood(r, Cdbs.read6(BLOCK, false));
    assertEquals(BLOCK, r.transferred());
    assertStoredPrefix(2, buffer.array());
    assertEquals(3, position());
  }

  @Test
  void readingIntoAFilemarkReportsItAndMovesPastIt() throws Exception {
    scsi.good(Cdbs.locate10(2));
    scsi.readGood(Cdbs.read6(BLOCK, false), BLOCK);
    ScsiResult r = scsi.in(Cdbs.read6(BLOCK, false), ByteBuffer.allocate(BLOCK));
    SenseData s = KernelScsi.assertSense(r, SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED, Cdbs.read6(BLOCK, false));
    assertTrue(s.filemark(), "FILEMARK bit");
    assertEquals(BLOCK, s.information().orElseThrow(), "information = requested length, nothing read");
    assertEquals(0, r.transferred());
    assertEquals(4, position());
  }

  @Test
  void spaceToEndOfDataThenReadIsBlankCheck() throws Exception {
    scsi.good(Cdbs.space(3, 0));
    assertEquals(END_OF_DATA, position());
    ScsiResult r = scsi.in(Cdbs.read6(BLOCK, false), ByteBuffer.allocate(BLOCK));
    KernelScsi.assertSense(r, SenseKey.BLANK_CHECK, AdditionalSense.END_OF_DATA_DETECTED, Cdbs.read6(BLOCK, false));
    assertEquals(0, r.transferred());
  }

  /** A 4096-byte READ of a 1000-byte block: ILI, INFORMATION 3096 and the same residue from sg. */
  @Test
  void shortBlockReportsIliInformationAndResidue() throws Exception {
    int asked = 4096;
    ByteBuffer buffer = ByteBuffer.allocate(asked);
    ScsiResult r = scsi.in(Cdbs.read6(asked, false), buffer);
    SenseData s = KernelScsi.assertSense(r, SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION,
        Cdbs.read6(asked, false));
    assertTrue(s.ili(), "ILI");
    assertEquals(asked - BLOCK, s.information().orElseThrow(), "INFORMATION = requested - actual");
    assertEquals(asked - BLOCK, r.residue(), "sg residue");
    assertEquals(BLOCK, r.transferred());
    assertStoredPrefix(0, buffer.array());
  }

  @Test
  void shortBlockWithSiliIsGoodWithResidue() throws Exception {
    int asked = 4096;
    ByteBuffer buffer = ByteBuffer.allocateDirect(asked + 8192).alignedSlice(4096);
    buffer.limit(asked);
    ScsiResult r = scsi.in(Cdbs.read6(asked, true), buffer);
    KernelScsi.assertGood(r, Cdbs.read6(asked, true));
    assertEquals(asked - BLOCK, r.residue());
    byte[] data = new byte[BLOCK];
    buffer.get(0, data);
    assertStoredPrefix(0, data);
  }

  @Test
  void unloadThenLoadRaisesUnitAttention() throws Exception {
    scsi.good(Cdbs.loadUnload(false));
    ScsiResult unloaded = scsi.none(Cdbs.testUnitReady());
    assertEquals(SenseKey.NOT_READY, unloaded.senseData().orElseThrow().key(), () -> "TUR after UNLOAD: " + unloaded);
    scsi.good(Cdbs.loadUnload(true));
    ScsiResult loaded = scsi.none(Cdbs.testUnitReady());
    KernelScsi.assertSense(loaded, SenseKey.UNIT_ATTENTION,
        AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED, Cdbs.testUnitReady());
    scsi.good(Cdbs.testUnitReady());
    assertEquals(0, position(), "LOAD positions at the beginning of the partition");
  }

  /** LOG SENSE page 0 (supported pages, cumulative values) equals sg_logs --raw, and lists what sg_logs printed. */
  @Test
  void supportedLogPagesMatchSgLogs() throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    ScsiResult r = scsi.in(Cdbs.logSense(1, 0, 1024), buffer);
    KernelScsi.assertGood(r, Cdbs.logSense(1, 0, 1024));
    byte[] data = buffer.array();
    int length = Bytes.u16(data, 2, "log page length") + 4;
    assertEquals(length, r.transferred());
    assertArrayEquals(devices.refBytes("sd.logs0.bin"), Arrays.copyOf(data, length));
    String text = devices.refText("sd.logs0.txt");
    for (int i = 4; i < length; i++) {
      String code = String.format("0x%02x", data[i] & 0xFF);
      assertTrue(text.contains("    " + code + " "), "sg_logs lists page " + code);
    }
  }

  private void assertStoredPrefix(int block, byte[] data) {
    assertArrayEquals(Arrays.copyOf(written.get(block), 4), Arrays.copyOf(data, 4), "first 4 bytes of block " + block);
  }

  private byte[] readPosition() throws Exception {
    return scsi.readGood(Cdbs.readPositionShort(), 20);
  }

  private long position() throws Exception {
    return scsi.position();
  }
}
