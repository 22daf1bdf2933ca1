package dev.tapekit.format.label;

import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.KeyFileException;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A Proxmox Backup Server media set label (PBS tape file 1), as {@link TapeRecognizer} found it:
 * PBS's JSON {@code {"pool": …, "uuid": …, "seq_nr": …, "ctime": <epoch seconds>,
 * "encryption_key_fingerprint": "xx:…"?, "key-config": {…}?}}. The nil set UUID means "reserved for
 * the pool, in no media set yet". Values are as PBS wrote them. Immutable.
 *
 * @param pool the media pool
 * @param mediaSet the media set UUID (nil: in no set yet)
 * @param sequence the tape's number in the set, from 0
 * @param ctime when PBS wrote the label
 * @param encryptionKey the fingerprint of the key the set's data is encrypted with (by the drive), if any
 * @param keyConfig the passphrase-protected key PBS stores in the label, if any: with the passphrase,
 *     it recovers the key
 */
public record PbsMediaSetLabel(String pool, UUID mediaSet, long sequence, Instant ctime,
    Optional<Fingerprint> encryptionKey, Optional<KeyConfig> keyConfig) {
  public PbsMediaSetLabel {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(mediaSet, "mediaSet");
    Objects.requireNonNull(ctime, "ctime");
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(keyConfig, "keyConfig");
  }

  /** Parses PBS's JSON; {@code where} is the tape file it came from. */
  static PbsMediaSetLabel fromJson(byte[] utf8, TapeLocation where) throws TapeFormatException {
    LabelJson json = new LabelJson("PBS media set label", where);
    Fields f = new Fields();
    json.parse(utf8, (name, p) -> {
      switch (name) {
        case "pool" -> f.pool = json.string(p, name);
        case "uuid" -> f.mediaSet = json.uuid(p, name);
        case "seq_nr" -> f.sequence = json.integer(p, name, 0, Long.MAX_VALUE);
        case "ctime" -> f.ctime = Instant.ofEpochSecond(json.integer(p, name, 0, LabelJson.MAX_SECONDS));
        case "encryption_key_fingerprint" -> {
          if (!LabelJson.isNull(p)) {
            String text = json.string(p, name);
            try {
              f.fingerprint = Fingerprint.parse(text);
            } catch (IllegalArgumentException e) {
              throw json.invalid("field '" + name + "' is not a key fingerprint: '" + LabelJson.printable(text) + "'");
            }
          }
        }
        case "key-config" -> {
          if (!LabelJson.isNull(p)) {
            String text = json.rawObject(p, name);
            try {
              f.keyConfig = KeyConfig.parse(text.getBytes(StandardCharsets.UTF_8), "field 'key-config'");
            } catch (KeyFileException e) {
              throw json.invalid(LabelJson.oneLine(e.getMessage()), e);
            }
          }
        }
        default -> LabelJson.skip(p);
      }
    });
    return new PbsMediaSetLabel(json.require(f.pool, "pool"), json.require(f.mediaSet, "uuid"),
        json.require(f.sequence, "seq_nr"), json.require(f.ctime, "ctime"), Optional.ofNullable(f.fingerprint),
        Optional.ofNullable(f.keyConfig));
  }

  private static final class Fields {
    String pool;
    UUID mediaSet;
    Long sequence;
    Instant ctime;
    Fingerprint fingerprint;
    KeyConfig keyConfig;
  }
}
