package dev.tapekit.format.catalog;

import dev.tapekit.format.content.ContentHeader;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How to write a catalog archive. The file UUID is drawn by the writer for every archive.
 *
 * @param mediaSet the media set the tape belongs to; not nil
 * @param tapeSequence the number of the tape the archive is written to
 * @param clock gives the time the archive is written (content header ctime, whole seconds)
 * @param pool the media set's pool
 * @param tapes the tapes whose files the archive describes: this tape and earlier tapes of the set,
 *     in ascending sequence order (FORMAT.md 7.3.1)
 */
public record CatalogArchiveOptions(UUID mediaSet, int tapeSequence, Clock clock, String pool,
    List<CatalogTape> tapes) {
  public CatalogArchiveOptions {
    Objects.requireNonNull(mediaSet, "mediaSet");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pool, "pool");
    tapes = List.copyOf(tapes);
    if (mediaSet.equals(ContentHeader.NO_SET)) {
      throw new IllegalArgumentException("a catalog archive describes a media set: the nil UUID is none");
    }
    String problem = CatalogArchiveHeader.problem(pool, tapes, tapeSequence);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
