package dev.tapekit.backup.chunk;

import java.util.HexFormat;

/**
 * A chunk with its name: its bytes, where they start in their input, and their SHA-256 digest (the
 * name a chunk archive stores it under).
 *
 * <p>Contract: the arrays are not copied, neither here nor by the accessors; whoever makes a chunk
 * hands its arrays over and nobody changes them afterwards. {@code equals} compares the arrays by
 * identity, as records do.
 *
 * @param offset where the chunk starts in its input
 * @param data the chunk's plain bytes
 * @param digest SHA-256 of {@code data}, 32 bytes
 */
public record HashedChunk(long offset, byte[] data, byte[] digest) {
  /** The chunk {@code data} at {@code offset}, named by its SHA-256 digest computed here. */
  public static HashedChunk of(long offset, byte[] data) {
    return new HashedChunk(offset, data, Sha256.newDigest().digest(data));
  }

  @Override
  public String toString() {
    return "chunk at offset " + offset + ", " + data.length + " bytes, SHA-256 " + HexFormat.of().formatHex(digest);
  }
}
