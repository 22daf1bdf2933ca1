package dev.tapekit.scsi.sense;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decoded sense data, fixed (response codes 70h/71h) or descriptor (72h/73h) format (SPC-5 4.4),
 * normalised to one view: sense key, {@link AdditionalSense}, FILEMARK/EOM/ILI, INFORMATION,
 * sense-key specific field, current vs deferred.
 *
 * <p>Byte grammar of the fixed format, which tape drives use almost exclusively:
 *
 * <pre>
 *  0     VALID(7) | RESPONSE CODE(6-0)            70h current, 71h deferred
 *  2     FILEMARK(7) | EOM(6) | ILI(5) | SDAT_OVFL(4) | SENSE KEY(3-0)
 *  3-6   INFORMATION (big-endian; meaningful only if VALID; a signed residue for READ/SPACE)
 *  7     ADDITIONAL SENSE LENGTH (n - 7)
 *  8-11  COMMAND-SPECIFIC INFORMATION
 *  12    ASC    13 ASCQ    14 FIELD REPLACEABLE UNIT CODE
 *  15-17 SKSV(15.7) | sense-key specific (see {@link SenseKeySpecific})
 *  18-n  additional sense bytes (vendor specific)
 * </pre>
 *
 * and of the descriptor format:
 *
 * <pre>
 *  0     RESPONSE CODE(6-0)                       72h current, 73h deferred
 *  1     SENSE KEY(3-0)    2 ASC    3 ASCQ
 *  4     SDAT_OVFL(7)
 *  7     ADDITIONAL SENSE LENGTH (n - 7)
 *  8-n   sense data descriptors (see {@link SenseDescriptor})
 * </pre>
 *
 * <p>Contract: {@link #parse} throws {@link MalformedResponseException} only when the response code
 * is not 70h-73h or the buffer is too short to hold the sense key (3 bytes fixed, 2 descriptor; the
 * descriptor format also needs bytes 2-3 for its ASC/ASCQ, which are read as zero when absent).
 * Otherwise sense is decoded as far as it goes, as devices and transports routinely cut it short:
 * the ADDITIONAL SENSE LENGTH is honoured but never read past the buffer, and fields the device did
 * not send read as zero or absent. In descriptor format the first descriptor of each type wins.
 * Instances are immutable and thread safe.
 */
public final class SenseData {
  private final byte[] raw;
  private final int responseCode;
  private final SenseKey key;
  private final AdditionalSense additional;
  private final boolean filemark;
  private final boolean eom;
  private final boolean ili;
  private final boolean overflow;
  private final OptionalLong informationField; // as sent, whether or not VALID
  private final boolean informationValid;
  private final OptionalLong commandSpecific;
  private final int fru;
  private final byte[] senseKeySpecific; // 3 bytes when SKSV set, else null
  private final List<Descriptor> descriptors;
  private final List<SenseDescriptor> senseDescriptors;

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

  /** The decoded fields, gathered by either format's parser. */
  private static final class Fields {
    boolean filemark;
    boolean eom;
    boolean ili;
    boolean overflow;
    OptionalLong information = OptionalLong.empty();
    boolean informationValid;
    OptionalLong commandSpecific = OptionalLong.empty();
    int fru;
    byte[] sks;
    List<Descriptor> descriptors = List.of();
    List<SenseDescriptor> decoded = List.of();
  }

  private SenseData(byte[] raw, int responseCode, SenseKey key, AdditionalSense additional, Fields f) {
    this.raw = raw;
    this.responseCode = responseCode;
    this.key = key;
    this.additional = additional;
    this.filemark = f.filemark;
    this.eom = f.eom;
    this.ili = f.ili;
    this.overflow = f.overflow;
    this.informationField = f.information;
    this.informationValid = f.informationValid;
    this.commandSpecific = f.commandSpecific;
    this.fru = f.fru;
    this.senseKeySpecific = f.sks;
    this.descriptors = List.copyOf(f.descriptors);
    this.senseDescriptors = List.copyOf(f.decoded);
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
   * @throws MalformedResponseException when the response code is not 70h..73h or the bytes are too
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
            String.format(
                "sense data: response code 0x%02x is neither fixed (0x70/0x71) nor descriptor (0x72/0x73) format",
                code));
    }
  }

  /** The end of the sense: 8 + ADDITIONAL SENSE LENGTH, but never past the buffer. */
  private static int end(byte[] s) {
    return s.length >= 8 ? Math.min(s.length, 8 + (s[7] & 0xFF)) : s.length;
  }

  private static SenseData parseFixed(byte[] s, int code) throws MalformedResponseException {
    Bytes.require(s, 0, 3, "fixed-format sense data");
    int len = end(s);
    Fields f = new Fields();
    f.filemark = (s[2] & 0x80) != 0;
    f.eom = (s[2] & 0x40) != 0;
    f.ili = (s[2] & 0x20) != 0;
    f.overflow = (s[2] & 0x10) != 0;
    f.informationValid = (s[0] & 0x80) != 0;
    f.information = len >= 7 ? OptionalLong.of(Bytes.getU32(s, 3)) : OptionalLong.empty();
    f.commandSpecific = len >= 12 ? OptionalLong.of(Bytes.getU32(s, 8)) : OptionalLong.empty();
    f.fru = len > 14 ? s[14] & 0xFF : 0;
    f.sks = len >= 18 && (s[15] & 0x80) != 0 ? new byte[] {s[15], s[16], s[17]} : null;
    int asc = len > 12 ? s[12] & 0xFF : 0;
    int ascq = len > 13 ? s[13] & 0xFF : 0;
    return new SenseData(s, code, SenseKey.of(s[2]), AdditionalSense.of(asc, ascq), f);
  }

  private static SenseData parseDescriptor(byte[] s, int code) throws MalformedResponseException {
    Bytes.require(s, 0, 2, "descriptor-format sense data");
    int end = end(s);
    Fields f = new Fields();
    f.overflow = end > 4 && (s[4] & 0x80) != 0;
    f.descriptors = splitDescriptors(s, end);
    f.decoded = new ArrayList<>();
    for (Descriptor raw : f.descriptors) {
      f.decoded.add(SenseDescriptor.decode(raw.type(), raw.body));
    }
    boolean seenInfo = false;
    boolean seenCmd = false;
    boolean seenSks = false;
    boolean seenFru = false;
    boolean seenFlags = false;
    for (SenseDescriptor d : f.decoded) {
      if (d instanceof SenseDescriptor.Information i && !seenInfo) {
        seenInfo = true;
        f.information = OptionalLong.of(i.information());
        f.informationValid = i.valid();
      } else if (d instanceof SenseDescriptor.CommandSpecific c && !seenCmd) {
        seenCmd = true;
        f.commandSpecific = OptionalLong.of(c.information());
      } else if (d instanceof SenseDescriptor.SenseKeySpecificField k && !seenSks) {
        seenSks = true;
        f.sks = k.valid() ? new byte[] {(byte) k.byte0(), (byte) k.byte1(), (byte) k.byte2()} : null;
      } else if (d instanceof SenseDescriptor.FieldReplaceableUnit u && !seenFru) {
        seenFru = true;
        f.fru = u.code();
      } else if (d instanceof SenseDescriptor.StreamCommands sc && !seenFlags) {
        seenFlags = true;
        f.filemark = sc.filemark();
        f.eom = sc.eom();
        f.ili = sc.ili();
      } else if (d instanceof SenseDescriptor.BlockCommands b && !seenFlags) {
        seenFlags = true;
        f.ili = b.ili();
      }
    }
    int asc = s.length > 2 ? s[2] & 0xFF : 0;
    int ascq = s.length > 3 ? s[3] & 0xFF : 0;
    return new SenseData(s, code, SenseKey.of(s[1]), AdditionalSense.of(asc, ascq), f);
  }

  /** Splits {@code s[8..end)} into descriptors; a trailing byte too short for a header is ignored. */
  private static List<Descriptor> splitDescriptors(byte[] s, int end) {
    List<Descriptor> out = new ArrayList<>();
    int off = 8;
    while (off + 2 <= end) {
      int declared = s[off + 1] & 0xFF;
      out.add(new Descriptor(s[off] & 0xFF, Arrays.copyOfRange(s, off + 2, off + 2 + Math.min(declared, end - off - 2))));
      off += 2 + declared;
    }
    return out;
  }

  /** The response code: 70h/71h fixed, 72h/73h descriptor. */
  public int responseCode() {
    return responseCode;
  }

  /** True for descriptor format (72h/73h). */
  public boolean isDescriptorFormat() {
    return responseCode >= 0x72;
  }

  /**
   * True for deferred errors (71h/73h): the sense reports a failure of an earlier command, e.g. a
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

  /** SDAT_OVFL: the device had more sense than fit the buffer the initiator allowed. */
  public boolean senseDataOverflow() {
    return overflow;
  }

  /**
   * The INFORMATION field when the device marked it valid. For stream commands it is the residue: the
   * requested length minus the actual length (negative, as a signed 32-bit value in fixed format, when
   * the block was longer), or the count of blocks/filemarks not spaced over.
   */
  public OptionalLong information() {
    return informationValid ? informationField : OptionalLong.empty();
  }

  /**
   * The INFORMATION field as a signed residue: the fixed-format 32-bit field is two's complement, so
   * FFFFF000h reads as -4096; the descriptor-format field is 64-bit. Empty when not valid.
   */
  public OptionalLong signedInformation() {
    OptionalLong info = information();
    if (info.isEmpty() || isDescriptorFormat()) {
      return info;
    }
    return OptionalLong.of((int) info.getAsLong());
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

  /** The sense-key specific field decoded for this sense key, empty when SKSV is not set. */
  public Optional<SenseKeySpecific> senseKeySpecific() {
    if (senseKeySpecific == null) {
      return Optional.empty();
    }
    return Optional.of(
        SenseKeySpecific.decode(
            key, senseKeySpecific[0] & 0xFF, senseKeySpecific[1] & 0xFF, senseKeySpecific[2] & 0xFF));
  }

  /**
   * Progress of a long operation (FORMAT, ERASE, becoming ready) as 0..65535 of 65536: from the
   * sense-key specific field of NOT READY or NO SENSE sense, else from an another-progress-indication
   * descriptor (type 0Ah) of descriptor-format sense.
   */
  public OptionalInt progress() {
    if (senseKeySpecific().orElse(null) instanceof SenseKeySpecific.ProgressIndication p) {
      return OptionalInt.of(p.progress());
    }
    for (SenseDescriptor d : senseDescriptors) {
      if (d instanceof SenseDescriptor.AnotherProgressIndication p) {
        return OptionalInt.of(p.progress());
      }
    }
    return OptionalInt.empty();
  }

  /** For ILLEGAL REQUEST: the byte offset of the bad field, and whether it is in the CDB (vs. parameter data). */
  public Optional<FieldPointer> fieldPointer() {
    return senseKeySpecific().filter(FieldPointer.class::isInstance).map(FieldPointer.class::cast);
  }

  /**
   * Where an ILLEGAL REQUEST points.
   *
   * @param inCdb true when the error is in the CDB, false when in the parameter list (C/D bit)
   * @param byteOffset the byte of the CDB or parameter list
   * @param bit the bit within that byte, when the device says (BPV)
   */
  public record FieldPointer(boolean inCdb, int byteOffset, OptionalInt bit) implements SenseKeySpecific {
    @Override
    public String describe() {
      return Render.fieldPointer(inCdb, byteOffset, bit);
    }
  }

  /** The sense data descriptors, raw (descriptor format only; empty for fixed format). */
  public List<Descriptor> descriptors() {
    return descriptors;
  }

  /** The sense data descriptors, decoded (descriptor format only; empty for fixed format). */
  public List<SenseDescriptor> senseDescriptors() {
    return senseDescriptors;
  }

  /** The raw sense bytes (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** True when key and ASC/ASCQ both match. */
  public boolean is(SenseKey k, AdditionalSense a) {
    return key == k && additional.equals(a);
  }

  /** The sg3_utils-style category of this sense, for retry and error-mapping decisions. */
  public SenseCategory category() {
    return SenseCategory.of(this);
  }

  /** " FILEMARK EOM ILI" for the flags set, "" when none. */
  static String flagText(boolean filemark, boolean eom, boolean ili) {
    return (filemark ? " FILEMARK" : "") + (eom ? " EOM" : "") + (ili ? " ILI" : "");
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
    String flags = flagText(filemark, eom, ili);
    if (!flags.isEmpty()) {
      sb.append(" [").append(flags.substring(1)).append(']');
    }
    signedInformation().ifPresent(v -> sb.append(", information=").append(v));
    progress().ifPresent(p -> sb.append(String.format(", progress=%.1f%%", p * 100.0 / 65536)));
    fieldPointer().ifPresent(f -> sb.append(", ").append(f.describe()));
    return sb.toString();
  }

  /**
   * A multi-line rendering for logs and tools, in the spirit of sg3_utils' {@code sg_decode_sense}:
   * format and current/deferred, sense key, ASC/ASCQ with its T10 text, flags, INFORMATION (also
   * when not valid, marked so), command-specific information, FRU, the decoded sense-key specific
   * field and, for descriptor format, one line per descriptor. Lines end with {@code \n}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(isDescriptorFormat() ? "Descriptor" : "Fixed")
        .append(" format sense, ")
        .append(isDeferred() ? "deferred error (of an earlier command)" : "current error")
        .append('\n');
    sb.append(String.format("Sense key: %s (0x%x)%n", key.text(), key.code()));
    sb.append("Additional sense: ").append(additional).append('\n');
    if (overflow) {
      sb.append("Sense data overflow (SDAT_OVFL): the device had more sense than was returned\n");
    }
    if (isDescriptorFormat()) {
      for (SenseDescriptor d : senseDescriptors) {
        sb.append("  ").append(d.describe()).append('\n');
      }
      senseKeySpecific().ifPresent(k -> sb.append("Sense-key specific: ").append(k.describe()).append('\n'));
      return sb.toString();
    }
    String flags = flagText(filemark, eom, ili);
    if (!flags.isEmpty()) {
      sb.append("Flags:").append(flags).append('\n');
    }
    informationField.ifPresent(
        v -> {
          if (informationValid) {
            sb.append("Information: ").append(Render.hexField(v, 4, (int) v)).append('\n');
          } else if (v != 0) {
            sb.append("Information (not valid): ").append(Render.hexField(v, 4, (int) v)).append('\n');
          }
        });
    commandSpecific.ifPresent(
        v -> {
          if (v != 0) {
            sb.append("Command-specific information: ").append(Render.hexField(v, 4, 0)).append('\n');
          }
        });
    if (fru != 0) {
      sb.append(String.format("Field replaceable unit: 0x%02x%n", fru));
    }
    senseKeySpecific().ifPresent(k -> sb.append("Sense-key specific: ").append(k.describe()).append('\n'));
    return sb.toString();
  }

  @Override
  public String toString() {
    return "SenseData[" + summary() + ", raw=" + HexFormat.of().formatHex(raw) + "]";
  }
}
