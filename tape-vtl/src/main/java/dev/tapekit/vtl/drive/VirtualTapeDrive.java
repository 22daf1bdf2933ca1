package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.CartridgeCorruptException;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.cartridge.MediumGeneration;
import dev.tapekit.vtl.cartridge.MediumKind;
import dev.tapekit.vtl.cartridge.RecordType;
import dev.tapekit.vtl.drive.DrivePersonality.Compatibility;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.DeviceIdentity;
import dev.tapekit.vtl.internal.LogPages;
import dev.tapekit.vtl.internal.OpInfo;
import dev.tapekit.vtl.internal.Out;
import dev.tapekit.vtl.internal.VirtualDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A virtual SSC tape drive: an in-process {@link dev.tapekit.scsi.ScsiTransport} that decodes raw CDBs
 * and executes them against a {@link CartridgeFile}. It behaves like an LTO (or T10000) drive of its
 * {@link DrivePersonality} on the wire: SSC-correct sense for filemarks, end of data, early warning,
 * overflow, incorrect length (SILI suppresses only underlength reports), write protection, WORM,
 * cleaning cartridges and generation compatibility.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Commands are serialized per drive; different drives run in parallel.
 *   <li>{@link #insert} (the changer's hand) never waits for a running command: the drive threads the
 *       new cartridge at its next command and reports UNIT ATTENTION 06/28/00 there.
 *   <li>The drive never closes a cartridge file; whoever inserted it closes it after {@link #takeCartridge}.
 * </ul>
 */
public final class VirtualTapeDrive extends VirtualDevice {

  /** What the drive does when a library pulls a cartridge that is still threaded. */
  public enum ThreadedRemoval {
    /** Unload it, even when the host has prevented removal (mhvtl's behaviour). */
    UNLOAD_ALWAYS,
    /** Unload it unless the host has prevented removal (05/53/02); the default, like most libraries. */
    UNLOAD_UNLESS_PREVENTED,
    /** Refuse with 05/53/02 until the host has unloaded it (strict libraries). */
    REFUSE
  }

  private static final List<OpInfo> OPS = List.of(
      OpInfo.of(0x01, 6, "REWIND", 600),
      OpInfo.of(0x04, 6, "FORMAT MEDIUM", 3600),
      OpInfo.of(0x05, 6, "READ BLOCK LIMITS", 60),
      OpInfo.of(0x08, 6, "READ(6)", 1500),
      OpInfo.of(0x0A, 6, "WRITE(6)", 1500),
      OpInfo.of(0x10, 6, "WRITE FILEMARKS(6)", 1500),
      OpInfo.of(0x11, 6, "SPACE(6)", 3600),
      OpInfo.of(0x15, 6, "MODE SELECT(6)", 60),
      OpInfo.of(0x19, 6, "ERASE", 18000),
      OpInfo.of(0x1A, 6, "MODE SENSE(6)", 60),
      OpInfo.of(0x1B, 6, "LOAD UNLOAD", 900),
      OpInfo.of(0x1E, 6, "PREVENT ALLOW MEDIUM REMOVAL", 60),
      OpInfo.of(0x2B, 10, "LOCATE(10)", 3600),
      OpInfo.sa(0x34, 0x00, 10, "READ POSITION short", 60),
      OpInfo.sa(0x34, 0x01, 10, "READ POSITION short (BT)", 60),
      OpInfo.sa(0x34, 0x06, 10, "READ POSITION long", 60),
      OpInfo.sa(0x34, 0x08, 10, "READ POSITION extended", 60),
      OpInfo.of(0x44, 10, "REPORT DENSITY SUPPORT", 60),
      OpInfo.of(0x4C, 10, "LOG SELECT", 60),
      OpInfo.of(0x4D, 10, "LOG SENSE", 60),
      OpInfo.of(0x55, 10, "MODE SELECT(10)", 60),
      OpInfo.of(0x5A, 10, "MODE SENSE(10)", 60),
      OpInfo.sa(0x8C, 0x00, 16, "READ ATTRIBUTE values", 60),
      OpInfo.sa(0x8C, 0x01, 16, "READ ATTRIBUTE list", 60),
      OpInfo.sa(0x8C, 0x05, 16, "READ ATTRIBUTE supported", 60),
      OpInfo.of(0x82, 16, "ALLOW OVERWRITE", 60),
      OpInfo.of(0x8D, 16, "WRITE ATTRIBUTE", 60),
      OpInfo.of(0x91, 16, "SPACE(16)", 3600),
      OpInfo.of(0x92, 16, "LOCATE(16)", 3600),
      OpInfo.of(0xA2, 12, "SECURITY PROTOCOL IN", 60),
      OpInfo.of(0xB5, 12, "SECURITY PROTOCOL OUT", 60));

  private final DrivePersonality personality;
  private final String serial;

  private final Object mouth = new Object();
  // guarded by mouth (written also under lock)
  private CartridgeFile cartridge;
  private boolean threaded;
  private boolean pendingThread;

  // command state, guarded by lock
  private int partition;
  private long pos;
  private int blockSize;
  private boolean compression = true;
  private boolean softwareWriteProtect;
  /** Programmable early warning size in 10^6 bytes (page 0x10/0x01 PEWS); 0 = none. */
  private int pews;
  private DriveModePages.PartitionPlan partitionPlan;
  private boolean wroteSinceLoad;
  private final DriveCounters counters = new DriveCounters();
  private final TapeEncryption encryption = new TapeEncryption();
  private Clock clock = Clock.systemUTC();
  private Duration becomingReady = Duration.ZERO;
  private Instant readyAt = Instant.MIN;
  /** The streaming model of a throttled drive, or null (the default: no throttling). */
  private volatile DriveThrottle throttle;

  /**
   * @param name device name for messages, e.g. {@code vtl:L700:0}
   * @param personality model
   * @param serial unit serial number (VPD 0x80, 0xB1, DVCID), at most 32 characters
   * @param naa 8-byte NAA designator for VPD 0x83
   * @param faults fault plan
   */
  public VirtualTapeDrive(String name, DrivePersonality personality, String serial, byte[] naa, FaultPlan faults) {
    super(name, faults, new DeviceIdentity(0x01, personality.vendor(), personality.product(), personality.revision(),
        serial, naa, 0x0400, OPS)); // SSC-3
    this.personality = personality;
    this.serial = serial;
  }

  public DrivePersonality personality() {
    return personality;
  }

  public String serial() {
    return serial;
  }

  /**
   * Makes the drive report NOT READY 02/04/01 (becoming ready) for {@code delay} after each load, as
   * real drives do while threading; time is read from {@code clock}.
   */
  public void setBecomingReadyDelay(Duration delay, Clock clock) {
    lock.lock();
    try {
      this.becomingReady = delay;
      this.clock = clock;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes this drive emulate a real drive's streaming (see {@link DriveThrottle}): WRITE and READ then
   * take as long as on that drive, and its counters tell how often the host let the buffer run empty.
   * {@code null} turns it off.
   */
  public void setThrottle(DriveThrottle throttle) {
    this.throttle = throttle;
  }

  /** The streaming model, if this drive is throttled. */
  public java.util.Optional<DriveThrottle> throttle() {
    return java.util.Optional.ofNullable(throttle);
  }

  /** A sync point of the streaming model (the buffer goes to tape and the tape stops), if throttled. */
  private void throttleSync() {
    DriveThrottle t = throttle;
    if (t != null) {
      t.sync();
    }
  }

  // ---- the changer's side

  /**
   * Puts a cartridge into the drive; the drive threads it at its next command.
   *
   * @throws IllegalStateException when the drive already holds one
   */
  public void insert(CartridgeFile file) {
    synchronized (mouth) {
      if (cartridge != null) {
        throw new IllegalStateException(name + " already holds " + cartridge.info().barcode());
      }
      cartridge = file;
      pendingThread = true;
      threaded = false;
    }
  }

  /**
   * What a library saves of this drive when it closes, so that the next open resumes where the host left
   * the tape, as a real drive keeps its state while host processes come and go.
   *
   * @param barcode the cartridge in the drive
   * @param threaded threaded (ready), or sitting unthreaded in the mouth after an unload
   * @param position logical object number
   * @param blockSize block length of the mode block descriptor (0 variable)
   * @param compression data compression enabled
   * @param prevent the host holds PREVENT MEDIUM REMOVAL
   */
  public record Session(String barcode, boolean threaded, long position, int blockSize, boolean compression,
      boolean prevent) {}

  /** This drive's session; empty when it holds no cartridge or has not threaded the one inserted. */
  public java.util.Optional<Session> session() {
    lock.lock();
    try {
      synchronized (mouth) {
        if (cartridge == null || pendingThread) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Session(cartridge.info().barcode().toString(), threaded, pos, blockSize, compression, preventedLocally()));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Resumes a saved session on the cartridge the changer has just inserted (instead of threading it anew
   * at the beginning of tape, which counts as a load); ignored when the drive holds another cartridge or
   * has already threaded it.
   */
  public void resume(Session s) {
    lock.lock();
    try {
      synchronized (mouth) {
        if (cartridge == null || !pendingThread || !cartridge.info().barcode().toString().equals(s.barcode())) {
          return;
        }
        pendingThread = false;
        threaded = s.threaded();
        pos = threaded ? Math.min(Math.max(0, s.position()), cartridge.objectCount()) : 0;
      }
      blockSize = s.blockSize();
      compression = s.compression();
      restoreLocalPrevention(s.prevent());
    } finally {
      lock.unlock();
    }
  }

  /** The cartridge in the drive (threaded or not), or null. */
  public CartridgeFile cartridge() {
    synchronized (mouth) {
      return cartridge;
    }
  }

  /** True while a cartridge is threaded (loaded and ready); false when empty or ejected. */
  public boolean isThreaded() {
    synchronized (mouth) {
      return threaded || pendingThread;
    }
  }

  /** True when the host has sent PREVENT MEDIUM REMOVAL. */
  public boolean isRemovalPrevented() {
    return removalPrevented();
  }

  /**
   * Hands the cartridge to the library, unloading it first when the policy allows; returns null when
   * the drive is empty.
   *
   * @throws CheckCondition 05/53/02 when removal is refused, 02/04/07 when a command is running
   */
  public CartridgeFile takeCartridge(ThreadedRemoval policy) {
    synchronized (mouth) {
      if (cartridge == null) {
        return null;
      }
      if (!threaded) {
        return detach();
      }
      if (policy == ThreadedRemoval.REFUSE || (isRemovalPrevented() && policy == ThreadedRemoval.UNLOAD_UNLESS_PREVENTED)) {
        throw new CheckCondition(0x05, 0x53, 0x02);
      }
    }
    if (!lock.tryLock()) {
      throw new CheckCondition(0x02, 0x04, 0x07);
    }
    try {
      throttleSync();
      synchronized (mouth) {
        if (cartridge == null) {
          return null;
        }
        unthread();
        clearPrevention();
        return detach();
      }
    } finally {
      lock.unlock();
    }
  }

  private CartridgeFile detach() {
    CartridgeFile f = cartridge;
    cartridge = null;
    threaded = false;
    pendingThread = false;
    return f;
  }

  @Override
  protected void prepare() {
    CartridgeFile f;
    synchronized (mouth) {
      if (!pendingThread) {
        return;
      }
      pendingThread = false;
      f = cartridge;
    }
    thread(f);
    postUnitAttention(0x28, 0x00);
  }

  /** Threads {@code f}: position BOP, load counters, drive settings back to defaults. Under lock. */
  private void thread(CartridgeFile f) {
    synchronized (mouth) {
      threaded = true;
    }
    partition = 0;
    pos = 0;
    partitionPlan = null;
    readyAt = clock.instant().plus(becomingReady);
    wroteSinceLoad = false;
    throttleSync();
    counters.reset(DriveCounters.SEQUENTIAL_ACCESS);
    boolean[] expired = {false};
    io(() -> {
      CartridgeInfo i = f.updateInfo(CartridgeInfo::loaded);
      if (i.kind() == MediumKind.CLEANING) {
        expired[0] = i.cleaningUsesLeft() == 0;
        f.updateInfo(CartridgeInfo::cleaned);
      }
    });
    if (expired[0]) {
      tapeAlert |= 1L << (0x16 - 1); // expired cleaning media: the drive did not clean
    }
    if (personality.compatibility(f.info().generation()) == Compatibility.UNSUPPORTED) {
      tapeAlert |= 1L << (12 - 1); // unsupported format
    }
  }

  private void unthread() {
    encryption.unloaded();
    CartridgeFile f = cartridge;
    if (f != null) {
      io(f::sync);
    }
    tapeAlert &= ~(1L << (0x16 - 1)); // expired cleaning media: the cartridge it was about leaves
    threaded = false;
    partition = 0;
    pos = 0;
  }

  @Override
  protected void onReset() {
    blockSize = 0;
    descriptorSense = false;
    pews = 0;
    if (isThreaded()) {
      partition = 0;
      pos = 0;
    }
  }

  // ---- dispatch

  @Override
  protected boolean handle(Command c) {
    switch (c.opcode()) {
      case 0x00 -> loaded();
      case 0x01 -> rewind();
      case 0x04 -> formatMedium(c);
      case 0x05 -> readBlockLimits(c);
      case 0x08 -> read(c);
      case 0x0A -> write(c);
      case 0x10 -> writeFilemarks(c);
      case 0x11 -> space(c, c.u8(1) & 0x0F, signExtend(c.u24(2), 24));
      case 0x91 -> space(c, c.u8(1) & 0x0F, c.u64(4));
      case 0x15, 0x55 -> modeSelect(c);
      case 0x1A, 0x5A -> modeSense(c);
      case 0x19 -> erase(c);
      case 0x1B -> loadUnload(c);
      case 0x2B -> locate(c, c.bit(1, 1) ? c.u8(8) : 0, c.bit(1, 1), 0, c.u32(3));
      case 0x92 -> locate(c, c.u8(3), c.bit(1, 1), (c.u8(1) >>> 3) & 0x07, c.u64(4));
      case 0x34 -> readPosition(c);
      case 0x44 -> DensityReport.reportDensitySupport(c, this);
      case 0x4C -> DriveLogPages.logSelect(c, this);
      case 0x4D -> DriveLogPages.logSense(c, this);
      case 0x8C -> MamAttributes.read(c, this);
      case 0x82 -> allowOverwrite(c);
      case 0x8D -> MamAttributes.write(c, this);
      case 0xA2 -> encryption.securityProtocolIn(c, this::nextBlockEncryptionStatus);
      case 0xB5 -> encryption.securityProtocolOut(c);
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * ALLOW OVERWRITE: checked, then accepted; this drive does not enforce append-only writing, so the
   * permission changes nothing. 0 (disabled) and 2 (format) need no cartridge; 1 (current position)
   * must name the partition and logical object the tape is at, else 05/3B/00 as mhvtl answers.
   */
  private void allowOverwrite(Command c) {
    int field = c.u8(2) & 0x0F;
    if (field > 2) {
      throw CheckCondition.invalidCdbField(2, 3);
    }
    if (field == 1) {
      loaded();
      if (c.u8(3) != partition || c.u64(4) != pos) {
        throw new CheckCondition(0x05, 0x3B, 0x00); // sequential positioning error
      }
    }
  }

  @Override
  protected List<Integer> deviceVpdPages() {
    return List.of(0xB0, 0xB1);
  }

  @Override
  protected byte[] deviceVpdPage(int code) {
    return code == 0xB0
        ? new Out().u8(0x01).u8(0xB0).u16(2).u8(0x01).u8(0).toArray() // WORM supported
        : serialPage(0xB1);
  }

  @Override
  protected CheckCondition currentCondition() {
    try {
      loaded();
      return null;
    } catch (CheckCondition cc) {
      return cc;
    }
  }

  // ---- state checks

  /** The threaded cartridge, or the NOT READY condition that applies. */
  CartridgeFile loaded() {
    CartridgeFile f = mounted();
    if (f.info().kind() == MediumKind.CLEANING) {
      throw new CheckCondition(0x02, 0x30, 0x03);
    }
    if (personality.compatibility(f.info().generation()) == Compatibility.UNSUPPORTED) {
      throw new CheckCondition(0x02, 0x30, 0x00); // incompatible medium installed
    }
    return f;
  }

  /**
   * The threaded cartridge, whatever its kind: its cartridge memory is readable even when the tape is
   * not (a cleaning cartridge), as on LTO drives, which read the memory chip at load.
   */
  CartridgeFile mounted() {
    CartridgeFile f;
    synchronized (mouth) {
      if (cartridge == null) {
        throw new CheckCondition(0x02, 0x3A, 0x00);
      }
      if (!threaded) {
        throw new CheckCondition(0x02, 0x04, 0x02); // initializing command (LOAD) required
      }
      f = cartridge;
    }
    if (clock.instant().isBefore(readyAt)) {
      throw new CheckCondition(0x02, 0x04, 0x01); // becoming ready
    }
    return f;
  }

  /** The record log of the current partition of the threaded cartridge, or the NOT READY condition. */
  CartridgeFile records() {
    return loaded().partition(partition);
  }

  /**
   * The record log of the current partition if writing there is allowed, else the DATA PROTECT
   * condition. Identity, flags and MAM stay with {@link #loaded()}.
   */
  private CartridgeFile writable() {
    CartridgeFile f = loaded();
    CartridgeInfo i = f.info();
    if (i.writeProtected() || softwareWriteProtect) {
      throw new CheckCondition(0x07, 0x27, 0x00);
    }
    if (personality.compatibility(i.generation()) == Compatibility.READ_ONLY) {
      throw new CheckCondition(0x07, 0x30, 0x05); // cannot write medium, incompatible format
    }
    CartridgeFile r = f.partition(partition);
    if (i.kind() == MediumKind.WORM && pos < r.objectCount()) {
      throw new CheckCondition(0x07, 0x30, 0x0C); // WORM medium, overwrite attempted
    }
    return r;
  }

  boolean writeProtectedNow() {
    CartridgeFile f = cartridge();
    return softwareWriteProtect
        || (f != null
            && (f.info().writeProtected() || personality.compatibility(f.info().generation()) != Compatibility.READ_WRITE));
  }

  long position() {
    return pos;
  }

  int partition() {
    return partition;
  }

  /** The partition plan of the last MODE SELECT of page 0x11, applied by FORMAT MEDIUM; or null. */
  DriveModePages.PartitionPlan partitionPlan() {
    return partitionPlan;
  }

  /**
   * Additional partitions the cartridge (or, with none loaded, the drive's own generation) supports:
   * 1 for LTO-5 and LTO-6, 3 for LTO-7 and later, 0 otherwise.
   */
  int maxAdditionalPartitions() {
    CartridgeFile f = cartridge();
    MediumGeneration g = f != null && isThreaded() ? f.info().generation() : personality.nativeGeneration();
    if (g.family() != MediumGeneration.Family.LTO || g.level() < 5
        || personality.nativeGeneration().family() != MediumGeneration.Family.LTO || personality.nativeGeneration().level() < 5) {
      return 0;
    }
    return g.level() < 7 ? 1 : 3;
  }

  int blockSize() {
    return blockSize;
  }

  boolean compression() {
    return compression;
  }

  boolean softwareWriteProtect() {
    return softwareWriteProtect;
  }

  boolean descriptorSense() {
    return descriptorSense;
  }

  int programmableEarlyWarningSize() {
    return pews;
  }

  /** The log counters (pages 0x02, 0x03, 0x0C). */
  DriveCounters counters() {
    return counters;
  }

  /** Clears the TapeAlert flags (LOG SELECT with PCR). */
  void resetTapeAlert() {
    tapeAlert = 0;
  }

  /** LOG SENSE page 0x2E, clearing the flags (visible to {@link DriveLogPages}). */
  @Override
  protected LogPages.Params readTapeAlertPage(int pointer) {
    return super.readTapeAlertPage(pointer);
  }

  /** Byte position at which early warning starts for the loaded cartridge. */
  private boolean pastEarlyWarning(CartridgeFile f, long objects) {
    long injected = faults.earlyWarningObject();
    if (injected >= 0 && objects >= injected) {
      return true;
    }
    return f.bytesBefore(objects) >= f.info().earlyWarningPosition();
  }

  /**
   * True when {@code objects} lie at or beyond the programmable early warning point of partition {@code
   * f}: PEWS x 10^6 bytes before its early warning (never before BOP). False while PEWS is 0.
   */
  private boolean pastProgrammableEarlyWarning(CartridgeFile f, long objects) {
    if (pews == 0) {
      return false;
    }
    long point = Math.max(0, f.info().earlyWarningPosition() - pews * 1_000_000L);
    return f.bytesBefore(objects) >= point;
  }

  /**
   * After a write or WRITE FILEMARKS that moved from {@code from} to the current position: early
   * warning (00/02 with EOM) when past it, else PROGRAMMABLE EARLY WARNING DETECTED (00/07, EOM clear)
   * when this command crossed the programmable point, else nothing.
   */
  private void reportEarlyWarning(CartridgeFile f, long from) {
    if (pastEarlyWarning(f, pos)) {
      throw new CheckCondition(0x00, 0x00, 0x02).flags(CheckCondition.EOM).information(0);
    }
    if (pastProgrammableEarlyWarning(f, pos) && !pastProgrammableEarlyWarning(f, from)) {
      throw new CheckCondition(0x00, 0x00, 0x07).information(0);
    }
  }

  boolean beyondEarlyWarning() {
    CartridgeFile f = cartridge();
    return f != null && isThreaded() && pastEarlyWarning(f.partition(partition), pos);
  }

  // ---- motion

  /** To BOP of partition 0 (SSC: REWIND positions at the beginning of partition 0). */
  private void rewind() {
    CartridgeFile f = loaded();
    throttleSync();
    io(f::sync);
    partition = 0;
    pos = 0;
  }

  private void readBlockLimits(Command c) {
    if (c.bit(1, 0)) { // MLOBL: maximum logical object identifier form
      c.dataIn(new Out().zeros(12).u64(0xFFFF_FFFFL).toArray(), 20);
      return;
    }
    c.dataIn(new Out().u8(0).u24(personality.maxBlockLength()).u16(1).toArray(), 6);
  }

  private void read(Command c) {
    boolean fixed = c.bit(1, 0);
    boolean sili = c.bit(1, 1);
    int length = c.u24(2);
    if (fixed && sili) {
      throw CheckCondition.invalidCdbField(1, 1);
    }
    if (fixed && blockSize == 0) {
      throw CheckCondition.invalidCdbField(1, 0);
    }
    CartridgeFile f = records();
    if (length == 0) {
      return;
    }
    if (faults.nextReadFails()) {
      throw unrecoveredRead();
    }
    ByteBuffer region = c.inRegion();
    int blocks = fixed ? length : 1;
    int want = fixed ? blockSize : length;
    int moved = 0;
    for (int k = 0; k < blocks; k++) {
      int residual = fixed ? blocks - k : length;
      if (pos >= f.objectCount()) {
        throw done(c, moved, new CheckCondition(0x08, 0x00, 0x05).flags(CheckCondition.EOM).information(residual));
      }
      if (f.typeAt(pos) == RecordType.FILEMARK) {
        pos++;
        throw done(c, moved, new CheckCondition(0x00, 0x00, 0x01).flags(CheckCondition.FILEMARK).information(residual));
      }
      ByteBuffer dst = region.slice();
      dst.limit(Math.min(want, dst.remaining()));
      int actual;
      try {
        actual = readBlock(f, pos, dst);
      } catch (CheckCondition cc) {
        throw done(c, moved, cc.information(residual));
      } catch (CartridgeCorruptException e) {
        throw done(c, moved, unrecoveredRead().information(residual));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int copied = Math.min(actual, want);
      pos++;
      moved += Math.min(copied, region.remaining());
      region.position(region.position() + Math.min(copied, region.remaining()));
      countHostRead(copied);
      if (actual != want) {
        if (!fixed && sili && actual < want) {
          break; // SILI suppresses an underlength report only
        }
        long info = fixed ? blocks - k : (long) want - actual;
        throw done(c, moved, new CheckCondition(0x00, 0x00, 0x00).flags(CheckCondition.ILI).information(info));
      }
    }
    c.setTransferred(moved);
    countRead(cartridge(), moved);
  }

  /** An unrecovered read error: counted, TapeAlert flag 4 (media) raised, MEDIUM ERROR 03/11/00. */
  private CheckCondition unrecoveredRead() {
    tapeAlert |= 1L << (4 - 1);
    counters.add(DriveCounters.READ_ERRORS, DriveCounters.UNCORRECTED, 1);
    return new CheckCondition(0x03, 0x11, 0x00);
  }

  private void countHostRead(long bytes) {
    counters.add(DriveCounters.SEQUENTIAL_ACCESS, 0x0002, bytes);
    counters.add(DriveCounters.SEQUENTIAL_ACCESS, 0x0003, bytes);
    counters.add(DriveCounters.READ_ERRORS, DriveCounters.BYTES_PROCESSED, bytes);
  }

  /** Reads block {@code n} into {@code dst} (decrypting when it is encrypted); returns its full length. */
  private int readBlock(CartridgeFile f, long n, ByteBuffer dst) throws IOException {
    if (f.typeAt(n) != RecordType.ENCRYPTED) {
      encryption.checkPlainAllowed();
      return f.read(n, dst);
    }
    byte[] plain = encryption.decrypt(n, f.readStored(n));
    dst.put(plain, 0, Math.min(plain.length, dst.remaining()));
    return plain.length;
  }

  /** {logical object number, SSC next block encryption status} at the current position. */
  private long[] nextBlockEncryptionStatus() {
    CartridgeFile f = records();
    if (pos >= f.objectCount() || f.typeAt(pos) == RecordType.FILEMARK) {
      return new long[] {pos, 2};
    }
    if (f.typeAt(pos) != RecordType.ENCRYPTED) {
      return new long[] {pos, 3};
    }
    byte[][] stored = new byte[1][];
    io(() -> stored[0] = f.readStored(pos));
    return new long[] {pos, encryption.statusOf(stored[0])};
  }

  private CheckCondition done(Command c, int moved, CheckCondition cc) {
    c.setTransferred(moved);
    countRead(cartridge(), moved);
    return cc.transferred(moved);
  }

  /** Counts a READ's data in the cartridge memory and paces it when the drive is throttled. */
  private void countRead(CartridgeFile f, long bytes) {
    if (bytes > 0 && f != null) {
      io(() -> f.updateInfoDeferred(i -> i.transferred(0, bytes)));
    }
    DriveThrottle t = throttle;
    if (t != null) {
      t.read(bytes);
    }
  }

  private void write(Command c) {
    boolean fixed = c.bit(1, 0);
    int length = c.u24(2);
    if ((c.u8(1) & 0xFE) != 0) {
      throw CheckCondition.invalidCdbField(1, 1);
    }
    if (fixed && blockSize == 0) {
      throw CheckCondition.invalidCdbField(1, 0);
    }
    if (!fixed && length > personality.maxBlockLength()) {
      throw CheckCondition.invalidCdbField(2, -1);
    }
    CartridgeFile f = writable();
    if (length == 0) {
      return;
    }
    long total = fixed ? (long) length * blockSize : length;
    if (total > Integer.MAX_VALUE) {
      throw CheckCondition.invalidCdbField(2, -1);
    }
    ByteBuffer data = c.dataOut(total);
    if (faults.nextWriteFails()) {
      tapeAlert |= 1L << (3 - 1) | 1L << (2 - 1);
      counters.add(DriveCounters.WRITE_ERRORS, DriveCounters.UNCORRECTED, 1);
      throw new CheckCondition(0x03, 0x0C, 0x00).information(length);
    }
    prepareOverwrite(f);
    long start = pos;
    int blocks = fixed ? length : 1;
    int each = fixed ? blockSize : length;
    for (int k = 0; k < blocks; k++) {
      if (f.bytesUsed() + each > f.info().capacity()) { // the partition's capacity
        c.setTransferred(k * each);
        throw new CheckCondition(0x0D, 0x00, 0x02).flags(CheckCondition.EOM).information(fixed ? blocks - k : length);
      }
      ByteBuffer one = data.slice();
      one.limit(each);
      if (encryption.encrypting()) {
        ByteBuffer stored = encryption.encrypt(pos, one);
        io(() -> f.appendEncrypted(each, stored));
      } else {
        io(() -> f.appendBlock(one));
      }
      data.position(data.position() + each);
      pos++;
    }
    counters.add(DriveCounters.SEQUENTIAL_ACCESS, 0x0000, total);
    counters.add(DriveCounters.SEQUENTIAL_ACCESS, 0x0001, total);
    counters.add(DriveCounters.WRITE_ERRORS, DriveCounters.BYTES_PROCESSED, total);
    io(() -> cartridge().updateInfoDeferred(i -> i.transferred(total, 0)));
    DriveThrottle t = throttle;
    if (t != null) {
      t.written(total); // after the data is stored: a failed WRITE moves nothing through the buffer
    }
    reportEarlyWarning(f, start);
  }

  /** Before the first write of a load, or any write not at EOD: truncate and count a data change. */
  private void prepareOverwrite(CartridgeFile f) {
    boolean atEnd = pos == f.objectCount();
    if (!atEnd) {
      io(() -> f.truncate(pos));
    }
    if (!wroteSinceLoad || !atEnd) {
      boolean fromBop = pos == 0 && partition == 0;
      io(() -> cartridge().updateInfoDeferred(i -> i.rewritten(fromBop)));
      wroteSinceLoad = true;
    }
  }

  private void writeFilemarks(Command c) {
    if ((c.u8(1) & 0xFE) != 0) {
      throw CheckCondition.invalidCdbField(1, 1); // WSMK (setmarks) and reserved bits
    }
    int count = c.u24(2);
    CartridgeFile f = count == 0 ? records() : writable();
    long start = pos;
    if (count > 0) {
      if (faults.nextWriteFails()) {
        counters.add(DriveCounters.WRITE_ERRORS, DriveCounters.UNCORRECTED, 1);
        throw new CheckCondition(0x03, 0x0C, 0x00).information(count);
      }
      prepareOverwrite(f);
      io(() -> f.appendFilemarks(count));
      pos += count;
    }
    if (!c.bit(1, 0)) { // IMMED clear: the drive writes its buffer to tape before it answers
      throttleSync();
    }
    io(cartridge()::sync);
    if (count > 0) {
      reportEarlyWarning(f, start);
    }
  }

  private void space(Command c, int code, long count) {
    CartridgeFile f = records();
    throttleSync();
    switch (code) {
      case 0 -> spaceBlocks(f, count);
      case 1 -> spaceFilemarks(f, count);
      case 3 -> pos = f.objectCount();
      default -> throw CheckCondition.invalidCdbField(1, 3);
    }
  }

  private void spaceBlocks(CartridgeFile f, long count) {
    if (count >= 0) {
      long nextFm = nextFilemarkAtOrAfter(f, pos);
      long limit = Math.min(nextFm, f.objectCount());
      if (pos + count <= limit) {
        pos += count;
        return;
      }
      long spaced = limit - pos;
      if (limit == nextFm && nextFm < f.objectCount()) {
        pos = nextFm + 1;
        throw new CheckCondition(0x00, 0x00, 0x01).flags(CheckCondition.FILEMARK).information(count - spaced);
      }
      pos = f.objectCount();
      throw new CheckCondition(0x08, 0x00, 0x05).flags(CheckCondition.EOM).information(count - spaced);
    }
    long back = -count;
    long prevFm = previousFilemarkBefore(f, pos); // object number or -1
    long limit = prevFm + 1; // cannot pass below this without crossing the filemark
    if (pos - back >= limit) {
      pos -= back;
      return;
    }
    long spaced = pos - limit;
    if (prevFm >= 0) {
      pos = prevFm; // BOP side of the filemark
      throw new CheckCondition(0x00, 0x00, 0x01).flags(CheckCondition.FILEMARK).information(count + spaced);
    }
    pos = 0;
    throw new CheckCondition(0x00, 0x00, 0x04).flags(CheckCondition.EOM).information(count + spaced);
  }

  private void spaceFilemarks(CartridgeFile f, long count) {
    long before = f.filemarksBefore(pos);
    if (count >= 0) {
      if (count == 0) {
        return;
      }
      long target = before + count - 1;
      if (target < f.filemarkCount()) {
        pos = f.filemarkPosition(target) + 1;
        return;
      }
      long spaced = f.filemarkCount() - before;
      pos = f.objectCount();
      throw new CheckCondition(0x08, 0x00, 0x05).flags(CheckCondition.EOM).information(count - spaced);
    }
    long back = -count;
    if (back <= before) {
      pos = f.filemarkPosition(before - back);
      return;
    }
    pos = 0;
    throw new CheckCondition(0x00, 0x00, 0x04).flags(CheckCondition.EOM).information(count + before);
  }

  private static long nextFilemarkAtOrAfter(CartridgeFile f, long p) {
    long k = f.filemarksBefore(p);
    long at = f.filemarkPosition(k);
    return at < 0 ? Long.MAX_VALUE : at;
  }

  private static long previousFilemarkBefore(CartridgeFile f, long p) {
    long k = f.filemarksBefore(p);
    return k == 0 ? -1 : f.filemarkPosition(k - 1);
  }

  /** LOCATE within the current partition, or with CP set to {@code newPartition} (which must exist). */
  private void locate(Command c, int newPartition, boolean changePartition, int destType, long id) {
    CartridgeFile main = loaded();
    throttleSync();
    if (changePartition && newPartition >= main.partitionCount()) {
      throw CheckCondition.invalidCdbField(c.opcode() == 0x2B ? 8 : 3, -1);
    }
    if (destType != 0 && destType != 1 && destType != 3) {
      throw CheckCondition.invalidCdbField(1, 5);
    }
    if (changePartition) {
      partition = newPartition;
    }
    CartridgeFile f = main.partition(partition);
    long target;
    switch (destType) {
      case 0 -> target = id;
      case 1 -> {
        if (id == 0) {
          target = 0;
        } else if (id <= f.filemarkCount()) {
          target = f.filemarkPosition(id - 1) + 1;
        } else {
          target = Long.MAX_VALUE;
        }
      }
      default -> target = f.objectCount();
    }
    if (target > f.objectCount() || target < 0) {
      pos = f.objectCount();
      throw new CheckCondition(0x08, 0x00, 0x05).flags(CheckCondition.EOM);
    }
    pos = target;
  }

  private void readPosition(Command c) {
    int sa = c.u8(1) & 0x1F;
    CartridgeFile f = records();
    boolean bop = pos == 0;
    boolean eop = pastEarlyWarning(f, pos);
    int flags = (bop ? 0x80 : 0) | (eop ? 0x40 : 0) | (pastProgrammableEarlyWarning(f, pos) ? 0x01 : 0);
    switch (sa) {
      case 0x00, 0x01 -> {
        Out o = new Out().u8(flags).u8(partition).u16(0).u32(pos).u32(pos).u8(0).u24(0).u32(0);
        c.dataIn(o.toArray(), 20);
      }
      case 0x06 -> {
        Out o = new Out().u8(flags).u8(0).u16(0).u32(partition).u64(pos).u64(f.filemarksBefore(pos)).u64(0);
        c.dataIn(o.toArray(), 32);
      }
      case 0x08 -> {
        Out o = new Out().u8(flags).u8(partition).u16(0x1C).u8(0).u24(0).u64(pos).u64(pos).u64(0);
        c.dataIn(o.toArray(), c.u16(7));
      }
      default -> throw CheckCondition.invalidCdbField(1, 4);
    }
  }

  private void erase(Command c) {
    if ((c.u8(1) & 0xFC) != 0) {
      throw CheckCondition.invalidCdbField(1, 2);
    }
    CartridgeFile f = writable();
    if (f.info().kind() == MediumKind.WORM) {
      throw new CheckCondition(0x07, 0x30, 0x0C);
    }
    throttleSync();
    long from = pos;
    boolean fromBop = from == 0 && partition == 0;
    io(() -> f.truncate(from));
    io(() -> cartridge().updateInfoDeferred(i -> i.rewritten(fromBop)));
    wroteSinceLoad = true;
    if (c.bit(1, 0)) {
      pos = 0; // long erase ends at BOP
    }
  }

  /**
   * FORMAT MEDIUM at BOP of partition 0: format 0 makes one partition of the whole cartridge, 1 and 2
   * partition it as the last MODE SELECT of page 0x11 asked (without one, as it is); every partition
   * is erased.
   */
  private void formatMedium(Command c) {
    int format = c.u8(2) & 0x0F;
    if (format > 2) {
      throw CheckCondition.invalidCdbField(2, 3);
    }
    if (c.u16(3) != 0) {
      throw CheckCondition.invalidCdbField(3, -1); // no parameter list: the settings come from page 0x11
    }
    writable();
    if (partition != 0 || pos != 0) {
      throw new CheckCondition(0x05, 0x3B, 0x0C); // position past beginning of medium
    }
    CartridgeFile f = loaded();
    if (f.info().kind() == MediumKind.WORM) {
      throw new CheckCondition(0x07, 0x30, 0x0C);
    }
    long total = f.totalCapacity();
    long[] capacities;
    if (format == 0) {
      capacities = new long[] {total};
    } else if (partitionPlan != null) {
      if (!partitionPlan.fits(total)) {
        throw new CheckCondition(0x05, 0x26, 0x02); // the plan was selected for another cartridge
      }
      capacities = partitionPlan.capacities(total);
    } else {
      capacities = new long[f.partitionCount()];
      for (int p = 0; p < capacities.length; p++) {
        capacities[p] = f.partition(p).info().capacity();
      }
    }
    if (capacities.length == 1 && f.partitionCount() == 1) {
      io(() -> f.truncate(0)); // keeps the cartridge's own early-warning distance
    } else {
      io(() -> f.repartition(capacities));
    }
    partitionPlan = null;
    io(() -> f.updateInfoDeferred(i -> i.rewritten(true)));
    wroteSinceLoad = true;
  }

  private void loadUnload(Command c) {
    int b4 = c.u8(4);
    boolean load = (b4 & 0x01) != 0;
    if ((b4 & 0x04) != 0) {
      throw CheckCondition.invalidCdbField(4, 2); // EOT: unload at end of tape is not supported
    }
    if (load) {
      CartridgeFile f;
      boolean already;
      synchronized (mouth) {
        if (cartridge == null) {
          throw new CheckCondition(0x02, 0x3A, 0x00);
        }
        f = cartridge;
        already = threaded;
        if (threaded) {
          partition = 0;
          pos = 0;
        }
      }
      if (already) {
        throttleSync();
        return;
      }
      thread(f);
      return;
    }
    if (isRemovalPrevented()) {
      throw new CheckCondition(0x05, 0x53, 0x02);
    }
    throttleSync(); // outside the mouth: it may wait for the buffer to reach the tape
    synchronized (mouth) {
      if (cartridge == null) {
        throw new CheckCondition(0x02, 0x3A, 0x00);
      }
      unthread();
    }
  }


  // ---- mode pages

  private void modeSense(Command c) {
    ModeSense m = ModeSense.of(c);
    int pc = m.pc();
    int page = m.page();
    int subpage = m.subpage();
    boolean allSubpages = subpage == 0xFF;
    Out pages = new Out();
    if (subpage == 0x01 && page == 0x10) {
      pages.bytes(DriveModePages.page(this, DriveModePages.EXTENSION, pc));
    } else if (subpage != 0 && !allSubpages) {
      throw CheckCondition.invalidCdbField(3, -1);
    } else if (page == 0x00) {
      // Page code 0 (SPC: vendor specific, no page format): the header and block descriptor only.
      // Linux st asks exactly this when a tape is loaded, for the density and block size it reports.
    } else if (page == 0x3F || DriveModePages.PAGES.contains(page)) {
      for (int p : DriveModePages.PAGES) {
        if (page == 0x3F || page == p) {
          pages.bytes(DriveModePages.page(this, p, pc));
          if (allSubpages && p == 0x10) {
            pages.bytes(DriveModePages.page(this, DriveModePages.EXTENSION, pc));
          }
        }
      }
    } else {
      throw CheckCondition.invalidCdbField(2, 5);
    }
    CartridgeFile f = cartridge();
    int density = f != null && isThreaded() ? f.info().generation().densityCode() : 0;
    int deviceSpecific = (writeProtectedNow() ? 0x80 : 0) | 0x10; // buffered mode 1
    byte[] descriptor = m.dbd() ? new byte[0]
        : new Out().u8(pc == 1 ? 0 : density).u24(0).u8(0).u24(pc == 1 ? 0xFFFFFF : blockSize).toArray();
    m.reply(c, deviceSpecific, descriptor, pages.toArray());
  }

  private void modeSelect(Command c) {
    ModeSelectList list = ModeSelectList.of(c);
    if (list == null) {
      return;
    }
    int bdLength = list.blockDescriptorLength();
    if (bdLength != 0 && bdLength != 8) {
      throw list.invalidBlockDescriptorLength();
    }
    byte[] p = list.bytes();
    int pages = list.pagesStart();
    int header = list.header();
    int newBlockSize = blockSize;
    if (bdLength == 8) {
      int density = p[header] & 0xFF;
      if (density != 0 && density != 0x7F
          && MediumGeneration.byDensityCode(density).map(g -> personality.compatibility(g) == Compatibility.UNSUPPORTED).orElse(true)) {
        throw CheckCondition.invalidParameterField(header, -1);
      }
      newBlockSize = ((p[header + 5] & 0xFF) << 16) | ((p[header + 6] & 0xFF) << 8) | (p[header + 7] & 0xFF);
      if (newBlockSize > personality.maxBlockLength()) {
        throw CheckCondition.invalidParameterField(header + 5, -1);
      }
    }
    DriveModePages.Selection sel = DriveModePages.select(this, p, pages);
    if (sel.partitions() != null) {
      partitionPlan = sel.partitions();
    }
    blockSize = newBlockSize;
    compression = sel.compression();
    softwareWriteProtect = sel.softwareWriteProtect();
    descriptorSense = sel.descriptorSense();
    pews = sel.pews();
  }

  // ---- helpers

  interface IoAction {
    void run() throws IOException;
  }

  /** Runs cartridge I/O; an I/O failure of the backing file becomes MEDIUM ERROR 03/0C/00 or 03/11/00. */
  static void io(IoAction a) {
    try {
      a.run();
    } catch (CartridgeCorruptException e) {
      throw new CheckCondition(0x03, 0x11, 0x00);
    } catch (IOException e) {
      throw new CheckCondition(0x03, 0x0C, 0x00);
    }
  }

  private static long signExtend(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }
}
