package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.sgio.SgIoTransports;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.SgChannel;
import dev.tapekit.sgio.internal.SgIoClassifier;
import dev.tapekit.sgio.internal.SgIoHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A request whose reply is never collected, on the real sg driver with the scsi_debug tape. The
 * transport's wait for a reply fails once before it reaches the kernel (as a failing or abandoned
 * {@code read(2)} would): the request stays queued in the driver with its reply. The next command
 * must get its own reply — without the fix the driver handed it the orphaned READ's — and the
 * driver must select replies by pack_id once {@code SG_SET_FORCE_PACK_ID} is set.
 */
@Tag("kernel")
class SgIoLostReplyKernelTest {
  private static final int BLOCK = 512;

  private final KernelDevices devices = KernelDevices.get();

  /** The C library, except that the next wait for a reply fails before it reaches the kernel. */
  static final class FailingWait implements SgChannel {
    boolean failNextCollect;
    int reopens;

    @Override
    public long submit(int fd, Pointer header, long size) {
      return NATIVE.submit(fd, header, size);
    }

    @Override
    public long collect(int fd, Pointer header, long size) {
      if (failNextCollect) {
        failNextCollect = false;
        throw new LastErrorException(SgIoClassifier.EIO);
      }
      return NATIVE.collect(fd, header, size);
    }

    @Override
    public void prepare(int fd) {
      NATIVE.prepare(fd);
    }

    @Override
    public int reopen(int fd, String node, int flags) {
      reopens++;
      return NATIVE.reopen(fd, node, flags);
    }
  }

  @Test
  void aReplyLeftInTheDriverIsNeverHandedToTheNextCommand() throws Exception {
    FailingWait channel = new FailingWait();
    try (SgIoTransport t = SgIoTransports.open(devices.sg("sd"), channel)) {
      KernelScsi scsi = new KernelScsi(t);
      scsi.awaitReady();
      scsi.good(Cdbs.rewind());
      scsi.writeGood(Cdbs.write6(BLOCK), block(1));
      scsi.writeGood(Cdbs.write6(BLOCK), block(2));
      scsi.good(Cdbs.writeFilemarks(1));
      scsi.good(Cdbs.rewind());

      channel.failNextCollect = true;
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> scsi.in(Cdbs.read6(BLOCK, false), ByteBuffer.allocate(BLOCK)));
      assertTrue(e.getMessage().contains("outcome is unknown"), e.getMessage());
      assertEquals(1, channel.reopens, "the descriptor with the uncollected READ was replaced");

      // READ POSITION gets its own reply (the orphaned READ may or may not have moved the tape).
      long position = scsi.position();
      assertTrue(position == 0 || position == 1, "position " + position);
      byte[] next = scsi.readGood(Cdbs.read6(BLOCK, false), BLOCK);
      // scsi_debug keeps the first 4 bytes of each block.
      assertArrayEquals(Arrays.copyOf(block((int) position + 1), 4), Arrays.copyOf(next, 4),
          "the block read is the one at the reported position");
    }
  }

  /** The driver's side of the fix: with SG_SET_FORCE_PACK_ID, read(2) returns the reply it names. */
  @Test
  void forcePackIdSelectsTheReplyNamedByTheHeader() throws Exception {
    int fd = LibC.open(devices.sg("sd"), LibC.O_RDWR | LibC.O_CLOEXEC);
    SgIoHeader first = new SgIoHeader();
    SgIoHeader second = new SgIoHeader();
    try (Memory cdb1 = new Memory(6); Memory cdb2 = new Memory(6); Memory sense = new Memory(96);
        Memory data = new Memory(36)) {
      SgChannel.NATIVE.prepare(fd);
      cdb1.write(0, Cdbs.testUnitReady(), 0, 6);
      cdb2.write(0, Cdbs.inquiry(36), 0, 6);
      first.prepare(SgIoHeader.SG_DXFER_NONE, cdb1, 6, sense, 96, null, 0, 60_000, 101);
      second.prepare(SgIoHeader.SG_DXFER_FROM_DEV, cdb2, 6, sense, 96, data, 36, 60_000, 102);
      SgChannel.NATIVE.submit(fd, first.pointer(), SgIoHeader.SIZE);
      SgChannel.NATIVE.submit(fd, second.pointer(), SgIoHeader.SIZE);
      // Ask for the second request's reply first: the first one's is older and would come without the flag.
      SgChannel.NATIVE.collect(fd, second.pointer(), SgIoHeader.SIZE);
      assertEquals(102, second.packId());
      assertEquals(0, second.status());
      assertEquals("Linux", new String(data.getByteArray(8, 8), java.nio.charset.StandardCharsets.US_ASCII).strip());
      SgChannel.NATIVE.collect(fd, first.pointer(), SgIoHeader.SIZE);
      assertEquals(101, first.packId());
    } finally {
      first.free();
      second.free();
      LibC.close(fd);
    }
  }

  private static byte[] block(int n) {
    byte[] b = new byte[BLOCK];
    Arrays.fill(b, (byte) (0x40 + n));
    return b;
  }
}
