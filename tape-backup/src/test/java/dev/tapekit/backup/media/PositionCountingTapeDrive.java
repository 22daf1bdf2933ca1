package dev.tapekit.backup.media;

import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.SequentialAccessDevicePage;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeList;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.ssc.DensitySupport;
import dev.tapekit.scsi.tape.DriveIdentity;
import dev.tapekit.scsi.tape.DriveOptions;
import dev.tapekit.scsi.tape.DriveSettings;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.EndOfDataResult;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ReadyListener;
import dev.tapekit.scsi.tape.SpaceResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapeDriveException;
import dev.tapekit.scsi.tape.TapePosition;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A tgt tape drive made positionable for the backup flow, by counting. tgt's SSC emulation has no
 * LOCATE (neither 10 nor 16 bytes: ILLEGAL REQUEST, invalid operation code) and its READ POSITION
 * answers logical object 0 wherever the tape is (it/kernel/README.md, device quirks). The writer
 * records where each archive starts and the restore and verify go back there, so on tgt they would
 * record object 0 for everything and then fail at the first LOCATE.
 *
 * <p>This drive counts instead: from BOT after {@link #rewind}, every block and filemark read or
 * written moves the count by one (end of data does not move it). {@link #locate} and {@link
 * #locateFile} read forward to the object or file, from where the tape is when that is before it,
 * else after a rewind (512 bytes of each block are transferred: the rest is passed as an overlength
 * block). {@link #moveToEndOfData} reads to end of data and, asked to, closes a last
 * file left without its filemark. Every command still goes to the drive (READ, WRITE, WRITE
 * FILEMARKS, REWIND over SG_IO); only the two positioning commands tgt lacks are replaced.
 *
 * <p>Contract: after an unload, a SPACE, an erase or a failed read or write the count is unknown and
 * {@link #position} fails until the next rewind or positioning call, like a drive that lost its
 * position. Tapes change only through an unload (as {@code LibraryDrive} does it). Not thread-safe,
 * like the jobs that use it.
 */
public class PositionCountingTapeDrive implements TapeDrive {
  private static final int SKIP_BYTES = 512;
  private final TapeDrive drive;
  /**
   * Where blocks read only to pass them go: smaller than any block of the format, so the drive moves
   * past each block whole (an overlength read in variable-block mode) and sends just these bytes.
   */
  private final ByteBuffer skipped = ByteBuffer.allocate(SKIP_BYTES);
  private boolean known;
  private long object;
  private long file;
  /** Whether the object before the count is a filemark; meaningless at object 0. */
  private boolean afterFilemark;

  public PositionCountingTapeDrive(TapeDrive drive) {
    this.drive = Objects.requireNonNull(drive, "drive");
  }

  private void atBot() {
    known = true;
    object = 0;
    file = 0;
    afterFilemark = false;
  }

  private TapeDriveException lost(String what) {
    return new TapeDriveException(deviceName(), what);
  }

  // ------------------------------------------------------------------ counted

  @Override
  public ReadResult read(ByteBuffer buffer) throws IOException {
    boolean wasKnown = known;
    known = false;
    ReadResult r = drive.read(buffer);
    known = wasKnown;
    if (r.kind() == ReadResult.Kind.FILEMARK) {
      object++;
      file++;
      afterFilemark = true;
    } else if (r.hasData()) {
      object++;
      afterFilemark = false;
    }
    return r;
  }

  @Override
  public WriteResult write(ByteBuffer buffer) throws IOException {
    boolean wasKnown = known;
    known = false;
    WriteResult r = drive.write(buffer);
    known = wasKnown;
    object++;
    afterFilemark = false;
    return r;
  }

  @Override
  public WriteResult writeFilemarks(int count, boolean immediate) throws IOException {
    boolean wasKnown = known;
    known = false;
    WriteResult r = drive.writeFilemarks(count, immediate);
    known = wasKnown;
    if (count > 0) {
      object += count;
      file += count;
      afterFilemark = true;
    }
    return r;
  }

  @Override
  public void rewind() throws IOException {
    known = false;
    drive.rewind();
    atBot();
  }

  @Override
  public TapePosition position() throws IOException {
    if (!known) {
      throw lost("the position is not counted (the tape was moved by a command that does not report how far); "
          + "rewind or locate first");
    }
    return new TapePosition(0, object, OptionalLong.of(file), object == 0, false, false);
  }

  /** Reads forward to {@code logicalObject}, after a rewind when the tape is past it or the count unknown. */
  @Override
  public void locate(long logicalObject) throws IOException {
    if (logicalObject < 0) {
      throw new IllegalArgumentException("logical object number must not be negative: " + logicalObject);
    }
    if (!known || object > logicalObject) {
      rewind();
    }
    while (object < logicalObject) {
      if (step().kind() == ReadResult.Kind.END_OF_DATA) {
        throw lost("LOCATE to object " + logicalObject + " (by reading forward): end of data at object " + object);
      }
    }
  }

  /** Reads forward to the first object of file {@code fileNumber}, after a rewind unless the tape is in an earlier file. */
  @Override
  public void locateFile(long fileNumber) throws IOException {
    if (fileNumber < 0) {
      throw new IllegalArgumentException("file number must not be negative: " + fileNumber);
    }
    if (!known || file >= fileNumber) {
      rewind();
    }
    while (file < fileNumber) {
      if (step().kind() == ReadResult.Kind.END_OF_DATA) {
        throw lost("file " + fileNumber + " does not exist on this tape: end of data in file " + file);
      }
    }
  }

  private ReadResult step() throws IOException {
    skipped.clear();
    return read(skipped);
  }

  @Override
  public EndOfDataResult moveToEndOfData(boolean repairMissingFilemark) throws IOException {
    if (!known) {
      rewind();
    }
    while (step().kind() != ReadResult.Kind.END_OF_DATA) {
      // forward to end of data, counting
    }
    if (repairMissingFilemark && object > 0 && !afterFilemark) {
      writeFilemarks(1, false);
      return new EndOfDataResult(position(), true);
    }
    return new EndOfDataResult(position(), false);
  }

  @Override
  public void moveToLastFile() throws IOException {
    EndOfDataResult end = moveToEndOfData(true);
    if (end.position().logicalObject() == 0) {
      throw lost("the tape is blank: there is no last file");
    }
    locateFile(file - 1);
  }

  // ------------------------------------------------------------------ moves the count cannot follow

  @Override
  public SpaceResult spaceBlocks(long count) throws IOException {
    known = false;
    return drive.spaceBlocks(count);
  }

  @Override
  public SpaceResult spaceFilemarks(long count) throws IOException {
    known = false;
    return drive.spaceFilemarks(count);
  }

  @Override
  public SpaceResult spaceToEndOfData() throws IOException {
    known = false;
    return drive.spaceToEndOfData();
  }

  @Override
  public void load() throws IOException {
    known = false;
    drive.load();
  }

  @Override
  public void unload() throws IOException {
    known = false;
    drive.unload();
  }

  @Override
  public void erase(boolean longErase) throws IOException {
    known = false;
    drive.erase(longErase);
  }

  @Override
  public void format(boolean fast) throws IOException {
    known = false;
    drive.format(fast);
  }

  // ------------------------------------------------------------------ passed through

  @Override
  public String deviceName() {
    return drive.deviceName();
  }

  @Override
  public void waitUntilReady(Duration timeout) throws IOException {
    drive.waitUntilReady(timeout);
  }

  @Override
  public void waitUntilReady(Duration timeout, ReadyListener listener) throws IOException {
    drive.waitUntilReady(timeout, listener);
  }

  @Override
  public void allowOverwriteAtCurrentPosition() throws IOException {
    drive.allowOverwriteAtCurrentPosition();
  }

  @Override
  public void setMediumRemovalPrevented(boolean prevented) throws IOException {
    drive.setMediumRemovalPrevented(prevented);
  }

  @Override
  public void setBlockSize(int blockSize) throws IOException {
    drive.setBlockSize(blockSize);
  }

  @Override
  public int blockSize() {
    return drive.blockSize();
  }

  @Override
  public void setCompression(boolean on) throws IOException {
    drive.setCompression(on);
  }

  @Override
  public void setBuffered(boolean on) throws IOException {
    drive.setBuffered(on);
  }

  @Override
  public void setOptions(DriveOptions options) throws IOException {
    drive.setOptions(options);
  }

  @Override
  public DriveSettings settings() throws IOException {
    return drive.settings();
  }

  @Override
  public BlockLimits blockLimits() throws IOException {
    return drive.blockLimits();
  }

  @Override
  public List<DensitySupport.DensityDescriptor> densitySupport(boolean mountedMedium) throws IOException {
    return drive.densitySupport(mountedMedium);
  }

  @Override
  public DriveIdentity identity() throws IOException {
    return drive.identity();
  }

  @Override
  public DriveStatus status() throws IOException {
    return drive.status();
  }

  @Override
  public DataEncryptionCapabilities encryptionCapabilities() throws IOException {
    return drive.encryptionCapabilities();
  }

  @Override
  public DataEncryptionStatus encryptionStatus() throws IOException {
    return drive.encryptionStatus();
  }

  @Override
  public void setEncryptionKey(byte[] key) throws IOException {
    drive.setEncryptionKey(key);
  }

  @Override
  public void clearEncryptionKey() throws IOException {
    drive.clearEncryptionKey();
  }

  @Override
  public AttributeList readAttributes() throws IOException {
    return drive.readAttributes();
  }

  @Override
  public List<Attribute> readAttributes(int... ids) throws IOException {
    return drive.readAttributes(ids);
  }

  @Override
  public void writeAttributes(AttributeParameterList attributes) throws IOException {
    drive.writeAttributes(attributes);
  }

  @Override
  public void clearAttributes(MamAttribute... attributes) throws IOException {
    drive.clearAttributes(attributes);
  }

  @Override
  public Set<TapeAlertFlag> tapeAlertFlags() throws IOException {
    return drive.tapeAlertFlags();
  }

  @Override
  public VolumeStatisticsPage volumeStatistics() throws IOException {
    return drive.volumeStatistics();
  }

  @Override
  public SequentialAccessDevicePage sequentialAccessDevice() throws IOException {
    return drive.sequentialAccessDevice();
  }

  @Override
  public Optional<DeviceActivity> deviceActivity() throws IOException {
    return drive.deviceActivity();
  }

  @Override
  public List<SenseData> takeUnitAttentions() {
    return drive.takeUnitAttentions();
  }

  @Override
  public void close() throws IOException {
    drive.close();
  }
}
