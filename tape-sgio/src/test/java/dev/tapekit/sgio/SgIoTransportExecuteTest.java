package dev.tapekit.sgio;

import static dev.tapekit.sgio.internal.SgIoHeader.CMDP;
import static dev.tapekit.sgio.internal.SgIoHeader.CMD_LEN;
import static dev.tapekit.sgio.internal.SgIoHeader.DRIVER_STATUS;
import static dev.tapekit.sgio.internal.SgIoHeader.DXFERP;
import static dev.tapekit.sgio.internal.SgIoHeader.DXFER_DIRECTION;
import static dev.tapekit.sgio.internal.SgIoHeader.DXFER_LEN;
import static dev.tapekit.sgio.internal.SgIoHeader.HOST_STATUS;
import static dev.tapekit.sgio.internal.SgIoHeader.INTERFACE_ID;
import static dev.tapekit.sgio.internal.SgIoHeader.MX_SB_LEN;
import static dev.tapekit.sgio.internal.SgIoHeader.PACK_ID;
import static dev.tapekit.sgio.internal.SgIoHeader.RESID;
import static dev.tapekit.sgio.internal.SgIoHeader.SBP;
import static dev.tapekit.sgio.internal.SgIoHeader.SB_LEN_WR;
import static dev.tapekit.sgio.internal.SgIoHeader.STATUS;
import static dev.tapekit.sgio.internal.SgIoHeader.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.SgChannel;
import dev.tapekit.sgio.internal.SgIoClassifier;
import dev.tapekit.sgio.internal.SgIoHeader;
import dev.tapekit.scsi.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The execute path end to end with a scripted stand-in for the kernel: what the transport writes into
 * the sg_io_hdr, how it moves data through aligned and bounce buffers, and how it reads the reply.
 */
class SgIoTransportExecuteTest {
  private static final byte[] TEST_UNIT_READY = new byte[6];
  private static final byte[] INQUIRY_36 = Hex.bytes("12 00 00 00 24 00");
  private static final byte[] READ6_VARIABLE_4096 = Hex.bytes("08 00 00 10 00 00");
  private static final byte[] WRITE6_VARIABLE_8 = Hex.bytes("0a 00 00 00 08 00");
  /** Fixed sense, NO SENSE with ILI, INFORMATION 3096 (0x0c18): a 1000-byte block read with 4096 asked. */
  private static final byte[] ILI_SENSE = Hex.bytes("f0 00 20 00 00 0c 18 0a 00 00 00 00 00 00 00 00 00 00");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static int pageSize;

  @BeforeAll
  static void jnaLoads() {
    assumeTrue(SgIo.isAvailable(), () -> "SG_IO unavailable here: " + SgIo.unavailabilityCause());
    pageSize = SgIo.current().pageSize();
  }

  /**
   * Records what the transport asked for and answers as scripted, like the sg driver's v3 asynchronous
   * interface: {@code submit} queues a copy of the request, {@code collect} completes the oldest one.
   */
  static final class ScriptedKernel implements SgChannel {
    int submits;
    int collects;
    int interfaceId;
    int direction;
    int cmdLen;
    int mxSbLen;
    int dxferLen;
    long timeout;
    long dxferp;
    int packId;
    byte[] cdb;
    byte[] dataOut;
    /** Requests submitted and not yet collected. */
    final Deque<byte[]> queued = new ArrayDeque<>();

    Integer submitErrno;
    Integer collectErrno;
    /** How many times collect fails with EINTR before it answers (a signal while waiting). */
    int interruptions;
    /** Added to the pack_id of the reply: non-zero answers another request than the one queued. */
    int packIdSkew;
    byte[] dataIn = new byte[0];
    int status;
    int host;
    int driver;
    int resid;
    byte[] sense = new byte[0];
    int senseLengthReported = -1;
    int prepares;
    int reopens;
    /** When set, collect fails with this errno once, without completing the queued request. */
    Integer collectErrnoOnce;
    /** Bytes of dataIn the device really sends (the rest of the buffer is left as it is); -1: all. */
    int sent = -1;

