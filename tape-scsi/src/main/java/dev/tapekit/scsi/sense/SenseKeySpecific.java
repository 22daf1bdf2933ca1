package dev.tapekit.scsi.sense;

import java.util.OptionalInt;

/**
 * The decoded SENSE KEY SPECIFIC field (SPC-5 4.4.1.6): three bytes whose meaning depends on the
 * sense key, carried at bytes 15-17 of fixed-format sense or in a sense key specific descriptor
 * (type 02h) of descriptor-format sense, and meaningful only when SKSV (bit 7 of its first byte) is
 * set.
 *
 * <pre>
 *  key                               byte 0                      bytes 1-2
 *  ILLEGAL REQUEST                   SKSV C/D . . BPV bit(2..0)   FIELD POINTER     → {@link SenseData.FieldPointer}
 *  RECOVERED/MEDIUM/HARDWARE ERROR   SKSV . . . . . . .           ACTUAL RETRY COUNT → {@link ActualRetryCount}
 *  NO SENSE, NOT READY               SKSV . . . . . . .           PROGRESS INDICATION → {@link ProgressIndication}
 *  COPY ABORTED                      SKSV . SD . BPV bit(2..0)    FIELD POINTER     → {@link SegmentPointer}
 *  UNIT ATTENTION                    SKSV . . . . . . OVERFLOW    reserved          → {@link UnitAttentionQueueOverflow}
 *  any other key                     (no T10 meaning)                               → {@link Other}
 * </pre>
 *
 * All implementations are immutable records.
 */
public sealed interface SenseKeySpecific
    permits SenseData.FieldPointer,
        SenseKeySpecific.ActualRetryCount,
        SenseKeySpecific.ProgressIndication,
        SenseKeySpecific.SegmentPointer,
        SenseKeySpecific.UnitAttentionQueueOverflow,
        SenseKeySpecific.Other {

  /** A short human rendering, e.g. "error in CDB byte 2 bit 3". */
  String describe();

  /**
   * Decodes the three bytes (SKSV included; callers check it) according to the sense key.
   *
   * @param b0 byte 0 (SKSV and flags), b1 and b2 the 16-bit value, each as 0..255
   */
  static SenseKeySpecific decode(SenseKey key, int b0, int b1, int b2) {
    int value = ((b1 & 0xFF) << 8) | (b2 & 0xFF);
    OptionalInt bit = (b0 & 0x08) != 0 ? OptionalInt.of(b0 & 0x07) : OptionalInt.empty();
    switch (key) {
      case ILLEGAL_REQUEST:
        return new SenseData.FieldPointer((b0 & 0x40) != 0, value, bit);
      case RECOVERED_ERROR:
      case MEDIUM_ERROR:
      case HARDWARE_ERROR:
        return new ActualRetryCount(value);
      case NO_SENSE:
      case NOT_READY:
        return new ProgressIndication(value);
      case COPY_ABORTED:
        return new SegmentPointer((b0 & 0x20) != 0, value, bit);
      case UNIT_ATTENTION:
        return new UnitAttentionQueueOverflow((b0 & 0x01) != 0);
      default:
        return new Other(key, ((b0 & 0xFF) << 16) | value);
    }
  }

  /** RECOVERED ERROR, MEDIUM ERROR, HARDWARE ERROR: how many retries the device made (vendor-specific scale). */
  record ActualRetryCount(int count) implements SenseKeySpecific {
    @Override
    public String describe() {
      return "actual retry count " + count;
    }
  }

  /**
   * NO SENSE, NOT READY: how far a long operation (FORMAT MEDIUM, ERASE, becoming ready) has come,
   * as a fraction {@code progress / 65536}.
   */
  record ProgressIndication(int progress) implements SenseKeySpecific {
    /** The progress as a percentage, 0 up to (not including) 100. */
    public double percent() {
      return progress * 100.0 / 65536;
    }

    @Override
    public String describe() {
      return String.format("progress %.2f%% (%d/65536)", percent(), progress);
    }
  }

  /**
   * COPY ABORTED: where in the EXTENDED COPY parameter list the error is.
   *
   * @param inSegmentDescriptor SD bit: the byte offset is relative to the start of the segment
   *     descriptor being processed, not of the parameter list
   * @param byteOffset the byte the error is in
   * @param bit the bit within that byte, when the device says (BPV)
   */
  record SegmentPointer(boolean inSegmentDescriptor, int byteOffset, OptionalInt bit) implements SenseKeySpecific {
    @Override
    public String describe() {
      return "copy error in byte " + byteOffset + Render.bitSuffix(bit)
          + (inSegmentDescriptor ? " of the segment descriptor" : " of the parameter list");
    }
  }

  /**
   * UNIT ATTENTION: whether the device's unit attention condition queue overflowed, so some unit
   * attention conditions were lost.
   */
  record UnitAttentionQueueOverflow(boolean overflow) implements SenseKeySpecific {
    @Override
    public String describe() {
      return overflow ? "unit attention condition queue overflowed" : "unit attention condition queue did not overflow";
    }
  }

  /** A sense key for which T10 defines no sense-key specific format; {@code bits} are the 24 raw bits. */
  record Other(SenseKey key, int bits) implements SenseKeySpecific {
    @Override
    public String describe() {
      return String.format("sense-key specific bytes %06x (no defined meaning for %s)", bits, key.text());
    }
  }
}
