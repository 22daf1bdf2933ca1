package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * The reply to READ BLOCK LIMITS: the block lengths the drive accepts.
 *
 * <pre>
 *  0    reserved(7..5) GRANULARITY(4..0)   block lengths must be multiples of 2^GRANULARITY
 *  1-3  MAXIMUM BLOCK LENGTH LIMIT          0 = no limit stated
 *  4-5  MINIMUM BLOCK LENGTH LIMIT
 * </pre>
 *
 * With MLOI set the reply is instead 20 bytes: 12 reserved, then an 8-byte MAXIMUM LOGICAL OBJECT
 * IDENTIFIER (the highest block/filemark number the medium can hold), decoded by {@link
 * #decodeMaximumLogicalObjectIdentifier(byte[])}.
 *
 * @param granularity the GRANULARITY exponent, 0..31
 * @param maximumBlockLength the largest block length, or 0 when the drive states no limit
 * @param minimumBlockLength the smallest block length
 */
public record BlockLimits(int granularity, int maximumBlockLength, int minimumBlockLength) {
  /** Length of the block-limits reply. */
  public static final int LENGTH = 6;
  /** Length of the maximum-logical-object-identifier reply. */
  public static final int MLOI_LENGTH = 20;

  /** Decodes the 6-byte form; extra bytes are ignored. */
  public static BlockLimits decode(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, LENGTH, "READ BLOCK LIMITS data");
    return new BlockLimits(
        data[0] & 0x1F, Bytes.u24(data, 1, "READ BLOCK LIMITS data"), Bytes.u16(data, 4, "READ BLOCK LIMITS data"));
  }

  /** Decodes the 20-byte MLOI form: the maximum logical object identifier (unsigned 64-bit). */
  public static long decodeMaximumLogicalObjectIdentifier(byte[] data) throws MalformedResponseException {
    Bytes.require(data, 0, MLOI_LENGTH, "READ BLOCK LIMITS (MLOI) data");
    return Bytes.u64(data, 12, "READ BLOCK LIMITS (MLOI) data");
  }

  /** True when {@code length} is a block length the drive accepts in variable-block mode. */
  public boolean accepts(int length) {
    boolean aligned = granularity >= 31 ? length == 0 : (length & ((1 << granularity) - 1)) == 0;
    return length >= minimumBlockLength && (maximumBlockLength == 0 || length <= maximumBlockLength) && aligned;
  }
}
