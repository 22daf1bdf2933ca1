package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One attribute as READ ATTRIBUTE returned it (SPC-5 7.4.1), known or not. Immutable; {@link
 * #value()} returns a copy.
 *
 * <pre>
 *  0..1 ATTRIBUTE IDENTIFIER
 *  2    bit 7 READ ONLY, bits 1..0 FORMAT (0 binary, 1 ASCII, 2 text, 3 reserved)
 *  3..4 ATTRIBUTE LENGTH (n - 4)
 *  5..n ATTRIBUTE VALUE
 * </pre>
 *
 * <p>Typed accessors throw {@link IllegalStateException} when asked for a type the attribute's
 * format is not (a caller bug) and {@link MalformedResponseException} when the bytes cannot be
 * that type (a device problem).
 *
 * @param id the attribute identifier
 * @param readOnly the READ ONLY bit
 * @param format the FORMAT field
 * @param value the value bytes
 */
public record Attribute(int id, boolean readOnly, AttributeFormat format, byte[] value) {

  /** Throws IllegalArgumentException unless {@code id} is a 16-bit attribute identifier; returns it. */
  public static int requireId(int id) {
    if (id < 0 || id > 0xFFFF) {
      throw new IllegalArgumentException("attribute identifier " + id + " is outside 0..FFFFh");
    }
    return id;
  }

  public Attribute {
    requireId(id);
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The SPC-5 definition, empty for attributes this table does not know. */
  public Optional<MamAttribute> definition() {
    return MamAttribute.of(id);
  }

  /** A BINARY value of 1..8 bytes as an unsigned number (8-byte values above 2^63 come back negative). */
  public long number() throws MalformedResponseException {
    requireFormat(AttributeFormat.BINARY);
    return Bytes.unsigned(value, 0, value.length, what());
  }

  /** An ASCII value with trailing spaces (and NULs some drives use) removed. */
  public String ascii() throws MalformedResponseException {
    requireFormat(AttributeFormat.ASCII);
    return Bytes.ascii(value, 0, value.length, what());
  }

  /**
   * A TEXT value decoded with {@code charset} (the code set of attribute 0805h), trailing NULs and
   * spaces removed.
   */
  public String text(Charset charset) {
    requireFormat(AttributeFormat.TEXT);
    return trimmed(charset);
  }

  private String trimmed(Charset charset) {
    int end = value.length;
    while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
      end--;
    }
    return new String(value, 0, end, charset);
  }

  /** A TEXT value as UTF-8 (which covers the ASCII localization, 00h). */
  public String text() {
    return text(StandardCharsets.UTF_8);
  }

  /** The raw bytes (any format). */
  public byte[] binary() {
    return value.clone();
  }

  /** An ASCII date YYYYMMDD, e.g. 0406h MEDIUM MANUFACTURE DATE. */
  public LocalDate date() throws MalformedResponseException {
    int[] f = digitFields("YYYYMMDD date", 4, 2, 2);
    try {
      return LocalDate.of(f[0], f[1], f[2]);
    } catch (DateTimeException e) {
      throw new MalformedResponseException(what() + ": " + f[0] + "-" + f[1] + "-" + f[2] + " is not a valid date");
    }
  }

  /** An ASCII date and time YYYYMMDDHHMM, e.g. 0804h DATE AND TIME LAST WRITTEN. */
  public LocalDateTime dateTime() throws MalformedResponseException {
    int[] f = digitFields("YYYYMMDDHHMM time", 4, 2, 2, 2, 2);
    try {
      return LocalDateTime.of(f[0], f[1], f[2], f[3], f[4]);
    } catch (DateTimeException e) {
      throw new MalformedResponseException(what() + ": '" + ascii() + "' is not a valid date and time");
    }
  }

  /** Splits the ASCII value into decimal fields of the given widths; the value must be exactly that. */
  private int[] digitFields(String form, int... widths) throws MalformedResponseException {
    String s = ascii();
    int total = 0;
    for (int w : widths) {
      total += w;
    }
    if (s.length() != total || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedResponseException(what() + ": '" + s + "' is not a " + form);
    }
    int[] fields = new int[widths.length];
    for (int i = 0, off = 0; i < widths.length; off += widths[i], i++) {
      fields[i] = Integer.parseInt(s.substring(off, off + widths[i]));
    }
    return fields;
  }

  /** True when the length differs from the one SPC-5 fixes for this identifier. */
  public boolean hasUnexpectedLength() {
    return definition().map(d -> d.length() >= 0 && d.length() != value.length).orElse(false);
  }

  private void requireFormat(AttributeFormat wanted) {
    if (format != wanted) {
      throw new IllegalStateException(what() + " has format " + format + ", not " + wanted);
    }
  }

  private String what() {
    return String.format("MAM attribute %04Xh", id);
  }

  /** A short rendering of the value for logs: numbers in decimal, text as text, else hex. */
  public String displayValue() {
    switch (format) {
      case ASCII:
        return trimmed(StandardCharsets.US_ASCII);
      case TEXT:
        return trimmed(StandardCharsets.UTF_8);
      default:
        if (value.length >= 1 && value.length <= 8) {
          return Long.toUnsignedString(Bytes.getUnsigned(value, 0, value.length));
        }
        return HexFormat.of().formatHex(value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attribute a
        && a.id == id
        && a.readOnly == readOnly
        && a.format == format
        && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return id * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    String name = definition().map(MamAttribute::t10Name).orElse("unknown");
    return String.format("%04Xh %s%s: %s", id, name, readOnly ? " (read-only)" : "", displayValue());
  }
}
