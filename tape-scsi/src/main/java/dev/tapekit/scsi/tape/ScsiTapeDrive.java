package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.internal.Bytes;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.ssc.LocateDestination;
import dev.tapekit.scsi.ssc.LongPosition;
import dev.tapekit.scsi.ssc.LtoDensity;
import dev.tapekit.scsi.ssc.ReadPositionForm;
import dev.tapekit.scsi.ssc.ShortPosition;
import dev.tapekit.scsi.ssc.SpaceCode;
import dev.tapekit.scsi.ssc.SscCommands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 * </ul>
 *
 * <p>The drive starts in variable-block mode as far as this object is concerned; call {@link
 * #setBlockSize(int)} once after opening to make the drive agree (a drive left in fixed mode by
 * another program rejects variable-mode READ and WRITE). Variable-mode reads are sent with SILI
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
  /** How long a long ERASE may run (polled): a full LTO-9 pass takes most of a day. */
  public static final Duration LONG_ERASE_TIMEOUT = Duration.ofHours(24);
  /** How long an LTO-9 FORMAT MEDIUM (media optimization) may run (polled). */
  public static final Duration FORMAT_TIMEOUT = Duration.ofHours(2);

  private static final int READ_6 = 0x08;
  private static final int WRITE_6 = 0x0A;
  private static final Duration TUR_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MODE_TIMEOUT = Duration.ofSeconds(60);
  /** Unit attentions queue up (reset, then medium change, then mode change); give up after this many in a row. */
  private static final int MAX_UNIT_ATTENTIONS = 8;

  private final ScsiTransport transport;
  private final Clock clock;
  private final Sleeper sleeper;
  private final List<SenseData> unitAttentions = new ArrayList<>();

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
    ScsiCommand tur = testUnitReady();
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
    Optional<SenseData> s = r.senseData();
    if (s.isEmpty() || s.get().key() != SenseKey.NOT_READY) {
      return false;
    }
    AdditionalSense a = s.get().additionalSense();
    return a.asc() == AdditionalSense.LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE.asc()
        && !a.equals(AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)
        && !a.equals(AdditionalSense.LOGICAL_UNIT_NOT_READY_MANUAL_INTERVENTION_REQUIRED);
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
    if (s.key() == SenseKey.BLANK_CHECK) {
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
    if (p.locationUnknown()) {
      throw unknownPosition();
    }
    return new TapePosition(p.partition(), p.firstLogicalObject(), OptionalLong.empty(),
        p.beginningOfPartition(), p.endOfPartition(), p.beyondProgrammableEarlyWarning());
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
   * <p>Reads the cartridge's density and WORM flag from mode parameters first. A blank WORM
   * cartridge is left as it is. Leaves the tape at BOP.
   */
  @Override
  public synchronized void format(boolean fast) throws IOException {
    MediumSettings medium = senseMediumSettings(true);
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

  /**
   * {@inheritDoc}
   *
   * <p>Reads the current mode header and block descriptor, then sends MODE SELECT(6) with the same
   * density and buffered-mode settings and the new block length.
   */
  @Override
  public synchronized void setBlockSize(int newBlockSize) throws IOException {
    if (newBlockSize < 0 || newBlockSize > SscCommands.MAX_24_BIT) {
      throw new IllegalArgumentException("block size " + newBlockSize + " is outside 0..16777215 (0 = variable)");
    }
    MediumSettings current = senseMediumSettings(false);
    byte[] parameters = new byte[12];
    parameters[2] = (byte) (current.deviceSpecific() & 0x7F); // WP is not settable
    parameters[3] = 8;
    parameters[4] = (byte) current.density();
    Bytes.put24(parameters, 9, newBlockSize);
    byte[] cdb = {0x15, 0x10, 0, 0, (byte) parameters.length, 0};
    ScsiCommand select = new ScsiCommand("MODE SELECT(6)", cdb, DataDirection.TO_DEVICE, parameters.length,
        MODE_TIMEOUT);
    run(select, ByteBuffer.wrap(parameters));
    blockSize = newBlockSize;
  }

  @Override
  public synchronized int blockSize() {
    return blockSize;
  }

  @Override
  public synchronized BlockLimits blockLimits() throws IOException {
    ScsiCommand cmd = SscCommands.readBlockLimits(false);
    return decode(cmd, dataIn(cmd), BlockLimits::decode);
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

  // ---- Mode parameters: a minimal reading until the full mode page codecs are used here. ----

  /** Density code, device-specific byte and WORM flag of the mounted cartridge. */
  private record MediumSettings(int density, int deviceSpecific, boolean worm) {}

  /**
   * MODE SENSE(6) with the block descriptor, and page 1Dh (Medium Configuration) when {@code
   * wantWorm}: header byte 2 is the device-specific byte, the 8-byte block descriptor starts at 4
   * with the density code, page 1Dh byte 2 bit 0 is WORMM. Drives without page 1Dh (LTO-3 and
   * older) are asked for page 10h (Device Configuration) and reported as not WORM.
   */
  private MediumSettings senseMediumSettings(boolean wantWorm) throws IOException {
    int page = wantWorm ? 0x1D : 0x10;
    byte[] cdb = {0x1A, 0, (byte) page, 0, (byte) 0xFF, 0};
    ScsiCommand cmd = new ScsiCommand("MODE SENSE(6)", cdb, DataDirection.FROM_DEVICE, 0xFF, MODE_TIMEOUT);
    ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
    ScsiResult r = exchange(cmd, buffer);
    if (!r.isGood()) {
      if (wantWorm && isIllegalRequest(r)) {
        return senseMediumSettings(false);
      }
      throw failure(cmd, r);
    }
    byte[] d = received(buffer, r);
    return decode(cmd, d, data -> {
      String what = "MODE SENSE(6) reply";
      int descriptorLength = Bytes.u8(data, 3, what);
      int density = descriptorLength >= 8 ? Bytes.u8(data, 4, what) : 0;
      int pageOffset = 4 + descriptorLength;
      boolean worm = wantWorm && data.length > pageOffset + 2
          && (data[pageOffset] & 0x3F) == 0x1D && (data[pageOffset + 2] & 0x01) != 0;
      return new MediumSettings(density, Bytes.u8(data, 2, what), worm);
    });
  }

  // ---- Command plumbing ----

  private static ScsiCommand testUnitReady() {
    return new ScsiCommand("TEST UNIT READY", new byte[6], DataDirection.NONE, 0, TUR_TIMEOUT);
  }

  /**
   * Sends a command; consumes unit attentions (the command was not executed, so it is sent again)
   * and turns a deferred error into an exception. Every other outcome is returned.
   */
  private ScsiResult exchange(ScsiCommand cmd, ByteBuffer data) throws ScsiException {
    for (int attention = 0; ; attention++) {
      ScsiResult r = cmd.execute(transport, data);
      if (r.scsiStatus() != ScsiStatus.CHECK_CONDITION) {
        return r;
      }
      Optional<SenseData> sense = r.senseData();
      if (sense.isPresent() && sense.get().isDeferred()) {
        throw new DeferredErrorException(deviceName(), cmd.name(), r);
      }
      if (sense.isEmpty() || sense.get().key() != SenseKey.UNIT_ATTENTION || attention >= MAX_UNIT_ATTENTIONS) {
        return r;
      }
      LOG.info("{}: unit attention on {}: {}", deviceName(), cmd.name(), sense.get().summary());
      unitAttentions.add(sense.get());
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
    try {
      return decoder.decode(data);
    } catch (MalformedResponseException e) {
      throw new MalformedResponseException(deviceName(), cmd.name() + ": " + e.getMessage());
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
    return r.senseData().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false);
  }

  private ScsiCommandException failure(ScsiCommand cmd, ScsiResult r) {
    return failure(cmd, r, r.senseData().map(s -> hint(cmd, s)).orElse(null));
  }

  /** The exception for a failed command, naming device, command and sense, with what to do. */
  private ScsiCommandException failure(ScsiCommand cmd, ScsiResult r, String hint) {
    Optional<SenseData> s = r.senseData();
    if (s.isPresent() && s.get().key() == SenseKey.NOT_READY
        && s.get().asc() == AdditionalSense.MEDIUM_NOT_PRESENT.asc()) {
      return new NoMediumException(deviceName(), cmd.name(), r);
    }
    if (s.isPresent() && s.get().key() == SenseKey.VOLUME_OVERFLOW) {
      return new VolumeOverflowException(deviceName(), cmd.name(), r);
    }
    return new ScsiCommandException(deviceName(), cmd.name(), r, hint);
  }

  private String hint(ScsiCommand cmd, SenseData s) {
    switch (s.key()) {
      case NOT_READY:
        if (s.additionalSense().equals(AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)) {
          return "the cartridge is not loaded: call load()";
        }
        if (s.additionalSense().equals(AdditionalSense.CLEANING_CARTRIDGE_INSTALLED)) {
          return "a cleaning cartridge is in the drive: wait for it to finish and unload it";
        }
        return s.asc() == AdditionalSense.LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE.asc()
            ? "the drive is not ready: call waitUntilReady()"
            : null;
      case DATA_PROTECT:
        return s.asc() == AdditionalSense.WRITE_PROTECTED.asc()
            ? "the cartridge is write-protected: check its write-protect tab"
            : "the drive refuses to write here (WORM, encryption or append rules)";
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
        if (cmd.opcode() == READ_6 || cmd.opcode() == WRITE_6) {
          return "the drive may be in " + (blockSize == 0 ? "fixed" : "variable") + "-block mode: call setBlockSize("
              + blockSize + ") to make it agree";
        }
        return "the drive rejected a field of the command";
      default:
        return null;
    }
  }
}
