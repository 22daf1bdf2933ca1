package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A log page in the generic parameter format (SPC-5 7.3.2): header plus a list of {@link
 * LogParameter}s. Every typed page of this package is a view over one of these. Immutable.
 *
 * <pre>
 *  0..3 header (see {@link LogPageHeader})
 *  4..  parameters, each: code u16, control u8, length u8, value[length]
 * </pre>
 *
 * <p>Contract of {@link #parse}:
 *
 * <ul>
 *   <li>A reply shorter than the page length (allocation length too small) still decodes: every
 *       parameter that is complete is returned and {@link #truncated()} is true. A parameter cut in
 *       half by the end of the reply is a {@link MalformedResponseException} whose message names
 *       the allocation length that returns the whole page.
 *   <li>Bytes after {@code 4 + pageLength} are ignored (some drives, e.g. Quantum HH7, transfer the
 *       whole allocation length).
 *   <li>A parameter that runs past the declared page length is malformed.
 * </ul>
 *
 * @param header the page header
 * @param parameters the parameters in reply order
 */
public record LogPage(LogPageHeader header, List<LogParameter> parameters) {

  public LogPage {
    parameters = List.copyOf(parameters);
  }

  /** Decodes a LOG SENSE reply in parameter format. */
  public static LogPage parse(byte[] data) throws MalformedResponseException {
    LogPageHeader h = LogPageHeader.read(data);
    int declaredEnd = h.fullLength();
    List<LogParameter> params = new ArrayList<>();
    int off = LogPageHeader.SIZE;
    while (off < h.bodyEnd()) {
      if (off + 4 > h.bodyEnd()) {
        throw cut(h, data, off, "parameter header");
      }
      int code = Bytes.u16(data, off, "log parameter code");
      int length = data[off + 3] & 0xFF;
      int end = off + 4 + length;
      if (end > declaredEnd) {
        throw new MalformedResponseException(
            String.format(
                "log page %02Xh: parameter %04Xh at offset %d has %d value bytes, past the page length %d",
                h.pageCode(), code, off, length, h.pageLength()));
      }
      if (end > h.bodyEnd()) {
        throw cut(h, data, off, String.format("parameter %04Xh", code));
      }
      params.add(new LogParameter(code, data[off + 2] & 0xFF, Bytes.slice(data, off + 4, length, "log parameter")));
      off = end;
    }
    return new LogPage(h, params);
  }

  private static MalformedResponseException cut(LogPageHeader h, byte[] data, int off, String what) {
    String why =
        h.truncated()
            ? String.format(
                "the reply ends at %d; read again with allocation length >= %d", data.length, h.fullLength())
            : String.format("the page length %d ends inside it", h.pageLength());
    return new MalformedResponseException(
        String.format("log page %02Xh: %s at offset %d is cut in half: %s", h.pageCode(), what, off, why));
  }

  public int pageCode() {
    return header.pageCode();
  }

  public int subpageCode() {
    return header.subpageCode();
  }

  /** True when the reply held fewer bytes than the page length (see {@link LogPageHeader}). */
  public boolean truncated() {
    return header.truncated();
  }

  /** The first parameter with this code. */
  public Optional<LogParameter> parameter(int code) {
    for (LogParameter p : parameters) {
      if (p.code() == code) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The parameter's value as an unsigned counter, empty when the page lacks it.
   *
   * @throws MalformedResponseException when the value is empty or longer than 8 bytes
   */
  public OptionalLong counter(int code) throws MalformedResponseException {
    Optional<LogParameter> p = parameter(code);
    return p.isPresent() ? OptionalLong.of(p.get().unsigned()) : OptionalLong.empty();
  }

  /** Builds a page (for LOG SELECT parameter lists and test vectors); SPF is set for subpages. */
  public static byte[] encode(int pageCode, int subpageCode, List<LogParameter> parameters) {
    return encode(false, subpageCode != 0, pageCode, subpageCode, parameters);
  }

  /** Re-encodes this page (header flags DS/SPF are kept). */
  public byte[] encode() {
    return encode(header.ds(), header.spf(), header.pageCode(), header.subpageCode(), parameters);
  }

  private static byte[] encode(
      boolean ds, boolean spf, int pageCode, int subpageCode, List<LogParameter> parameters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (LogParameter p : parameters) {
      body.writeBytes(p.encode());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(LogPageHeader.encode(ds, spf, pageCode, subpageCode, body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }
}
