package dev.tapekit.iscsi;

import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest: CRC32C (RFC 7143 §13.1, the Castagnoli polynomial) over the
 * header segments, or over the data segment with its padding, placed on the wire least significant
 * byte first. Example (RFC 3720 appendix B.4): 32 zero bytes have the CRC 0x8A9136AA, sent as
 * {@code aa 36 91 8a}.
 */
final class Crc32cDigest {
  private Crc32cDigest() {}

  static int of(byte[] a, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(a, offset, length);
    return (int) crc.getValue();
  }

  /** Writes {@code crc} into {@code out[offset..offset+3]} in wire order. */
  static void put(int crc, byte[] out, int offset) {
    out[offset] = (byte) crc;
    out[offset + 1] = (byte) (crc >>> 8);
    out[offset + 2] = (byte) (crc >>> 16);
    out[offset + 3] = (byte) (crc >>> 24);
  }

  /** Reads a digest in wire order from {@code in[offset..offset+3]}. */
  static int get(byte[] in, int offset) {
    return (in[offset] & 0xFF) | ((in[offset + 1] & 0xFF) << 8) | ((in[offset + 2] & 0xFF) << 16)
        | ((in[offset + 3] & 0xFF) << 24);
  }
}
