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
 * 0x0A Control (12 bytes):            0A 0A 02|D_SENSE 00 00 00 00 00 FF FF 00 00   D_SENSE (byte 2 bit 2) changeable
 * 0x0F Data Compression (16 bytes):   0F 0E DCE|DCC 80 00000001 00000001 00000000   DCE (byte 2 bit 7) changeable
 * 0x10 Device Configuration (16):     10 0E 00 00 00 00 0000 00 00 EOD|SWP 000000 SDCA 00   SWP, SDCA changeable
 * 0x10/0x01 Device Configuration Extension (32, subpage format):
 *                                     50 01 001C TA-bits WRITE MODE|SEM PEWS(2) encryption-policy 00...
 *                                     PEWS (programmable early warning size, 10^6 bytes) changeable
 * 0x11 Medium Partition (8 + 2(m+1)): 11 len m a FDP|SDP|IDP|PSUM=3 03 units 00 size[0..m]
 *                                     m = maximum additional partitions (LTO-5/6: 1, LTO-7+: 3, else 0),
 *                                     a = additional partitions (pending MODE SELECT, else the cartridge's),
 *                                     sizes in 10^units bytes (units 6..9, the smallest that fits);
 *                                     a, FDP/SDP/IDP, PSUM, POFM, units and sizes changeable
 * 0x1D Medium Configuration (32):     1D 1E WORMM 00 01 02 00...               nothing changeable
 * </pre>
 *
 * A MODE SELECT that changes a byte outside the changeable mask is rejected with 05/26/00 and a field
 * pointer to that byte of the parameter list. Page 0x11 may be sent with fewer size fields than
 * MODE SENSE shows (at least one); its settings take effect at the next FORMAT MEDIUM (format 1 or 2),
 * whatever POFM says, as on LTO drives.
 */
final class DriveModePages {
  static final List<Integer> PAGES = List.of(0x0A, 0x0F, 0x10, 0x11, 0x1D);
  /** Page 0x10 subpage 0x01, Device Configuration Extension, as {@code page << 8 | subpage}. */
  static final int EXTENSION = 0x1001;
  private static final int EXTENSION_LENGTH = 32;

  private DriveModePages() {}

  /**
   * The settings a MODE SELECT leaves: compression, software write protect, D_SENSE, the programmable
   * early warning size in 10^6 bytes, and the partition plan if page 0x11 was sent.
   */
  record Selection(boolean compression, boolean softwareWriteProtect, boolean descriptorSense, int pews,
      PartitionPlan partitions) {}

  /** How FORMAT MEDIUM is to partition the medium. */
  enum PartitionKind {
    /** No partitioning field set: a single partition. */
    NONE,
    /** FDP: sizes chosen by the drive (equal parts). */
    FIXED,
    /** SDP: the requested number of partitions, sized by the drive (equal parts). */
    SELECT,
    /** IDP: the sizes of the page. */
    INITIATOR
  }

  /**
   * A MODE SELECT of page 0x11: {@code additional} partitions beyond partition 0 of the given kind;
   * for INITIATOR the size of each partition in bytes, -1 for the one that takes the rest.
   */
  record PartitionPlan(int additional, PartitionKind kind, long[] sizes) {
    /** Capacities in bytes of the partitions of a cartridge of {@code total} bytes. */
    long[] capacities(long total) {
      int n = additional + 1;
      long[] out = new long[n];
      if (kind != PartitionKind.INITIATOR) {
        for (int k = 0; k < n; k++) {
          out[k] = total / n + (k == n - 1 ? total % n : 0);
        }
        return out;
      }
      long fixed = 0;
      int rest = -1;
      for (int k = 0; k < n; k++) {
        if (sizes[k] < 0) {
          rest = k;
        } else {
          fixed += sizes[k];
          out[k] = sizes[k];
        }
      }
      if (rest >= 0) {
        out[rest] = total - fixed;
      }
      return out;
    }

    /** True when the partitions fit into {@code total} bytes, each holding at least 1 MiB. */
    boolean fits(long total) {
      long sum = 0;
      for (long c : capacities(total)) {
        if (c < MIN_PARTITION) {
          return false;
        }
        sum += c;
      }
      return sum <= total;
    }
  }

  private static final long MIN_PARTITION = 1 << 20;
  private static final int PAGE_11_FIXED = 8;

  /**
   * Page {@code code} ({@link #EXTENSION} for the subpage) for page control {@code pc} (0 current, 1
   * changeable mask, 2 default).
   */
  static byte[] page(VirtualTapeDrive d, int code, int pc) {
    if (pc == 1) {
      return mask(d, code);
    }
    boolean current = pc == 0;
    boolean compression = !current || d.compression();
    boolean swp = current && d.softwareWriteProtect();
    return switch (code) {
      case 0x0A -> new Out().u8(0x0A).u8(0x0A).u8(0x02 | (current && d.descriptorSense() ? 0x04 : 0)).zeros(5)
          .u16(0xFFFF).zeros(2).toArray();
      case EXTENSION -> new Out().u8(0x50).u8(0x01).u16(EXTENSION_LENGTH - 4).u8(0).u8(0)
          .u16(current ? d.programmableEarlyWarningSize() : 0).zeros(EXTENSION_LENGTH - 8).toArray();
      case 0x0F -> new Out().u8(0x0F).u8(0x0E).u8((compression ? 0x80 : 0) | 0x40).u8(0x80)
          .u32(1).u32(1).u32(0).toArray();
      case 0x10 -> new Out().u8(0x10).u8(0x0E).zeros(8).u8(0x18 | (swp ? 0x04 : 0)).u24(0)
          .u8(compression ? 1 : 0).u8(0).toArray();
      case 0x11 -> partitionPage(d, current);
      case 0x1D -> {
        CartridgeFile f = d.cartridge();
        boolean worm = current && f != null && f.info().kind() == MediumKind.WORM;
        yield new Out().u8(0x1D).u8(0x1E).u8(worm ? 1 : 0).u8(0).u8(0x01).u8(0x02).zeros(26).toArray();
      }
      default -> throw new IllegalArgumentException("page " + code);
    };
  }

  private static int partitionPageLength(VirtualTapeDrive d) {
    return PAGE_11_FIXED + 2 * (d.maxAdditionalPartitions() + 1);
  }

  /** Page 0x11: the pending plan (current values only), else the cartridge's partitions, else one. */
  private static byte[] partitionPage(VirtualTapeDrive d, boolean current) {
    int max = d.maxAdditionalPartitions();
    CartridgeFile f = d.isThreaded() ? d.cartridge() : null;
    PartitionPlan plan = current ? d.partitionPlan() : null;
    long total = f == null ? 0 : f.totalCapacity();
    long[] sizes;
    PartitionKind kind;
    if (plan != null) {
      sizes = plan.kind() == PartitionKind.INITIATOR ? plan.sizes() : plan.capacities(total);
      kind = plan.kind();
    } else if (current && f != null) {
      sizes = new long[f.partitionCount()];
      for (int p = 0; p < sizes.length; p++) {
        sizes[p] = f.partition(p).info().capacity();
      }
      kind = sizes.length > 1 ? PartitionKind.INITIATOR : PartitionKind.NONE;
    } else {
      sizes = new long[] {total};
      kind = PartitionKind.NONE;
    }
    int units = 6;
    while (units < 9 && total / pow10(units) > 0xFFFE) {
      units++;
    }
    int flags = switch (kind) {
      case FIXED -> 0x80;
      case SELECT -> 0x40;
      case INITIATOR -> 0x20;
      case NONE -> 0;
    };
    Out o = new Out().u8(0x11).u8(partitionPageLength(d) - 2).u8(max).u8(sizes.length - 1).u8(flags | 0x18)
        .u8(0x03).u8(units).u8(0);
    for (int k = 0; k <= max; k++) {
      long v = k < sizes.length ? sizes[k] : 0;
      o.u16(v < 0 ? 0xFFFF : (int) Math.min(0xFFFE, v / pow10(units)));
    }
    return o.toArray();
  }

  private static long pow10(int n) {
    long v = 1;
    for (int k = 0; k < n; k++) {
      v *= 10;
    }
    return v;
  }

  /** Decodes page 0x11 of a MODE SELECT at {@code i} (length {@code len}, mask already checked). */
  private static PartitionPlan partitionPlan(VirtualTapeDrive d, byte[] p, int i, int len) {
    int additional = p[i + 3] & 0xFF;
    if (additional > d.maxAdditionalPartitions()) {
      throw CheckCondition.invalidParameterField(i + 3, -1);
    }
    int b4 = p[i + 4] & 0xFF;
    int modes = Integer.bitCount(b4 & 0xE0);
    if (modes > 1 || (modes == 0 && additional > 0)) {
      throw CheckCondition.invalidParameterField(i + 4, 5);
    }
    PartitionKind kind = (b4 & 0x80) != 0 ? PartitionKind.FIXED
        : (b4 & 0x40) != 0 ? PartitionKind.SELECT
        : (b4 & 0x20) != 0 ? PartitionKind.INITIATOR
        : PartitionKind.NONE;
    long unit = switch ((b4 >>> 3) & 0x03) {
      case 0 -> 1;
      case 1 -> 1_000;
      case 2 -> 1_000_000;
      default -> pow10(p[i + 6] & 0x0F);
    };
    long[] sizes = new long[additional + 1];
    if (kind == PartitionKind.INITIATOR) {
      if ((len - PAGE_11_FIXED) / 2 < sizes.length) {
        throw CheckCondition.invalidParameterField(i + 1, -1); // fewer size fields than partitions
      }
      boolean rest = false;
      for (int k = 0; k < sizes.length; k++) {
        int at = i + PAGE_11_FIXED + 2 * k;
        int v = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
        if (v == 0 || (v == 0xFFFF && rest)) {
          throw CheckCondition.invalidParameterField(at, -1);
        }
        rest |= v == 0xFFFF;
        sizes[k] = v == 0xFFFF ? -1 : v * unit;
      }
    }
    PartitionPlan plan = new PartitionPlan(additional, kind, sizes);
    CartridgeFile f = d.isThreaded() ? d.cartridge() : null;
    if (f != null && !plan.fits(f.totalCapacity())) {
      throw new CheckCondition(0x05, 0x26, 0x02).fieldPointer(false, i + PAGE_11_FIXED, -1); // parameter value invalid
    }
    return plan;
  }

  private static byte[] mask(VirtualTapeDrive d, int code) {
    return code == 0x11 ? page11Mask(d) : mask(code);
  }

  private static byte[] page11Mask(VirtualTapeDrive d) {
    int length = partitionPageLength(d);
    Out o = new Out().u8(0x11).u8(length - 2).u8(0).u8(0xFF).u8(0xFC).u8(0).u8(0x0F).u8(0);
    for (int k = PAGE_11_FIXED; k < length; k++) {
      o.u8(0xFF);
    }
    return o.toArray();
  }

  private static byte[] mask(int code) {
    return switch (code) {
      case 0x0A -> new Out().u8(0x0A).u8(0x0A).u8(0x04).zeros(9).toArray();
      case EXTENSION -> new Out().u8(0x50).u8(0x01).u16(EXTENSION_LENGTH - 4).u8(0).u8(0).u16(0xFFFF)
          .zeros(EXTENSION_LENGTH - 8).toArray();
      case 0x0F -> new Out().u8(0x0F).u8(0x0E).u8(0x80).zeros(13).toArray();
      case 0x10 -> new Out().u8(0x10).u8(0x0E).zeros(8).u8(0x04).zeros(3).u8(0xFF).u8(0).toArray();

      case 0x1D -> new Out().u8(0x1D).u8(0x1E).zeros(30).toArray();
      default -> throw new IllegalArgumentException("page " + code);
    };
  }

  /** Validates the pages of a MODE SELECT parameter list starting at {@code at}. */
  static Selection select(VirtualTapeDrive d, byte[] p, int at) {
    boolean compression = d.compression();
    boolean swp = d.softwareWriteProtect();
    boolean dSense = d.descriptorSense();
    int pews = d.programmableEarlyWarningSize();
    PartitionPlan plan = null;
    int i = at;
    while (i < p.length) {
      if (i + 2 > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int code = p[i] & 0x3F;
      boolean subpageFormat = (p[i] & 0x40) != 0;
      int header = subpageFormat ? 4 : 2;
      if (i + header > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int id = subpageFormat ? code << 8 | (p[i + 1] & 0xFF) : code;
      if (subpageFormat ? id != EXTENSION : !PAGES.contains(code)) {
        throw CheckCondition.invalidParameterField(subpageFormat && code == 0x10 ? i + 1 : i, subpageFormat ? -1 : 5);
      }
      byte[] current = page(d, id, 0);
      byte[] mask = mask(d, id);
      int len = subpageFormat ? (((p[i + 2] & 0xFF) << 8) | (p[i + 3] & 0xFF)) + 4 : (p[i + 1] & 0xFF) + 2;
      boolean shorterPartitionPage = code == 0x11 && len >= PAGE_11_FIXED + 2 && len < current.length && len % 2 == 0;
      if (len != current.length && !shorterPartitionPage) {
        throw CheckCondition.invalidParameterField(i + header - 1, -1);
      }
      if (i + len > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      for (int k = code == 0x11 ? 3 : header; k < len; k++) { // SSC: MAXIMUM ADDITIONAL PARTITIONS is ignored
        if (((p[i + k] ^ current[k]) & ~mask[k]) != 0) {
          throw CheckCondition.invalidParameterField(i + k, -1);
        }
      }
      switch (id) {
        case 0x0A -> dSense = (p[i + 2] & 0x04) != 0;
        case 0x0F -> compression = (p[i + 2] & 0x80) != 0;
        case 0x10 -> {
          swp = (p[i + 10] & 0x04) != 0;
          compression = p[i + 14] != 0;
        }
        case EXTENSION -> pews = ((p[i + 6] & 0xFF) << 8) | (p[i + 7] & 0xFF);
        case 0x11 -> plan = partitionPlan(d, p, i, len);
        default -> { }
      }
      i += len;
    }
    return new Selection(compression, swp, dSense, pews, plan);
  }
}
