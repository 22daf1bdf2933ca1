package dev.tapekit.scsi.sense;

import dev.tapekit.scsi.codec.Bytes;
import java.util.HexFormat;

/**
 * One decoded sense data descriptor of descriptor-format sense (SPC-5 4.4.2). Each descriptor is a
 * two-byte header, DESCRIPTOR TYPE and ADDITIONAL LENGTH (bytes that follow), then its body:
 *
 * <pre>
 *  type len  body (offsets from the start of the descriptor)
 *  00h  0Ah  Information:          2 VALID(7)              4-11 INFORMATION
 *  01h  0Ah  Command-specific:                             4-11 COMMAND-SPECIFIC INFORMATION
 *  02h  06h  Sense key specific:   4 SKSV(7) … 4-6 sense-key specific bytes (see {@link SenseKeySpecific})
 *  03h  02h  Field replaceable unit: 3 FRU CODE
 *  04h  02h  Stream commands:      3 FILEMARK(7) EOM(6) ILI(5)
 *  05h  02h  Block commands:       3 ILI(5)
 *  0Ah  06h  Another progress indication: 2 SENSE KEY(3-0) 3 ASC 4 ASCQ 6-7 PROGRESS INDICATION
 * </pre>
 *
 * Any other type, or a descriptor whose body is shorter than its type needs (including one cut off
 * by the end of the sense buffer), is kept as {@link Raw}. A longer body than needed is accepted (T10
 * may extend a descriptor). Implementations are immutable records.
 */
