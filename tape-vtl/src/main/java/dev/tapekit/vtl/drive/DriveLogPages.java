package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.cartridge.MediumKind;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.LogPages;
import dev.tapekit.vtl.internal.LogPages.Params;
import dev.tapekit.vtl.internal.Out;
import java.util.ArrayList;
import java.util.List;

/** LOG SENSE and LOG SELECT for {@link VirtualTapeDrive}: builds its log pages from the drive's counters and state. */
final class DriveLogPages {
  private static final int MB = 1_000_000;
  static final List<Integer> LOG_PAGES = List.of(0x00, 0x02, 0x03, 0x0C, 0x11, 0x12, 0x17, 0x2E);

  private DriveLogPages() {}

  // ---- LOG SENSE

  /**
   * Pages 0x00 (supported pages), 0x02 and 0x03 (write and read error counters, see {@link
   * DriveCounters}), 0x0C (sequential access), 0x11 (DT device status), 0x12 (TapeAlert response), 0x17
   * (volume statistics), 0x2E (TapeAlert; reading it clears the flags). Each page: page code, subpage 0,
   * page length(2), then parameters: code(2), control byte, length, value. Parameters below the
   * PARAMETER POINTER are left out.
   *
   * <p>Page 0x17 reports the whole cartridge (total capacity and use summed over its partitions) and,
   * per partition, parameters 0x0202 (native capacity), 0x0203 (used native capacity) and 0x0204
   * (remaining native capacity), each a list of partition records: length (7), reserved, partition
   * number(2), megabytes(4).
   */
  static void logSense(Command c, VirtualTapeDrive d) {
    LogPages.Request r = LogPages.Request.of(c, LOG_PAGES);
    int page = r.page();
    Params p = new Params(r.pointer());
    CartridgeFile f = d.isThreaded() ? d.cartridge() : null;
    CartridgeInfo info = f == null ? null : f.info();
    switch (page) {
      case 0x00 -> p = LogPages.supportedPages(LOG_PAGES);
      case DriveCounters.WRITE_ERRORS, DriveCounters.READ_ERRORS -> d.counters().report(page, p);
      case 0x0C -> {
        CartridgeFile part = f == null ? null : f.partition(d.partition());
        CartridgeInfo partInfo = part == null ? null : part.info();
        long written = part == null ? 0 : part.bytesUsed();
        d.counters().report(DriveCounters.SEQUENTIAL_ACCESS, p);
        p.counter(0x0004, part == null ? 0 : written / MB, 4)
            .counter(0x0005, partInfo == null ? 0 : partInfo.earlyWarningPosition() / MB, 4)
            .counter(0x0006, partInfo == null ? 0 : partInfo.earlyWarningDistance() / MB, 4)
            .counter(0x0007, part == null ? 0 : part.bytesBefore(d.position()) / MB, 4)
            .counter(0x0008, 0, 4)
            .counter(0x0100, 0, 8);
      }
      case 0x11 -> {
        boolean present = d.cartridge() != null;
        boolean threaded = d.isThreaded();
        int b0 = d.writeProtectedNow() ? 0x08 : 0; // WRTP
        int b1 = (present ? 0x10 : 0) | (threaded ? 0x03 : 0);
        int b3 = d.tapeAlertFlags() != 0 ? 0x01 : 0;
        p.param(0x0000, LogPages.BINARY, new byte[] {(byte) b0, (byte) b1, 0, (byte) b3});
      }
      case 0x12 -> p.param(0x0000, LogPages.BINARY, new Out().u64(reverseFlags(d.tapeAlertFlags())).toArray());
      case 0x17 -> {
        p.counter(0x0000, 1, 1);
        if (info != null) {
          long capacity = 0;
          long used = 0;
          long blocks = 0;
          Out capacities = new Out();
          Out usedPerPartition = new Out();
          Out remaining = new Out();
          for (int k = 0; k < f.partitionCount(); k++) {
            CartridgeFile part = f.partition(k);
            long partCapacity = part.info().capacity();
            long partUsed = part.bytesUsed();
            capacity += partCapacity;
            used += partUsed;
            blocks += part.objectCount() - part.filemarkCount();
            partitionRecord(capacities, k, partCapacity / MB);
            partitionRecord(usedPerPartition, k, partUsed / MB);
            partitionRecord(remaining, k, Math.max(0, partCapacity - partUsed) / MB);
          }
          p.counter(0x0001, info.loadCount(), 4)
              .counter(0x0002, blocks, 4)
              .counter(0x0007, 0, 4)
              .counter(0x000E, info.bytesWrittenLastLoad() / MB, 4)
              .counter(0x000F, info.bytesReadLastLoad() / MB, 4)
              .counter(0x0010, info.bytesWrittenLifetime() / MB, 4)
              .counter(0x0011, info.bytesReadLifetime() / MB, 4)
              .counter(0x0016, capacity / MB, 4)
              .counter(0x0017, used / MB, 4)
              .param(0x0042, 0x01, new Out().ascii(info.barcode().label(), 32).toArray())
              .counter(0x0080, info.writeProtected() ? 1 : 0, 1)
              .counter(0x0081, info.kind() == MediumKind.WORM ? 1 : 0, 1)
              .param(0x0202, LogPages.BINARY, capacities.toArray())
              .param(0x0203, LogPages.BINARY, usedPerPartition.toArray())
              .param(0x0204, LogPages.BINARY, remaining.toArray());
        }
      }
      case 0x2E -> p = d.readTapeAlertPage(r.pointer());
      default -> throw new IllegalStateException();
    }
    r.reply(c, p);
  }

