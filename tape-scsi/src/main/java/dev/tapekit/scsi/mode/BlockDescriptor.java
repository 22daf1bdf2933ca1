package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;

/**
 * A mode parameter block descriptor. Tape drives use the short (8-byte) form, where the block
 * length is the drive's fixed block size and 0 means variable-length blocks (SSC-5 8.3.3).
 *
 * <pre>
 *  short form (8 bytes)                    long LBA form (16 bytes, LONGLBA=1 in the header)
 *  0     density code                       0-7    number of blocks
 *  1-3   number of blocks                   8-11   reserved
 *  4     reserved                           12-15  block length
 *  5-7   block length (0 = variable)
 * </pre>
 *
 * @param densityCode the density code (0x5E LTO-8, 0x60 LTO-9, 0 default); 0 in the long form
 * @param numberOfBlocks the number of blocks the descriptor applies to (0 = all remaining)
 * @param blockLength the block length in bytes, 0 for variable
 */
public record BlockDescriptor(int densityCode, long numberOfBlocks, long blockLength) {
  /** Size of the short form. */
  public static final int SHORT_LENGTH = 8;
  /** Size of the long LBA form. */
  public static final int LONG_LENGTH = 16;

  public BlockDescriptor {
    Checks.range("density code", densityCode, 0, 0xFF);
    Checks.range("block length", blockLength, 0, 0xFFFFFFFFL);
    if (numberOfBlocks < 0) {
      throw new IllegalArgumentException("number of blocks " + numberOfBlocks + " is negative");
    }
  }

  /** A short-form descriptor for variable-length blocks at the default density: what PBS sets. */
  public static BlockDescriptor variable() {
    return new BlockDescriptor(0, 0, 0);
  }

  /** True for variable-length block mode (block length 0). */
  public boolean variableBlockLength() {
    return blockLength == 0;
  }

  /** The same descriptor with another block length (0 = variable). */
  public BlockDescriptor withBlockLength(long length) {
    return new BlockDescriptor(densityCode, numberOfBlocks, length);
  }

  /** The same descriptor with another density code. */
  public BlockDescriptor withDensityCode(int code) {
    return new BlockDescriptor(code, numberOfBlocks, blockLength);
  }

  static BlockDescriptor parseShort(byte[] d, int off, String what) throws MalformedResponseException {
    Bytes.require(d, off, SHORT_LENGTH, what);
    return new BlockDescriptor(d[off] & 0xFF, Bytes.getUnsigned(d, off + 1, 3), Bytes.getUnsigned(d, off + 5, 3));
  }

  static BlockDescriptor parseLong(byte[] d, int off, String what) throws MalformedResponseException {
    Bytes.require(d, off, LONG_LENGTH, what);
    long blocks = Bytes.getUnsigned(d, off, 8);
    if (blocks < 0) {
      throw new MalformedResponseException(what + ": number of blocks at offset " + off + " exceeds 2^63-1");
    }
    return new BlockDescriptor(0, blocks, Bytes.getU32(d, off + 12));
  }

  /**
   * The 8-byte short form.
   *
   * @throws IllegalArgumentException when the number of blocks or block length exceed 24 bits
   */
  public byte[] encodeShort() {
    Checks.range("number of blocks (short block descriptor)", numberOfBlocks, 0, 0xFFFFFF);
    Checks.range("block length (short block descriptor)", blockLength, 0, 0xFFFFFF);
    byte[] out = new byte[SHORT_LENGTH];
    out[0] = (byte) densityCode;
    Bytes.put24(out, 1, (int) numberOfBlocks);
    Bytes.put24(out, 5, (int) blockLength);
    return out;
  }
}
