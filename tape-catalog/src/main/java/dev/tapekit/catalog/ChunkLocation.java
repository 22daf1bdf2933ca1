package dev.tapekit.catalog;

import dev.tapekit.format.chunk.ChunkArchiveIndex;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one chunk is: tape, file, and its index entry (block, offset, lengths, flags), so it can be
 * read with one LOCATE.
 *
 * @param media the tape's media UUID
 * @param sequence the tape's number in its media set
 * @param fileNumber the chunk archive's file number
 * @param entry the archive's index entry for the chunk
 */
public record ChunkLocation(UUID media, int sequence, long fileNumber, ChunkArchiveIndex.Entry entry) {
  public ChunkLocation {
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(entry, "entry");
  }
}
