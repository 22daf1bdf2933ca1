package dev.tapekit.scsi.mam;

/**
 * The FORMAT field of a MAM attribute header (SPC-5 7.4.1, bits 1..0 of byte 2).
 *
 * <ul>
 *   <li>BINARY: a big-endian unsigned number when up to 8 bytes, otherwise opaque bytes.
 *   <li>ASCII: printable ASCII (20h..7Eh), left-aligned and padded with spaces.
 *   <li>TEXT: characters in the code set named by attribute 0805h (TEXT LOCALIZATION IDENTIFIER),
 *       padded with NULs.
 * </ul>
 */
public enum AttributeFormat {
  BINARY(0),
  ASCII(1),
  TEXT(2),
  RESERVED(3);

  private final int code;

  AttributeFormat(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Maps the two-bit field. */
  public static AttributeFormat of(int code) {
    return values()[code & 0x03];
  }
}
