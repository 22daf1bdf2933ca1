package dev.tapekit.format.block;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link BlockSink} over a {@link TapeDrive} in variable-block mode: one WRITE per block, early
 * warning passed up as the drive reports it, filemarks written synchronously (IMMED=0) so that a
 * file is on the medium, not in the drive's buffer, when {@link #writeFilemark()} returns — the
 * point a commit may rely on. The caller puts the drive in variable-block mode ({@code
 * setBlockSize(0)}) and positions it.
 */
public final class DriveBlockSink implements BlockSink {
  private final TapeDrive drive;
  private final String volume;
  /** Where the next object goes, once known: counted from the first READ POSITION, so writing never moves the tape. */
  private BlockAddress next;

  public DriveBlockSink(TapeDrive drive, String volume) {
    this.drive = drive;
    this.volume = volume;
  }

  @Override
  public WriteResult write(ByteBuffer block) throws IOException {
    BlockAddress at = position();
    next = null; // unknown until the write returns (a failed write may or may not have moved the tape)
    WriteResult r = drive.write(block);
    next = new BlockAddress(at.file(), at.block() + 1, at.logicalObject() + 1);
    return r;
  }

  @Override
  public WriteResult writeFilemark() throws IOException {
    BlockAddress at = position();
    next = null;
    WriteResult r = drive.writeFilemarks(1, false);
    next = new BlockAddress(at.file() + 1, 0, at.logicalObject() + 1);
    return r;
  }

  /**
   * The position of the next write. The first call asks the drive (READ POSITION, and to find the
   * block within the file a LOCATE to the file's start and back, which moves but writes nothing);
   * later calls count what was written.
   */
  @Override
  public BlockAddress position() throws IOException {
    if (next == null) {
      next = DriveBlockSource.address(drive);
    }
    return next;
  }

  @Override
  public String volume() {
    return volume;
  }
}
