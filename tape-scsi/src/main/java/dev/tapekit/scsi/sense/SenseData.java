package dev.tapekit.scsi.sense;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.internal.Bytes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decoded sense data, fixed (response codes 0x70/0x71) or descriptor (0x72/0x73) format (SPC-5
 * 4.4), normalised to one view.
 *
 * <p>Byte grammar of the fixed format, which tape drives use almost exclusively:
 *
 * <pre>
 *  0   VALID(7) | response code(6..0)        0x70 current, 0x71 deferred
 *  2   FILEMARK(7) | EOM(6) | ILI(5) | sense key(3..0)
 *  3-6 INFORMATION (big-endian; residue for READ/SPACE, valid only if VALID)
 *  7   additional sense length (n - 7)
 *  8-11 COMMAND-SPECIFIC INFORMATION
 *  12  ASC    13 ASCQ    14 FRU code
 *  15-17 SKSV(15.7) | sense-key specific
 * </pre>
 *
 * The descriptor format carries the same facts in descriptors: 0x00 information, 0x01 command
 * specific, 0x02 sense-key specific, 0x03 FRU, 0x04 stream commands (FILEMARK/EOM/ILI), 0x05 block
 * commands (ILI). Truncated sense is decoded as far as it goes: fields the device did not send read
 * as zero or absent. Instances are immutable.
 */
public final class SenseData {
  private final byte[] raw;
  private final int responseCode;
  private final SenseKey key;
  private final AdditionalSense additional;
  private final boolean filemark;
  private final boolean eom;
  private final boolean ili;
  private final OptionalLong information;
  private final OptionalLong commandSpecific;
  private final int fru;
  private final byte[] senseKeySpecific; // 3 bytes when SKSV set, else null
  private final List<Descriptor> descriptors;

  /** One sense data descriptor of the descriptor format (type, and its bytes after the 2-byte header). */
  public record Descriptor(int type, byte[] body) {
    public Descriptor {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  private SenseData(
      byte[] raw,
      int responseCode,
      SenseKey key,
      AdditionalSense additional,
      boolean filemark,
      boolean eom,
      boolean ili,
      OptionalLong information,
      OptionalLong commandSpecific,
      int fru,
      byte[] senseKeySpecific,
      List<Descriptor> descriptors) {
    this.raw = raw;
    this.responseCode = responseCode;
    this.key = key;
    this.additional = additional;
    this.filemark = filemark;
    this.eom = eom;
    this.ili = ili;
    this.information = information;
    this.commandSpecific = commandSpecific;
    this.fru = fru;
    this.senseKeySpecific = senseKeySpecific;
    this.descriptors = List.copyOf(descriptors);
  }

  /** Like {@link #parse(byte[])}, but an empty optional for absent or undecodable sense. */
  public static Optional<SenseData> tryParse(byte[] sense) {
    if (sense == null || sense.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(sense));
    } catch (MalformedResponseException e) {
      return Optional.empty();
    }
  }

  /**
   * Decodes sense bytes as returned by REQUEST SENSE or autosense.
   *
   * @throws MalformedResponseException when the response code is not 0x70..0x73 or the bytes are too
   *     short to carry a sense key
   */
  public static SenseData parse(byte[] sense) throws MalformedResponseException {
    if (sense == null || sense.length == 0) {
      throw new MalformedResponseException("sense data: empty");
    }
    int code = sense[0] & 0x7F;
    switch (code) {
      case 0x70:
      case 0x71:
        return parseFixed(sense.clone(), code);
      case 0x72:
      case 0x73:
        return parseDescriptor(sense.clone(), code);
      default:
        throw new MalformedResponseException(
            String.format("sense data: response code 0x%02x is neither fixed (0x70/0x71) nor descriptor (0x72/0x73) format", code));
    }
  }

  private static SenseData parseFixed(byte[] s, int code) throws MalformedResponseException {
    Bytes.require(s, 0, 3, "fixed-format sense data");
    // Honour the additional length, but never read beyond what was returned.
    int len = s.length >= 8 ? Math.min(s.length, 8 + (s[7] & 0xFF)) : s.length;
    boolean valid = (s[0] & 0x80) != 0;
    OptionalLong info = valid && len >= 7 ? OptionalLong.of(Bytes.getU32(s, 3)) : OptionalLong.empty();
    OptionalLong cmdSpecific = len >= 12 ? OptionalLong.of(Bytes.getU32(s, 8)) : OptionalLong.empty();
    int asc = len > 12 ? s[12] & 0xFF : 0;
    int ascq = len > 13 ? s[13] & 0xFF : 0;
    int fru = len > 14 ? s[14] & 0xFF : 0;
    byte[] sks = len >= 18 && (s[15] & 0x80) != 0 ? new byte[] {s[15], s[16], s[17]} : null;
    return new SenseData(
        s,
        code,
        SenseKey.of(s[2]),
        AdditionalSense.of(asc, ascq),
        (s[2] & 0x80) != 0,
        (s[2] & 0x40) != 0,
        (s[2] & 0x20) != 0,
        info,
        cmdSpecific,
        fru,
        sks,
        List.of());
  }

