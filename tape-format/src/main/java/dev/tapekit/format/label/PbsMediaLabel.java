package dev.tapekit.format.label;

import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A Proxmox Backup Server media label (PBS tape file 0), as {@link TapeRecognizer} found it: PBS's
 * JSON {@code {"uuid": …, "label_text": …, "ctime": <epoch seconds>, "pool": …?}}. Values are as PBS
 * wrote them; tapekit does not write this format. Immutable.
 *
 * @param labelText the label text (barcode)
 * @param media the media UUID
 * @param ctime when PBS labelled the tape
 * @param pool the pool PBS reserved the tape for, if any
 */
public record PbsMediaLabel(String labelText, UUID media, Instant ctime, Optional<String> pool) {
  public PbsMediaLabel {
    Objects.requireNonNull(labelText, "labelText");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(ctime, "ctime");
    Objects.requireNonNull(pool, "pool");
  }

  /** Parses PBS's JSON; {@code where} is the tape file it came from. */
  static PbsMediaLabel fromJson(byte[] utf8, TapeLocation where) throws TapeFormatException {
    LabelJson json = new LabelJson("PBS media label", where);
    Fields f = new Fields();
    json.parse(utf8, (name, p) -> {
      switch (name) {
        case "uuid" -> f.media = json.uuid(p, name);
        case "label_text" -> f.labelText = json.string(p, name);
        case "ctime" -> f.ctime = Instant.ofEpochSecond(json.integer(p, name, 0, LabelJson.MAX_SECONDS));
        case "pool" -> f.pool = LabelJson.isNull(p) ? null : json.string(p, name);
        default -> LabelJson.skip(p);
      }
    });
    return new PbsMediaLabel(json.require(f.labelText, "label_text"), json.require(f.media, "uuid"),
        json.require(f.ctime, "ctime"), Optional.ofNullable(f.pool));
  }

  private static final class Fields {
    String labelText;
    UUID media;
    Instant ctime;
    String pool;
  }
}
