package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.sgio.SgIoTransport;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Data and status through SgIoTransport on the tgt tape library (iSCSI target on the host, QEMU's
 * initiator, the guest's sg driver): a write/read round trip of real data on drive 0 (the guest
 * script loaded tape TK0002L8 there with mtx), ILI on a short block, and NOT READY from the empty
 * drive 1. tgt has no READ POSITION (it answers BPU) and QEMU reports a residue of 0, so positions
 * and residues are checked on scsi_debug instead ({@link SgIoScsiDebugTapeKernelTest}).
 */
@Tag("kernel")
class SgIoTgtLibraryKernelTest {
  private static final int BLOCK = 256 * 1024;
  private static final int BLOCKS = 8;
  private final KernelDevices devices = KernelDevices.get();

  @Test
  void roundTripOfRealDataThroughHeapAndAlignedDirectBuffers() throws Exception {
    Random random = new Random(0x76A1L);
    byte[][] blocks = new byte[BLOCKS][BLOCK];
    try (SgIoTransport t = SgIoTransport.open(devices.sg("drive0"))) {
      KernelScsi scsi = new KernelScsi(t);
      scsi.awaitReady();
      scsi.good(Cdbs.rewind());
      for (byte[] block : blocks) {
        random.nextBytes(block);
        scsi.writeGood(Cdbs.write6(BLOCK), block);
      }
      scsi.good(Cdbs.writeFilemarks(1));
      scsi.good(Cdbs.rewind());
      for (int i = 0; i < BLOCKS; i++) {
        // Even blocks through a heap buffer (bounce copy), odd ones through a page-aligned direct buffer.
        ByteBuffer buffer = i % 2 == 0 ? ByteBuffer.allocate(BLOCK) : ByteBuffer.allocateDirect(BLOCK + 8192).alignedSlice(4096);
        buffer.limit(BLOCK);
        ScsiResult r = scsi.in(Cdbs.read6(BLOCK, false), buffer);
        KernelScsi.assertGood(r, Cdbs.read6(BLOCK, false));
        byte[] back = new byte[BLOCK];
        buffer.get(0, back);
        assertArrayEquals(blocks[i], back, "block " + i);
      }
      ScsiResult end = scsi.in(Cdbs.read6(BLOCK, false), ByteBuffer.allocate(BLOCK));
      SenseData s = KernelScsi.assertSense(end, SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED, Cdbs.read6(BLOCK, false));
      assertTrue(s.filemark(), "FILEMARK bit after the last block");
      scsi.good(Cdbs.rewind());
    }
  }

  @Test
  void shortBlockReportsIliAndInformation() throws Exception {
    byte[] block = new byte[1000];
    new Random(0x1001L).nextBytes(block);
    try (SgIoTransport t = SgIoTransport.open(devices.sg("drive0"))) {
      KernelScsi scsi = new KernelScsi(t);
      scsi.awaitReady();
      scsi.good(Cdbs.rewind());
      scsi.writeGood(Cdbs.write6(block.length), block);
      scsi.good(Cdbs.writeFilemarks(1));
      scsi.good(Cdbs.rewind());
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      ScsiResult r = scsi.in(Cdbs.read6(4096, false), buffer);
      SenseData s = KernelScsi.assertSense(r, SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION,
          Cdbs.read6(4096, false));
      assertTrue(s.ili(), "ILI");
      assertEquals(4096 - block.length, s.information().orElseThrow(), "INFORMATION = requested - actual");
      assertArrayEquals(block, Arrays.copyOf(buffer.array(), block.length));
      scsi.good(Cdbs.rewind());
    }
  }

  @Test
  void emptyDriveIsNotReadyMediumNotPresent() throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg("drive1"))) {
      KernelScsi.assertSense(new KernelScsi(t).none(Cdbs.testUnitReady()), SenseKey.NOT_READY,
          AdditionalSense.MEDIUM_NOT_PRESENT, Cdbs.testUnitReady());
    }
  }

  @Test
  void changerIsReady() throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg("changer"))) {
      new KernelScsi(t).good(Cdbs.testUnitReady());
    }
  }
}
