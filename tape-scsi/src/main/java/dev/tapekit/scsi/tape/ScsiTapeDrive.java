package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.Sleeper;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.encryption.AlgorithmDescriptor;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.encryption.DecryptionMode;
import dev.tapekit.scsi.encryption.SecurityProtocolCommands;
import dev.tapekit.scsi.encryption.SetDataEncryption;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.DtDeviceStatusPage;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.TapeAlertResponsePage;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeCommands;
import dev.tapekit.scsi.mam.AttributeList;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.mode.BlockDescriptor;
import dev.tapekit.scsi.mode.DataCompressionPage;
import dev.tapekit.scsi.mode.DeviceConfigurationPage;
import dev.tapekit.scsi.mode.MediumConfigurationPage;
import dev.tapekit.scsi.mode.ModePage;
import dev.tapekit.scsi.mode.ModePageAccess;
import dev.tapekit.scsi.mode.ModeParameters;
import dev.tapekit.scsi.mode.ModePageControl;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseCategory;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.spc.FullReply;
import dev.tapekit.scsi.spc.PeripheralDeviceType;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.scsi.spc.SpcCommands;
import dev.tapekit.scsi.spc.StandardInquiry;
import dev.tapekit.scsi.spc.Vpd;
import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.ssc.DensitySupport;
import dev.tapekit.scsi.ssc.LocateDestination;
import dev.tapekit.scsi.ssc.LongPosition;
import dev.tapekit.scsi.ssc.LtoDensity;
import dev.tapekit.scsi.ssc.ReadPositionForm;
import dev.tapekit.scsi.ssc.PositionFlags;
import dev.tapekit.scsi.ssc.ShortPosition;
import dev.tapekit.scsi.ssc.SpaceCode;
import dev.tapekit.scsi.ssc.SscCommands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TapeDrive} that speaks SSC over any {@link ScsiTransport}: a real drive through SG_IO,
 * a virtual drive, or a test double. It is the single place where sense data of tape commands
 * turns into results (filemark, end of data, early warning) or exceptions.
 *
 * <p>What it adds over sending commands by hand:
 *
 * <ul>
 *   <li>Unit attentions are consumed: the command is retried (a UA means it was not executed) and
 *       the sense is kept for {@link #takeUnitAttentions()}. Deferred errors throw {@link
 *       DeferredErrorException}.
 *   <li>Residues come from the sense INFORMATION field when valid, since some host adapters
 *       report tape read residues wrongly.
 *   <li>{@link #locateFile(long)} calibrates the one-off difference between drive vendors on its
 *       first use and remembers it for this instance.
 *   <li>{@link #position()} uses the long READ POSITION form and falls back to the short form once
 *       a drive rejects it.
 *   <li>Mode parameters go through {@link ModePageAccess}: MODE SENSE/SELECT(10), or (6) for good
 *       once a drive rejects the 10-byte form.
 *   <li>{@link #status()} tolerates missing pages and skips slow ones while the tape moves.
 * </ul>
 *
 * <p>Use {@link #open(ScsiTransport, OpenOptions)} to get a drive checked and prepared as PBS does.
 * A drive built with the constructor starts in variable-block mode as far as this object is
 * concerned; call {@link #setBlockSize(int)} (or {@link #settings()}, which adopts the drive's
 * block size) once to make both agree (a drive left in fixed mode by another program rejects
 * variable-mode READ and WRITE). Variable-mode reads are sent with SILI
 * clear by default so every short block reports its exact length; see {@link
 * #setSuppressIncorrectLength(boolean)}.
 *
 * <p>Thread-safe: every operation holds this object's lock. Closing the drive closes the
 * transport.
 */
public final class ScsiTapeDrive implements TapeDrive {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);

  /** How often {@link #waitUntilReady(Duration)} polls. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  /** MODE SENSE page code for all pages. */
  private static final int ALL_PAGES = 0x3F;
  /** How long a long ERASE may run (polled): a full LTO-9 pass takes most of a day. */
  public static final Duration LONG_ERASE_TIMEOUT = Duration.ofHours(24);
  /** How long an LTO-9 FORMAT MEDIUM (media optimization) may run (polled). */
  public static final Duration FORMAT_TIMEOUT = Duration.ofHours(2);

  private static final int READ_6 = 0x08;
  private static final int WRITE_6 = 0x0A;
  /** Unit attentions queue up (reset, then medium change, then mode change); give up after this many in a row. */
  private static final int MAX_UNIT_ATTENTIONS = 8;
  /** Bytes per MAM "MiB" counter unit (0220h, 0221h), as PBS converts them. */
  private static final long MIB = 1L << 20;

  /**
   * NOT READY reasons that pass by themselves, so {@link #waitUntilReady(Duration)} keeps polling:
   * the cartridge is threading or calibrating (04/00 is what LTO drives report while loading), or
   * a format, self-test or security session will end. "Initializing command required" (04/02, call
   * load()) and "manual intervention required" (04/03) are not among them.
   */
  private static final Set<AdditionalSense> TRANSIENT_NOT_READY = Set.of(
      AdditionalSense.LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE,
      AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SELF_TEST_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SECURITY_SESSION_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SA_CREATION_IN_PROGRESS);

  /** NOT READY reasons that mean the drive is empty. */
  private static final Set<AdditionalSense> NO_MEDIUM = Set.of(
      AdditionalSense.MEDIUM_NOT_PRESENT,
      AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_CLOSED,
      AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_OPEN,
      AdditionalSense.MEDIUM_NOT_PRESENT_LOADABLE,
      AdditionalSense.MEDIUM_NOT_PRESENT_MEDIUM_AUXILIARY_MEMORY_ACCESSIBLE);

  /** DATA PROTECT reasons that are the cartridge's write protection (tab, hardware or software). */
  private static final Set<AdditionalSense> WRITE_PROTECT = Set.of(
      AdditionalSense.WRITE_PROTECTED,
      AdditionalSense.HARDWARE_WRITE_PROTECTED,
      AdditionalSense.LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED);

  /** Sense that means the cartridge memory cannot be read now: status() leaves MAM fields empty. */
  private static final Set<AdditionalSense> MAM_UNREADABLE = Set.of(
      AdditionalSense.LOGICAL_UNIT_NOT_READY_AUXILIARY_MEMORY_NOT_ACCESSIBLE,
      AdditionalSense.MEDIUM_AUXILIARY_MEMORY_NOT_ACCESSIBLE,
      AdditionalSense.AUXILIARY_MEMORY_READ_ERROR);

  private final ScsiTransport transport;
  /** {@link #transport} with unit attentions consumed: what the codec helpers are given. */
  private final ScsiTransport attentive;
  private final ModePageAccess modes;
  private final Clock clock;
  private final Sleeper sleeper;
  private final List<SenseData> unitAttentions = new ArrayList<>();
  private DriveIdentity identity;

  private int blockSize;
  private boolean suppressIncorrectLength;
  private boolean shortPositionOnly;
  private Long locateOffset;

  /** A drive over {@code transport} using the system clock and {@link Thread#sleep}. */
  public ScsiTapeDrive(ScsiTransport transport) {
    this(transport, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /**
   * A drive over {@code transport} whose polling loops read {@code clock} and wait with {@code
   * sleeper}, so tests can run them without waiting.
   */
  public ScsiTapeDrive(ScsiTransport transport, Clock clock, Sleeper sleeper) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.attentive = new AttentionConsumingTransport();
    this.modes = new ModePageAccess(attentive);
  }

  /**
   * How {@link #open(ScsiTransport, OpenOptions)} prepares a drive.
   *
   * @param readyTimeout how long to wait for the drive to become ready ({@link
   *     #waitUntilReady(Duration)}); {@link Duration#ZERO} does not wait, so a drive without a
   *     cartridge opens too
   * @param applyDefaults set {@link DriveOptions#DEFAULTS} (compression on, variable blocks,
   *     buffered) after waiting
   */
  public record OpenOptions(Duration readyTimeout, boolean applyDefaults) {
    /** Only the identity check and clearing pending sense: works with an empty drive. */
    public static final OpenOptions CHECK_ONLY = new OpenOptions(Duration.ZERO, false);
    /** What PBS's open_lto_drive does: wait up to 10 minutes for the cartridge, then set the defaults. */
    public static final OpenOptions READY_WITH_DEFAULTS = new OpenOptions(Duration.ofMinutes(10), true);

    public OpenOptions {
      if (readyTimeout.isNegative()) {
        throw new IllegalArgumentException("ready timeout must not be negative: " + readyTimeout);
      }
    }
  }

  /** {@link #open(ScsiTransport, OpenOptions)} with {@link OpenOptions#CHECK_ONLY}. */
  public static ScsiTapeDrive open(ScsiTransport transport) throws IOException {
    return open(transport, OpenOptions.CHECK_ONLY);
  }

  /** {@link #open(ScsiTransport, OpenOptions, Clock, Sleeper)} with the system clock and sleep. */
  public static ScsiTapeDrive open(ScsiTransport transport, OpenOptions options) throws IOException {
    return open(transport, options, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /**
   * Opens a tape drive the way PBS's open_lto_drive does once the device node is open:
   *
   * <ol>
   *   <li>INQUIRY: the device must be a tape drive (peripheral device type 01h, qualifier 0);
   *       anything else fails with a {@link TapeDriveException} naming vendor, product and type.
   *       The identity (with the VPD 80h serial number) is remembered for {@link #identity()}.
   *   <li>REQUEST SENSE until nothing is pending: unit attentions (cartridge changed, reset) are
   *       kept for {@link #takeUnitAttentions()}; a deferred error left by an earlier user of the
   *       drive is logged as a warning and cleared, since it belongs to that user's writes.
   *   <li>{@link #waitUntilReady(Duration)} when {@code options.readyTimeout()} is not zero.
   *   <li>{@link #setOptions(DriveOptions)} with {@link DriveOptions#DEFAULTS} when asked.
   * </ol>
   *
   * <p>The returned drive owns {@code transport}. If opening fails, {@code transport} is closed
   * before the exception propagates.
   */
  public static ScsiTapeDrive open(ScsiTransport transport, OpenOptions options, Clock clock, Sleeper sleeper)
      throws IOException {
    Objects.requireNonNull(options, "options");
    ScsiTapeDrive drive = new ScsiTapeDrive(transport, clock, sleeper);
    try {
      drive.prepare(options);
      return drive;
    } catch (IOException | RuntimeException e) {
      try {
        transport.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private synchronized void prepare(OpenOptions options) throws IOException {
    StandardInquiry inquiry = inquiry();
    if (inquiry.peripheralQualifier() != 0 || inquiry.deviceType() != PeripheralDeviceType.SEQUENTIAL_ACCESS) {
      throw new TapeDriveException(deviceName(), String.format(
          "%s %s is a %s (peripheral device type %02Xh, qualifier %d), not a tape drive; open the drive's own"
              + " SCSI generic node", inquiry.vendor(), inquiry.product(), inquiry.deviceType().text(),
          inquiry.deviceTypeCode(), inquiry.peripheralQualifier()));
    }
    identity = new DriveIdentity(inquiry.vendor(), inquiry.product(), inquiry.revision(), readSerialNumber());
    clearPendingSense();
    if (!options.readyTimeout().isZero()) {
      waitUntilReady(options.readyTimeout());
    }
    if (options.applyDefaults()) {
      setOptions(DriveOptions.DEFAULTS);
    }
  }

  /** REQUEST SENSE until no unit attention or deferred error is pending (at most {@link #MAX_UNIT_ATTENTIONS}). */
  private void clearPendingSense() throws ScsiException {
    ScsiCommand cmd = SpcCommands.requestSense(SpcCommands.SENSE_ALLOCATION_LENGTH, false);
    for (int i = 0; i < MAX_UNIT_ATTENTIONS; i++) {
      Optional<SenseData> pending = SenseData.tryParse(dataIn(cmd));
      if (pending.isEmpty()) {
        return; // nothing, or nothing recognisable as sense data: no pending condition to clear
      }
      SenseData s = pending.get();
      if (s.isDeferred()) {
        LOG.warn("{}: cleared a deferred error left from before this drive was opened: {}", deviceName(),
            s.summary());
      } else if (s.key() == SenseKey.UNIT_ATTENTION) {
        LOG.info("{}: pending unit attention: {}", deviceName(), s.summary());
        unitAttentions.add(s);
      } else {
        return;
      }
    }
  }

  @Override
  public String deviceName() {
    return transport.deviceName();
  }

  /**
   * Sets SILI on variable-mode reads: the drive then completes reads of short blocks with GOOD
   * status and the length comes from the transport's residue. Off by default.
   */
  public synchronized void setSuppressIncorrectLength(boolean sili) {
    this.suppressIncorrectLength = sili;
  }

  @Override
  public synchronized void waitUntilReady(Duration timeout) throws IOException {
    Instant deadline = clock.instant().plus(timeout);
    ScsiCommand tur = SpcCommands.testUnitReady();
    while (true) {
      ScsiResult r = exchange(tur, null);
      if (r.isGood()) {
        return;
      }
      if (!worthWaiting(r)) {
        throw failure(tur, r);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new ScsiCommandException(deviceName(), tur.name(), r,
            "still not ready after " + timeout.toSeconds() + " s; check the drive's display and logs");
      }
      try {
        sleeper.sleep(POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TapeDriveException(deviceName(),
            "interrupted while polling TEST UNIT READY for the drive to become ready");
      }
    }
  }

  /** BUSY, or NOT READY for a reason that passes by itself (becoming ready, operation in progress). */
  private static boolean worthWaiting(ScsiResult r) {
    if (r.scsiStatus() == ScsiStatus.BUSY) {
      return true;
    }
    return r.senseData().map(ScsiTapeDrive::isTransientNotReady).orElse(false);
  }

  private static boolean isTransientNotReady(SenseData s) {
    SenseCategory c = SenseCategory.of(s);
    return c == SenseCategory.BECOMING_READY
        || (c == SenseCategory.NOT_READY && TRANSIENT_NOT_READY.contains(s.additionalSense()));
  }

  @Override
  public synchronized ReadResult read(ByteBuffer buffer) throws IOException {
    int requested = buffer.remaining();
    ScsiCommand cmd = blockSize == 0
        ? SscCommands.readVariable(requested, suppressIncorrectLength)
        : SscCommands.readFixed(blocksIn(requested, "read"), blockSize);
    ScsiResult r = exchange(cmd, buffer);
    ReadResult result = classifyRead(cmd, r, requested);
    buffer.position(buffer.position() + result.length());
    return result;
  }

  private ReadResult classifyRead(ScsiCommand cmd, ScsiResult r, int requested) throws ScsiException {
    if (r.isGood()) {
      return dataRead(r.transferred(), requested);
    }
    SenseData s = senseOf(cmd, r);
    if (s.key() == SenseKey.BLANK_CHECK) {
      return new ReadResult(ReadResult.Kind.END_OF_DATA, bytesBeforeMark(s, r, requested), 0);
    }
    if (!isSuccessKey(s)) {
      throw failure(cmd, r);
    }
    if (isFilemark(s)) {
      return new ReadResult(ReadResult.Kind.FILEMARK, bytesBeforeMark(s, r, requested), 0);
    }
    if (s.ili()) {
      if (blockSize != 0) {
        throw failure(cmd, r, "a block on tape is not " + blockSize
            + " bytes long; read it in variable-block mode (setBlockSize(0))");
      }
      long residue = s.signedInformation().orElse(r.residue());
      if (residue < 0) {
        return new ReadResult(ReadResult.Kind.OVERLENGTH_BLOCK, requested, requested - residue);
      }
      return dataRead((int) Math.max(0, requested - residue), requested);
    }
    return dataRead(r.transferred(), requested);
  }

  private ReadResult dataRead(int length, int requested) {
    boolean whole = blockSize != 0 || length == requested;
    return new ReadResult(whole ? ReadResult.Kind.DATA : ReadResult.Kind.SHORT_BLOCK, length, length);
  }

  /** Bytes of whole blocks read before a filemark or end of data: none in variable mode. */
  private int bytesBeforeMark(SenseData s, ScsiResult r, int requested) {
    if (blockSize == 0) {
      return 0;
    }
    int blocks = requested / blockSize;
    OptionalLong missing = s.signedInformation();
    long read = missing.isPresent() ? blocks - missing.getAsLong() : r.transferred() / blockSize;
    return (int) Math.max(0, Math.min(blocks, read)) * blockSize;
  }

  @Override
  public synchronized WriteResult write(ByteBuffer buffer) throws IOException {
    int length = buffer.remaining();
    ScsiCommand cmd = blockSize == 0
        ? SscCommands.writeVariable(length)
        : SscCommands.writeFixed(blocksIn(length, "write"), blockSize);
    WriteResult result = classifyWrite(cmd, exchange(cmd, buffer));
    buffer.position(buffer.position() + length);
    return result;
  }

  @Override
  public synchronized WriteResult writeFilemarks(int count, boolean immediate) throws IOException {
    ScsiCommand cmd = SscCommands.writeFilemarks(count, immediate, false);
    return classifyWrite(cmd, exchange(cmd, null));
  }

  private WriteResult classifyWrite(ScsiCommand cmd, ScsiResult r) throws ScsiException {
    if (r.isGood()) {
      return WriteResult.OK;
    }
    SenseData s = senseOf(cmd, r);
    if (!isSuccessKey(s)) {
      throw failure(cmd, r); // VOLUME OVERFLOW included: nothing was written
    }
    if (!isEarlyWarning(s)) {
      return WriteResult.OK;
    }
    long residue = s.signedInformation().orElse(0);
    if (residue != 0) {
      throw failure(cmd, r, "the drive stopped at early warning with " + residue
          + " not written; it is probably in unbuffered mode");
    }
    return WriteResult.EARLY_WARNING;
  }

  @Override
  public synchronized SpaceResult spaceBlocks(long count) throws IOException {
    return space(SpaceCode.BLOCKS, count);
  }

  @Override
  public synchronized SpaceResult spaceFilemarks(long count) throws IOException {
    return space(SpaceCode.FILEMARKS, count);
  }

  @Override
  public synchronized SpaceResult spaceToEndOfData() throws IOException {
    return space(SpaceCode.END_OF_DATA, 0);
  }

  private SpaceResult space(SpaceCode code, long count) throws IOException {
    ScsiCommand cmd = count >= SscCommands.MIN_SPACE6_COUNT && count <= SscCommands.MAX_SPACE6_COUNT
        ? SscCommands.space6(code, (int) count)
        : SscCommands.space16(code, count);
    ScsiResult r = exchange(cmd, null);
    if (r.isGood()) {
      return SpaceResult.COMPLETED;
    }
    SenseData s = senseOf(cmd, r);
    OptionalLong info = s.signedInformation();
    OptionalLong residual = info.isPresent() ? OptionalLong.of(Math.abs(info.getAsLong())) : OptionalLong.empty();
    AdditionalSense a = s.additionalSense();
    if (s.key() == SenseKey.BLANK_CHECK || isTgtSpaceEndOfData(s)) {
      return new SpaceResult(SpaceResult.Stop.END_OF_DATA, residual);
    }
    if (a.equals(AdditionalSense.BEGINNING_OF_PARTITION_MEDIUM_DETECTED)) {
      return new SpaceResult(SpaceResult.Stop.BEGINNING_OF_PARTITION, residual);
    }
    if (a.equals(AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED) && s.eom()) {
      return new SpaceResult(SpaceResult.Stop.END_OF_PARTITION, residual);
    }
    if (isSuccessKey(s) && isFilemark(s)) {
      return new SpaceResult(SpaceResult.Stop.FILEMARK, residual);
    }
    if (s.key() == SenseKey.RECOVERED_ERROR) {
      return SpaceResult.COMPLETED;
    }
    throw failure(cmd, r);
  }

  @Override
  public synchronized void locate(long logicalObject) throws IOException {
    if (logicalObject < 0) {
      throw new IllegalArgumentException("logical object number must not be negative: " + logicalObject);
    }
    run(logicalObject <= 0xFFFF_FFFFL
        ? SscCommands.locate10(logicalObject, 0, false, false, false)
        : SscCommands.locate16(LocateDestination.LOGICAL_OBJECT, logicalObject, 0, false, false, false));
  }

  /**
   * {@inheritDoc}
   *
   * <p>File 0 is a REWIND, file 1 a REWIND and one forward filemark (LOCATE to file 0 is not
   * portable). Beyond that: LOCATE(16) to logical file {@code n - 1 + offset}, SPACE one filemark
   * forward, and READ POSITION to check the file number. On the first call the offset is 0 and,
   * if the drive landed elsewhere, set to the difference (IBM and HP drives differ by one here);
   * later calls use it directly and fail if the drive still lands elsewhere. Drives that report no
   * file numbers get REWIND plus SPACE {@code n} filemarks.
   */
  @Override
  public synchronized void locateFile(long fileNumber) throws IOException {
    if (fileNumber < 0) {
      throw new IllegalArgumentException("file number must not be negative: " + fileNumber);
    }
    if (fileNumber <= 1 || shortPositionOnly) {
      rewindAndSpaceFiles(fileNumber);
      return;
    }
    long target = fileNumber - 1;
    if (locateOffset == null) {
      OptionalLong landed = locateFileAndStep(target, fileNumber);
      if (landed.isEmpty()) {
        rewindAndSpaceFiles(fileNumber);
        return;
      }
      locateOffset = fileNumber - landed.getAsLong();
      if (locateOffset == 0) {
        return;
      }
      LOG.info("{}: LOCATE to a file lands {} file(s) off; compensating from now on", deviceName(), locateOffset);
    }
    long adjusted = target + locateOffset;
    if (adjusted < 1) {
      rewindAndSpaceFiles(fileNumber);
      return;
    }
    OptionalLong landed = locateFileAndStep(adjusted, fileNumber);
    if (landed.isPresent() && landed.getAsLong() != fileNumber) {
      throw new TapeDriveException(deviceName(), "LOCATE to file " + fileNumber + " landed in file "
          + landed.getAsLong() + " even with the calibrated offset " + locateOffset
          + "; the drive positions inconsistently, use rewind and spaceFilemarks instead");
    }
    if (landed.isEmpty()) {
      rewindAndSpaceFiles(fileNumber);
    }
  }

  /** LOCATE(16) to logical file {@code identifier}, one filemark forward; the file number reached, if known. */
  private OptionalLong locateFileAndStep(long identifier, long wanted) throws IOException {
    ScsiCommand locate = SscCommands.locate16(LocateDestination.LOGICAL_FILE, identifier, 0, false, false, false);
    ScsiResult r = exchange(locate, null);
    if (r.senseData().map(s -> s.key() == SenseKey.BLANK_CHECK).orElse(false)) {
      throw new TapeDriveException(deviceName(), "file " + wanted + " does not exist on this tape: LOCATE(16) to"
          + " logical file " + identifier + " reached end of data");
    }
    requireSuccess(locate, r);
    requireCompleted(space(SpaceCode.FILEMARKS, 1), "file " + wanted + " does not exist on this tape: spacing");
    return position().fileNumber();
  }

  private void rewindAndSpaceFiles(long fileNumber) throws IOException {
    rewind();
    if (fileNumber > 0) {
      requireCompleted(space(SpaceCode.FILEMARKS, fileNumber),
          "file " + fileNumber + " does not exist on this tape: spacing");
    }
  }

  /** Throws unless the SPACE completed; the message is {@code what} + " ... stopped at ...". */
  private void requireCompleted(SpaceResult r, String what) throws TapeDriveException {
    if (!r.completed()) {
      throw new TapeDriveException(deviceName(), what + " (SPACE over filemarks) stopped at "
          + r.stop().name().toLowerCase().replace('_', ' ')
          + r.residual().stream().mapToObj(n -> ", " + n + " not spaced over").findFirst().orElse(""));
    }
  }

  @Override
  public synchronized EndOfDataResult moveToEndOfData(boolean repairMissingFilemark) throws IOException {
    space(SpaceCode.END_OF_DATA, 0);
    TapePosition atEnd = position();
    if (!repairMissingFilemark || atEnd.logicalObject() == 0) {
      return new EndOfDataResult(atEnd, false);
    }
    SpaceResult back = space(SpaceCode.BLOCKS, -1);
    switch (back.stop()) {
      case FILEMARK:
        // Stopped before the filemark that closes the last file: step back over it to EOD.
        requireCompleted(space(SpaceCode.FILEMARKS, 1), "returning to end of data: spacing");
        return new EndOfDataResult(position(), false);
      case COMPLETED:
        // The last object is a data block: the writer never closed its file.
        SpaceResult forward = space(SpaceCode.BLOCKS, 1);
        if (!forward.completed()) {
          throw new TapeDriveException(deviceName(), "could not return to end of data after checking the last"
              + " filemark (stopped at " + forward.stop() + "); nothing was written");
        }
        writeFilemarks(1, false);
        LOG.warn("{}: the last file was not closed by a filemark; wrote one at end of data", deviceName());
        return new EndOfDataResult(position(), true);
      default:
        throw new TapeDriveException(deviceName(), "checking the filemark before end of data stopped at "
            + back.stop() + " although READ POSITION reported object " + atEnd.logicalObject());
    }
  }

  @Override
  public synchronized void moveToLastFile() throws IOException {
    EndOfDataResult end = moveToEndOfData(true);
    if (end.position().logicalObject() == 0) {
      throw new TapeDriveException(deviceName(), "the tape is blank: there is no last file");
    }
    SpaceResult back = space(SpaceCode.FILEMARKS, -2);
    if (back.stop() == SpaceResult.Stop.BEGINNING_OF_PARTITION) {
      return; // only one file: it starts at BOP, where we are
    }
    requireCompleted(back, "moving to the last file: spacing back");
    requireCompleted(space(SpaceCode.FILEMARKS, 1), "moving to the last file: spacing forward");
  }

  @Override
  public synchronized TapePosition position() throws IOException {
    if (!shortPositionOnly) {
      ScsiCommand cmd = SscCommands.readPosition(ReadPositionForm.LONG);
      ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
      ScsiResult r = exchange(cmd, buffer);
      if (r.isGood()) {
        LongPosition p = decode(cmd, received(buffer, r), LongPosition::decode);
        if (p.objectNumberUnknown()) {
          throw unknownPosition();
        }
        return new TapePosition(p.partition(), p.logicalObjectNumber(),
            p.markPositionUnknown() ? OptionalLong.empty() : OptionalLong.of(p.logicalFileIdentifier()),
            p.beginningOfPartition(), p.endOfPartition(), p.beyondProgrammableEarlyWarning());
      }
      if (!isIllegalRequest(r)) {
        throw failure(cmd, r);
      }
      LOG.info("{}: READ POSITION long form rejected; using the short form (no file numbers)", deviceName());
      shortPositionOnly = true;
    }
    ScsiCommand cmd = SscCommands.readPosition(ReadPositionForm.SHORT);
    ShortPosition p = decode(cmd, dataIn(cmd), ShortPosition::decode);
    PositionFlags f = p.flags();
    if (f.locationUnknown()) {
      throw unknownPosition();
    }
    return new TapePosition(p.partition(), p.firstLogicalObject(), OptionalLong.empty(),
        f.beginningOfPartition(), f.endOfPartition(), f.beyondProgrammableEarlyWarning());
  }

  private TapeDriveException unknownPosition() {
    return new TapeDriveException(deviceName(),
        "READ POSITION: the drive does not know its position; rewind or locate to establish it");
  }

  @Override
  public synchronized void rewind() throws IOException {
    run(SscCommands.rewind(false));
  }

  @Override
  public synchronized void load() throws IOException {
    run(SscCommands.loadUnload(true, false, false, false, false));
  }

  @Override
  public synchronized void unload() throws IOException {
    run(SscCommands.loadUnload(false, false, false, false, false));
  }

  @Override
  public synchronized void erase(boolean longErase) throws IOException {
    if (longErase) {
      run(SscCommands.erase(true, true));
      waitUntilReady(LONG_ERASE_TIMEOUT);
    } else {
      run(SscCommands.erase(false, false));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the cartridge's density and WORM flag from mode page 1Dh first (drives without it,
   * LTO-3 and older, count as not WORM). A blank WORM cartridge is left as it is. Leaves the tape
   * at BOP.
   */
  @Override
  public synchronized void format(boolean fast) throws IOException {
    MediumSettings medium = senseMediumSettings();
    if (medium.worm()) {
      space(SpaceCode.END_OF_DATA, 0);
      long objects = position().logicalObject();
      rewind();
      if (objects != 0) {
        throw new TapeDriveException(deviceName(), "MODE SENSE page 1Dh reports a WORM cartridge, holding "
            + objects + " blocks and filemarks; WORM media can never be formatted or erased");
      }
      return;
    }
    rewind();
    Optional<LtoDensity> generation = LtoDensity.of(medium.density());
    boolean formatCapable = generation.isPresent() && generation.get().atLeast(LtoDensity.LTO_5);
    boolean lto9 = generation.isPresent() && generation.get().atLeast(LtoDensity.LTO_9);
    if (formatCapable && !lto9) {
      run(SscCommands.formatMedium(0, false, false, 0));
      if (!fast) {
        erase(true);
      }
    } else if (lto9 && !fast) {
      run(SscCommands.formatMedium(0, false, true, 0));
      waitUntilReady(FORMAT_TIMEOUT);
      erase(true);
    } else {
      erase(!fast);
    }
    rewind();
  }

  @Override
  public synchronized void setMediumRemovalPrevented(boolean prevented) throws IOException {
    run(SscCommands.preventAllowMediumRemoval(prevented ? 1 : 0));
  }

  @Override
  public synchronized void setBlockSize(int newBlockSize) throws IOException {
    setOptions(DriveOptions.NONE.withBlockSize(newBlockSize));
  }

  @Override
  public synchronized void setCompression(boolean on) throws IOException {
    setOptions(DriveOptions.NONE.withCompression(on));
  }

  @Override
  public synchronized void setBuffered(boolean on) throws IOException {
    setOptions(DriveOptions.NONE.withBuffered(on));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the current mode parameters with their block descriptor (page 0Fh when compression
   * changes, else the settings pages, see {@link #settings()}) and sends MODE SELECT with the
   * changed header and block descriptor, plus page 0Fh only when compression changes. Density,
   * speed and every other page stay as they were. MODE SENSE/SELECT(10) are used, or (6) on drives
   * that reject the 10-byte form.
   */
  @Override
  public synchronized void setOptions(DriveOptions options) throws IOException {
    if (options.isEmpty()) {
      return;
    }
    ModeParameters current = options.compression().isPresent()
        ? sense(DataCompressionPage.PAGE_CODE)
        : senseSettings();
    List<ModePage> pages = new ArrayList<>();
    if (options.compression().isPresent()) {
      DataCompressionPage page = decode("MODE SENSE", () -> DataCompressionPage.from(current));
      if (options.compression().get() && !page.dataCompressionCapable()) {
        throw new TapeDriveException(deviceName(), "the drive reports no data compression capability (DCC=0 in"
            + " mode page 0Fh); compress in software instead");
      }
      pages.add(page.withDataCompressionEnabled(options.compression().get()).toModePage());
    }
    Optional<BlockDescriptor> read = current.blockDescriptor();
    List<BlockDescriptor> descriptors = List.of();
    if (read.isPresent() || options.blockSize().isPresent()) {
      // Short form, number of blocks 0 (the whole medium): what a tape takes back in MODE SELECT.
      int length = options.blockSize().isPresent() ? options.blockSize().getAsInt() : tapeBlockLength(read.get());
      descriptors = List.of(new BlockDescriptor(read.map(BlockDescriptor::densityCode).orElse(0), 0, length));
    }
    ModeParameters changed = new ModeParameters(current.form(), 0, current.mediumType(),
        current.deviceSpecificParameter(), false, descriptors, pages, false);
    if (options.buffered().isPresent()) {
      changed = changed.withBufferedMode(options.buffered().get() ? 1 : 0);
    }
    ModeParameters selected = changed;
    codec(() -> {
      modes.select(selected, false);
      return null;
    });
    if (options.blockSize().isPresent()) {
      blockSize = options.blockSize().getAsInt();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>MODE SENSE of page 0Fh with the block descriptor; a drive that rejects page 0Fh is asked for
   * page 10h (device configuration), one that sends it malformed (Linux scsi_debug) for all pages
   * (3Fh); both report no compression setting. The block size read here
   * becomes the one {@link #read(ByteBuffer)} and {@link #write(ByteBuffer)} use, so this object
   * agrees with the drive afterwards.
   */
  @Override
  public synchronized DriveSettings settings() throws ScsiException {
    ModeParameters p = senseSettings();
    Optional<Boolean> compression = p.page(DataCompressionPage.PAGE_CODE).isPresent()
        ? Optional.of(decode("MODE SENSE", () -> DataCompressionPage.from(p)).dataCompressionEnabled())
        : Optional.empty();
    Optional<BlockDescriptor> descriptor = p.blockDescriptor();
    if (descriptor.isPresent()) {
      blockSize = tapeBlockLength(descriptor.get());
    }
    return new DriveSettings(blockSize, compression, p.bufferedMode(),
        descriptor.map(BlockDescriptor::densityCode).orElse(0), p.writeProtected());
  }

  @Override
  public synchronized int blockSize() {
    return blockSize;
  }

  @Override
  public synchronized BlockLimits blockLimits() throws IOException {
    return readDecoded(SscCommands.readBlockLimits(false), BlockLimits::decode);
  }

  /** {@inheritDoc} REPORT DENSITY SUPPORT with an 8 KiB allocation, as PBS asks. */
  @Override
  public synchronized List<DensitySupport.DensityDescriptor> densitySupport(boolean mountedMedium)
      throws ScsiException {
    return readDecoded(SscCommands.reportDensitySupport(mountedMedium, false, 8192), DensitySupport::decode);
  }

  /** The whole standard INQUIRY data, read now (not remembered). */
  public synchronized StandardInquiry inquiry() throws ScsiException {
    return codec(() -> FullReply.standardInquiry(attentive));
  }

  @Override
  public synchronized DriveIdentity identity() throws ScsiException {
    if (identity == null) {
      StandardInquiry inquiry = inquiry();
      identity = new DriveIdentity(inquiry.vendor(), inquiry.product(), inquiry.revision(), readSerialNumber());
    }
    return identity;
  }

  /** VPD page 80h; empty when the drive rejects it. */
  private Optional<String> readSerialNumber() throws ScsiException {
    return unlessUnsupported(() -> SerialNumberVpd.parseUnitSerialNumber(
        FullReply.vpdPage(attentive, Vpd.UNIT_SERIAL_NUMBER)).serialNumber());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends, in this order: INQUIRY and VPD 80h the first time only; TEST UNIT READY; MODE SENSE
   * (see {@link #settings()}); LOG SENSE 11h. Unless the drive is busy: LOG SENSE 12h, and with a
   * ready cartridge READ POSITION. With a ready cartridge: READ ATTRIBUTE. Unless busy and with a
   * ready cartridge: LOG SENSE 17h. A page or attribute list the drive rejects with ILLEGAL
   * REQUEST, an unreadable cartridge memory, a position the drive does not know, or a volume
   * statistics page not marked valid leave their fields empty; other failures propagate.
   */
  @Override
  public synchronized DriveStatus status() throws IOException {
    DriveIdentity id = identity();
    ScsiCommand tur = SpcCommands.testUnitReady();
    ScsiResult r = exchange(tur, null);
    boolean ready = r.isGood();
    boolean present;
    if (ready) {
      present = true;
    } else if (isNoMedium(r)) {
      present = false;
    } else if (isKey(r, SenseKey.NOT_READY)) {
      present = true; // loading, or in the drive but not threaded
    } else {
      throw failure(tur, r);
    }
    DriveSettings settings = settings();
    Optional<DeviceActivity> activity;
    boolean busy;
    try {
      activity = unlessUnsupported(this::deviceActivity).flatMap(a -> a);
      busy = activity.map(DeviceActivity::isMediumMoving).orElse(false);
    } catch (ScsiTransportException e) {
      if (e.kind() != ScsiTransportException.Kind.TIMEOUT) {
        throw e;
      }
      LOG.info("{}: no answer to the device activity page within {}; skipping the slow status parts",
          deviceName(), DtDeviceStatusPage.command().timeout());
      activity = Optional.empty();
      busy = true;
    }
    Optional<Set<TapeAlertFlag>> alerts = busy ? Optional.empty() : unlessUnsupported(this::tapeAlertFlags);
    Optional<TapePosition> position = ready && !busy ? knownPosition() : Optional.empty();
    Optional<AttributeList> mam = ready ? readStatusAttributes() : Optional.empty();
    Optional<VolumeStatisticsPage> stats = ready && !busy
        ? unlessUnsupported(this::volumeStatistics).filter(VolumeStatisticsPage::pageValid)
        : Optional.empty();
    OptionalLong passes = OptionalLong.empty();
    OptionalLong mounts = OptionalLong.empty();
    OptionalDouble wearout = OptionalDouble.empty();
    if (stats.isPresent()) {
      VolumeStatisticsPage v = stats.get();
      OptionalLong bom = decode("LOG SENSE", () -> v.value(VolumeStatistic.BEGINNING_OF_MEDIUM_PASSES));
      OptionalLong mot = decode("LOG SENSE", () -> v.value(VolumeStatistic.MIDDLE_OF_MEDIUM_PASSES));
      if (bom.isPresent() || mot.isPresent()) {
        passes = OptionalLong.of(Math.max(bom.orElse(0), mot.orElse(0)));
      }
      mounts = decode("LOG SENSE", () -> v.value(VolumeStatistic.THREAD_COUNT));
      wearout = decode("LOG SENSE", v::wearout);
    }
    return new DriveStatus(id, present, ready, settings, activity, busy, position, alerts,
        mam.flatMap(this::manufactured),
        mam.map(m -> mebibytes(m, MamAttribute.TOTAL_MIB_WRITTEN_IN_MEDIUM_LIFE)).orElse(OptionalLong.empty()),
        mam.map(m -> mebibytes(m, MamAttribute.TOTAL_MIB_READ_IN_MEDIUM_LIFE)).orElse(OptionalLong.empty()),
        mounts, passes, wearout);
  }

  private Optional<TapePosition> knownPosition() throws IOException {
    try {
      return Optional.of(position());
    } catch (TapeDriveException e) {
      LOG.debug("{}: status without position: {}", deviceName(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The cartridge memory for status(): empty when the drive has none or cannot read it now. */
  private Optional<AttributeList> readStatusAttributes() throws ScsiException {
    try {
      return unlessUnsupported(this::readAttributes);
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> MAM_UNREADABLE.contains(s.additionalSense())).orElse(false)) {
        LOG.info("{}: status without cartridge memory: {}", deviceName(), e.getMessage());
        return Optional.empty();
      }
      throw e;
    }
  }

  /** MAM 0406h as a date; empty when absent or not a valid YYYYMMDD (logged). */
  private Optional<LocalDate> manufactured(AttributeList mam) {
    Optional<Attribute> a = mam.get(MamAttribute.MEDIUM_MANUFACTURE_DATE);
    try {
      return a.isPresent() ? Optional.of(a.get().date()) : Optional.empty();
    } catch (MalformedResponseException e) {
      LOG.info("{}: ignoring the cartridge's manufacture date: {}", deviceName(), e.getMessage());
      return Optional.empty();
    }
  }

  /** A MiB counter of the cartridge memory in bytes; empty when absent or not a number (logged). */
  private OptionalLong mebibytes(AttributeList mam, MamAttribute counter) {
    Optional<Attribute> a = mam.get(counter);
    try {
      return a.isPresent() ? OptionalLong.of(Math.multiplyExact(a.get().number(), MIB)) : OptionalLong.empty();
    } catch (MalformedResponseException | ArithmeticException e) {
      LOG.info("{}: ignoring cartridge memory attribute {}: {}", deviceName(), counter, e.getMessage());
      return OptionalLong.empty();
    }
  }

  @Override
  public synchronized DataEncryptionCapabilities encryptionCapabilities() throws ScsiException {
    return readDecoded(DataEncryptionCapabilities.command(), DataEncryptionCapabilities::parse);
  }

  @Override
  public synchronized DataEncryptionStatus encryptionStatus() throws ScsiException {
    return readDecoded(DataEncryptionStatus.command(), DataEncryptionStatus::parse);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the capabilities (page 0010h) for the first hardware AES-256-GCM algorithm with a
   * 32-byte key, sends the Set Data Encryption page (scope all I_T nexuses, ENCRYPT, MIXED) with
   * SECURITY PROTOCOL OUT 20h/0010h, then reads the status page and requires ENCRYPT with MIXED,
   * as PBS does.
   */
  @Override
  public synchronized void setEncryptionKey(byte[] key) throws IOException {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256-GCM key is 32 bytes, got " + key.length);
    }
    AlgorithmDescriptor aes = encryptionCapabilities().aes256Gcm().orElseThrow(() -> new TapeDriveException(
        deviceName(), "the drive offers no hardware AES-256-GCM with a 32-byte key; encrypt in software instead"));
    sendEncryptionPage(SetDataEncryption.setKey(aes.index(), key));
    requireEncryptionModes(true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends the Set Data Encryption page with DISABLE/DISABLE for the AES-256-GCM algorithm index
   * (the first algorithm if there is none), then requires the status page to report both off.
   */
  @Override
  public synchronized void clearEncryptionKey() throws IOException {
    Optional<DataEncryptionCapabilities> caps = unlessUnsupported(this::encryptionCapabilities);
    if (caps.isEmpty()) {
      LOG.debug("{}: no encryption support; nothing to clear", deviceName());
      return;
    }
    int index = caps.get().aes256Gcm()
        .or(() -> caps.get().algorithms().stream().findFirst())
        .map(AlgorithmDescriptor::index)
        .orElse(0);
    sendEncryptionPage(SetDataEncryption.disable(index));
    requireEncryptionModes(false);
  }

  /** Sends {@code page}, then wipes the encoded copy and the page's key whatever happens. */
  private void sendEncryptionPage(SetDataEncryption page) throws ScsiException {
    byte[] data = page.encode();
    try {
      codec(() -> SecurityProtocolCommands.setDataEncryption(page).writeData(attentive, data));
    } finally {
      Arrays.fill(data, (byte) 0);
      page.destroy();
    }
  }

  private void requireEncryptionModes(boolean on) throws IOException {
    DataEncryptionStatus status = encryptionStatus();
    boolean as = on
        ? status.isEncrypting() && status.decryptionMode() == DecryptionMode.MIXED
        : status.isOff();
    if (!as) {
      throw new TapeDriveException(deviceName(), "after " + (on ? "setting" : "clearing")
          + " the encryption key the drive reports encryption " + status.encryptionMode() + " and decryption "
          + status.decryptionMode() + ", not " + (on ? "ENCRYPT and MIXED" : "both DISABLE")
          + "; another host or a key manager may control this drive's encryption");
    }
  }

  @Override
  public synchronized AttributeList readAttributes() throws ScsiException {
    return readDecoded(AttributeCommands.readAttributeValues(0), AttributeList::parse);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One READ ATTRIBUTE starting at the smallest identifier asked for; the reply is filtered.
   */
  @Override
  public synchronized List<Attribute> readAttributes(int... ids) throws IOException {
    if (ids.length == 0) {
      throw new IllegalArgumentException("no attribute identifiers given; use readAttributes() for all");
    }
    TreeSet<Integer> wanted = new TreeSet<>();
    for (int id : ids) {
      wanted.add(Attribute.requireId(id));
    }
    AttributeList all = readDecoded(AttributeCommands.readAttributeValues(wanted.first()), AttributeList::parse);
    return all.attributes().stream().filter(a -> wanted.contains(a.id())).toList();
  }

  @Override
  public synchronized void writeAttributes(AttributeParameterList attributes) throws IOException {
    if (attributes.attributes().isEmpty()) {
      throw new IllegalArgumentException("no attributes to write");
    }
    byte[] data = attributes.encode();
    codec(() -> AttributeCommands.writeAttribute(attributes).writeData(attentive, data));
  }

  @Override
  public synchronized void clearAttributes(MamAttribute... attributes) throws IOException {
    AttributeParameterList list = new AttributeParameterList();
    for (MamAttribute a : attributes) {
      list.clear(a);
    }
    writeAttributes(list);
  }

  @Override
  public synchronized Set<TapeAlertFlag> tapeAlertFlags() throws ScsiException {
    return readDecoded(TapeAlertResponsePage.command(), TapeAlertResponsePage::parse).flags();
  }

  @Override
  public synchronized VolumeStatisticsPage volumeStatistics() throws ScsiException {
    return readDecoded(VolumeStatisticsPage.command(), VolumeStatisticsPage::parse);
  }

  @Override
  public synchronized Optional<DeviceActivity> deviceActivity() throws ScsiException {
    return readDecoded(DtDeviceStatusPage.command(), DtDeviceStatusPage::parse).activity();
  }

  @Override
  public synchronized List<SenseData> takeUnitAttentions() {
    List<SenseData> taken = List.copyOf(unitAttentions);
    unitAttentions.clear();
    return taken;
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }

  // ---- Mode parameters ----

  /** Density code and WORM flag of the mounted cartridge. */
  private record MediumSettings(int density, boolean worm) {}

  /**
   * Page 1Dh (Medium Configuration, WORMM) with the block descriptor (density). Drives without page
   * 1Dh (LTO-3 and older) are asked for the settings pages and reported as not WORM.
   */
  private MediumSettings senseMediumSettings() throws ScsiException {
    Optional<ModeParameters> p = unlessUnsupported(() -> sense(MediumConfigurationPage.PAGE_CODE));
    ModeParameters parameters = p.isPresent() ? p.get() : senseSettings();
    boolean worm = parameters.page(MediumConfigurationPage.PAGE_CODE).isPresent()
        && decode("MODE SENSE", () -> MediumConfigurationPage.from(parameters)).wormMode();
    return new MediumSettings(parameters.blockDescriptor().map(BlockDescriptor::densityCode).orElse(0), worm);
  }

  /** The block length of a MODE SENSE block descriptor, which for a tape fits 24 bits. */
  private int tapeBlockLength(BlockDescriptor d) throws MalformedResponseException {
    if (d.blockLength() > SscCommands.MAX_24_BIT) {
      throw new MalformedResponseException(deviceName(), "MODE SENSE: block length " + d.blockLength()
          + " is more than a tape block descriptor holds (24 bits)");
    }
    return (int) d.blockLength();
  }

  /** Page 0Fh (data compression), or page 10h (device configuration) on drives without page 0Fh. */
  private ModeParameters senseSettings() throws ScsiException {
    Optional<ModeParameters> p;
    try {
      p = unlessUnsupported(() -> sense(DataCompressionPage.PAGE_CODE));
    } catch (MalformedResponseException e) {
      // Quirk: Linux scsi_debug's tape (kernel 7.3) sends page 0Fh two bytes short of its page length
      // and has no page 10h; its all-pages reply leaves 0Fh out and carries the block descriptor.
      LOG.info("{}: ignoring a malformed data compression page; reading all pages instead ({})",
          deviceName(), e.getMessage());
      return sense(ALL_PAGES);
    }
    return p.isPresent() ? p.get() : sense(DeviceConfigurationPage.PAGE_CODE);
  }

  /** The current values of one page_0 mode page, with the block descriptor. */
  private ModeParameters sense(int pageCode) throws ScsiException {
    return codec(() -> modes.sense(pageCode, 0, ModePageControl.CURRENT));
  }

  // ---- Command plumbing ----

  /**
   * The transport as the codec helpers ({@link ModePageAccess}, {@link FullReply}, {@code
   * ScsiCommand.readData}) see it: a UNIT ATTENTION answer is recorded for {@link
   * #takeUnitAttentions()} and the command sent again (a unit attention means it was not
   * executed), at most {@link #MAX_UNIT_ATTENTIONS} times in a row. Called under the drive's lock.
   */
  private final class AttentionConsumingTransport implements ScsiTransport {
    @Override
    public String deviceName() {
      return transport.deviceName();
    }

    @Override
    public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
        throws ScsiTransportException {
      for (int attention = 0; ; attention++) {
        ScsiResult r = transport.execute(cdb, direction, data, timeout);
        Optional<SenseData> sense = r.senseData();
        if (r.scsiStatus() != ScsiStatus.CHECK_CONDITION || sense.isEmpty() || sense.get().isDeferred()
            || sense.get().key() != SenseKey.UNIT_ATTENTION || attention >= MAX_UNIT_ATTENTIONS) {
          return r;
        }
        LOG.info("{}: unit attention on opcode {}: {}", deviceName(), String.format("%02Xh", cdb[0] & 0xFF),
            sense.get().summary());
        unitAttentions.add(sense.get());
      }
    }

    /** The drive closes the real transport. */
    @Override
    public void close() {}
  }

  /**
   * Sends a command; consumes unit attentions (the command was not executed, so it is sent again)
   * and turns a deferred error into an exception. Every other outcome is returned.
   */
  private ScsiResult exchange(ScsiCommand cmd, ByteBuffer data) throws ScsiException {
    ScsiResult r = cmd.execute(attentive, data);
    if (r.scsiStatus() == ScsiStatus.CHECK_CONDITION && r.senseData().map(SenseData::isDeferred).orElse(false)) {
      throw new DeferredErrorException(deviceName(), cmd.name(), r);
    }
    return r;
  }

  /** Something a codec helper does over {@link #attentive}. */
  private interface CodecCall<T> {
    T call() throws ScsiException;
  }

  /**
   * Runs a codec helper; its failures become this drive's: deferred errors, no medium and volume
   * overflow get their own exception types, other sense gets the usual hint, and a malformed reply
   * names the device.
   */
  private <T> T codec(CodecCall<T> call) throws ScsiException {
    try {
      return call.call();
    } catch (DeferredErrorException | NoMediumException | VolumeOverflowException e) {
      throw e;
    } catch (ScsiCommandException e) {
      throw failure(e.command(), e.result(), false);
    } catch (MalformedResponseException e) {
      throw e.device() == null ? new MalformedResponseException(deviceName(), e.getMessage()) : e;
    }
  }

  /** Runs a data-in command and decodes its reply. */
  private <T> T readDecoded(ScsiCommand cmd, Decoder<T> decoder) throws ScsiException {
    byte[] reply = codec(() -> cmd.readData(attentive));
    return decode(cmd, reply, decoder);
  }

  /** {@code call}'s result, or empty when the drive answers ILLEGAL REQUEST (no such page or command). */
  private <T> Optional<T> unlessUnsupported(CodecCall<T> call) throws ScsiException {
    try {
      return Optional.of(call.call());
    } catch (ScsiCommandException e) {
      if (!isKey(e.result(), SenseKey.ILLEGAL_REQUEST)) {
        throw e;
      }
      LOG.debug("{}: not supported: {}", deviceName(), e.getMessage());
      return Optional.empty();
    }
  }

  private ScsiResult run(ScsiCommand cmd) throws ScsiException {
    return run(cmd, null);
  }

  /** Sends a command that must succeed (GOOD, or CHECK CONDITION with RECOVERED ERROR). */
  private ScsiResult run(ScsiCommand cmd, ByteBuffer data) throws ScsiException {
    return requireSuccess(cmd, exchange(cmd, data));
  }

  private ScsiResult requireSuccess(ScsiCommand cmd, ScsiResult r) throws ScsiCommandException {
    if (r.isGood() || r.senseData().map(s -> s.key() == SenseKey.RECOVERED_ERROR).orElse(false)) {
      return r;
    }
    throw failure(cmd, r);
  }

  private byte[] dataIn(ScsiCommand cmd) throws ScsiException {
    ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
    return received(buffer, run(cmd, buffer));
  }

  private static byte[] received(ByteBuffer buffer, ScsiResult r) {
    return Arrays.copyOf(buffer.array(), r.transferred());
  }

  private interface Decoder<T> {
    T decode(byte[] data) throws MalformedResponseException;
  }

  /** Decodes a reply; a malformed one is reported with the device and command named. */
  private <T> T decode(ScsiCommand cmd, byte[] data, Decoder<T> decoder) throws MalformedResponseException {
    return decode(cmd.name(), () -> decoder.decode(data));
  }

  private interface Decoding<T> {
    T get() throws MalformedResponseException;
  }

  /** Runs a decoding step of {@code command}'s reply; a malformed one is reported with the device named. */
  private <T> T decode(String command, Decoding<T> decoding) throws MalformedResponseException {
    try {
      return decoding.get();
    } catch (MalformedResponseException e) {
      throw new MalformedResponseException(deviceName(), command + ": " + e.getMessage());
    }
  }

  private int blocksIn(int bytes, String operation) {
    if (bytes % blockSize != 0) {
      throw new IllegalArgumentException("cannot " + operation + " " + bytes + " bytes in fixed-block mode: not a"
          + " multiple of the block size " + blockSize);
    }
    return bytes / blockSize;
  }

  /** The sense of a CHECK CONDITION, or the failure to report when there is none. */
  private SenseData senseOf(ScsiCommand cmd, ScsiResult r) throws ScsiCommandException {
    Optional<SenseData> s = r.senseData();
    if (r.scsiStatus() != ScsiStatus.CHECK_CONDITION || s.isEmpty()) {
      throw failure(cmd, r);
    }
    return s.get();
  }

  /**
   * Quirk of Linux tgt's virtual tape: SPACE that runs into end of data answers NO SENSE with
   * END-OF-DATA DETECTED (00/05) where SSC asks for BLANK CHECK. The ASC/ASCQ says the same thing.
   */
  private static boolean isTgtSpaceEndOfData(SenseData s) {
    return isSuccessKey(s) && s.additionalSense().equals(AdditionalSense.END_OF_DATA_DETECTED);
  }

  private static boolean isSuccessKey(SenseData s) {
    return s.key() == SenseKey.NO_SENSE || s.key() == SenseKey.RECOVERED_ERROR;
  }

  private static boolean isFilemark(SenseData s) {
    return s.filemark() || s.additionalSense().equals(AdditionalSense.FILEMARK_DETECTED);
  }

  private static boolean isEarlyWarning(SenseData s) {
    AdditionalSense a = s.additionalSense();
    return s.eom()
        || a.equals(AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED)
        || a.equals(AdditionalSense.PROGRAMMABLE_EARLY_WARNING_DETECTED);
  }

  private static boolean isIllegalRequest(ScsiResult r) {
    return isKey(r, SenseKey.ILLEGAL_REQUEST);
  }

  private static boolean isKey(ScsiResult r, SenseKey key) {
    return r.senseData().map(s -> s.key() == key).orElse(false);
  }

  private static boolean isNoMedium(ScsiResult r) {
    return r.senseData().map(s -> s.key() == SenseKey.NOT_READY && NO_MEDIUM.contains(s.additionalSense()))
        .orElse(false);
  }

  private ScsiCommandException failure(ScsiCommand cmd, ScsiResult r) {
    return failure(cmd.name(), r, cmd.opcode() == READ_6 || cmd.opcode() == WRITE_6);
  }

  private ScsiCommandException failure(String command, ScsiResult r, boolean readOrWrite) {
    return failure(command, r, r.senseData().map(s -> hint(s, readOrWrite)).orElse(null));
  }

  private ScsiCommandException failure(ScsiCommand cmd, ScsiResult r, String hint) {
    return failure(cmd.name(), r, hint);
  }

  /** The exception for a failed command, naming device, command and sense, with what to do. */
  private ScsiCommandException failure(String command, ScsiResult r, String hint) {
    Optional<SenseData> s = r.senseData();
    if (s.isPresent() && s.get().isDeferred()) {
      return new DeferredErrorException(deviceName(), command, r);
    }
    if (isNoMedium(r)) {
      return new NoMediumException(deviceName(), command, r);
    }
    if (s.isPresent() && s.get().key() == SenseKey.VOLUME_OVERFLOW) {
      return new VolumeOverflowException(deviceName(), command, r);
    }
    return new ScsiCommandException(deviceName(), command, r, hint);
  }

  private String hint(SenseData s, boolean readOrWrite) {
    switch (s.key()) {
      case NOT_READY:
        if (s.additionalSense().equals(AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)) {
          return "the cartridge is not loaded: call load()";
        }
        if (s.additionalSense().equals(AdditionalSense.CLEANING_CARTRIDGE_INSTALLED)) {
          return "a cleaning cartridge is in the drive: wait for it to finish and unload it";
        }
        return isTransientNotReady(s) ? "the drive is not ready: call waitUntilReady()" : null;
      case DATA_PROTECT:
        if (WRITE_PROTECT.contains(s.additionalSense())) {
          return "the cartridge is write-protected: check its write-protect tab";
        }
        if (s.asc() == 0x74) { // security errors: the block is encrypted and no or the wrong key is set
          return "the data is encrypted: set the key it was written with (setEncryptionKey)";
        }
        return "the drive refuses to write here (WORM or append rules)";
      case MEDIUM_ERROR:
        return "the cartridge may be damaged: clean the drive or try another cartridge";
      case HARDWARE_ERROR:
        return "the drive reports a hardware fault: check its TapeAlert flags and service log";
      case BLANK_CHECK:
        return "the position is beyond end of data";
      case ILLEGAL_REQUEST:
        if (s.additionalSense().equals(AdditionalSense.INVALID_COMMAND_OPERATION_CODE)) {
          return "the drive does not support this command";
        }
        if (readOrWrite) {
          return "the drive may be in " + (blockSize == 0 ? "fixed" : "variable") + "-block mode: call setBlockSize("
              + blockSize + ") to make it agree";
        }
        return "the drive rejected a field of the command";
      default:
        return null;
    }
  }
}