  private static SenseData parseDescriptor(byte[] s, int code) throws MalformedResponseException {
    Bytes.require(s, 0, 4, "descriptor-format sense data");
    int end = s.length >= 8 ? Math.min(s.length, 8 + (s[7] & 0xFF)) : s.length;
    boolean filemark = false;
    boolean eom = false;
    boolean ili = false;
    OptionalLong info = OptionalLong.empty();
    OptionalLong cmdSpecific = OptionalLong.empty();
    int fru = 0;
    byte[] sks = null;
    List<Descriptor> descriptors = new ArrayList<>();
    int off = 8;
    while (off + 2 <= end) {
      int type = s[off] & 0xFF;
      int dlen = s[off + 1] & 0xFF;
      int bodyLen = Math.min(dlen, end - off - 2);
      byte[] body = new byte[bodyLen];
      System.arraycopy(s, off + 2, body, 0, bodyLen);
      descriptors.add(new Descriptor(type, body));
      switch (type) {
        case 0x00: // information: VALID(2.7), reserved, 8-byte information at 4
          if (bodyLen >= 10 && (body[0] & 0x80) != 0) {
            info = OptionalLong.of(Bytes.getUnsigned(body, 2, 8));
          }
          break;
        case 0x01: // command specific information, 8 bytes at 4
          if (bodyLen >= 10) {
            cmdSpecific = OptionalLong.of(Bytes.getUnsigned(body, 2, 8));
          }
          break;
        case 0x02: // sense key specific at 4..6
          if (bodyLen >= 5 && (body[2] & 0x80) != 0) {
            sks = new byte[] {body[2], body[3], body[4]};
          }
          break;
        case 0x03: // field replaceable unit at 3
          if (bodyLen >= 2) {
            fru = body[1] & 0xFF;
          }
          break;
        case 0x04: // stream commands: FILEMARK(3.7) EOM(3.6) ILI(3.5)
          if (bodyLen >= 2) {
            filemark = (body[1] & 0x80) != 0;
            eom = (body[1] & 0x40) != 0;
            ili = (body[1] & 0x20) != 0;
          }
          break;
        case 0x05: // block commands: ILI(3.5)
          if (bodyLen >= 2) {
            ili = (body[1] & 0x20) != 0;
          }
          break;
        default:
          break;
      }
      off += 2 + dlen;
    }
    return new SenseData(
        s,
        code,
        SenseKey.of(s[1]),
        AdditionalSense.of(s[2] & 0xFF, s[3] & 0xFF),
        filemark,
        eom,
        ili,
        info,
        cmdSpecific,
        fru,
        sks,
        descriptors);
  }

  /** The response code: 0x70/0x71 fixed, 0x72/0x73 descriptor. */
  public int responseCode() {
    return responseCode;
  }

  /** True for descriptor format (0x72/0x73). */
  public boolean isDescriptorFormat() {
    return responseCode >= 0x72;
  }

  /**
   * True for deferred errors (0x71/0x73): the sense reports a failure of an earlier command, e.g. a
   * buffered write that could not be flushed, not of the command that returned it.
   */
  public boolean isDeferred() {
    return responseCode == 0x71 || responseCode == 0x73;
  }

  public SenseKey key() {
    return key;
  }

  /** The ASC/ASCQ pair, compared with the constants of {@link AdditionalSense}. */
  public AdditionalSense additionalSense() {
    return additional;
  }

  public int asc() {
    return additional.asc();
  }

  public int ascq() {
    return additional.ascq();
  }

  /** A filemark (or setmark) was encountered (stream commands). */
  public boolean filemark() {
    return filemark;
  }

  /** End of medium or partition: early warning on writes, BOP/EOP on spacing (stream commands). */
  public boolean eom() {
    return eom;
  }

  /** Incorrect length indicator: the block read was not the length requested. */
  public boolean ili() {
    return ili;
  }

