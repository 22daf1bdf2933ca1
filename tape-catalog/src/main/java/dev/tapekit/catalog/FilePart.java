package dev.tapekit.catalog;

import dev.tapekit.format.catalog.CatalogRecord;
import java.util.Objects;
import java.util.UUID;

/**
 * One tape file as the catalog records it: on which tape, and its catalog record (file number,
 * where it starts, type, part, whether it continues on the next tape, counts).
 *
 * @param media the tape's media UUID
 * @param file the file's TAPE_FILE record
 */
public record FilePart(UUID media, CatalogRecord.TapeFile file) {
  public FilePart {
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(file, "file");
  }
}
