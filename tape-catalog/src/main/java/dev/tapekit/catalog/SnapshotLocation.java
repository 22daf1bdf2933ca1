package dev.tapekit.catalog;

import dev.tapekit.format.catalog.CatalogRecord;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one snapshot archive is.
 *
 * @param media the tape's media UUID
 * @param snapshot the archive's catalog record (sequence, file, name, source, time, where its
 *     sparse index is)
 */
public record SnapshotLocation(UUID media, CatalogRecord.Snapshot snapshot) {
  public SnapshotLocation {
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(snapshot, "snapshot");
  }
}