  /** A partition record of page 0x17: length 7, reserved, partition number, a 4-byte value. */
  private static void partitionRecord(Out o, int partition, long value) {
    o.u8(7).u8(0).u16(partition).u32(Math.min(value, 0xFFFF_FFFFL));
  }

  // ---- LOG SELECT

  /**
   * LOG SELECT (0x4C): byte 1 PCR(1) SP(0), byte 2 PC(7..6) PAGE CODE(5..0), byte 3 SUBPAGE CODE, bytes
   * 7..8 PARAMETER LIST LENGTH.
   *
   * <ul>
   *   <li>PCR=1 with no parameter list resets the counters of the page (page 0: of every page) for the
   *       cumulative page controls (1, 3); page 0x2E (or 0) also clears the TapeAlert flags. The
   *       threshold page controls (0, 2) have nothing to reset (the drive keeps no thresholds).
   *   <li>A parameter list (PCR=0, PC=1 current cumulative) sets counters: log pages (page code,
   *       subpage 0, page length(2)) of parameters (code(2), control, length, value) in ascending code
   *       order, each a counter of {@link DriveCounters} with its exact length. The whole list is
   *       checked before anything changes: 05/26/00 with the field pointer for an unknown page or
   *       parameter, a wrong length, or codes out of order; 05/1A/00 when the list cuts a page or
   *       parameter short.
   *   <li>SP=1, PCR=1 with a list, a list with another PC, a subpage, or a CDB page code that names
   *       another page than the list: 05/24/00.
   * </ul>
   */
  static void logSelect(Command c, VirtualTapeDrive d) {
    boolean pcr = c.bit(1, 1);
    int pc = c.u8(2) >>> 6;
    int page = c.u8(2) & 0x3F;
    int length = c.u16(7);
    if (c.bit(1, 0)) {
      throw CheckCondition.invalidCdbField(1, 0); // SP: saving not supported
    }
    if ((c.u8(1) & 0xFC) != 0) {
      throw CheckCondition.invalidCdbField(1, 7);
    }
    if (c.u8(3) != 0) {
      throw CheckCondition.invalidCdbField(3, -1);
    }
    if (page != 0 && !LOG_PAGES.contains(page)) {
      throw CheckCondition.invalidCdbField(2, 5);
    }
    if (pcr) {
      if (length != 0) {
        throw CheckCondition.invalidCdbField(1, 1);
      }
      if (pc == 1 || pc == 3) {
        d.counters().reset(page);
        if (page == 0 || page == 0x2E) {
          d.resetTapeAlert();
        }
      }
      return;
    }
    if (length == 0) {
      return;
    }
    if (pc != 1) {
      throw CheckCondition.invalidCdbField(2, 7);
    }
    byte[] list = c.dataOutBytes(length);
    List<long[]> changes = new ArrayList<>(); // {page, code, value}
    int at = 0;
    while (at < list.length) {
      if (at + 4 > list.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int listPage = list[at] & 0x3F;
      if ((list[at] & 0x40) != 0 || !DriveCounters.hasCounters(listPage) || (page != 0 && page != listPage)) {
        throw CheckCondition.invalidParameterField(at, 5);
      }
      if (list[at + 1] != 0) {
        throw CheckCondition.invalidParameterField(at + 1, -1);
      }
      int end = at + 4 + u16(list, at + 2);
      if (end > list.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int previous = -1;
      for (int q = at + 4; q < end; ) {
        if (q + 4 > end) {
          throw CheckCondition.invalidParameterField(at + 2, -1); // the page length cuts a parameter
        }
        int code = u16(list, q);
        int codeAt = q;
        DriveCounters.Counter counter = DriveCounters.find(listPage, code)
            .orElseThrow(() -> CheckCondition.invalidParameterField(codeAt, -1));
        if (code <= previous) {
          throw CheckCondition.invalidParameterField(q, -1);
        }
        int size = list[q + 3] & 0xFF;
        if (size != counter.size()) {
          throw CheckCondition.invalidParameterField(q + 3, -1);
        }
        if (q + 4 + size > end) {
          throw CheckCondition.invalidParameterField(at + 2, -1);
        }
        long value = 0;
        for (int k = 0; k < size; k++) {
          value = value << 8 | (list[q + 4 + k] & 0xFF);
        }
        changes.add(new long[] {listPage, code, value});
        previous = code;
        q += 4 + size;
      }
      at = end;
    }
    for (long[] ch : changes) {
      d.counters().set(DriveCounters.find((int) ch[0], (int) ch[1]).orElseThrow(), ch[2]);
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  /** TapeAlert flags as a 64-bit field with flag 1 in the most significant bit. */
  private static long reverseFlags(long flags) {
    return Long.reverse(flags);
  }
}
