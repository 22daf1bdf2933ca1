package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.MediumKind;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Out;
import java.util.List;

/**
 * The drive's mode pages and MODE SELECT validation.
 *
 * <pre>
 * 0x0A Control (12 bytes):            0A 0A 02 00 00 00 00 00 FF FF 00 00       nothing changeable
 * 0x0F Data Compression (16 bytes):   0F 0E DCE|DCC 80 00000001 00000001 00000000   DCE (byte 2 bit 7) changeable
 * 0x10 Device Configuration (16):     10 0E 00 00 00 00 0000 00 00 EOD|SWP 000000 SDCA 00   SWP, SDCA changeable
 * 0x11 Medium Partition (10 bytes):   11 08 00 00 18 03 09 00 0000             single partition, nothing changeable
 * 0x1D Medium Configuration (32):     1D 1E WORMM 00 01 02 00...               nothing changeable
 * </pre>
 *
 * A MODE SELECT that changes a byte outside the changeable mask is rejected with 05/26/00 and a field
 * pointer to that byte of the parameter list.
 */
final class DriveModePages {
  static final List<Integer> PAGES = List.of(0x0A, 0x0F, 0x10, 0x11, 0x1D);

  private DriveModePages() {}

  /** Compression and software write protect as selected. */
  record Selection(boolean compression, boolean softwareWriteProtect) {}

  /** Page {@code code} for page control {@code pc} (0 current, 1 changeable mask, 2 default). */
  static byte[] page(VirtualTapeDrive d, int code, int pc) {
    if (pc == 1) {
      return mask(code);
    }
    boolean current = pc == 0;
    boolean compression = !current || d.compression();
    boolean swp = current && d.softwareWriteProtect();
    return switch (code) {
      case 0x0A -> new Out().u8(0x0A).u8(0x0A).u8(0x02).zeros(5).u16(0xFFFF).zeros(2).toArray();
      case 0x0F -> new Out().u8(0x0F).u8(0x0E).u8((compression ? 0x80 : 0) | 0x40).u8(0x80)
          .u32(1).u32(1).u32(0).toArray();
      case 0x10 -> new Out().u8(0x10).u8(0x0E).zeros(8).u8(0x18 | (swp ? 0x04 : 0)).u24(0)
          .u8(compression ? 1 : 0).u8(0).toArray();
      case 0x11 -> new Out().u8(0x11).u8(0x08).u8(0).u8(0).u8(0x18).u8(0x03).u8(0x09).u8(0).u16(0).toArray();
      case 0x1D -> {
        CartridgeFile f = d.cartridge();
        boolean worm = current && f != null && f.info().kind() == MediumKind.WORM;
        yield new Out().u8(0x1D).u8(0x1E).u8(worm ? 1 : 0).u8(0).u8(0x01).u8(0x02).zeros(26).toArray();
      }
      default -> throw new IllegalArgumentException("page " + code);
    };
  }

  private static byte[] mask(int code) {
    return switch (code) {
      case 0x0A -> new Out().u8(0x0A).u8(0x0A).zeros(10).toArray();
      case 0x0F -> new Out().u8(0x0F).u8(0x0E).u8(0x80).zeros(13).toArray();
      case 0x10 -> new Out().u8(0x10).u8(0x0E).zeros(8).u8(0x04).zeros(3).u8(0xFF).u8(0).toArray();
      case 0x11 -> new Out().u8(0x11).u8(0x08).zeros(8).toArray();
      case 0x1D -> new Out().u8(0x1D).u8(0x1E).zeros(30).toArray();
      default -> throw new IllegalArgumentException("page " + code);
    };
  }

  /** Validates the pages of a MODE SELECT parameter list starting at {@code at}. */
  static Selection select(VirtualTapeDrive d, byte[] p, int at) {
    boolean compression = d.compression();
    boolean swp = d.softwareWriteProtect();
    int i = at;
    while (i < p.length) {
      if (i + 2 > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int code = p[i] & 0x3F;
      if ((p[i] & 0x40) != 0 || !PAGES.contains(code)) {
        throw CheckCondition.invalidParameterField(i, 5); // SPF pages and unknown pages
      }
      byte[] current = page(d, code, 0);
      byte[] mask = mask(code);
      int len = (p[i + 1] & 0xFF) + 2;
      if (len != current.length) {
        throw CheckCondition.invalidParameterField(i + 1, -1);
      }
      if (i + len > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      for (int k = 2; k < len; k++) {
        if (((p[i + k] ^ current[k]) & ~mask[k]) != 0) {
          throw CheckCondition.invalidParameterField(i + k, -1);
        }
      }
      if (code == 0x0F) {
        compression = (p[i + 2] & 0x80) != 0;
      } else if (code == 0x10) {
        swp = (p[i + 10] & 0x04) != 0;
        compression = p[i + 14] != 0;
      }
      i += len;
    }
    return new Selection(compression, swp);
  }
}
