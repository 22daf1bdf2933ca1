package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapePosition;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link BlockSource} over a {@link TapeDrive} in variable-block mode: one READ per block
 * (filemark and end of data as results), LOCATE for positioning. Block numbers within a file come
 * from the file's first logical object, which the source remembers when it locates a file (and
 * finds by spacing back to the previous filemark otherwise).
 */
public final class DriveBlockSource implements BlockSource {
  private final TapeDrive drive;
  private final String volume;
  private long bytesRead;

  public DriveBlockSource(TapeDrive drive, String volume) {
    this.drive = drive;
    this.volume = volume;
  }

  @Override
  public ReadResult read(ByteBuffer buffer) throws IOException {
    ReadResult r = drive.read(buffer);
    bytesRead += r.length();
    return r;
  }

  /** The bytes the drive has handed over through {@link #read} (what a restore cost in tape reading). */
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public void locateFile(long file) throws IOException {
    drive.locateFile(file);
  }

  @Override
  public void locate(long logicalObject) throws IOException {
    drive.locate(logicalObject);
  }

  @Override
  public BlockAddress position() throws IOException {
    return address(drive);
  }

  @Override
  public String volume() {
    return volume;
  }

  /**
   * The drive's position as a block address. READ POSITION gives the logical object and, on drives
   * that report it, the file number; the block within the file is found by locating the file's start.
   */
  static BlockAddress address(TapeDrive drive) throws IOException {
    TapePosition p = drive.position();
    if (p.fileNumber().isEmpty()) {
      return new BlockAddress(-1, -1, p.logicalObject());
    }
    long file = p.fileNumber().getAsLong();
    long here = p.logicalObject();
    if (file == 0) {
      return new BlockAddress(0, here, here);
    }
    drive.locateFile(file);
    long start = drive.position().logicalObject();
    drive.locate(here);
    return new BlockAddress(file, here - start, here);
  }
}
