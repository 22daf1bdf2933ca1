package dev.tapekit.scsi.testing;

import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseKey;

/** Builds 18-byte fixed-format sense data (SPC-5 4.4.3) for scripted device answers. */
public final class FixedSense {
  private final SenseKey key;
  private final AdditionalSense additional;
  private boolean deferred;
  private int flags;
  private Long information;
  private byte[] senseKeySpecific = new byte[3];

  private FixedSense(SenseKey key, AdditionalSense additional) {
    this.key = key;
    this.additional = additional;
  }

  public static FixedSense of(SenseKey key, AdditionalSense additional) {
    return new FixedSense(key, additional);
  }

  public static FixedSense of(SenseKey key, int asc, int ascq) {
    return new FixedSense(key, AdditionalSense.of(asc, ascq));
  }

  /** Response code 71h instead of 70h. */
  public FixedSense deferred() {
    deferred = true;
    return this;
  }

  public FixedSense filemark() {
    flags |= 0x80;
    return this;
  }

  public FixedSense eom() {
    flags |= 0x40;
    return this;
  }

  public FixedSense ili() {
    flags |= 0x20;
    return this;
  }

  /** Sets the INFORMATION field (32-bit, two's complement for negatives) and VALID. */
  public FixedSense information(long value) {
    information = value;
    return this;
  }

  /** Sets the three SENSE KEY SPECIFIC bytes (15-17), SKSV included in the first. */
  public FixedSense senseKeySpecific(int byte15, int byte16, int byte17) {
    senseKeySpecific = new byte[] {(byte) byte15, (byte) byte16, (byte) byte17};
    return this;
  }

  public byte[] bytes() {
    byte[] s = new byte[18];
    s[0] = (byte) ((information != null ? 0x80 : 0) | (deferred ? 0x71 : 0x70));
    s[2] = (byte) (flags | key.code());
    if (information != null) {
      long v = information;
      s[3] = (byte) (v >> 24);
      s[4] = (byte) (v >> 16);
      s[5] = (byte) (v >> 8);
      s[6] = (byte) v;
    }
    s[7] = 10;
    s[12] = (byte) additional.asc();
    s[13] = (byte) additional.ascq();
    System.arraycopy(senseKeySpecific, 0, s, 15, 3);
    return s;
  }
}