  /**
   * The INFORMATION field when the device marked it valid. For stream commands it is the residue: the
   * requested length minus the actual length (negative, as a signed 32-bit value in fixed format, when
   * the block was longer), or the count of blocks/filemarks not spaced over.
   */
  public OptionalLong information() {
    return information;
  }

  /**
   * The INFORMATION field as a signed residue: the fixed-format 32-bit field is two's complement, so
   * 0xFFFFF000 reads as -4096. Empty when not valid.
   */
  public OptionalLong signedInformation() {
    if (information.isEmpty()) {
      return information;
    }
    long v = information.getAsLong();
    return OptionalLong.of(isDescriptorFormat() ? v : (long) (int) v);
  }

  public OptionalLong commandSpecificInformation() {
    return commandSpecific;
  }

  /** The field replaceable unit code, 0 when none. */
  public int fieldReplaceableUnit() {
    return fru;
  }

  /** True when the sense-key specific field is valid (SKSV). */
  public boolean hasSenseKeySpecific() {
    return senseKeySpecific != null;
  }

  /** The three sense-key specific bytes (SKSV bit included), empty when not valid. */
  public Optional<byte[]> senseKeySpecificBytes() {
    return senseKeySpecific == null ? Optional.empty() : Optional.of(senseKeySpecific.clone());
  }

  /**
   * Progress of a long operation (FORMAT, ERASE, becoming ready) as 0..65535 of 65536, from the
   * sense-key specific field of NOT READY or NO SENSE sense.
   */
  public OptionalInt progress() {
    if (senseKeySpecific == null || (key != SenseKey.NOT_READY && key != SenseKey.NO_SENSE)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(((senseKeySpecific[1] & 0xFF) << 8) | (senseKeySpecific[2] & 0xFF));
  }

  /** For ILLEGAL REQUEST: the byte offset of the bad field, and whether it is in the CDB (vs. parameter data). */
  public Optional<FieldPointer> fieldPointer() {
    if (senseKeySpecific == null || key != SenseKey.ILLEGAL_REQUEST) {
      return Optional.empty();
    }
    int b0 = senseKeySpecific[0] & 0xFF;
    OptionalInt bit = (b0 & 0x08) != 0 ? OptionalInt.of(b0 & 0x07) : OptionalInt.empty();
    int field = ((senseKeySpecific[1] & 0xFF) << 8) | (senseKeySpecific[2] & 0xFF);
    return Optional.of(new FieldPointer((b0 & 0x40) != 0, field, bit));
  }

  /**
   * Where an ILLEGAL REQUEST points.
   *
   * @param inCdb true when the error is in the CDB, false when in the parameter list (C/D bit)
   * @param byteOffset the byte of the CDB or parameter list
   * @param bit the bit within that byte, when the device says (BPV)
   */
  public record FieldPointer(boolean inCdb, int byteOffset, OptionalInt bit) {}

  /** The sense data descriptors (descriptor format only; empty for fixed format). */
  public List<Descriptor> descriptors() {
    return descriptors;
  }

  /** The raw sense bytes (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** True when key and ASC/ASCQ both match. */
  public boolean is(SenseKey k, AdditionalSense a) {
    return key == k && additional.equals(a);
  }

  /**
   * One line for messages: {@code "Not Ready: Medium not present (ASC/ASCQ 3a/00)"}, with flags
   * and information when present.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    if (isDeferred()) {
      sb.append("deferred error: ");
    }
    sb.append(key.text()).append(": ").append(additional);
    List<String> flags = new ArrayList<>();
    if (filemark) {
      flags.add("FILEMARK");
    }
    if (eom) {
      flags.add("EOM");
    }
    if (ili) {
      flags.add("ILI");
    }
    if (!flags.isEmpty()) {
      sb.append(" [").append(String.join(" ", flags)).append(']');
    }
    signedInformation().ifPresent(v -> sb.append(", information=").append(v));
    progress().ifPresent(p -> sb.append(String.format(", progress=%.1f%%", p * 100.0 / 65536)));
    fieldPointer()
        .ifPresent(
            f -> {
              sb.append(f.inCdb() ? ", error in CDB byte " : ", error in parameter byte ").append(f.byteOffset());
              f.bit().ifPresent(b -> sb.append(" bit ").append(b));
            });
    return sb.toString();
  }

  @Override
  public String toString() {
    return "SenseData[" + summary() + ", raw=" + HexFormat.of().formatHex(raw) + "]";
  }
}
