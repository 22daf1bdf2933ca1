package dev.tapekit.format.label;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.KeyFileException;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The media set label, tape file 1: the pool and media set the tape belongs to, its place in the
 * set, and how the set is encrypted with the passphrase-wrapped key (FORMAT.md, "Media set label").
 * A tape file of type {@link ContentType#MEDIA_SET_LABEL}, version 1, whose content header carries
 * the media set UUID and tape sequence too, an empty body, and this header data (UTF-8 JSON, members
 * in this order):
 *
 * <pre>
 * {"pool": "daily",                                       required: 2-32 of [A-Za-z0-9_.-], not starting with . or -
 *  "media_set": "5d0c7a2e-…",                             required: the set's UUID; nil = in no set yet
 *  "sequence": 0,                                          required: the tape's number in the set, 0-based
 *  "ctime": "2026-12-05T18:00:00Z",                        required: = the content header's ctime
 *  "block_size": 262144,                                   required: the application block size of files 2..
 *  "encryption": {                                         optional: absent (or null) = not encrypted
 *     "fingerprint": "6e:d0:ef:…",                         required: the tape key's fingerprint
 *     "key_config": {"kdf": …, "created": …, …},           required: the key, wrapped (tape-crypto KeyConfig)
 *     "mode": "drive"}}                                    required: "drive" or "software"
 * </pre>
 *
 * <p>A tape reserved for a pool but in no media set yet has the nil media set UUID, sequence 0 and
 * no encryption ({@link #unassigned}), as PBS.
 *
 * <p>Contract: the constructor refuses invalid values ({@link IllegalArgumentException}); {@link
 * #read} refuses what is not a valid media set label with a {@link TapeFormatException} (INVALID
 * naming the member for a wrong, missing or inconsistent one, including a key config whose
 * fingerprint is not {@code fingerprint}). Immutable.
 *
 * @param pool the media pool
 * @param mediaSet the media set's UUID, or {@link ContentHeader#NO_SET} for a tape in no set yet
 * @param sequence the tape's number in the set (0 for the first tape)
 * @param ctime when the label was written, kept to whole seconds
 * @param blockSize the application block size of the data files (2 and on)
 * @param encryption how the data files are encrypted, if they are
 */
public record MediaSetLabel(String pool, UUID mediaSet, int sequence, Instant ctime, int blockSize,
    Optional<Encryption> encryption) {
  private static final String WHAT = "media set label";
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31}");

  public MediaSetLabel {
    LabelJson.checkName("pool", pool);
    Objects.requireNonNull(mediaSet, "mediaSet");
    if (sequence < 0) {
      throw new IllegalArgumentException("field 'sequence' is " + sequence + "; tapes are numbered from 0");
    }
    ctime = LabelJson.checkTime("ctime", ctime);
    LabelJson.checkBlockSize(blockSize);
    Objects.requireNonNull(encryption, "encryption");
    if (mediaSet.equals(ContentHeader.NO_SET) && (sequence != 0 || encryption.isPresent())) {
      throw new IllegalArgumentException("a tape in no media set (nil 'media_set') has sequence 0 and no encryption, "
          + "not sequence " + sequence + (encryption.isPresent() ? " and encryption" : ""));
    }
  }

  /** The label of a tape reserved for {@code pool} but in no media set yet: nil set, sequence 0, no encryption. */
  public static MediaSetLabel unassigned(String pool, Instant ctime, int blockSize) {
    return new MediaSetLabel(pool, ContentHeader.NO_SET, 0, ctime, blockSize, Optional.empty());
  }

  /** Whether the tape belongs to a media set (the set UUID is not nil). */
  public boolean assigned() {
    return !mediaSet.equals(ContentHeader.NO_SET);
  }

  /**
   * How a media set's data files are encrypted: the tape key, wrapped under a passphrase, and what
   * applies it.
   *
   * @param keyConfig the tape key wrapped under a passphrase; it must carry its fingerprint
   * @param mode whether the drive or tapekit encrypts
   */
  public record Encryption(KeyConfig keyConfig, EncryptionMode mode) {
    public Encryption {
      Objects.requireNonNull(keyConfig, "keyConfig");
      Objects.requireNonNull(mode, "mode");
      if (!keyConfig.isProtected()) {
        throw new IllegalArgumentException("the key config holds the key unprotected; a media set label is written "
            + "in the clear, so it carries only a passphrase-wrapped key");
      }
      if (keyConfig.fingerprint().isEmpty()) {
        throw new IllegalArgumentException("the key config carries no fingerprint");
      }
    }

    /** The tape key's fingerprint (from the key config). */
    public Fingerprint fingerprint() {
      return keyConfig.fingerprint().orElseThrow();
    }
  }

  /**
   * Writes this label as tape file 1, right after the media label, in blocks of {@code blockSize}
   * (usually {@link #blockSize()}), and ends it with a filemark. Everything after it on the tape
   * becomes unreachable. The caller has turned the drive's encryption off: labels stay readable.
   *
   * @return where the file starts
   * @throws IllegalStateException when the sink knows its position and it is not the start of file 1
   */
  public BlockAddress write(BlockSink sink, int blockSize) throws IOException {
    BlockAddress at = sink.position();
    if (at.file() >= 0 && (at.file() != 1 || at.block() != 0)) {
      throw new IllegalStateException(sink.volume() + ": a media set label is written at the start of tape file 1, "
          + "but the tape is at " + at);
    }
    ContentHeader header = new ContentHeader(ContentType.MEDIA_SET_LABEL, 1, UUID.randomUUID(), ctime, mediaSet,
        sequence, 0, toJson());
    return LabelFile.write(sink, blockSize, header);
  }

  /**
   * Reads a media set label from the source's position, which is the start of tape file {@code
   * fileNumber} (1 on a tapekit tape; the number is for messages). Reads the whole file, so the source
   * is left at the start of the next file.
   *
   * @throws TapeFormatException for anything but a valid media set label, naming tape, file and block
   */
  public static MediaSetLabel read(BlockSource source, long fileNumber) throws IOException {
    ContentHeader header = LabelFile.read(source, fileNumber, ContentType.MEDIA_SET_LABEL);
    TapeLocation where = new TapeLocation(source.volume(), fileNumber, -1);
    MediaSetLabel label = fromJson(header.data(), where);
    LabelJson json = new LabelJson(WHAT, where);
    if (!header.ctime().equals(label.ctime)) {
      throw json.invalid("field 'ctime' is " + label.ctime + " but the content header says " + header.ctime());
    }
    if (!header.mediaSet().equals(label.mediaSet) || header.tapeSequence() != label.sequence) {
      throw json.invalid("fields 'media_set' and 'sequence' say " + label.mediaSet + " tape " + label.sequence
          + " but the content header says " + header.mediaSet() + " tape " + Integer.toUnsignedString(header.tapeSequence()));
    }
    return label;
  }

  /** The header data. */
  byte[] toJson() {
    return LabelJson.write(g -> {
      g.writeStringField("pool", pool);
      g.writeStringField("media_set", mediaSet.toString());
      g.writeNumberField("sequence", sequence);
      g.writeStringField("ctime", LabelJson.timeText(ctime));
      g.writeNumberField("block_size", blockSize);
      if (encryption.isPresent()) {
        Encryption e = encryption.get();
        g.writeObjectFieldStart("encryption");
        g.writeStringField("fingerprint", e.fingerprint().toString());
        g.writeFieldName("key_config");
        g.writeRawValue(e.keyConfig().toJson());
        g.writeStringField("mode", e.mode().text());
        g.writeEndObject();
      }
    });
  }

  /** Parses header data; {@code where} is the tape file it came from. */
  static MediaSetLabel fromJson(byte[] utf8, TapeLocation where) throws TapeFormatException {
    LabelJson json = new LabelJson(WHAT, where);
    Fields f = new Fields();
    json.parse(utf8, (name, p) -> {
      switch (name) {
        case "pool" -> f.pool = json.name(p, name);
        case "media_set" -> f.mediaSet = json.uuid(p, name);
        case "sequence" -> f.sequence = (int) json.integer(p, name, 0, Integer.MAX_VALUE);
        case "ctime" -> f.ctime = json.time(p, name);
        case "block_size" -> f.blockSize = (int) json.integer(p, name, BlockHeader.MIN_BLOCK, BlockHeader.MAX_BLOCK);
        case "encryption" -> f.encryption = LabelJson.isNull(p) ? null : encryption(json, p);
        default -> LabelJson.skip(p);
      }
    });
    json.require(f.pool, "pool");
    json.require(f.mediaSet, "media_set");
    json.require(f.sequence, "sequence");
    json.require(f.ctime, "ctime");
    json.require(f.blockSize, "block_size");
    try {
      return new MediaSetLabel(f.pool, f.mediaSet, f.sequence, f.ctime, f.blockSize, Optional.ofNullable(f.encryption));
    } catch (IllegalArgumentException e) {
      throw json.invalid(e.getMessage(), e);
    }
  }

  private static Encryption encryption(LabelJson json, JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw json.invalid("field 'encryption' must be an object (or absent)");
    }
    EncryptionFields f = new EncryptionFields();
    json.object(p, (name, q) -> {
      switch (name) {
        case "fingerprint" -> f.fingerprint = fingerprint(json, q);
        case "key_config" -> f.keyConfig = json.rawObject(q, "encryption.key_config");
        case "mode" -> {
          String text = json.string(q, "encryption.mode");
          f.mode = EncryptionMode.byText(text).orElseThrow(() -> json.invalid("field 'encryption.mode' is '"
              + LabelJson.printable(text) + "', not \"drive\" or \"software\""));
        }
        default -> LabelJson.skip(q);
      }
    });
    json.require(f.fingerprint, "encryption.fingerprint");
    json.require(f.keyConfig, "encryption.key_config");
    json.require(f.mode, "encryption.mode");
    KeyConfig config;
    try {
      config = KeyConfig.parse(f.keyConfig.getBytes(StandardCharsets.UTF_8), "field 'encryption.key_config'");
    } catch (KeyFileException e) {
      throw json.invalid(LabelJson.oneLine(e.getMessage()), e);
    }
    Optional<Fingerprint> stored = config.fingerprint();
    if (stored.isPresent() && !stored.get().equals(f.fingerprint)) {
      throw json.invalid("field 'encryption.fingerprint' is " + f.fingerprint.shortForm() + "… but the key config "
          + "is for key " + stored.get().shortForm() + "…: the label was assembled from two keys");
    }
    try {
      return new Encryption(config, f.mode);
    } catch (IllegalArgumentException e) {
      throw json.invalid("field 'encryption.key_config': " + e.getMessage(), e);
    }
  }

  private static Fingerprint fingerprint(LabelJson json, JsonParser p) throws IOException {
    String text = json.string(p, "encryption.fingerprint");
    if (!FINGERPRINT.matcher(text).matches()) {
      throw json.invalid("field 'encryption.fingerprint' is '" + LabelJson.printable(text) + "', not 32 hex pairs "
          + "joined by ':'");
    }
    return Fingerprint.parse(text);
  }

  private static final class Fields {
    String pool;
    UUID mediaSet;
    Integer sequence;
    Instant ctime;
    Integer blockSize;
    Encryption encryption;
  }

  private static final class EncryptionFields {
    Fingerprint fingerprint;
    String keyConfig;
    EncryptionMode mode;
  }
}
