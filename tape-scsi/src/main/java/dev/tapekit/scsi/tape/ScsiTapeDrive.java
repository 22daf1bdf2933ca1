package dev.tapekit.scsi.tape;

import static dev.tapekit.scsi.tape.DriveCommands.isEarlyWarning;
import static dev.tapekit.scsi.tape.DriveCommands.isFilemark;
import static dev.tapekit.scsi.tape.DriveCommands.isKey;
import static dev.tapekit.scsi.tape.DriveCommands.isNoMedium;
import static dev.tapekit.scsi.tape.DriveCommands.isSuccessKey;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.UnitAttentionPolicy;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.DtDeviceStatusPage;
import dev.tapekit.scsi.log.SequentialAccessDevicePage;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeList;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.spc.FullReply;
import dev.tapekit.scsi.spc.PeripheralDeviceType;
import dev.tapekit.scsi.spc.ReportedTimeouts;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.scsi.spc.SpcCommands;
import dev.tapekit.scsi.spc.StandardInquiry;
import dev.tapekit.scsi.spc.Vpd;
import dev.tapekit.scsi.ssc.AllowOverwrite;
import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.ssc.DensitySupport;
import dev.tapekit.scsi.ssc.LtoDensity;
import dev.tapekit.scsi.ssc.SpaceCode;
import dev.tapekit.scsi.ssc.SscCommands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
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
 *   <li>Unit attentions follow {@link UnitAttentionPolicy} and are kept for {@link
 *       #takeUnitAttentions()}: a read-only or absolute-positioning command is sent again; a
 *       command that reads, writes or moves the tape is not and throws {@link
 *       PositionLostException}. Deferred errors throw {@link DeferredErrorException}.
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
 * <p>The work is done by package-private parts, each small enough to read in one sitting:
 * {@code DriveCommands} (sending, the unit-attention and deferred-error policy, failures and
 * hints), {@code Positioning} (space, locate with calibration, read position, end-of-data repair),
 * {@code ModeSettings} (mode pages), {@code DriveEncryption}, {@code CartridgeMemory} and {@code
 * HealthPages} (log pages). This class holds the state they share and reads and writes blocks.
 *
 * <p>Thread-safe: every operation holds this object's lock. Closing the drive closes the
 * transport.
 */
public final class ScsiTapeDrive implements TapeDrive {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);

  /** How often {@link #waitUntilReady(Duration)} polls. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  /** How long a long ERASE may run (polled): a full LTO-9 pass takes most of a day. */
  public static final Duration LONG_ERASE_TIMEOUT = Duration.ofHours(24);
  /** How often {@link #waitUntilReady(Duration, ReadyListener)} tells its listener what the drive does. */
  public static final Duration ACTIVITY_REPORT_INTERVAL = Duration.ofMinutes(1);
  /** The longest {@link #waitUntilReady} waits for a drive that reports it is calibrating. */
  public static final Duration MAX_CALIBRATION = Duration.ofMinutes(150);
  /** How often a calibration wait is logged. */
  public static final Duration CALIBRATION_REPORT_INTERVAL = Duration.ofMinutes(10);
  /** How long an LTO-9 FORMAT MEDIUM (media optimization) may run (polled). */
  public static final Duration FORMAT_TIMEOUT = Duration.ofHours(2);

  private final ScsiTransport transport;
  private final DriveCommands commands;
  private final Positioning positioning;
  private final ModeSettings modeSettings;
  private final DriveEncryption encryption;
  private final CartridgeMemory cartridgeMemory;
  private final HealthPages healthPages;
  private final Clock clock;
  private final Sleeper sleeper;
  private DriveIdentity identity;

  private int blockSize;
  private boolean suppressIncorrectLength;

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
    this.commands = new DriveCommands(transport, () -> blockSize);
    this.positioning = new Positioning(commands);
    this.modeSettings = new ModeSettings(commands);
    this.encryption = new DriveEncryption(commands);
    this.cartridgeMemory = new CartridgeMemory(commands);
    this.healthPages = new HealthPages(commands);
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
   *   <li>REPORT SUPPORTED OPERATION CODES with RCTD: from then on a command waits as long as the
   *       drive recommends for it when that is longer ({@link ReportedTimeouts}); a drive that
   *       rejects it (or a command it reports nothing for) keeps the builders' fallbacks: 10 minutes for commands
   *       that may move the tape, 30 seconds for TEST UNIT READY, READ POSITION, INQUIRY, MODE and
   *       LOG SENSE, 60 seconds for REPORT DENSITY SUPPORT (as PBS).
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
    commands.useTimeouts(readReportedTimeouts());
    if (!options.readyTimeout().isZero()) {
      waitUntilReady(options.readyTimeout());
    }
    if (options.applyDefaults()) {
      setOptions(DriveOptions.DEFAULTS);
    }
  }

  /** The drive's recommended timeouts; none when it rejects the command or sends a malformed list. */
  private ReportedTimeouts readReportedTimeouts() throws ScsiException {
    try {
      Optional<ReportedTimeouts> t = commands.unlessUnsupported(
          () -> ReportedTimeouts.of(FullReply.supportedOperationCodes(commands.attentive(), true)));
      LOG.debug("{}: command timeouts: {}", deviceName(), t.orElse(ReportedTimeouts.NONE));
      return t.orElse(ReportedTimeouts.NONE);
    } catch (MalformedResponseException e) {
      LOG.info("{}: ignoring a malformed list of supported commands; using default timeouts ({})",
          deviceName(), e.getMessage());
      return ReportedTimeouts.NONE;
    }
  }

  /** REQUEST SENSE until no unit attention or deferred error is pending (at most {@link UnitAttentionPolicy#MAX_IN_A_ROW}). */
  private void clearPendingSense() throws ScsiException {
    ScsiCommand cmd = SpcCommands.requestSense(SpcCommands.SENSE_ALLOCATION_LENGTH, false);
    for (int i = 0; i < UnitAttentionPolicy.MAX_IN_A_ROW; i++) {
      Optional<SenseData> pending = SenseData.tryParse(commands.dataIn(cmd));
      if (pending.isEmpty()) {
        return; // nothing, or nothing recognisable as sense data: no pending condition to clear
      }
      SenseData s = pending.get();
      if (s.isDeferred()) {
        LOG.warn("{}: cleared a deferred error left from before this drive was opened: {}", deviceName(),
            s.summary());
      } else if (s.key() == SenseKey.UNIT_ATTENTION) {
        LOG.info("{}: pending unit attention: {}", deviceName(), s.summary());
        commands.recordUnitAttention(s);
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

  /**
   * {@inheritDoc}
   *
   * <p>When {@code timeout} has passed and the drive is still becoming ready, the DT Device Status
   * log page (11h) is read: while it says the drive is calibrating (a first LTO-9 load calibrates
   * the cartridge for 20 minutes to 2 hours) the wait goes on, reported at INFO every {@link
   * #CALIBRATION_REPORT_INTERVAL}, up to {@link #MAX_CALIBRATION} from the start of the wait.
   */
  @Override
  public void waitUntilReady(Duration timeout) throws IOException {
    waitUntilReady(timeout, ReadyListener.NONE);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Besides: a listener other than {@link ReadyListener#NONE} hears the activity every {@link
   * #ACTIVITY_REPORT_INTERVAL}; with {@code NONE} the page is only read once {@code timeout} has
   * passed.
   */
  @Override
  public synchronized void waitUntilReady(Duration timeout, ReadyListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Instant calibrationLimit = start.plus(MAX_CALIBRATION);
    Instant nextReport = null;
    Instant nextActivity = start;
    ScsiCommand tur = SpcCommands.testUnitReady();
    while (true) {
      ScsiResult r = commands.exchange(tur, null);
      if (r.isGood()) {
        return;
      }
      if (!DriveCommands.worthWaiting(r)) {
        throw commands.failure(tur, r);
      }
      Instant now = clock.instant();
      if (listener != ReadyListener.NONE && !now.isBefore(nextActivity)) {
        listener.notReady(Duration.between(start, now), activity());
        nextActivity = now.plus(ACTIVITY_REPORT_INTERVAL);
      }
      if (!now.isBefore(deadline)) {
        boolean calibrating = isCalibrating();
        if (!calibrating) {
          throw new ScsiCommandException(deviceName(), tur.name(), r,
              "still not ready after " + Duration.between(start, now).toSeconds()
                  + " s; check the drive's display and logs");
        }
        if (!now.isBefore(calibrationLimit)) {
          throw new ScsiCommandException(deviceName(), tur.name(), r, "still calibrating the cartridge after "
              + Duration.between(start, now).toMinutes() + " minutes (the limit is " + MAX_CALIBRATION.toMinutes()
              + "); check the drive's display and logs, or try another cartridge");
        }
        if (nextReport == null || !now.isBefore(nextReport)) {
          LOG.info("{}: the drive is calibrating the cartridge (a first load can take up to 2 hours); waiting,"
              + " {} minutes so far", deviceName(), Duration.between(start, now).toMinutes());
          nextReport = now.plus(CALIBRATION_REPORT_INTERVAL);
        }
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

  /** Whether the DT Device Status page says the drive is calibrating; false when it has no such page. */
  private boolean isCalibrating() throws IOException {
    return activity().map(a -> a == DeviceActivity.CALIBRATING).orElse(false);
  }

  /** The DT device activity; empty when the drive has no such page or no valid value yet. */
  private Optional<DeviceActivity> activity() throws IOException {
    return commands.unlessUnsupported(healthPages::deviceActivity).flatMap(a -> a);
  }

  @Override
  public synchronized ReadResult read(ByteBuffer buffer) throws IOException {
    int requested = buffer.remaining();
    ScsiCommand cmd = blockSize == 0
        ? SscCommands.readVariable(requested, suppressIncorrectLength)
        : SscCommands.readFixed(blocksIn(requested, "read"), blockSize);
    ScsiResult r = commands.exchange(cmd, buffer);
    ReadResult result = classifyRead(cmd, r, requested);
    buffer.position(buffer.position() + result.length());
    return result;
  }

  private ReadResult classifyRead(ScsiCommand cmd, ScsiResult r, int requested) throws ScsiException {
    if (r.isGood()) {
      return dataRead(r.transferred(), requested);
    }
    SenseData s = commands.senseOf(cmd, r);
    if (s.key() == SenseKey.BLANK_CHECK) {
      return new ReadResult(ReadResult.Kind.END_OF_DATA, bytesBeforeMark(s, r, requested), 0);
    }
    if (!isSuccessKey(s)) {
      throw commands.failure(cmd, r);
    }
    if (isFilemark(s)) {
      return new ReadResult(ReadResult.Kind.FILEMARK, bytesBeforeMark(s, r, requested), 0);
    }
    if (s.ili()) {
      if (blockSize != 0) {
        throw commands.failure(cmd, r, "a block on tape is not " + blockSize
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
    WriteResult result = classifyWrite(cmd, commands.exchange(cmd, buffer));
    buffer.position(buffer.position() + length);
    return result;
  }

  @Override
  public synchronized WriteResult writeFilemarks(int count, boolean immediate) throws IOException {
    ScsiCommand cmd = SscCommands.writeFilemarks(count, immediate, false);
    return classifyWrite(cmd, commands.exchange(cmd, null));
  }

  private WriteResult classifyWrite(ScsiCommand cmd, ScsiResult r) throws ScsiException {
    if (r.isGood()) {
      return WriteResult.OK;
    }
    SenseData s = commands.senseOf(cmd, r);
    if (!isSuccessKey(s)) {
      throw commands.failure(cmd, r); // VOLUME OVERFLOW included: nothing was written
    }
    if (!isEarlyWarning(s)) {
      return WriteResult.OK;
    }
    long residue = s.signedInformation().orElse(0);
    if (residue != 0) {
      throw commands.failure(cmd, r, "the drive stopped at early warning with " + residue
          + " not written; it is probably in unbuffered mode");
    }
    return WriteResult.EARLY_WARNING;
  }
  @Override
  public synchronized SpaceResult spaceBlocks(long count) throws IOException {
    return positioning.space(SpaceCode.BLOCKS, count);
  }

  @Override
  public synchronized SpaceResult spaceFilemarks(long count) throws IOException {
    return positioning.space(SpaceCode.FILEMARKS, count);
  }

  @Override
  public synchronized SpaceResult spaceToEndOfData() throws IOException {
    return positioning.space(SpaceCode.END_OF_DATA, 0);
  }

  @Override
  public synchronized void locate(long logicalObject) throws IOException {
    positioning.locate(logicalObject);
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
    positioning.locateFile(fileNumber);
  }

  @Override
  public synchronized EndOfDataResult moveToEndOfData(boolean repairMissingFilemark) throws IOException {
    return positioning.moveToEndOfData(repairMissingFilemark, () -> writeFilemarks(1, false));
  }

  @Override
  public synchronized void moveToLastFile() throws IOException {
    positioning.moveToLastFile(() -> writeFilemarks(1, false));
  }

  @Override
  public synchronized TapePosition position() throws IOException {
    return positioning.position();
  }

  @Override
  public synchronized void rewind() throws IOException {
    positioning.rewind();
  }

  @Override
  public synchronized void load() throws IOException {
    commands.run(SscCommands.loadUnload(true, false, false, false, false));
  }

  @Override
  public synchronized void unload() throws IOException {
    commands.run(SscCommands.loadUnload(false, false, false, false, false));
  }

  @Override
  public synchronized void erase(boolean longErase) throws IOException {
    if (longErase) {
      commands.run(SscCommands.erase(true, true));
      waitUntilReady(LONG_ERASE_TIMEOUT);
    } else {
      commands.run(SscCommands.erase(false, false));
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
    ModeSettings.MediumSettings medium = modeSettings.medium();
    if (medium.worm()) {
      positioning.space(SpaceCode.END_OF_DATA, 0);
      long objects = positioning.position().logicalObject();
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
      commands.run(SscCommands.formatMedium(0, false, false, 0));
      if (!fast) {
        erase(true);
      }
    } else if (lto9 && !fast) {
      commands.run(SscCommands.formatMedium(0, false, true, 0));
      waitUntilReady(FORMAT_TIMEOUT);
      erase(true);
    } else {
      erase(!fast);
    }
    rewind();
  }

  /** {@inheritDoc} READ POSITION, then ALLOW OVERWRITE with CURRENT POSITION for its partition and logical object. */
  @Override
  public synchronized void allowOverwriteAtCurrentPosition() throws IOException {
    TapePosition here = positioning.position();
    commands.run(SscCommands.allowOverwrite(AllowOverwrite.CURRENT_POSITION, (int) here.partition(),
        here.logicalObject()));
  }

  @Override
  public synchronized void setMediumRemovalPrevented(boolean prevented) throws IOException {
    commands.run(SscCommands.preventAllowMediumRemoval(prevented ? 1 : 0));
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
    modeSettings.select(options);
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
    DriveSettings settings = modeSettings.read(blockSize);
    blockSize = settings.blockSize();
    return settings;
  }

  @Override
  public synchronized int blockSize() {
    return blockSize;
  }

  @Override
  public synchronized BlockLimits blockLimits() throws IOException {
    return commands.readDecoded(SscCommands.readBlockLimits(false), BlockLimits::decode);
  }

  /** {@inheritDoc} REPORT DENSITY SUPPORT with an 8 KiB allocation, as PBS asks. */
  @Override
  public synchronized List<DensitySupport.DensityDescriptor> densitySupport(boolean mountedMedium)
      throws ScsiException {
    return commands.readDecoded(SscCommands.reportDensitySupport(mountedMedium, false, 8192), DensitySupport::decode);
  }

  /** The whole standard INQUIRY data, read now (not remembered). */
  public synchronized StandardInquiry inquiry() throws ScsiException {
    return commands.codec(() -> FullReply.standardInquiry(commands.attentive()));
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
    return commands.unlessUnsupported(() -> SerialNumberVpd.parseUnitSerialNumber(
        FullReply.vpdPage(commands.attentive(), Vpd.UNIT_SERIAL_NUMBER)).serialNumber());
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
    ScsiResult r = commands.exchange(tur, null);
    boolean ready = r.isGood();
    boolean present;
    if (ready) {
      present = true;
    } else if (isNoMedium(r)) {
      present = false;
    } else if (isKey(r, SenseKey.NOT_READY)) {
      present = true; // loading, or in the drive but not threaded
    } else {
      throw commands.failure(tur, r);
    }
    DriveSettings settings = settings();
    Optional<DeviceActivity> activity;
    boolean busy;
    try {
      activity = commands.unlessUnsupported(this::deviceActivity).flatMap(a -> a);
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
    Optional<Set<TapeAlertFlag>> alerts = busy ? Optional.empty() : commands.unlessUnsupported(this::tapeAlertFlags);
    Optional<TapePosition> position = ready && !busy ? knownPosition() : Optional.empty();
    Optional<AttributeList> mam = ready ? cartridgeMemory.readForStatus() : Optional.empty();
    Optional<VolumeStatisticsPage> stats = ready && !busy
        ? commands.unlessUnsupported(this::volumeStatistics).filter(VolumeStatisticsPage::pageValid)
        : Optional.empty();
    OptionalLong passes = OptionalLong.empty();
    OptionalLong mounts = OptionalLong.empty();
    OptionalDouble wearout = OptionalDouble.empty();
    if (stats.isPresent()) {
      VolumeStatisticsPage v = stats.get();
      OptionalLong bom = commands.decode("LOG SENSE", () -> v.value(VolumeStatistic.BEGINNING_OF_MEDIUM_PASSES));
      OptionalLong mot = commands.decode("LOG SENSE", () -> v.value(VolumeStatistic.MIDDLE_OF_MEDIUM_PASSES));
      if (bom.isPresent() || mot.isPresent()) {
        passes = OptionalLong.of(Math.max(bom.orElse(0), mot.orElse(0)));
      }
      mounts = commands.decode("LOG SENSE", () -> v.value(VolumeStatistic.THREAD_COUNT));
      wearout = commands.decode("LOG SENSE", v::wearout);
    }
    return new DriveStatus(id, present, ready, settings, activity, busy, position, alerts,
        mam.flatMap(cartridgeMemory::manufactured),
        mam.map(m -> cartridgeMemory.mebibytes(m, MamAttribute.TOTAL_MIB_WRITTEN_IN_MEDIUM_LIFE)).orElse(OptionalLong.empty()),
        mam.map(m -> cartridgeMemory.mebibytes(m, MamAttribute.TOTAL_MIB_READ_IN_MEDIUM_LIFE)).orElse(OptionalLong.empty()),
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

  @Override
  public synchronized DataEncryptionCapabilities encryptionCapabilities() throws ScsiException {
    return encryption.capabilities();
  }

  @Override
  public synchronized DataEncryptionStatus encryptionStatus() throws ScsiException {
    return encryption.status();
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
    encryption.setKey(key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends the Set Data Encryption page with DISABLE/DISABLE for the AES-256-GCM algorithm index
   * (the first algorithm if there is none), then requires the status page to report both off.
   */
  @Override
  public synchronized void clearEncryptionKey() throws IOException {
    encryption.clearKey();
  }

  @Override
  public synchronized AttributeList readAttributes() throws ScsiException {
    return cartridgeMemory.read();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One READ ATTRIBUTE starting at the smallest identifier asked for; the reply is filtered.
   */
  @Override
  public synchronized List<Attribute> readAttributes(int... ids) throws IOException {
    return cartridgeMemory.read(ids);
  }

  @Override
  public synchronized void writeAttributes(AttributeParameterList attributes) throws IOException {
    cartridgeMemory.write(attributes);
  }

  @Override
  public synchronized void clearAttributes(MamAttribute... attributes) throws IOException {
    cartridgeMemory.clear(attributes);
  }

  @Override
  public synchronized Set<TapeAlertFlag> tapeAlertFlags() throws ScsiException {
    return healthPages.tapeAlertFlags();
  }

  @Override
  public synchronized VolumeStatisticsPage volumeStatistics() throws ScsiException {
    return healthPages.volumeStatistics();
  }

  @Override
  public synchronized SequentialAccessDevicePage sequentialAccessDevice() throws ScsiException {
    return healthPages.sequentialAccessDevice();
  }

  @Override
  public synchronized Optional<DeviceActivity> deviceActivity() throws ScsiException {
    return healthPages.deviceActivity();
  }

  @Override
  public synchronized List<SenseData> takeUnitAttentions() {
    return commands.takeUnitAttentions();
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }

  private int blocksIn(int bytes, String operation) {
    if (bytes % blockSize != 0) {
      throw new IllegalArgumentException("cannot " + operation + " " + bytes + " bytes in fixed-block mode: not a"
          + " multiple of the block size " + blockSize);
    }
    return bytes / blockSize;
  }
}
