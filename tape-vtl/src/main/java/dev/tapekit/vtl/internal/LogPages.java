package dev.tapekit.vtl.internal;

import java.util.List;

/**
 * LOG SENSE (0x4D) for the virtual devices: the CDB checks both the drive and the changer apply, a
 * parameter builder, and the page framing.
 *
 * <p>CDB: byte 1 PPC(1) SP(0), byte 2 PC(7..6) PAGE CODE(5..0), byte 3 SUBPAGE CODE, bytes 5..6
 * PARAMETER POINTER, bytes 7..8 ALLOCATION LENGTH. A page: PAGE CODE, SUBPAGE 0, PAGE LENGTH(2), then
 * parameters: PARAMETER CODE(2), control byte, PARAMETER LENGTH, value.
 */
public final class LogPages {
  /** Parameter control byte of a cumulative counter: DU=0, TSD=1, ETC=0, TMC=0, binary format list. */
  public static final int COUNTER = 0x60;
  /** Parameter control byte of a binary (non-counter) parameter: format and linking 11b. */
  public static final int BINARY = 0x03;

  private LogPages() {}

  /**
   * A decoded LOG SENSE CDB.
   *
   * @param page page code
   * @param pc page control: 0 current threshold, 1 current cumulative, 2 default threshold, 3 default
   *     cumulative
   * @param pointer parameter pointer: parameters with a lower code are left out
   * @param allocation allocation length
   */
  public record Request(int page, int pc, int pointer, long allocation) {
    /**
     * Decodes and checks the CDB against the {@code supported} page codes (subpage 0 only): PPC and SP
     * are refused with 05/24/00, as are unsupported pages and subpages.
     */
    public static Request of(Command c, List<Integer> supported) {
      if (c.bit(1, 1)) {
        throw CheckCondition.invalidCdbField(1, 1); // PPC
      }
      if (c.bit(1, 0)) {
        throw CheckCondition.invalidCdbField(1, 0); // SP: saving not supported
      }
      int page = c.u8(2) & 0x3F;
      if (c.u8(3) != 0) {
        throw CheckCondition.invalidCdbField(3, -1);
      }
      if (!supported.contains(page)) {
        throw CheckCondition.invalidCdbField(2, 5);
      }
      return new Request(page, c.u8(2) >>> 6, c.u16(5), c.u16(7));
    }

    /** Sends the page framed by its 4-byte header, at most the allocation length of it. */
    public void reply(Command c, Params params) {
      byte[] body = params.toArray();
      c.dataIn(new Out().u8(page).u8(0).u16(body.length).bytes(body).toArray(), allocation);
    }
  }

  /** The parameters of one page, in ascending code order; those below the pointer are dropped. */
  public static final class Params {
    private final Out out = new Out();
    private final int pointer;

    public Params(int pointer) {
      this.pointer = pointer;
    }

    /** A cumulative counter of {@code size} bytes. */
    public Params counter(int code, long value, int size) {
      return param(code, COUNTER, new Out().uN(value, size).toArray());
    }

    public Params param(int code, int control, byte[] value) {
      if (code >= pointer) {
        out.u16(code).u8(control).u8(value.length).bytes(value);
      }
      return this;
    }

    /** A raw byte (the supported pages list of page 0x00 has no parameters). */
    public Params raw(int b) {
      out.u8(b);
      return this;
    }

    byte[] toArray() {
      return out.toArray();
    }
  }

  /** Page 0x00: the page codes, one byte each. */
  public static Params supportedPages(List<Integer> pages) {
    Params p = new Params(0);
    pages.forEach(p::raw);
    return p;
  }

  /**
   * Page 0x2E TapeAlert: parameters 0x0001..0x0040, each one byte holding flag n (bit n-1 of {@code
   * flags}) in bit 0, control byte 0 as SSC and SMC define it.
   */
  public static Params tapeAlert(long flags, int pointer) {
    Params p = new Params(pointer);
    for (int n = 1; n <= 64; n++) {
      p.param(n, 0x00, new byte[] {(byte) ((flags >>> (n - 1)) & 1)});
    }
    return p;
  }
}
