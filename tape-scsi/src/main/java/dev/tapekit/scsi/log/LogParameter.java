package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One log parameter (SPC-5 7.3.2.2): a 16-bit parameter code, a control byte and a value.
 * Immutable; {@link #value()} returns a copy.
 *
 * <pre>
 *  0..1 PARAMETER CODE (u16)
 *  2    bit 7 DU, bit 6 obsolete, bit 5 TSD, bit 4 ETC, bits 3..2 TMC, bits 1..0 FORMAT AND LINKING
 *  3    PARAMETER LENGTH (n - 3)
 *  4..n PARAMETER VALUE
 * </pre>
 *
 * @param code the parameter code
 * @param control the control byte as sent
 * @param value the parameter value bytes
 */
public record LogParameter(int code, int control, byte[] value) {

  /** Format and linking (bits 1..0 of the control byte). */
  public enum Format {
    /** 00b: bounded data counter. */
    BOUNDED_COUNTER,
    /** 01b: ASCII format list. */
    ASCII_LIST,
    /** 10b: bounded or unbounded data counter. */
    COUNTER,
    /** 11b: binary format list. */
    BINARY_LIST
  }

  public LogParameter {
    Checks.range("parameter code", code, 0, 0xFFFF);
    Checks.range("control byte", control, 0, 0xFF);
    if (value.length > 0xFF) {
      throw new IllegalArgumentException("parameter value of " + value.length + " bytes exceeds 255");
    }
    value = value.clone();
  }

  /** A parameter with a plain control byte: binary list format, nothing else set. */
  public static LogParameter binary(int code, byte[] value) {
    return new LogParameter(code, 0x03, value);
  }

  /** A counter parameter of {@code length} bytes (format 10b). */
  public static LogParameter counter(int code, int length, long count) {
    byte[] v = new byte[length];
    Bytes.put(v, 0, length, count);
    return new LogParameter(code, 0x02, v);
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Length of the value in bytes. */
  public int length() {
    return value.length;
  }

  /** Disable update: the device stopped updating this counter (it reached its maximum). */
  public boolean du() {
    return (control & 0x80) != 0;
  }

  /** Target save disable: the device does not save this parameter implicitly. */
  public boolean tsd() {
    return (control & 0x20) != 0;
  }

  /** Enable threshold comparison. */
  public boolean etc() {
    return (control & 0x10) != 0;
  }

  /** Threshold met criteria (0 every update, 1 equal, 2 not equal, 3 greater). */
  public int tmc() {
    return (control >> 2) & 0x03;
  }

  public Format format() {
    return Format.values()[control & 0x03];
  }

  /**
   * The value as an unsigned big-endian integer of 1..8 bytes; values above Long.MAX_VALUE come
   * back negative (use {@link Long#toUnsignedString(long)}).
   *
   * @throws MalformedResponseException if the value is empty or longer than 8 bytes
   */
  public long unsigned() throws MalformedResponseException {
    return Bytes.unsigned(value, 0, value.length, String.format("log parameter %04Xh", code));
  }

  /** True when every value byte is FFh, which several SSC counters use for "unknown". */
  public boolean allOnes() {
    for (byte b : value) {
      if (b != (byte) 0xFF) {
        return false;
      }
    }
    return value.length > 0;
  }

  /** The value as ASCII with trailing spaces and NULs removed. */
  public String ascii() {
    try {
      return Bytes.ascii(value, 0, value.length, "log parameter");
    } catch (MalformedResponseException e) {
      throw new AssertionError("whole-array read cannot be out of bounds", e);
    }
  }

  /** Serialises this parameter in the wire format shown above. */
  public byte[] encode() {
    byte[] out = new byte[4 + value.length];
    Bytes.put16(out, 0, code);
    out[2] = (byte) control;
    out[3] = (byte) value.length;
    System.arraycopy(value, 0, out, 4, value.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogParameter p
        && p.code == code
        && p.control == control
        && Arrays.equals(p.value, value);
  }

  @Override
  public int hashCode() {
    return code * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format(
        "%04Xh ctl=%02Xh [%s]", code, control, HexFormat.ofDelimiter(" ").formatHex(value));
  }
}