    @Override
    public long submit(int fd, Pointer hdr, long size) {
      submits++;
      interfaceId = hdr.getInt(INTERFACE_ID);
      direction = hdr.getInt(DXFER_DIRECTION);
      cmdLen = hdr.getByte(CMD_LEN) & 0xFF;
      mxSbLen = hdr.getByte(MX_SB_LEN) & 0xFF;
      dxferLen = hdr.getInt(DXFER_LEN);
      timeout = Integer.toUnsignedLong(hdr.getInt(TIMEOUT));
      packId = hdr.getInt(PACK_ID);
      cdb = hdr.getPointer(CMDP).getByteArray(0, cmdLen);
      dxferp = Pointer.nativeValue(hdr.getPointer(DXFERP));
      if (direction == SgIoHeader.SG_DXFER_TO_DEV) {
        dataOut = hdr.getPointer(DXFERP).getByteArray(0, dxferLen);
      }
      if (submitErrno != null) {
        throw new LastErrorException(submitErrno);
      }
      queued.add(hdr.getByteArray(0, (int) size));
      return size;
    }

    @Override
    public long collect(int fd, Pointer hdr, long size) {
      collects++;
      if (interruptions > 0) {
        interruptions--;
        throw new LastErrorException(SgIoClassifier.EINTR);
      }
      if (collectErrno != null) {
        throw new LastErrorException(collectErrno);
      }
      if (collectErrnoOnce != null) {
        int errno = collectErrnoOnce;
        collectErrnoOnce = null;
        throw new LastErrorException(errno);
      }
      // As with SG_SET_FORCE_PACK_ID: the reply to the request whose pack_id the header names.
      int wanted = hdr.getInt(PACK_ID);
      byte[] request = queued.stream().filter(q -> packIdOf(q) == wanted).findFirst()
          .orElseThrow(() -> new LastErrorException(SgIoClassifier.EAGAIN));
      queued.remove(request);
      hdr.write(0, request, 0, request.length);
      Pointer data = hdr.getPointer(DXFERP);
      if (hdr.getInt(DXFER_DIRECTION) == SgIoHeader.SG_DXFER_FROM_DEV) {
        int n = Math.min(sent >= 0 ? sent : dataIn.length, Math.min(dataIn.length, hdr.getInt(DXFER_LEN)));
        data.write(0, dataIn, 0, n);
      }
      int written = Math.min(sense.length, mxSbLen);
      hdr.getPointer(SBP).write(0, sense, 0, written);
      hdr.setByte(SB_LEN_WR, (byte) (senseLengthReported >= 0 ? senseLengthReported : written));
      hdr.setByte(STATUS, (byte) status);
      hdr.setShort(HOST_STATUS, (short) host);
      hdr.setShort(DRIVER_STATUS, (short) driver);
      hdr.setInt(RESID, resid);
      hdr.setInt(PACK_ID, hdr.getInt(PACK_ID) + packIdSkew);
      return size;
    }

    private static int packIdOf(byte[] header) {
      return ByteBuffer.wrap(header).order(java.nio.ByteOrder.nativeOrder()).getInt(PACK_ID);
    }

    @Override
    public void prepare(int fd) {
      prepares++;
    }

    @Override
    public int reopen(int fd, String node, int flags) {
      reopens++;
      queued.clear(); // closing the descriptor drops what was queued on it
      return fd - 1; // another descriptor, and still none the transport could close for real
    }
  }

