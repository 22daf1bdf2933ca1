package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Base of the typed mode page views. A typed page keeps every byte the device sent, reserved and
 * vendor bits included, and its {@code with...} methods return a copy with one field changed, so a
 * read-modify-write sends back exactly what the device reported except the fields the caller
 * changed. Byte offsets in the subclasses' grammars count from the page code byte, as in the SSC
 * tables. Instances are immutable and thread-safe.
 */
public abstract sealed class TypedModePage
    permits DataCompressionPage, DeviceConfigurationPage, MediumPartitionPage, MediumConfigurationPage {

  /** The whole page in page_0 format, header included. */
  final byte[] p;

  TypedModePage(byte[] page) {
    this.p = page;
  }

  /** Checks that {@code page} is the page_0 page {@code code} with at least {@code minLength} parameter bytes. */
  static byte[] validate(ModePage page, int code, int minLength, String name) throws MalformedResponseException {
    if (page.subpageFormat() || page.pageCode() != code) {
      throw new MalformedResponseException(
          String.format("%s: expected mode page 0x%02x, got %s", name, code, page));
    }
    if (page.parameters().length < minLength) {
      throw new MalformedResponseException(
          name + ": page length " + page.parameters().length + " is shorter than the " + minLength + " bytes the page defines");
    }
    return page.encode();
  }

  /** The page_0 page {@code code} of a MODE SENSE reply; malformed when the reply lacks it. */
  static ModePage required(ModeParameters parameters, int code, String name) throws MalformedResponseException {
    return parameters.page(code).orElseThrow(() -> new MalformedResponseException(name + ": not in the MODE SENSE reply"));
  }

  /** A zero-filled page_0 page with the given page length. */
  static byte[] blank(int code, int pageLength) {
    byte[] out = new byte[2 + pageLength];
    out[0] = (byte) code;
    out[1] = (byte) pageLength;
    return out;
  }

  /** The untyped page, e.g. to put it into {@link ModeParameters#withPage}. */
  public ModePage toModePage() {
    return new ModePage((p[0] & 0x80) != 0, false, p[0] & 0x3F, 0, Arrays.copyOfRange(p, 2, p.length));
  }

  /** The page in wire form, header included (PS as sent by the device). */
  public byte[] encode() {
    return p.clone();
  }

  /** PS: the device can save this page. */
  public boolean parametersSavable() {
    return (p[0] & 0x80) != 0;
  }

  /** The page length byte: parameter bytes after the 2-byte header. */
  public int pageLength() {
    return p[1] & 0xFF;
  }

  final boolean bit(int off, int bit) {
    return (p[off] & (1 << bit)) != 0;
  }

  /** The {@code width}-bit field whose most significant bit is {@code hiBit} of byte {@code off}. */
  final int field(int off, int hiBit, int width) {
    return ((p[off] & 0xFF) >>> (hiBit - width + 1)) & ((1 << width) - 1);
  }

  final long value(int off, int len) {
    return Bytes.getUnsigned(p, off, len);
  }

  /** A copy of the page with a bit field set. */
  final byte[] withField(int off, int hiBit, int width, int value, String name) {
    Checks.range(name, value, 0, (1 << width) - 1);
    byte[] out = p.clone();
    int shift = hiBit - width + 1;
    int mask = ((1 << width) - 1) << shift;
    out[off] = (byte) ((out[off] & ~mask) | (value << shift));
    return out;
  }

  final byte[] withBit(int off, int bit, boolean value) {
    return withField(off, bit, 1, value ? 1 : 0, "bit");
  }

  /** A copy of the page with a big-endian integer field set. */
  final byte[] withValue(int off, int len, long value, String name) {
    Checks.range(name, value, 0, len >= 8 ? Long.MAX_VALUE : (1L << (8 * len)) - 1);
    byte[] out = p.clone();
    Bytes.put(out, off, len, value);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(((TypedModePage) o).p, p);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(p);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + HexFormat.ofDelimiter(" ").formatHex(p) + "]";
  }
}