public sealed interface SenseDescriptor
    permits SenseDescriptor.Information,
        SenseDescriptor.CommandSpecific,
        SenseDescriptor.SenseKeySpecificField,
        SenseDescriptor.FieldReplaceableUnit,
        SenseDescriptor.StreamCommands,
        SenseDescriptor.BlockCommands,
        SenseDescriptor.AnotherProgressIndication,
        SenseDescriptor.Raw {

  /** DESCRIPTOR TYPE codes of the descriptors decoded here. */
  int INFORMATION = 0x00;
  int COMMAND_SPECIFIC = 0x01;
  int SENSE_KEY_SPECIFIC = 0x02;
  int FIELD_REPLACEABLE_UNIT = 0x03;
  int STREAM_COMMANDS = 0x04;
  int BLOCK_COMMANDS = 0x05;
  int ANOTHER_PROGRESS_INDICATION = 0x0A;

  /** The DESCRIPTOR TYPE code. */
  int type();

  /** One line for humans, e.g. "Information: 0x0000000000000200 (512)". */
  String describe();

  /** Decodes one descriptor from its type and the bytes after its two-byte header. */
  static SenseDescriptor decode(int type, byte[] body) {
    switch (type) {
      case INFORMATION:
        return body.length < 10
            ? new Raw(type, body)
            : new Information((body[0] & 0x80) != 0, Bytes.getUnsigned(body, 2, 8));
      case COMMAND_SPECIFIC:
        return body.length < 10 ? new Raw(type, body) : new CommandSpecific(Bytes.getUnsigned(body, 2, 8));
      case SENSE_KEY_SPECIFIC:
        return body.length < 5
            ? new Raw(type, body)
            : new SenseKeySpecificField((body[2] & 0x80) != 0, body[2] & 0xFF, body[3] & 0xFF, body[4] & 0xFF);
      case FIELD_REPLACEABLE_UNIT:
        return body.length < 2 ? new Raw(type, body) : new FieldReplaceableUnit(body[1] & 0xFF);
      case STREAM_COMMANDS:
        return body.length < 2
            ? new Raw(type, body)
            : new StreamCommands((body[1] & 0x80) != 0, (body[1] & 0x40) != 0, (body[1] & 0x20) != 0);
      case BLOCK_COMMANDS:
        return body.length < 2 ? new Raw(type, body) : new BlockCommands((body[1] & 0x20) != 0);
      case ANOTHER_PROGRESS_INDICATION:
        return body.length < 6
            ? new Raw(type, body)
            : new AnotherProgressIndication(
                SenseKey.of(body[0]),
                AdditionalSense.of(body[1], body[2]),
                ((body[4] & 0xFF) << 8) | (body[5] & 0xFF));
      default:
        return new Raw(type, body);
    }
  }

  /**
   * Type 00h. For stream and block commands the INFORMATION is the residue (see {@link
   * SenseData#information()}), as a 64-bit two's complement value.
   */
  record Information(boolean valid, long information) implements SenseDescriptor {
    @Override
    public int type() {
      return INFORMATION;
    }

    @Override
    public String describe() {
      return "Information" + (valid ? "" : " (not valid)") + ": " + Render.hexField(information, 8, information);
    }
  }

  /** Type 01h: command-specific information, e.g. the first LBA not copied by EXTENDED COPY. */
  record CommandSpecific(long information) implements SenseDescriptor {
    @Override
    public int type() {
      return COMMAND_SPECIFIC;
    }

    @Override
    public String describe() {
      return "Command-specific information: " + Render.hexField(information, 8, 0);
    }
  }

  /**
   * Type 02h: the sense-key specific bytes. They are decoded against the sense key of the sense
   * data that carries them, so this record keeps the raw bytes; {@link SenseData#senseKeySpecific()}
   * gives the decoded form.
   */
  record SenseKeySpecificField(boolean valid, int byte0, int byte1, int byte2) implements SenseDescriptor {
    @Override
    public int type() {
      return SENSE_KEY_SPECIFIC;
    }

    /** The bytes decoded as they would be under {@code key}. */
    public SenseKeySpecific decode(SenseKey key) {
      return SenseKeySpecific.decode(key, byte0, byte1, byte2);
    }

    @Override
    public String describe() {
      return String.format("Sense key specific%s: %02x %02x %02x", valid ? "" : " (not valid)", byte0, byte1, byte2);
    }
  }

  /** Type 03h: the field replaceable unit code (vendor specific; 0 means none). */
  record FieldReplaceableUnit(int code) implements SenseDescriptor {
    @Override
    public int type() {
      return FIELD_REPLACEABLE_UNIT;
    }

    @Override
    public String describe() {
      return String.format("Field replaceable unit: 0x%02x", code);
    }
  }

  /** Type 04h: the stream-command flags of tape drives. */
  record StreamCommands(boolean filemark, boolean eom, boolean ili) implements SenseDescriptor {
    @Override
    public int type() {
      return STREAM_COMMANDS;
    }

    @Override
    public String describe() {
      return "Stream commands:" + SenseData.flagText(filemark, eom, ili);
    }
  }

  /** Type 05h: the block-command ILI flag. */
  record BlockCommands(boolean ili) implements SenseDescriptor {
    @Override
    public int type() {
      return BLOCK_COMMANDS;
    }

    @Override
    public String describe() {
      return "Block commands:" + SenseData.flagText(false, false, ili);
    }
  }

  /**
   * Type 0Ah: progress of an operation other than the one the sense reports on, identified by the
   * sense key and ASC/ASCQ it would report; progress is {@code progress / 65536}.
   */
  record AnotherProgressIndication(SenseKey key, AdditionalSense additionalSense, int progress)
      implements SenseDescriptor {
    @Override
    public int type() {
      return ANOTHER_PROGRESS_INDICATION;
    }

    @Override
    public String describe() {
      return String.format(
          "Another progress indication: %s, %s: %s",
          key.text(), additionalSense, new SenseKeySpecific.ProgressIndication(progress).describe());
    }
  }

  /** A descriptor of another type, or too short for its type: the bytes after the header, as received. */
  record Raw(int type, byte[] body) implements SenseDescriptor {
    public Raw {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Raw r && r.type == type && java.util.Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
      return 31 * type + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      return "Raw[type=" + type + ", body=" + HexFormat.of().formatHex(body) + "]";
    }

    @Override
    public String describe() {
      return String.format("Descriptor type 0x%02x (%d bytes): %s", type, body.length, HexFormat.ofDelimiter(" ").formatHex(body));
    }
  }
}
