package dev.tapekit.crypto;

import java.util.UUID;

/**
 * Where an encrypted payload was read from, for messages: media set, archive, tape (label or
 * barcode, null when unknown), tape file number (-1 when unknown) and the chunk digest in hex.
 */
public record PayloadLocation(UUID mediaSet, UUID archive, String tape, long file, String chunkDigest) {
  @Override
  public String toString() {
    return "chunk " + chunkDigest + " in archive " + archive + (tape == null ? "" : " on tape " + tape)
        + (file < 0 ? "" : ", file " + file) + " (media set " + mediaSet + ")";
  }
}