  private static SgIoTransport transport(SgChannel kernel) {
    return new SgIoTransport("/dev/tape/by-id/scsi-TEST-sg", Path.of("/dev/sg0"), -1, 30536, 1 << 20, pageSize, kernel);
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed + i * 7);
    }
    return b;
  }

  @Test
  void noDataCommandFillsTheHeaderAndReturnsGood() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    try (SgIoTransport t = transport(kernel)) {
      ScsiResult r = t.execute(TEST_UNIT_READY, DataDirection.NONE, null, Duration.ofMillis(1500));
      assertTrue(r.isGood());
      assertEquals(0, r.requested());
      assertFalse(r.duration().isNegative());
    }
    assertEquals(1, kernel.submits);
    assertEquals(1, kernel.collects);
    assertTrue(kernel.queued.isEmpty());
    assertEquals('S', kernel.interfaceId);
    assertEquals(SgIoHeader.SG_DXFER_NONE, kernel.direction);
    assertEquals(6, kernel.cmdLen);
    assertEquals(96, kernel.mxSbLen);
    assertEquals(0, kernel.dxferLen);
    assertEquals(0, kernel.dxferp);
    assertEquals(1500, kernel.timeout);
    assertArrayEquals(TEST_UNIT_READY, kernel.cdb);
  }

  @Test
  void dataInLandsAtThePositionOfAHeapBufferWithoutMovingIt() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.dataIn = pattern(36, 1);
    ByteBuffer buf = ByteBuffer.allocate(50);
    buf.position(3).limit(39);
    try (SgIoTransport t = transport(kernel)) {
      ScsiResult r = t.execute(INQUIRY_36, DataDirection.FROM_DEVICE, buf, MINUTE);
      assertEquals(36, r.transferred());
    }
    assertEquals(SgIoHeader.SG_DXFER_FROM_DEV, kernel.direction);
    assertEquals(36, kernel.dxferLen);
    assertEquals(0, kernel.dxferp % pageSize, "bounce buffer is page-aligned");
    assertEquals(3, buf.position());
    assertEquals(39, buf.limit());
    assertArrayEquals(kernel.dataIn, Arrays.copyOfRange(buf.array(), 3, 39));
    assertEquals(0, buf.array()[2]);
    assertEquals(0, buf.array()[39]);
  }

  @Test
  void checkConditionIsAResultWithSenseResidueAndOnlyTheTransferredBytesCopied() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.dataIn = pattern(1000, 5);
    kernel.status = 0x02;
    kernel.driver = SgIoClassifier.DRIVER_SENSE;
    kernel.resid = 3096;
    kernel.sense = ILI_SENSE;
    ByteBuffer buf = ByteBuffer.allocate(4096);
    Arrays.fill(buf.array(), (byte) 0x5A);
    ScsiResult r;
    try (SgIoTransport t = transport(kernel)) {
      r = t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, buf, MINUTE);
    }
    assertEquals(ScsiStatus.CHECK_CONDITION, r.scsiStatus());
    assertEquals(4096, r.requested());
    assertEquals(1000, r.transferred());
    assertArrayEquals(ILI_SENSE, r.sense());
    assertEquals(SenseKey.NO_SENSE, r.senseData().orElseThrow().key());
    assertTrue(r.senseData().orElseThrow().ili());
    assertEquals(3096, r.senseData().orElseThrow().information().orElseThrow());
    assertArrayEquals(kernel.dataIn, Arrays.copyOf(buf.array(), 1000));
    assertEquals(0x5A, buf.get(1000), "bytes past the transfer are untouched");
  }

  @Test
  void senseLengthIsClampedToTheBuffer() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.status = 0x02;
    kernel.sense = pattern(120, 0x70);
    kernel.senseLengthReported = 200;
    try (SgIoTransport t = transport(kernel)) {
      ScsiResult r = t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE);
      assertArrayEquals(Arrays.copyOf(kernel.sense, 96), r.sense());
    }
  }

  @Test
  void dataOutSendsTheRegionOfAHeapBuffer() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    ByteBuffer buf = ByteBuffer.wrap(pattern(20, 9)).position(4).limit(12).asReadOnlyBuffer();
    try (SgIoTransport t = transport(kernel)) {
      assertEquals(8, t.execute(WRITE6_VARIABLE_8, DataDirection.TO_DEVICE, buf, MINUTE).transferred());
    }
    assertEquals(SgIoHeader.SG_DXFER_TO_DEV, kernel.direction);
    assertArrayEquals(Arrays.copyOfRange(pattern(20, 9), 4, 12), kernel.dataOut);
    assertEquals(4, buf.position());
  }

  @Test
  void aPageAlignedDirectBufferIsHandedToTheKernelAsIs() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.dataIn = pattern(pageSize, 3);
    ByteBuffer direct = ByteBuffer.allocateDirect(3 * pageSize);
    long base = Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    int aligned = (int) ((pageSize - base % pageSize) % pageSize);
    direct.position(aligned).limit(aligned + pageSize);
    try (SgIoTransport t = transport(kernel)) {
      t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, direct, MINUTE);
      assertEquals(base + aligned, kernel.dxferp, "zero copy");
      byte[] got = new byte[pageSize];
      direct.get(aligned, got);
      assertArrayEquals(kernel.dataIn, got);

      direct.position(aligned + 1);
      t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, direct, MINUTE);
      assertNotEquals(base + aligned + 1, kernel.dxferp, "misaligned: bounced");
      assertEquals(0, kernel.dxferp % pageSize);
    }
  }

  @Test
  void theBounceBufferGrowsAndStaysAligned() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    try (SgIoTransport t = transport(kernel)) {
      for (int size : new int[] {1, pageSize - 1, pageSize, pageSize + 1, 5 * pageSize + 3, 17}) {
        byte[] payload = pattern(size, size);
        t.execute(WRITE6_VARIABLE_8, DataDirection.TO_DEVICE, ByteBuffer.wrap(payload), MINUTE);
        assertEquals(0, kernel.dxferp % pageSize, "size " + size);
        assertArrayEquals(payload, kernel.dataOut, "size " + size);
      }
    }
  }

  @Test
  void anEmptyDataRegionIsSentAsNoDataPhase() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    try (SgIoTransport t = transport(kernel)) {
      t.execute(INQUIRY_36, DataDirection.FROM_DEVICE, ByteBuffer.allocate(0), MINUTE);
    }
    assertEquals(SgIoHeader.SG_DXFER_NONE, kernel.direction);
    assertEquals(0, kernel.dxferp);
  }

  @Test
  void hostTimeoutThrowsTimeoutNamingTheCommand() {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.host = SgIoClassifier.DID_TIME_OUT;
    try (SgIoTransport t = transport(kernel)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, ByteBuffer.allocate(4096), MINUTE));
      assertEquals(Kind.TIMEOUT, e.kind());
      assertEquals("/dev/tape/by-id/scsi-TEST-sg", e.device());
      assertTrue(e.getMessage().contains("CDB 08 00 00 10 00 00"), e.getMessage());
      assertTrue(e.getMessage().contains("DID_TIME_OUT"), e.getMessage());
      assertTrue(e.getMessage().contains("60000 ms"), e.getMessage());
    }
  }

  @Test
  void errnoFromTheWriteIsTypedAndMeansNotSent() {
    assertEquals(Kind.NO_DEVICE, sgIoErrno(SgIoClassifier.ENODEV, 0).kind());
    assertEquals(Kind.BUSY, sgIoErrno(SgIoClassifier.EBUSY, 0).kind());
    ScsiTransportException perm = sgIoErrno(SgIoClassifier.EPERM, 0);
    assertEquals(Kind.PERMISSION_DENIED, perm.kind());
    assertTrue(perm.getMessage().contains("CAP_SYS_RAWIO"), perm.getMessage());
    ScsiTransportException big = sgIoErrno(SgIoClassifier.EINVAL, 4096);
    assertEquals(Kind.OS_ERROR, big.kind());
    assertTrue(big.getMessage().contains("EINVAL"), big.getMessage());
    assertTrue(big.getMessage().contains("transfer of 4096 bytes; the host adapter accepts at most 1048576"),
        big.getMessage());
    assertTrue(big.getMessage().contains("CDB 08 00 00 10 00 00 on /dev/sg0 (sg write) failed: EINVAL"), big.getMessage());
    assertTrue(big.getMessage().endsWith("; not sent"), big.getMessage());
  }

  private static ScsiTransportException sgIoErrno(int errno, int length) {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.submitErrno = errno;
    try (SgIoTransport t = transport(kernel)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class, () -> t.execute(READ6_VARIABLE_4096,
          length == 0 ? DataDirection.NONE : DataDirection.FROM_DEVICE, ByteBuffer.allocate(length), MINUTE));
      assertEquals(0, kernel.collects, "nothing was queued, so nothing is waited for");
      return e;
    }
  }

  @Test
  void aSignalWhileWaitingWaitsAgainAndNeverSendsTheCommandTwice() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.interruptions = 3;
    kernel.dataIn = pattern(512, 11);
    ByteBuffer buf = ByteBuffer.allocate(512);
    try (SgIoTransport t = transport(kernel)) {
      assertEquals(512, t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, buf, MINUTE).transferred());
    }
    assertEquals(1, kernel.submits, "a READ sent twice would skip a block");
    assertEquals(4, kernel.collects);
    assertTrue(kernel.queued.isEmpty());
    assertArrayEquals(kernel.dataIn, buf.array());
  }

  @Test
  void errnoFromTheReadIsATransportErrorOfACommandThatWasSent() {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.collectErrno = SgIoClassifier.EIO;
    try (SgIoTransport t = transport(kernel)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(WRITE6_VARIABLE_8, DataDirection.TO_DEVICE, ByteBuffer.allocate(8), MINUTE));
      assertEquals(Kind.HOST_ERROR, e.kind());
      assertTrue(e.getMessage().contains("CDB 0a 00 00 00 08 00 on /dev/sg0 (sg read) failed: EIO"), e.getMessage());
      assertTrue(e.getMessage().contains("the command was sent; its outcome is unknown"), e.getMessage());
    }
    assertEquals(1, kernel.submits);
  }

  @Test
  void everyRequestCarriesANewPackId() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    try (SgIoTransport t = transport(kernel)) {
      t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE);
      int first = kernel.packId;
      t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE);
      assertTrue(first > 0, "pack_id -1 would mean any request");
      assertEquals(first + 1, kernel.packId);
    }
  }

  @Test
  void aReplyToAnotherRequestIsRefused() {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.packIdSkew = 7;
    try (SgIoTransport t = transport(kernel)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE));
      assertEquals(Kind.OS_ERROR, e.kind());
      assertTrue(e.getMessage().contains("returned the reply to request " + (kernel.packId + 7)
          + " while this transport waited for " + kernel.packId), e.getMessage());
    }
  }

  @Test
  void realCallsOnANonSgDescriptorAreNotScsi() {
    // /dev/null swallows the header and reads back end of file: 0 bytes where a reply should be.
    int fd = LibC.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);
    SgIoTransport t = new SgIoTransport("/dev/null", Path.of("/dev/null"), fd, 30536, -1, pageSize, SgChannel.NATIVE);
    try {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(WRITE6_VARIABLE_8, DataDirection.TO_DEVICE, ByteBuffer.allocate(8), MINUTE));
      assertEquals(Kind.NOT_SCSI, e.kind());
      assertTrue(e.getMessage().contains("read of the 88-byte sg_io_hdr moved 0 bytes"), e.getMessage());
    } finally {
      t.close();
    }
  }

  @Test
  void closeIsIdempotentAndLaterCommandsAreUnavailable() {
    ScriptedKernel kernel = new ScriptedKernel();
    SgIoTransport t = transport(kernel);
    t.close();
    t.close();
    ScsiTransportException e = assertThrows(ScsiTransportException.class,
        () -> t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertEquals(0, kernel.submits);
  }

  @Test
  void invalidArgumentsAreRejectedBeforeTheKernel() {
    ScriptedKernel kernel = new ScriptedKernel();
    try (SgIoTransport t = transport(kernel)) {
      assertThrows(IllegalArgumentException.class, () -> t.execute(new byte[0], DataDirection.NONE, null, MINUTE));
      assertThrows(IllegalArgumentException.class, () -> t.execute(new byte[253], DataDirection.NONE, null, MINUTE));
      assertThrows(IllegalArgumentException.class, () -> t.execute(INQUIRY_36, DataDirection.FROM_DEVICE, null, MINUTE));
      assertThrows(IllegalArgumentException.class, () -> t.execute(INQUIRY_36, DataDirection.FROM_DEVICE,
          ByteBuffer.allocate(36).asReadOnlyBuffer(), MINUTE));
      assertThrows(IllegalArgumentException.class,
          () -> t.execute(TEST_UNIT_READY, DataDirection.NONE, null, Duration.ZERO));
    }
    assertEquals(0, kernel.submits);
  }

  @Test
  void aReplyThatCannotBeCollectedNeverReachesALaterCommand() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.dataIn = pattern(4096, 1);
    kernel.collectErrnoOnce = SgIoClassifier.EIO;
    try (SgIoTransport t = transport(kernel)) {
      ScsiTransportException e = assertThrows(ScsiTransportException.class,
          () -> t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, ByteBuffer.allocate(4096), MINUTE));
      assertTrue(e.getMessage().contains("outcome is unknown"), e.getMessage());
      long abandonedBuffer = kernel.dxferp;
      assertEquals(1, kernel.reopens, "the descriptor holding the uncollected request is replaced");
      assertTrue(kernel.queued.isEmpty(), "the uncollected request went with the old descriptor");
      ByteBuffer next = ByteBuffer.allocate(4096);
      kernel.dataIn = pattern(4096, 2);
      assertEquals(4096, t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, next, MINUTE).transferred());
      assertArrayEquals(pattern(4096, 2), next.array(), "the next command gets its own reply");
      assertNotEquals(abandonedBuffer, kernel.dxferp, "the buffer the kernel may still write is never reused");
    }
  }

  @Test
  void aShortTransferReportedWithoutResidueLeavesZerosNotAnEarlierCommandsBytes() throws Exception {
    ScriptedKernel kernel = new ScriptedKernel();
    kernel.dataIn = pattern(4096, 3);
    try (SgIoTransport t = transport(kernel)) {
      t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, ByteBuffer.allocate(4096), MINUTE);
      kernel.sent = 100; // the device sends 100 bytes, the host reports residue 0
      ByteBuffer second = ByteBuffer.allocate(4096);
      t.execute(READ6_VARIABLE_4096, DataDirection.FROM_DEVICE, second, MINUTE);
      assertArrayEquals(Arrays.copyOf(pattern(4096, 3), 100), Arrays.copyOf(second.array(), 100));
      assertArrayEquals(new byte[3996], Arrays.copyOfRange(second.array(), 100, 4096),
          "bytes the device did not send are zero, not the first command's");
    }
  }

  @Test
  void commandsOnOneTransportNeverOverlap() throws Exception {
    CountDownLatch firstInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    SgChannel kernel = new SgChannel() {
      @Override
      public long submit(int fd, Pointer hdr, long size) {
        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        return size;
      }

      @Override
      public void prepare(int fd) {}

      @Override
      public int reopen(int fd, String node, int flags) {
        throw new AssertionError("no reply is lost here");
      }

      @Override
      public long collect(int fd, Pointer hdr, long size) {
        firstInside.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inside.decrementAndGet();
        return size;
      }
    };
    try (SgIoTransport t = transport(kernel)) {
      Thread first = new Thread(() -> runQuietly(t));
      first.start();
      firstInside.await();
      Thread second = new Thread(() -> runQuietly(t));
      second.start();
      while (second.getState() != Thread.State.BLOCKED) {
        assertTrue(second.isAlive(), "second command finished while the first was still inside the kernel");
        Thread.onSpinWait();
      }
      release.countDown();
      first.join();
      second.join();
    }
    assertEquals(1, maxInside.get());
  }

  private static void runQuietly(SgIoTransport t) {
    try {
      assertNull(t.execute(TEST_UNIT_READY, DataDirection.NONE, null, MINUTE).senseData().orElse(null));
    } catch (ScsiTransportException e) {
      throw new AssertionError(e);
    }
  }
}
