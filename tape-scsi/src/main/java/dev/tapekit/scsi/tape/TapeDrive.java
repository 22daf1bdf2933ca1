package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.sense.SenseData;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A tape drive: read and write blocks, write filemarks, move around the tape, load and unload.
 *
 * <p>Vocabulary: a tape holds blocks; a filemark ends a tape file; file {@code n} starts after the
 * {@code n}-th filemark (file 0 at the beginning of the partition, BOP); end of data (EOD) follows
 * the last thing written. Early warning (LEOM) is a point shortly before the physical end where
 * the drive starts telling writers to wrap up.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Results, not exceptions:</b> early warning on a write ({@link WriteResult#EARLY_WARNING}),
 *       a filemark or end of data on a read ({@link ReadResult}), and a SPACE stopped by a filemark,
 *       BOP or EOD ({@link SpaceResult}) are return values. They are how tapes are read and
 *       written, not failures.
 *   <li><b>Exceptions</b> are {@link IOException}s, in practice {@link dev.tapekit.scsi.ScsiException}
 *       subclasses naming the device, the command and the decoded sense: {@link
 *       VolumeOverflowException} when a write runs off the physical end (nothing written), {@link
 *       DeferredErrorException} when an earlier buffered write failed, {@link NoMediumException} when
 *       there is no cartridge, {@link dev.tapekit.scsi.ScsiCommandException} for other sense, {@link
 *       dev.tapekit.scsi.ScsiTransportException} when the device cannot be reached, {@link
 *       TapeDriveException} for failures spanning several commands. Invalid arguments are {@link
 *       IllegalArgumentException}s, thrown before anything is sent.
 *   <li><b>Unit attentions</b> (cartridge loaded, drive reset, mode parameters changed) are not
 *       thrown at whoever sends the next command: the drive consumes them, retries the command, and
 *       keeps them for {@link #takeUnitAttentions()}.
 *   <li><b>Threads:</b> implementations are safe to call from several threads; each call runs
 *       alone. The tape position is shared state, though, so one owner at a time should drive it.
 * </ul>
 *
 * <p>Drive status, compression, encryption, cartridge memory (MAM), TapeAlert flags and volume
 * statistics are further operations of the same drive; they decode mode pages, log pages and
 * attributes and belong on this interface as additional methods.
 */
public interface TapeDrive extends Closeable {

  /** The device's name for messages, e.g. {@code /dev/sg3}. */
  String deviceName();

  /**
   * Polls TEST UNIT READY until the drive is ready: a freshly loaded cartridge threads and
   * calibrates for up to a few minutes. Returns at once when ready.
   *
   * @throws NoMediumException when there is no cartridge
   * @throws dev.tapekit.scsi.ScsiCommandException when the drive is not ready for a reason waiting
   *     will not fix, or is still not ready after {@code timeout}
   */
  void waitUntilReady(Duration timeout) throws IOException;

  /**
   * Reads from the tape into {@code buffer}'s remaining bytes and advances its position by the
   * bytes stored. In variable-block mode (block size 0) one block is read; in fixed-block mode as
   * many blocks as fit, and {@code buffer.remaining()} must be a multiple of the block size.
   */
  ReadResult read(ByteBuffer buffer) throws IOException;

  /**
   * Writes {@code buffer}'s remaining bytes: one block in variable-block mode, a multiple of the
   * block size in fixed-block mode. Advances the buffer's position past what was written.
   *
   * @return {@link WriteResult#EARLY_WARNING} once the tape is past early warning
   * @throws VolumeOverflowException when the tape is full and nothing was written
   */
  WriteResult write(ByteBuffer buffer) throws IOException;

  /**
   * Writes {@code count} filemarks. A count of 0 only flushes the drive's buffer to tape.
   *
   * @param immediate return as soon as the drive accepted the command (buffered); false waits
   *     until the marks and every block before them are on tape, which is how a writer commits
   */
  WriteResult writeFilemarks(int count, boolean immediate) throws IOException;

  /** Spaces over {@code count} blocks, backward when negative. */
  SpaceResult spaceBlocks(long count) throws IOException;

  /**
   * Spaces over {@code count} filemarks, backward when negative. Forward, the tape ends up after the
   * last filemark (at the start of a file); backward, before it (at the end of the previous file).
   */
  SpaceResult spaceFilemarks(long count) throws IOException;

  /** Moves to end of data, where the next write appends. */
  SpaceResult spaceToEndOfData() throws IOException;

  /**
   * Positions at the start of file {@code fileNumber} (after its preceding filemark). Uses LOCATE
   * where possible and verifies where it landed; drives disagree by one on which side of the
   * filemark LOCATE to a file lands, which the first call calibrates.
   *
   * @throws TapeDriveException when the file does not exist or the drive keeps landing elsewhere
   */
  void locateFile(long fileNumber) throws IOException;

  /** Positions at logical object (block or filemark) number {@code logicalObject} of this partition. */
  void locate(long logicalObject) throws IOException;

  /**
   * Moves to end of data. With {@code repairMissingFilemark}, checks that the last file is closed by
   * a filemark and writes one if not (a writer that crashed mid-file leaves none), so appending
   * starts a new file.
   */
  EndOfDataResult moveToEndOfData(boolean repairMissingFilemark) throws IOException;

  /**
   * Positions at the start of the last file on tape, repairing a missing final filemark first.
   *
   * @throws TapeDriveException when the tape holds no file
   */
  void moveToLastFile() throws IOException;

  /** Reads the current position. */
  TapePosition position() throws IOException;

  /** Rewinds to the beginning of the partition and waits until done. */
  void rewind() throws IOException;

  /** Loads (threads) the cartridge in the drive. */
  void load() throws IOException;

  /** Rewinds and unloads the cartridge, ejecting it. */
  void unload() throws IOException;

  /**
   * Erases from the current position to the end of the partition (rewind first to erase the whole
   * tape). A quick erase only writes end of data there; a long erase overwrites every track and
   * takes hours.
   */
  void erase(boolean longErase) throws IOException;

  /**
   * Makes the cartridge blank, the way its generation wants it: FORMAT MEDIUM on LTO-5 and newer
   * (plus a long erase when not {@code fast}), ERASE on older or unknown media. A fast format of an
   * LTO-9 cartridge uses ERASE to avoid repeating its one-time media optimization.
   *
   * @throws TapeDriveException for a WORM cartridge that holds data (never formatted)
   */
  void format(boolean fast) throws IOException;

  /** Prevents (true) or allows (false) removing the cartridge with the drive's eject button. */
  void setMediumRemovalPrevented(boolean prevented) throws IOException;

  /**
   * Sets the drive's block size: 0 for variable-block mode (each WRITE is one block of any length
   * up to {@link BlockLimits#maximumBlockLength()}), or a fixed size in bytes. Read and write follow
   * the mode set here.
   */
  void setBlockSize(int blockSize) throws IOException;

  /** The block size set through {@link #setBlockSize(int)}, 0 (variable) until then. */
  int blockSize();

  /** The block lengths the drive accepts (READ BLOCK LIMITS). */
  BlockLimits blockLimits() throws IOException;

  /**
   * Returns the unit attentions the drive reported since the last call and forgets them. After a
   * cartridge change (ASC 28h) or a reset (29h), the position and any mode settings such as the
   * block size must be assumed lost.
   */
  List<SenseData> takeUnitAttentions();

  /** Releases the device (closes the underlying transport). */
  @Override
  void close() throws IOException;
}
