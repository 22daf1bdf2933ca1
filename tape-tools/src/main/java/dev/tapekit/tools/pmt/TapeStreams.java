package dev.tapekit.tools.pmt;

import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapeDriveException;
import dev.tapekit.scsi.tape.VolumeOverflowException;
import dev.tapekit.scsi.tape.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * {@code pmt write} and {@code pmt read}: one byte stream as one tape file, in variable-block mode.
 *
 * <p>Writing cuts the stream into blocks of the given size (the last one shorter), writes them from the
 * current position and closes the file with a filemark written without "immediate", so when it returns
 * every block is on tape. Early warning does not stop it: the rest of the stream is written into the
 * space left after the early-warning point and the result says so; only a write refused at the physical
 * end of tape ends the file early ({@link VolumeOverflowException}, after an attempt to close the file
 * with a filemark). Reading copies blocks from the current position to the output until a filemark (the
 * tape is then at the start of the next file) or end of data.
 */
final class TapeStreams {
  private TapeStreams() {}

  /**
   * What {@link #write} did.
   *
   * @param bytes bytes written
   * @param blocks blocks written
   * @param earlyWarning the drive reported early warning: the cartridge is nearly full
   */
  record Written(long bytes, long blocks, boolean earlyWarning) {}

  /**
   * What {@link #read} did.
   *
   * @param bytes bytes copied
   * @param blocks blocks read
   * @param endOfData the file ended at end of data instead of a filemark
   */
  record Read(long bytes, long blocks, boolean endOfData) {}

  static Written write(TapeDrive drive, InputStream in, int blockSize) throws IOException {
    byte[] block = new byte[blockSize];
    long bytes = 0;
    long blocks = 0;
    boolean earlyWarning = false;
    int n;
    try {
      while ((n = in.readNBytes(block, 0, blockSize)) > 0) {
        if (drive.write(ByteBuffer.wrap(block, 0, n)) == WriteResult.EARLY_WARNING) {
          earlyWarning = true;
        }
        bytes += n;
        blocks++;
      }
    } catch (VolumeOverflowException e) {
      try {
        drive.writeFilemarks(1, false);
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw new TapeDriveException(drive.deviceName(), "the tape is full: the stream was cut after " + bytes
          + " bytes (" + blocks + " blocks); the tape file holds only that part");
    }
    if (drive.writeFilemarks(1, false) == WriteResult.EARLY_WARNING) {
      earlyWarning = true;
    }
    return new Written(bytes, blocks, earlyWarning);
  }

  static Read read(TapeDrive drive, OutputStream out, int bufferSize) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(bufferSize);
    long bytes = 0;
    long blocks = 0;
    while (true) {
      buffer.clear();
      ReadResult r = drive.read(buffer);
      switch (r.kind()) {
        case DATA, SHORT_BLOCK -> {
          out.write(buffer.array(), 0, r.length());
          bytes += r.length();
          blocks++;
        }
        case OVERLENGTH_BLOCK -> throw new TapeDriveException(drive.deviceName(), "block " + blocks + " of the file has "
            + r.blockLength() + " bytes, more than the read buffer of " + bufferSize + "; read with --block-size "
            + r.blockLength() + " or more");
        case FILEMARK -> {
          out.flush();
          return new Read(bytes, blocks, false);
        }
        case END_OF_DATA -> {
          out.flush();
          return new Read(bytes, blocks, true);
        }
      }
    }
  }
}
