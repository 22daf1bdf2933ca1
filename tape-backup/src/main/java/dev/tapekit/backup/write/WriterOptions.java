package dev.tapekit.backup.write;

import dev.tapekit.format.block.BlockHeader;
import java.time.Duration;

/**
 * How a {@link PoolWriter} writes.
 *
 * @param blockSize the application block size of new tapes (tape-format: 64 KiB to 4 MiB)
 * @param archiveBytes a chunk archive is closed and a new one begun after about this many stored
 *     bytes, so that restoring one chunk never needs more than one archive's index (PBS: 4 GiB)
 * @param commitBytes the tape is synced and the catalog committed at the end of the first archive
 *     after this many bytes since the last commit (PBS: 128 GiB; each sync stops the drive streaming),
 *     and always when a tape is full and at the end
 * @param lockTimeout how long to wait for the drive and the media set
 * @param labelBlankTapes when the pool has no usable tape, label a blank tape of the library that the
 *     catalog does not know (its barcode as label text) into the pool and use it
 * @param driveBuffer bytes of blocks queued in memory in front of the drive, written by a thread of
 *     their own ({@code BufferedBlockSink}), so that a source that stalls does not stop the drive; 0:
 *     none, each block is written on the caller's thread. Near early warning the writer uses less:
 *     at most half of the early-warning zone the drive reports, so the tape still ends in time.
 */
public record WriterOptions(int blockSize, long archiveBytes, long commitBytes, Duration lockTimeout,
    boolean labelBlankTapes, long driveBuffer) {
  /** 64 MiB: a quarter of a second of an LTO-9 at its native 400 MB/s, direct memory, not heap. */
  public static final long DEFAULT_DRIVE_BUFFER = 64L << 20;

  /**
   * 256 KiB blocks, 4 GiB archives, a commit every 128 GiB, 10 s lock waits (PBS's values); blank
   * tapes in the library are labelled when the pool runs out; a 64 MiB buffer in front of the drive.
   */
  public static final WriterOptions DEFAULT = new WriterOptions(BlockHeader.DEFAULT_BLOCK, 4L << 30, 128L << 30,
      Duration.ofSeconds(10), true, DEFAULT_DRIVE_BUFFER);

  public WriterOptions {
    if (archiveBytes <= 0 || commitBytes <= 0 || lockTimeout.isNegative() || driveBuffer < 0) {
      throw new IllegalArgumentException("archive and commit sizes are positive, the lock timeout and the drive "
          + "buffer not negative");
    }
  }

  public WriterOptions withArchiveBytes(long bytes) {
    return new WriterOptions(blockSize, bytes, commitBytes, lockTimeout, labelBlankTapes, driveBuffer);
  }

  public WriterOptions withLabelBlankTapes(boolean label) {
    return new WriterOptions(blockSize, archiveBytes, commitBytes, lockTimeout, label, driveBuffer);
  }

  public WriterOptions withCommitBytes(long bytes) {
    return new WriterOptions(blockSize, archiveBytes, bytes, lockTimeout, labelBlankTapes, driveBuffer);
  }

  /** Waiting up to {@code timeout} for the drive and the media set when another job holds them. */
  public WriterOptions withLockTimeout(Duration timeout) {
    return new WriterOptions(blockSize, archiveBytes, commitBytes, timeout, labelBlankTapes, driveBuffer);
  }

  /** With a buffer of {@code bytes} in front of the drive; 0: none. */
  public WriterOptions withDriveBuffer(long bytes) {
    return new WriterOptions(blockSize, archiveBytes, commitBytes, lockTimeout, labelBlankTapes, bytes);
  }
}
