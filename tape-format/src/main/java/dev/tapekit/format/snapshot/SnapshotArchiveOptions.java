package dev.tapekit.format.snapshot;

import dev.tapekit.format.content.ContentHeader;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How to write a snapshot archive. The file UUID is drawn by the writer for every archive.
 *
 * @param mediaSet the media set the tape belongs to, or {@link ContentHeader#NO_SET}
 * @param tapeSequence the tape's number within the media set (0 for the first)
 * @param clock gives the time the archive is written (content header ctime, whole seconds)
 * @param snapshot the snapshot's name, e.g. {@code host/etc/2026-12-05T18:20:01Z}
 * @param source the path that was backed up
 * @param created when the snapshot was taken (recorded in whole seconds)
 */
public record SnapshotArchiveOptions(UUID mediaSet, int tapeSequence, Clock clock, String snapshot, String source,
    Instant created) {
  public SnapshotArchiveOptions {
    Objects.requireNonNull(mediaSet, "mediaSet");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(created, "created");
    if (tapeSequence < 0) {
      throw new IllegalArgumentException("tape sequence " + tapeSequence);
    }
  }
}
