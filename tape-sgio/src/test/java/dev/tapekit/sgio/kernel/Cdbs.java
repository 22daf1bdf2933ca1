package dev.tapekit.sgio.kernel;

import dev.tapekit.scsi.codec.Bytes;

/**
 * Raw command descriptor blocks for the real-kernel tests, written from the SPC-5/SSC-5 field
 * definitions. They are kept here, independent of the SDK's command builders, so the kernel tests
 * check the SG_IO transport on its own; tests of the builders against the kernel come with the
 * TapeDrive API.
 *
 * <pre>
 * TEST UNIT READY      00 00 00 00 00 00
 * READ BLOCK LIMITS    05 00 00 00 00 00
 * REWIND               01 00 00 00 00 00
 * INQUIRY              12 evpd page alloc(2) 00
 * READ(6)  variable    08 sili<<1 length(3) 00            (FIXED bit 0 = 0)
 * WRITE(6) variable    0A 00 length(3) 00
 * WRITE FILEMARKS(6)   10 00 count(3) 00
 * SPACE(6)             11 code count(3, signed) 00         code 0 blocks, 1 filemarks, 3 end of data
 * LOAD UNLOAD          1B 00 00 00 load 00                 load bit 0: 1 load, 0 unload
 * LOCATE(10)           2B 00 00 lba(4) 00 00 00
 * READ POSITION        34 00 00 00 00 00 00 00 00 00       short form (service action 0)
 * LOG SENSE            4D 00 pc<<6|page subpage 00 00 00 alloc(2) 00
 * MODE SENSE(10)       5A 00 pc<<6|page subpage 00 00 00 alloc(2) 00
 * </pre>
 */
final class Cdbs {
  private Cdbs() {}

  static byte[] testUnitReady() {
    return new byte[6];
  }

  static byte[] readBlockLimits() {
    return new byte[] {0x05, 0, 0, 0, 0, 0};
  }

  static byte[] rewind() {
    return new byte[] {0x01, 0, 0, 0, 0, 0};
  }

  static byte[] inquiry(int allocation) {
    return with(new byte[] {0x12, 0, 0, 0, 0, 0}, 3, 2, allocation);
  }

  static byte[] inquiryVpd(int page, int allocation) {
    return with(new byte[] {0x12, 1, (byte) page, 0, 0, 0}, 3, 2, allocation);
  }

  static byte[] read6(int length, boolean sili) {
    return with(new byte[] {0x08, (byte) (sili ? 0x02 : 0), 0, 0, 0, 0}, 2, 3, length);
  }

  static byte[] write6(int length) {
    return with(new byte[] {0x0A, 0, 0, 0, 0, 0}, 2, 3, length);
  }

  static byte[] writeFilemarks(int count) {
    return with(new byte[] {0x10, 0, 0, 0, 0, 0}, 2, 3, count);
  }

  /** SPACE(6); {@code code} 0 = logical blocks, 1 = filemarks, 3 = end of data; count is signed. */
  static byte[] space(int code, int count) {
    return with(new byte[] {0x11, (byte) code, 0, 0, 0, 0}, 2, 3, count);
  }

  static byte[] loadUnload(boolean load) {
    return new byte[] {0x1B, 0, 0, 0, (byte) (load ? 1 : 0), 0};
  }

  static byte[] locate10(int block) {
    return with(new byte[] {0x2B, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3, 4, block);
  }

  static byte[] readPositionShort() {
    return new byte[] {0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  }

  static byte[] logSense(int pageControl, int page, int allocation) {
    return with(new byte[] {0x4D, 0, (byte) (pageControl << 6 | page), 0, 0, 0, 0, 0, 0, 0}, 7, 2, allocation);
  }

  static byte[] modeSense10(int pageControl, int page, int allocation) {
    return with(new byte[] {0x5A, 0, (byte) (pageControl << 6 | page), 0, 0, 0, 0, 0, 0, 0}, 7, 2, allocation);
  }

  /** Stores {@code value} big-endian in {@code length} bytes at {@code offset} (24-bit counts in two's complement). */
  private static byte[] with(byte[] cdb, int offset, int length, int value) {
    Bytes.put(cdb, offset, length, value);
    return cdb;
  }
}
