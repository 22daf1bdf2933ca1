package dev.tapekit.vtl.internal;

/**
 * Thrown inside a virtual device's command handler to end the command with CHECK CONDITION and the
 * fixed-format sense it describes. Not part of the public API: {@link VirtualDevice} turns it into a
 * {@code ScsiResult}.
 */
public final class CheckCondition extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int FILEMARK = 0x80;
  public static final int EOM = 0x40;
  public static final int ILI = 0x20;

  final int key;
  final int asc;
  final int ascq;
  int flags;
  boolean infoValid;
  long information;
  /** Sense-key-specific bytes 15..17, or -1 when none. */
  int senseKeySpecific = -1;
  /** Bytes moved in the data phase before the condition (READ with ILI etc.). */
  int transferred;

  public CheckCondition(int key, int asc, int ascq) {
    super(null, null, false, false);
    this.key = key;
    this.asc = asc;
    this.ascq = ascq;
  }

  /** ILLEGAL REQUEST 05/24/00 INVALID FIELD IN CDB pointing at {@code byteIndex}/{@code bit} (bit -1 = whole byte). */
  public static CheckCondition invalidCdbField(int byteIndex, int bit) {
    return new CheckCondition(0x05, 0x24, 0x00).fieldPointer(true, byteIndex, bit);
  }

  /** ILLEGAL REQUEST 05/26/00 INVALID FIELD IN PARAMETER LIST pointing at {@code byteIndex}/{@code bit}. */
  public static CheckCondition invalidParameterField(int byteIndex, int bit) {
    return new CheckCondition(0x05, 0x26, 0x00).fieldPointer(false, byteIndex, bit);
  }

  /** Adds a sense-key-specific field pointer (SKSV=1, C/D, BPV, bit pointer, field pointer). */
  public CheckCondition fieldPointer(boolean inCdb, int byteIndex, int bit) {
    int v = 0x800000 | (inCdb ? 0x400000 : 0) | (byteIndex & 0xFFFF);
    if (bit >= 0) {
      v |= 0x080000 | ((bit & 7) << 16);
    }
    senseKeySpecific = v;
    return this;
  }

  /** Sets the INFORMATION field (VALID=1). */
  public CheckCondition information(long value) {
    infoValid = true;
    information = value;
    return this;
  }

  /** Sets FILEMARK/EOM/ILI bits of sense byte 2. */
  public CheckCondition flags(int bits) {
    flags |= bits;
    return this;
  }

  /** Records how many data bytes moved before the condition. */
  public CheckCondition transferred(int bytes) {
    transferred = bytes;
    return this;
  }

  public int key() {
    return key;
  }

  public int asc() {
    return asc;
  }

  public int ascq() {
    return ascq;
  }

  /**
   * Fixed-format sense (response code 0x70), 18 bytes.
   *
   * <pre>
   * 0  VALID(7) | 0x70          1  0
   * 2  FILEMARK(7) EOM(6) ILI(5) | sense key
   * 3..6 INFORMATION (big-endian, two's complement when negative)
   * 7  additional length = 10   8..11 command-specific = 0
   * 12 ASC  13 ASCQ  14 FRU = 0  15..17 SKSV(7)|C/D(6)|BPV(3)|bit pointer(2..0), field pointer
   * </pre>
   */
  public byte[] sense() {
    byte[] s = new byte[18];
    s[0] = (byte) (0x70 | (infoValid ? 0x80 : 0));
    s[2] = (byte) (flags | key);
    int info = (int) information;
    s[3] = (byte) (info >>> 24);
    s[4] = (byte) (info >>> 16);
    s[5] = (byte) (info >>> 8);
    s[6] = (byte) info;
    s[7] = 10;
    s[12] = (byte) asc;
    s[13] = (byte) ascq;
    if (senseKeySpecific >= 0) {
      s[15] = (byte) (senseKeySpecific >>> 16);
      s[16] = (byte) (senseKeySpecific >>> 8);
      s[17] = (byte) senseKeySpecific;
    }
    return s;
  }

  /** The sense in descriptor format when {@code descriptor}, else in fixed format. */
  public byte[] sense(boolean descriptor) {
    return descriptor ? descriptorSense() : sense();
  }

  /**
   * Descriptor-format sense (response code 0x72): 8-byte header, then the descriptors that apply,
   * in ascending type order.
   *
   * <pre>
   * 0  0x72   1 sense key   2 ASC   3 ASCQ   4..6 0   7 additional length (n - 7)
   * information (type 00h, when VALID):   00 0A 80 00 INFORMATION(8, two's complement when negative)
   * sense key specific (02h, when set):    02 06 00 00 SKSV|C/D|BPV|bit pointer, field pointer(2), 00
   * stream commands (04h, when a flag):    04 02 00 FILEMARK(7) EOM(6) ILI(5)
   * </pre>
   */
  public byte[] descriptorSense() {
    Out o = new Out().u8(0x72).u8(key).u8(asc).u8(ascq).zeros(3).u8(0);
    if (infoValid) {
      o.u8(0x00).u8(0x0A).u8(0x80).u8(0).u64(information);
    }
    if (senseKeySpecific >= 0) {
      o.u8(0x02).u8(0x06).u8(0).u8(0).u24(senseKeySpecific).u8(0);
    }
    if (flags != 0) {
      o.u8(0x04).u8(0x02).u8(0).u8(flags);
    }
    o.set8(7, o.length() - 8);
    return o.toArray();
  }

  @Override
  public String getMessage() {
    return String.format("sense %X/%02X/%02X", key, asc, ascq);
  }
}
