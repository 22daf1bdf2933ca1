package dev.tapekit.scsi.tape;

import static dev.tapekit.scsi.tape.DriveCommands.isFilemark;
import static dev.tapekit.scsi.tape.DriveCommands.isIllegalRequest;
import static dev.tapekit.scsi.tape.DriveCommands.isSuccessKey;
import static dev.tapekit.scsi.tape.DriveCommands.isTgtSpaceEndOfData;

import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.ssc.LocateDestination;
import dev.tapekit.scsi.ssc.LongPosition;
import dev.tapekit.scsi.ssc.PositionFlags;
import dev.tapekit.scsi.ssc.ReadPositionForm;
import dev.tapekit.scsi.ssc.ShortPosition;
import dev.tapekit.scsi.ssc.SpaceCode;
import dev.tapekit.scsi.ssc.SscCommands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the tape is and how it moves, for {@link ScsiTapeDrive}: SPACE with its stops as results,
 * LOCATE (to a block, and to a file with the drive's off-by-one calibrated on first use), READ
 * POSITION (long form, the short one for good once a drive rejects it) and the way to end of data
 * with the repair of a last file left without its filemark.
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class Positioning {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);

  /** Writes the one filemark that closes a last file found open at end of data. */
  @FunctionalInterface
  interface FilemarkWriter {
    void writeFilemark() throws IOException;
  }

  private final DriveCommands commands;
  private boolean shortPositionOnly;
  private Long locateOffset;

  Positioning(DriveCommands commands) {
    this.commands = commands;
  }

  private String deviceName() {
    return commands.deviceName();
  }

  SpaceResult space(SpaceCode code, long count) throws IOException {
    ScsiCommand cmd = count >= SscCommands.MIN_SPACE6_COUNT && count <= SscCommands.MAX_SPACE6_COUNT
        ? SscCommands.space6(code, (int) count)
        : SscCommands.space16(code, count);
    ScsiResult r = commands.exchange(cmd, null);
    if (r.isGood()) {
      return SpaceResult.COMPLETED;
    }
    SenseData s = commands.senseOf(cmd, r);
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
    throw commands.failure(cmd, r);
  }

  void locate(long logicalObject) throws IOException {
    if (logicalObject < 0) {
      throw new IllegalArgumentException("logical object number must not be negative: " + logicalObject);
    }
    commands.run(logicalObject <= 0xFFFF_FFFFL
        ? SscCommands.locate10(logicalObject, 0, false, false, false)
        : SscCommands.locate16(LocateDestination.LOGICAL_OBJECT, logicalObject, 0, false, false, false));
  }

  /** See {@link ScsiTapeDrive#locateFile(long)}. */
  void locateFile(long fileNumber) throws IOException {
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
    ScsiResult r = commands.exchange(locate, null);
    if (r.senseData().map(s -> s.key() == SenseKey.BLANK_CHECK).orElse(false)) {
      throw new TapeDriveException(deviceName(), "file " + wanted + " does not exist on this tape: LOCATE(16) to"
          + " logical file " + identifier + " reached end of data");
    }
    commands.requireSuccess(locate, r);
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
  void requireCompleted(SpaceResult r, String what) throws TapeDriveException {
    if (!r.completed()) {
      throw new TapeDriveException(deviceName(), what + " (SPACE over filemarks) stopped at "
          + r.stop().name().toLowerCase().replace('_', ' ')
          + r.residual().stream().mapToObj(n -> ", " + n + " not spaced over").findFirst().orElse(""));
    }
  }

  /** See {@link TapeDrive#moveToEndOfData(boolean)}; {@code closer} writes the repairing filemark. */
  EndOfDataResult moveToEndOfData(boolean repairMissingFilemark, FilemarkWriter closer) throws IOException {
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
        closer.writeFilemark();
        LOG.warn("{}: the last file was not closed by a filemark; wrote one at end of data", deviceName());
        return new EndOfDataResult(position(), true);
      default:
        throw new TapeDriveException(deviceName(), "checking the filemark before end of data stopped at "
            + back.stop() + " although READ POSITION reported object " + atEnd.logicalObject());
    }
  }

  /** See {@link TapeDrive#moveToLastFile()}. */
  void moveToLastFile(FilemarkWriter closer) throws IOException {
    EndOfDataResult end = moveToEndOfData(true, closer);
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

  TapePosition position() throws IOException {
    if (!shortPositionOnly) {
      ScsiCommand cmd = SscCommands.readPosition(ReadPositionForm.LONG);
      ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
      ScsiResult r = commands.exchange(cmd, buffer);
      if (r.isGood()) {
        LongPosition p = commands.decode(cmd, DriveCommands.received(buffer, r), LongPosition::decode);
        if (p.objectNumberUnknown()) {
          throw unknownPosition();
        }
        return new TapePosition(p.partition(), p.logicalObjectNumber(),
            p.markPositionUnknown() ? OptionalLong.empty() : OptionalLong.of(p.logicalFileIdentifier()),
            p.beginningOfPartition(), p.endOfPartition(), p.beyondProgrammableEarlyWarning());
      }
      if (!isIllegalRequest(r)) {
        throw commands.failure(cmd, r);
      }
      LOG.info("{}: READ POSITION long form rejected; using the short form (no file numbers)", deviceName());
      shortPositionOnly = true;
    }
    ScsiCommand cmd = SscCommands.readPosition(ReadPositionForm.SHORT);
    ShortPosition p = commands.decode(cmd, commands.dataIn(cmd), ShortPosition::decode);
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

  void rewind() throws IOException {
    commands.run(SscCommands.rewind(false));
  }
}
