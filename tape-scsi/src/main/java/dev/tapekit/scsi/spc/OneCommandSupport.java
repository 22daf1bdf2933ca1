package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * REPORT SUPPORTED OPERATION CODES data in the one-command form (reporting options 001b..011b,
 * SPC-5 6.36.3): whether one command is supported, which CDB bits it honours and its timeouts.
 *
 * <pre>
 *  0      reserved
 *  1      CTDP(7) | MLU(6-5) | CDLP(4-3) | SUPPORT(2-0)
 *  2-3    CDB size m
 *  4..    CDB usage data, m bytes (a bit mask of the CDB bits the device looks at)
 *  4+m..  command timeouts descriptor, 12 bytes, present when CTDP is set
 * </pre>
 *
 * <p>Contract: a reply that does not hold the whole CDB usage data (and timeouts descriptor when
 * CTDP is set) is malformed: a partial usage mask would wrongly claim bits unsupported. Immutable.
 *
 * @param flags byte 1 as sent
 * @param cdbUsageData the usage mask, its length is the CDB size
 * @param timeouts the timeouts descriptor, when CTDP was set
 */
public record OneCommandSupport(int flags, byte[] cdbUsageData, Optional<CommandTimeouts> timeouts) {
  private static final String WHAT = "REPORT SUPPORTED OPERATION CODES one-command data";

  public OneCommandSupport {
    cdbUsageData = cdbUsageData.clone();
  }

  @Override
  public byte[] cdbUsageData() {
    return cdbUsageData.clone();
  }

  public static OneCommandSupport parse(byte[] reply) throws MalformedResponseException {
    int cdbSize = Bytes.u16(reply, 2, WHAT);
    byte[] usage = Bytes.slice(reply, 4, cdbSize, WHAT);
    boolean ctdp = (reply[1] & 0x80) != 0;
    return new OneCommandSupport(
        reply[1] & 0xFF, usage, ctdp ? Optional.of(CommandTimeouts.parse(reply, 4 + cdbSize, WHAT)) : Optional.empty());
  }

  /** The SUPPORT field. */
  public Support support() {
    return Support.of(flags & 0x07);
  }

  /** True when SUPPORT says the command is supported (per the standard or vendor specific). */
  public boolean supported() {
    Support s = support();
    return s == Support.SUPPORTED || s == Support.SUPPORTED_VENDOR_SPECIFIC;
  }

  public int mlu() {
    return (flags & 0x60) >>> 5;
  }

  public int cdlp() {
    return (flags & 0x18) >>> 3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OneCommandSupport c
        && c.flags == flags
        && Arrays.equals(c.cdbUsageData, cdbUsageData)
        && c.timeouts.equals(timeouts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cdbUsageData) * 31 + flags;
  }

  @Override
  public String toString() {
    return "OneCommandSupport[" + support() + ", usage=" + HexFormat.ofDelimiter(" ").formatHex(cdbUsageData)
        + timeouts.map(t -> ", " + t).orElse("") + "]";
  }

  /** Values of the SUPPORT field. */
  public enum Support {
    /** 000b: the device cannot tell right now. */
    NOT_AVAILABLE,
    /** 001b: the command is not supported. */
    NOT_SUPPORTED,
    /** 011b: supported as the standard defines it. */
    SUPPORTED,
    /** 101b: supported in a vendor-specific manner. */
    SUPPORTED_VENDOR_SPECIFIC,
    /** 010b, 100b, 110b, 111b. */
    RESERVED;

    static Support of(int code) {
      switch (code) {
        case 0:
          return NOT_AVAILABLE;
        case 1:
          return NOT_SUPPORTED;
        case 3:
          return SUPPORTED;
        case 5:
          return SUPPORTED_VENDOR_SPECIFIC;
        default:
          return RESERVED;
      }
    }
  }
}
