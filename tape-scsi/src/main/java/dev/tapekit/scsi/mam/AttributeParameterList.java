package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.codec.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the parameter list of WRITE ATTRIBUTE (SPC-5 6.34): host-type attributes to write or
 * clear. Not thread safe while building; {@link #encode()} can be called any number of times.
 *
 * <pre>
 *  0..3 PARAMETER DATA LENGTH (u32, n - 3)
 *  4..n attributes, each: id u16, FORMAT u8 (READ ONLY bit 0), length u16, value
 * </pre>
 *
 * <p>Padding and length rules (SPC-5 7.4.1): an ASCII value is left-aligned and padded with
 * spaces to the attribute's fixed length and may only hold printable ASCII (20h..7Eh); a TEXT
 * value is padded with NULs; a BINARY number is written big-endian in the fixed length. A length
 * of 0 deletes the attribute ({@link #clear}). Device- and medium-type attributes are read-only
 * and rejected with {@link IllegalArgumentException}, as are values that do not fit.
 */
public final class AttributeParameterList {
  private final List<Attribute> attributes = new ArrayList<>();

  /** Writes an ASCII attribute, space padded to its length. */
  public AttributeParameterList ascii(MamAttribute attribute, String value) {
    requireWritable(attribute, AttributeFormat.ASCII);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(String.format(
            "%s: character %04Xh at index %d is not printable ASCII", attribute, (int) c, i));
      }
    }
    return padded(attribute, value.getBytes(StandardCharsets.US_ASCII), (byte) ' ');
  }

  /** Writes a TEXT attribute in {@code charset} (which must match attribute 0805h), NUL padded. */
  public AttributeParameterList text(MamAttribute attribute, String value, Charset charset) {
    requireWritable(attribute, AttributeFormat.TEXT);
    return padded(attribute, value.getBytes(charset), (byte) 0);
  }

  /** Writes a TEXT attribute as UTF-8. */
  public AttributeParameterList text(MamAttribute attribute, String value) {
    return text(attribute, value, StandardCharsets.UTF_8);
  }

  /** Writes a BINARY attribute of at most 8 bytes as a big-endian unsigned number. */
  public AttributeParameterList number(MamAttribute attribute, long value) {
    requireWritable(attribute, AttributeFormat.BINARY);
    int len = attribute.length();
    if (len < 1 || len > 8) {
      throw new IllegalArgumentException(attribute + " is not a number of 1..8 bytes");
    }
    if (len < 8 && (value < 0 || value >>> (8 * len) != 0)) {
      throw new IllegalArgumentException(attribute + ": " + value + " does not fit in " + len + " bytes");
    }
    byte[] v = new byte[len];
    Bytes.put(v, 0, len, value);
    return add(attribute.id(), AttributeFormat.BINARY, v);
  }

  /** Writes a BINARY attribute; the value must have the attribute's fixed length if it has one. */
  public AttributeParameterList binary(MamAttribute attribute, byte[] value) {
    requireWritable(attribute, AttributeFormat.BINARY);
    if (attribute.length() >= 0 && value.length != attribute.length()) {
      throw new IllegalArgumentException(
          attribute + " is " + attribute.length() + " bytes long, not " + value.length);
    }
    return add(attribute.id(), AttributeFormat.BINARY, value);
  }

  /** Writes 0804h DATE AND TIME LAST WRITTEN as YYYYMMDDHHMM. */
  public AttributeParameterList dateTimeLastWritten(LocalDateTime time) {
    return ascii(
        MamAttribute.DATE_AND_TIME_LAST_WRITTEN,
        String.format("%04d%02d%02d%02d%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
            time.getHour(), time.getMinute()));
  }

  /** Deletes an attribute (length 0). */
  public AttributeParameterList clear(MamAttribute attribute) {
    requireWritable(attribute, attribute.format());
    return add(attribute.id(), attribute.format(), new byte[0]);
  }

  /**
   * Writes any identifier in the host or host-vendor range with a raw value, e.g. vendor attributes
   * 1400h..17FFh.
   */
  public AttributeParameterList raw(int id, AttributeFormat format, byte[] value) {
    MamAttribute.Kind kind = MamAttribute.Kind.of(id);
    if (kind != MamAttribute.Kind.HOST && kind != MamAttribute.Kind.HOST_VENDOR) {
      throw new IllegalArgumentException(String.format("attribute %04Xh is %s type and read-only", id, kind));
    }
    return add(id, format, value);
  }

  /** The attributes added so far. */
  public List<Attribute> attributes() {
    return List.copyOf(attributes);
  }

  /** The parameter list bytes for WRITE ATTRIBUTE. */
  public byte[] encode() {
    return encode(attributes, false);
  }

  /** Serialises attributes behind a u32 length; {@code withReadOnly} sets READ ONLY as a device would. */
  static byte[] encode(List<Attribute> attributes, boolean withReadOnly) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[4]);
    for (Attribute a : attributes) {
      byte[] v = a.value();
      byte[] h = new byte[5];
      Bytes.put16(h, 0, a.id());
      h[2] = (byte) (((withReadOnly && a.readOnly()) ? 0x80 : 0) | a.format().code());
      Bytes.put16(h, 3, v.length);
      out.writeBytes(h);
      out.writeBytes(v);
    }
    byte[] bytes = out.toByteArray();
    Bytes.put32(bytes, 0, bytes.length - 4);
    return bytes;
  }

  private AttributeParameterList padded(MamAttribute attribute, byte[] value, byte pad) {
    int len = attribute.length();
    if (value.length > len) {
      throw new IllegalArgumentException(
          attribute + ": value of " + value.length + " bytes exceeds the attribute length " + len);
    }
    byte[] v = Arrays.copyOf(value, len);
    Arrays.fill(v, value.length, len, pad);
    return add(attribute.id(), attribute.format(), v);
  }

  private AttributeParameterList add(int id, AttributeFormat format, byte[] value) {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("attribute value of " + value.length + " bytes exceeds 65535");
    }
    attributes.add(new Attribute(id, false, format, value));
    return this;
  }

  private static void requireWritable(MamAttribute attribute, AttributeFormat format) {
    MamAttribute.Kind kind = attribute.kind();
    if (kind != MamAttribute.Kind.HOST && kind != MamAttribute.Kind.HOST_VENDOR) {
      throw new IllegalArgumentException(attribute + " is a " + kind + " type attribute and read-only");
    }
    if (attribute.format() != format) {
      throw new IllegalArgumentException(attribute + " has format " + attribute.format() + ", not " + format);
    }
  }
}
