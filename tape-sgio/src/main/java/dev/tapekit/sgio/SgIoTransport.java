package dev.tapekit.sgio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.internal.AccessHint;
import dev.tapekit.sgio.internal.LibC;
import dev.tapekit.sgio.internal.PageAlignedBuffer;
import dev.tapekit.sgio.internal.SgChannel;
import dev.tapekit.sgio.internal.SgIoClassifier;
import dev.tapekit.sgio.internal.SgIoClassifier.Stage;
import dev.tapekit.sgio.internal.SgIoHeader;
import dev.tapekit.sgio.internal.SgIoReply;
import dev.tapekit.sgio.internal.SgNodeResolver;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ScsiTransport} over the Linux SCSI generic driver: each command is one {@code write(2)} of
 * an {@code sg_io_hdr} to a {@code /dev/sgN} node, which queues it, and one {@code read(2)} on the same
 * descriptor, which waits for it to complete and returns status, residue and sense (the sg v3
 * asynchronous interface).
 *
 * <p>Why not {@code ioctl(fd, SG_IO, &hdr)}: when a signal interrupts a thread blocked in that ioctl,
 * the sg driver orphans the running command and returns {@code -ERESTARTSYS}; the JVM installs its
 * signal handlers with {@code SA_RESTART}, so the kernel restarts the ioctl, which submits the same
 * command a second time. A WRITE would land twice on tape, a READ would skip a block, a SPACE would go
 * too far. With write and read, a restarted (or {@code EINTR}-interrupted, then repeated) {@code read}
 * only waits again for the request already queued. Each request carries a {@code pack_id} the reply
 * must echo; only one request is ever outstanding per transport.
 *
 * <p>Opening a drive or library:
 *
 * <pre>{@code
 * try (SgIoTransport drive = SgIoTransport.open("/dev/tape/by-id/scsi-HU1234567-nst")) {
 *   ScsiResult r = drive.execute(new byte[6], DataDirection.NONE, null, Duration.ofSeconds(60)); // TEST UNIT READY
 * }
 * }</pre>
 *
 * <p>{@link #open} accepts an sg node ({@code /dev/sg3}), a tape node ({@code /dev/nst0}, {@code
 * /dev/st0}, mode variants), a changer node ({@code /dev/sch0}) or a link to one of them ({@code
 * /dev/tape/by-id/...}, the names to prefer because they survive reboots). Tape and changer nodes are
 * mapped through sysfs to their sg node and never opened themselves, so opening {@code /dev/st0} here
 * does not rewind the tape. The sg node is opened read-write; that needs root or membership of the
 * group owning the node (typically {@code tape}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A command that reached the device returns a {@link ScsiResult}, including CHECK CONDITION with
 *       its sense bytes (up to 96).
 *   <li>Everything else is a {@link ScsiTransportException}; its {@link Kind} says what to do: {@code
 *       NO_DEVICE} (path or device gone), {@code PERMISSION_DENIED} (the message names the group to
 *       join), {@code BUSY} (opened exclusively elsewhere), {@code NOT_SCSI} (not an sg, st or ch
 *       node), {@code TIMEOUT} (the command exceeded its timeout and was aborted), {@code HOST_ERROR}
 *       (the adapter or driver failed it; the message names the {@code DID_}/{@code DRIVER_} code),
 *       {@code UNAVAILABLE} (not Linux, JNA cannot load, or this transport is closed), {@code
 *       OS_ERROR} (another errno).
 *   <li>Thread-safe: {@link #execute} is synchronized, one command at a time per device, and blocks
 *       for as long as the device takes (up to the timeout); {@link #close} waits for a running
 *       command. Use one platform thread per drive (a blocking native call pins a virtual thread's
 *       carrier).
 *   <li>Data: a direct, page-aligned caller buffer is handed to the kernel as is; any other buffer is
 *       copied through a reusable page-aligned native buffer that grows to the largest transfer seen.
 *       The sg driver copies between that memory and its own buffer (indirect I/O: the flags are 0).
 *       A data-in region is zeroed first, so bytes the device did not send read as zero.
 *   <li>Replies are selected by pack_id ({@code SG_SET_FORCE_PACK_ID}). When a queued request's reply
 *       cannot be collected, the descriptor is replaced (dropping the request) and the buffers the
 *       kernel was given are kept until {@link #close}; see {@code tape-sgio/docs/sgio.md}.
 * </ul>
 */
public final class SgIoTransport implements ScsiTransport {
  private static final Logger LOG = LoggerFactory.getLogger(SgIoTransport.class);

  /** The kernel's sense buffer size ({@code SCSI_SENSE_BUFFERSIZE}). */
  static final int SENSE_CAPACITY = 96;
  /** The largest CDB the sg driver accepts ({@code SG_MAX_CDB_SIZE}). */
  static final int MAX_CDB_LENGTH = 252;

  /** Options for {@link #open(String, Set)}. */
  public enum Option {
    /**
     * Open with {@code O_EXCL}: fail with {@code BUSY} while another process has the sg node open, and
     * keep others out while this transport is open.
     */
    EXCLUSIVE
  }

  private final String deviceName;
  private final Path sgNode;
  /** " on /dev/sgN" for messages when the user named another path, else empty. */
  private final String onNode;
  /** The sg descriptor: replaced when a request's reply could not be collected (see {@link #abandon}). */
  private int fd;
  /** The {@code open(2)} flags, to open the node again. */
  private final int openFlags;
  private final int sgVersion;
  private final int maxTransfer;
  private final int pageSize;
  private final SgChannel channel;
  private final SgIoHeader header = new SgIoHeader();
  private final Memory cdbMemory = new Memory(MAX_CDB_LENGTH);
  private Memory senseMemory = new Memory(SENSE_CAPACITY);
  private PageAlignedBuffer dataBuffer;
  /**
   * Buffers of requests whose reply was never collected, kept until {@link #close}: the kernel was
   * given their addresses, so they are never freed or reused while this transport is open.
   */
  private final List<Object> abandoned = new ArrayList<>();
  /** Why the transport can no longer send commands (the node could not be opened again), if so. */
  private ScsiTransportException broken;
  private boolean closed;
  /** The {@code pack_id} of the last request, 1 to {@link Integer#MAX_VALUE} (-1 would mean "any"). */
  private int packId;

  SgIoTransport(String deviceName, Path sgNode, int fd, int sgVersion, int maxTransfer, int pageSize,
      SgChannel channel) {
    this(deviceName, sgNode, fd, LibC.O_RDWR | LibC.O_CLOEXEC, sgVersion, maxTransfer, pageSize, channel);
  }

  SgIoTransport(String deviceName, Path sgNode, int fd, int openFlags, int sgVersion, int maxTransfer,
      int pageSize, SgChannel channel) {
    this.deviceName = deviceName;
    this.sgNode = sgNode;
    this.onNode = sgNode.toString().equals(deviceName) ? "" : " on " + sgNode;
    this.fd = fd;
    this.openFlags = openFlags;
    this.sgVersion = sgVersion;
    this.maxTransfer = maxTransfer;
    this.pageSize = pageSize;
    this.channel = channel;
    this.dataBuffer = new PageAlignedBuffer(pageSize);
  }

  /**
   * Opens the sg node behind {@code path} read-write.
   *
   * @param path an sg, tape or changer node, or a link to one
   * @return an open transport; close it when done
   * @throws ScsiTransportException see the class description for the kinds
   */
  public static SgIoTransport open(String path) throws ScsiTransportException {
    return open(path, Set.of());
  }

  /**
   * Opens the sg node behind {@code path} read-write, with options.
   *
   * @param path an sg, tape or changer node, or a link to one
   * @param options e.g. {@link Option#EXCLUSIVE}
   * @return an open transport; close it when done
   * @throws ScsiTransportException see the class description for the kinds
   */
  public static SgIoTransport open(String path, Set<Option> options) throws ScsiTransportException {
    return open(path, options, new SgNodeResolver(), SgIo.current());
  }

  static SgIoTransport open(String path, Set<Option> options, SgNodeResolver resolver, SgIo.Availability availability)
      throws ScsiTransportException {
    return open(path, options, resolver, availability, SgChannel.NATIVE);
  }

  /** {@link #open(String, Set)} with the parts a test replaces. */
  static SgIoTransport open(String path, Set<Option> options, SgNodeResolver resolver, SgIo.Availability availability,
      SgChannel channel) throws ScsiTransportException {
    Objects.requireNonNull(path, "path");
    EnumSet<Option> opts = options.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(options);
    if (!availability.available()) {
      throw new ScsiTransportException(path, Kind.UNAVAILABLE,
          "SG_IO transport unavailable: " + availability.cause().getMessage(), availability.cause());
    }
    Path node = resolver.resolve(path);
    OptionalLong rdev = SgNodeResolver.characterDevice(node);
    if (rdev.isEmpty()) {
      throw new ScsiTransportException(path, Kind.NOT_SCSI, node + " is not a character device");
    }
    int major = SgNodeResolver.major(rdev.getAsLong());
    if (major != SgNodeResolver.SG_MAJOR) {
      throw new ScsiTransportException(path, Kind.NOT_SCSI, node + " is character device " + major + ":"
          + SgNodeResolver.minor(rdev.getAsLong()) + ", not a SCSI generic node (major 21)");
    }
    // O_NONBLOCK only for the open itself (it does not wait for an exclusive holder); prepare() clears it.
    int flags = LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC | (opts.contains(Option.EXCLUSIVE) ? LibC.O_EXCL : 0);
    int fd;
    try {
      fd = LibC.open(node.toString(), flags);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      String hint = SgIoClassifier.errnoKind(errno, Stage.OPEN) == Kind.PERMISSION_DENIED
          ? AccessHint.forOpen(node, System.getProperty("user.name"))
          : errno == SgIoClassifier.EBUSY ? "another process has it open exclusively" : null;
      throw SgIoClassifier.osError(path, errno, Stage.OPEN, "open of " + node, hint);
    }
    try {
      int version = sgVersion(path, node, fd);
      channel.prepare(fd);
      int max = maxTransfer(fd);
      LOG.debug("opened {} ({}): sg driver {}, max transfer {} bytes", path, node, version, max);
      return new SgIoTransport(path, node, fd, flags, version, max, availability.pageSize(), channel);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw SgIoClassifier.osError(path, e.getErrorCode(), Stage.PROBE,
          "fcntl or SG_SET_FORCE_PACK_ID on " + node, null);
    } catch (ScsiTransportException | RuntimeException e) {
      closeQuietly(fd);
      throw e;
    }
  }

  /**
   * Asks an open node for its sg driver version and checks it speaks the v3 interface.
   *
   * @throws ScsiTransportException {@code NOT_SCSI} when the node answers ENOTTY/EINVAL (not sg) or is
   *     too old
   */
  static int sgVersion(String device, Path node, int fd) throws ScsiTransportException {
    int version;
    try {
      version = intIoctl(fd, SgIoHeader.SG_GET_VERSION_NUM);
    } catch (LastErrorException e) {
      throw SgIoClassifier.osError(device, e.getErrorCode(), Stage.PROBE,
          "SG_GET_VERSION_NUM on " + node, "the node is not a SCSI generic (sg) device");
    }
    if (version < SgIoHeader.MIN_SG_VERSION) {
      throw new ScsiTransportException(device, Kind.NOT_SCSI,
          node + ": sg driver version " + version + " is older than 3.0 (30000) and has no SG_IO");
    }
    return version;
  }

  /** The host's per-command transfer limit in bytes, or -1 when the kernel does not say. */
  private static int maxTransfer(int fd) {
    try {
      return intIoctl(fd, SgIoHeader.BLKSECTGET);
    } catch (LastErrorException e) {
      LOG.debug("BLKSECTGET failed: errno {}", e.getErrorCode());
      return -1;
    }
  }

  private static int intIoctl(int fd, long request) {
    try (Memory value = new Memory(Integer.BYTES)) {
      value.setInt(0, -1);
      LibC.ioctl(fd, request, value);
      return value.getInt(0);
    }
  }

  private static void closeQuietly(int fd) {
    try {
      LibC.close(fd);
    } catch (LastErrorException e) {
      LOG.debug("close of fd {} failed: errno {}", fd, e.getErrorCode());
    }
  }

  /** The path given to {@link #open}. */
  @Override
  public String deviceName() {
    return deviceName;
  }

  /** The sg node this transport talks to, e.g. {@code /dev/sg3}; equals {@link #deviceName()} when given directly. */
  public Path sgNode() {
    return sgNode;
  }

  /** The sg driver version, e.g. 30536 for 3.5.36. */
  public int sgDriverVersion() {
    return sgVersion;
  }

  /**
   * The largest data transfer of one command the host adapter accepts, in bytes, as the kernel reports
   * it ({@code BLKSECTGET}); empty when it did not say. Larger transfers fail with {@code OS_ERROR}.
   */
  public OptionalInt maxTransferLength() {
    return maxTransfer > 0 ? OptionalInt.of(maxTransfer) : OptionalInt.empty();
  }

  @Override
  public synchronized ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    Objects.requireNonNull(cdb, "cdb");
    Objects.requireNonNull(direction, "direction");
    if (cdb.length == 0 || cdb.length > MAX_CDB_LENGTH) {
      throw new IllegalArgumentException("CDB length " + cdb.length + " outside 1.." + MAX_CDB_LENGTH);
    }
    int timeoutMillis = timeoutMillis(timeout);
    int length = dataLength(direction, data);
    if (closed) {
      throw new ScsiTransportException(deviceName, Kind.UNAVAILABLE,
          SgIoClassifier.describe(cdb) + ": transport is closed");
    }
    if (broken != null) {
      throw new ScsiTransportException(deviceName, Kind.UNAVAILABLE, SgIoClassifier.describe(cdb) + onNode
          + ": not sent: " + broken.getMessage() + "; close this transport and open the device again", broken);
    }
    Pointer dataPointer = length == 0 ? null : alignedDirectPointer(data);
    Memory bounce = null;
    if (length > 0 && dataPointer == null) {
      bounce = dataBuffer.ensure(length);
      dataPointer = bounce;
      if (direction == DataDirection.TO_DEVICE) {
        bounce.getByteBuffer(0, length).put(0, data, data.position(), length);
      }
    }
    if (direction == DataDirection.FROM_DEVICE && length > 0) {
      // Whatever the device does not send stays zero: a host that reports residue 0 for a short
      // transfer must not hand the caller stale bytes of an earlier command from the reused buffer.
      dataPointer.setMemory(0, length, (byte) 0);
    }
    cdbMemory.write(0, cdb, 0, cdb.length);
    packId = packId == Integer.MAX_VALUE ? 1 : packId + 1;
    header.prepare(length == 0 ? SgIoHeader.SG_DXFER_NONE : sgDirection(direction), cdbMemory, cdb.length,
        senseMemory, SENSE_CAPACITY, dataPointer, length, timeoutMillis, packId);
    long start = System.nanoTime();
    boolean queued = false;
    try {
      submit(cdb, length);
      queued = true;
      collect(cdb);
    } catch (ScsiTransportException e) {
      if (queued) {
        abandon(cdb, bounce == null ? data : null, e);
      }
      throw e;
    } finally {
      // The kernel may be writing into a caller's direct buffer: it must not be collected (and its
      // memory freed) before the reply is read, even though no Java code reads it afterwards.
      Reference.reachabilityFence(data);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int senseLength = Math.min(header.senseLengthWritten(), SENSE_CAPACITY);
    SgIoReply reply = new SgIoReply(header.status(), header.hostStatus(), header.driverStatus(), length,
        header.resid(), senseMemory.getByteArray(0, senseLength), took);
    ScsiResult result = SgIoClassifier.classify(deviceName, cdb, onNode, timeoutMillis, reply);
    if (bounce != null && direction == DataDirection.FROM_DEVICE && result.transferred() > 0) {
      data.put(data.position(), bounce.getByteBuffer(0, result.transferred()), 0, result.transferred());
    }
    return result;
  }

  /**
   * After a request was queued and its reply could not be collected: the request may still run, and
   * the kernel holds the addresses of its data and sense buffers. Those buffers (and a caller's
   * direct buffer) are kept, never freed or reused, until {@link #close}; the descriptor is closed
   * and the node opened again, which drops the request, so its reply can never be handed to a later
   * command. If the node cannot be opened again the transport refuses further commands.
   */
  private void abandon(byte[] cdb, ByteBuffer callerBuffer, ScsiTransportException failure) {
    abandoned.add(dataBuffer);
    abandoned.add(senseMemory);
    if (callerBuffer != null) {
      abandoned.add(callerBuffer);
    }
    dataBuffer = new PageAlignedBuffer(pageSize);
    senseMemory = new Memory(SENSE_CAPACITY);
    LOG.warn("{}: the reply to {} could not be collected; reopening {} so it cannot reach a later command",
        deviceName, SgIoClassifier.describe(cdb), sgNode);
    try {
      fd = channel.reopen(fd, sgNode.toString(), openFlags);
    } catch (LastErrorException e) {
      fd = -1;
      broken = SgIoClassifier.osError(deviceName, e.getErrorCode(), Stage.OPEN, "reopening " + sgNode
          + " after an uncollected reply", null);
      failure.addSuppressed(broken);
    }
  }

  /** Queues the prepared request; an errno here means the device never saw the command. */
  private void submit(byte[] cdb, int length) throws ScsiTransportException {
    long written;
    try {
      written = channel.submit(fd, header.pointer(), SgIoHeader.SIZE);
    } catch (LastErrorException e) {
      String hint = commandHint(e.getErrorCode(), length);
      throw SgIoClassifier.osError(deviceName, e.getErrorCode(), Stage.COMMAND,
          SgIoClassifier.describe(cdb) + onNode + " (sg write)", (hint == null ? "" : hint + "; ") + "not sent");
    }
    requireWholeHeader(cdb, "write", written);
  }

  /**
   * Waits for the reply to the request just queued. {@code EINTR} (a signal handler without {@code
   * SA_RESTART}) only repeats the wait: the request stays queued in the driver and is never sent again.
   */
  private void collect(byte[] cdb) throws ScsiTransportException {
    int expected = packId;
    long read;
    while (true) {
      try {
        read = channel.collect(fd, header.pointer(), SgIoHeader.SIZE);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != SgIoClassifier.EINTR) {
          throw SgIoClassifier.osError(deviceName, e.getErrorCode(), Stage.COMMAND,
              SgIoClassifier.describe(cdb) + onNode + " (sg read)",
              "the command was sent; its outcome is unknown");
        }
      }
    }
    requireWholeHeader(cdb, "read", read);
    if (header.packId() != expected) {
      throw new ScsiTransportException(deviceName, Kind.OS_ERROR, SgIoClassifier.describe(cdb) + onNode
          + ": the sg driver returned the reply to request " + header.packId() + " while this transport waited for "
          + expected + " (is the descriptor shared with another process?); the outcome of this command is unknown");
    }
  }

  /** A v3 sg node moves whole headers; anything else (e.g. 0 bytes) is not the sg driver answering. */
  private void requireWholeHeader(byte[] cdb, String call, long bytes) throws ScsiTransportException {
    if (bytes != SgIoHeader.SIZE) {
      throw new ScsiTransportException(deviceName, Kind.NOT_SCSI, SgIoClassifier.describe(cdb) + onNode + ": " + call
          + " of the " + SgIoHeader.SIZE + "-byte sg_io_hdr moved " + bytes + " bytes; not an sg v3 node");
    }
  }

  private String commandHint(int errno, int length) {
    if (errno == SgIoClassifier.EPERM || errno == SgIoClassifier.EACCES) {
      return AccessHint.forCommand();
    }
    if ((errno == SgIoClassifier.EINVAL || errno == SgIoClassifier.ENOMEM) && length > 0) {
      return "transfer of " + length + " bytes"
          + (maxTransfer > 0 ? "; the host adapter accepts at most " + maxTransfer + " bytes per command" : "");
    }
    return null;
  }

  /** Validates the buffer against the direction and returns the transfer length. */
  private static int dataLength(DataDirection direction, ByteBuffer data) {
    if (direction == DataDirection.NONE) {
      return 0;
    }
    if (data == null) {
      throw new IllegalArgumentException(direction + " needs a data buffer");
    }
    if (direction == DataDirection.FROM_DEVICE && data.isReadOnly()) {
      throw new IllegalArgumentException("FROM_DEVICE into a read-only buffer");
    }
    return data.remaining();
  }

  private Pointer alignedDirectPointer(ByteBuffer data) {
    if (!data.isDirect()) {
      return null;
    }
    Pointer base = Native.getDirectBufferPointer(data);
    if (base == null) {
      return null;
    }
    long address = Pointer.nativeValue(base) + data.position();
    return dataBuffer.isAligned(address) ? new Pointer(address) : null;
  }

  private static int sgDirection(DataDirection direction) {
    switch (direction) {
      case TO_DEVICE:
        return SgIoHeader.SG_DXFER_TO_DEV;
      case FROM_DEVICE:
        return SgIoHeader.SG_DXFER_FROM_DEV;
      default:
        return SgIoHeader.SG_DXFER_NONE;
    }
  }

  /**
   * Converts a timeout to the header's milliseconds: at least 1 ms (a zero would mean the kernel's
   * default), at most {@link Integer#MAX_VALUE} ms (about 24.8 days).
   *
   * @throws IllegalArgumentException for a null, zero or negative timeout
   */
  static int timeoutMillis(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a positive timeout is required, got " + timeout);
    }
    long millis;
    try {
      millis = timeout.plusNanos(999_999).toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE;
    }
    return (int) Math.min(millis, Integer.MAX_VALUE);
  }

  /** Closes the sg node and frees native memory; waits for a running command. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (fd >= 0) {
      closeQuietly(fd);
    }
    header.free();
    cdbMemory.close();
    senseMemory.close();
    dataBuffer.free();
    // The descriptor is closed, so the kernel will not deliver the abandoned requests' replies here.
    for (Object buffer : abandoned) {
      if (buffer instanceof PageAlignedBuffer b) {
        b.free();
      } else if (buffer instanceof Memory m) {
        m.close();
      }
    }
    abandoned.clear();
  }

  @Override
  public String toString() {
    return "SgIoTransport[" + deviceName + (sgNode.toString().equals(deviceName) ? "" : " -> " + sgNode) + "]";
  }
}
