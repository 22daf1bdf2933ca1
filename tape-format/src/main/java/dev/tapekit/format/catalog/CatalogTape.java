package dev.tapekit.format.catalog;

import dev.tapekit.format.content.ContentHeader;
import java.util.Objects;
import java.util.UUID;

/**
 * One tape a catalog archive describes (FORMAT.md 7.3.1): its number in the media set, its label
 * text and its media UUID, as its own two labels say.
 *
 * @param sequence the tape's number in the media set, 0 to 2^31 − 1
 * @param label the tape's label text (barcode); not empty
 * @param media the tape's media UUID; not nil
 */
public record CatalogTape(int sequence, String label, UUID media) {
  public CatalogTape {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(media, "media");
    if (sequence < 0 || label.isEmpty() || media.equals(ContentHeader.NO_SET)) {
      throw new IllegalArgumentException("a catalogued tape has a sequence ≥ 0, a label and a media UUID: "
          + sequence + ", '" + label + "', " + media);
    }
  }
}
