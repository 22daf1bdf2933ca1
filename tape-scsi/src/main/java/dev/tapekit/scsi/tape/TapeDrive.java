package dev.tapekit.scsi.tape;

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
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 *   <li><b>Unit attentions</b> (cartridge loaded, drive reset, mode parameters changed) are kept for
 *       {@link #takeUnitAttentions()}. A command that only reads state, or that puts the tape at an
 *       absolute place (rewind, locate, load, unload), is sent again; one that reads, writes or moves
 *       the tape is not, since the tape may be back at its beginning: it throws {@link
 *       PositionLostException}, and such commands are refused until a rewind or locate succeeds.
 *   <li><b>Threads:</b> implementations are safe to call from several threads; each call runs
 *       alone. The tape position is shared state, though, so one owner at a time should drive it.
 * </ul>
 *
 * <p>Besides moving data: {@link #identity()} and {@link #status()} say what the drive is and does;
 * {@link #setOptions(DriveOptions)} sets block size, compression and buffered mode; {@link
 * #setEncryptionKey(byte[])} turns on hardware AES-256-GCM; {@link #readAttributes()} and {@link
 * #writeAttributes(AttributeParameterList)} use the cartridge memory (MAM); {@link
 * #tapeAlertFlags()}, {@link #volumeStatistics()} and {@link #deviceActivity()} read log pages.
 * Everything reading a page the drive does not implement fails with an ILLEGAL REQUEST {@link
 * dev.tapekit.scsi.ScsiCommandException}, except {@link #status()}, which leaves the field empty.
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
   * As {@link #waitUntilReady(Duration)}, and while the drive is not ready tells {@code listener}
   * what it is doing (DT device activity, log page 11h): at the first poll that finds it not ready,
   * then about once a minute.
   */
  void waitUntilReady(Duration timeout, ReadyListener listener) throws IOException;

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

  /**
   * Lets the next write overwrite what is on tape at the current position, on drives that enforce
   * append-only writing (SSC-4 ALLOW OVERWRITE for the partition and logical object READ POSITION
   * reports). Such drives need it before a label is rewritten or data is written anywhere but at end
   * of data. A drive without the command fails with ILLEGAL REQUEST.
   */
  void allowOverwriteAtCurrentPosition() throws IOException;

  /** Prevents (true) or allows (false) removing the cartridge with the drive's eject button. */
  void setMediumRemovalPrevented(boolean prevented) throws IOException;

  /**
   * Sets the drive's block size: 0 for variable-block mode (each WRITE is one block of any length
   * up to {@link BlockLimits#maximumBlockLength()}), or a fixed size in bytes. Read and write follow
   * the mode set here.
   */
  void setBlockSize(int blockSize) throws IOException;

  /**
   * The block size read and write use: the last one set or read from the drive by {@link
   * #settings()}, 0 (variable) until then.
   */
  int blockSize();

  /** Turns data compression (mode page 0Fh, DCE) on or off; see {@link #setOptions(DriveOptions)}. */
  void setCompression(boolean on) throws IOException;

  /**
   * Buffered mode 1 (true: WRITE returns once the data is in the drive's buffer, which streaming
   * needs) or unbuffered mode 0; see {@link #setOptions(DriveOptions)}.
   */
  void setBuffered(boolean on) throws IOException;

  /**
   * Changes the options given (block size, compression, buffered mode) with one read-modify-write
   * of the mode parameters, leaving every other parameter as the drive has it. {@link
   * DriveOptions#DEFAULTS} is what PBS uses: compression on, variable blocks, buffered.
   */
  void setOptions(DriveOptions options) throws IOException;

  /** Reads block size, compression, buffered mode, density and write protection (MODE SENSE). */
  DriveSettings settings() throws IOException;

  /** The block lengths the drive accepts (READ BLOCK LIMITS). */
  BlockLimits blockLimits() throws IOException;

  /**
   * The densities (formats) the drive can read or write (REPORT DENSITY SUPPORT).
   *
   * @param mountedMedium only those the mounted cartridge supports (needs a cartridge)
   */
  List<DensitySupport.DensityDescriptor> densitySupport(boolean mountedMedium) throws IOException;

  /** Vendor, product, revision and serial number (INQUIRY, VPD 80h); read once, then remembered. */
  DriveIdentity identity() throws IOException;

  /**
   * A snapshot of drive and cartridge, tolerating pages the drive lacks and skipping what could
   * block while the tape moves; see {@link DriveStatus}.
   */
  DriveStatus status() throws IOException;

  /** The drive's hardware encryption algorithms (SECURITY PROTOCOL IN 20h, page 0010h). */
  DataEncryptionCapabilities encryptionCapabilities() throws IOException;

  /** The drive's current encryption modes (SECURITY PROTOCOL IN 20h, page 0020h). No key is ever reported. */
  DataEncryptionStatus encryptionStatus() throws IOException;

  /**
   * Loads a 32-byte AES-256-GCM key into the drive: blocks written from now on are encrypted, and
   * reads decrypt encrypted blocks and pass plain ones (mixed mode, so unencrypted labels stay
   * readable). The key applies to every host using the drive until {@link #clearEncryptionKey()},
   * a power cycle or the drive's own rules drop it. The key bytes are sent once, wiped from every
   * copy this call made, and never logged or put into an exception.
   *
   * @throws TapeDriveException when the drive has no hardware AES-256-GCM or did not switch on
   */
  void setEncryptionKey(byte[] key) throws IOException;

  /**
   * Turns encryption and decryption off and drops the key. A drive without encryption support (the
   * capabilities page is rejected) counts as cleared.
   */
  void clearEncryptionKey() throws IOException;

  /** Every attribute of the cartridge memory (READ ATTRIBUTE, volume 0, partition 0). */
  AttributeList readAttributes() throws IOException;

  /**
   * The attributes with these identifiers that the cartridge holds, in identifier order; missing
   * ones are left out.
   */
  List<Attribute> readAttributes(int... ids) throws IOException;

  /**
   * Writes host attributes to the cartridge memory (WRITE ATTRIBUTE, WTC): application vendor, name
   * and version, user medium text label, barcode, media pool and the like.
   */
  void writeAttributes(AttributeParameterList attributes) throws IOException;

  /** Deletes host attributes from the cartridge memory (writes them with length 0). */
  void clearAttributes(MamAttribute... attributes) throws IOException;

  /** TapeAlert flags set now, from log page 12h: reading it does not clear them (page 2Eh would). */
  Set<TapeAlertFlag> tapeAlertFlags() throws IOException;

  /** Lifetime statistics of the mounted cartridge (log page 17h, LTO-5 and later). */
  VolumeStatisticsPage volumeStatistics() throws IOException;

  /**
   * Byte counters and capacity estimates of the mounted cartridge (log page 0Ch), among them the
   * minimum native capacity between early warning and the end of the partition.
   */
  SequentialAccessDevicePage sequentialAccessDevice() throws IOException;

  /**
   * What the drive is doing (log page 11h, one-second timeout); empty while the drive has not
   * initialized the value.
   */
  Optional<DeviceActivity> deviceActivity() throws IOException;

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
