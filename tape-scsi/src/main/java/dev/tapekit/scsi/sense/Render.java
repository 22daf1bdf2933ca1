package dev.tapekit.scsi.sense;

import java.util.OptionalInt;

/** Text fragments shared by the sense renderings. */
final class Render {
  private Render() {}

  /** " bit N" when the bit pointer is valid, else "". */
  static String bitSuffix(OptionalInt bit) {
    return bit.isPresent() ? " bit " + bit.getAsInt() : "";
  }

  /** The field pointer of ILLEGAL REQUEST sense in words. */
  static String fieldPointer(boolean inCdb, int byteOffset, OptionalInt bit) {
    return (inCdb ? "error in CDB byte " : "error in parameter data byte ") + byteOffset + bitSuffix(bit);
  }

  /** {@code 0x…} with as many hex digits as the field has bytes, then the signed value when negative. */
  static String hexField(long value, int bytes, long signed) {
    String hex = String.format("0x%0" + (bytes * 2) + "x", value);
    return signed < 0 ? hex + " (" + signed + ")" : hex + " (" + Long.toUnsignedString(value) + ")";
  }
}
