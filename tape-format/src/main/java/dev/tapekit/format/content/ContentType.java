package dev.tapekit.format.content;

import dev.tapekit.format.Magic;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of tape file: a magic derived from the name (first 8 bytes of SHA-256 of {@code
 * "tapekit " + name}) and the range of content versions this tapekit reads and the one it writes.
 */
public record ContentType(String name, long magic, int readsFrom, int writes) {
  public static final ContentType MEDIA_LABEL = of("media label", 1);
  public static final ContentType MEDIA_SET_LABEL = of("media set label", 1);
  public static final ContentType CHUNK_ARCHIVE = of("chunk archive", 1);
  /** An application's byte stream: opaque body, header data any JSON object; may span tapes. */
  public static final ContentType DATA_STREAM = of("data stream", 1);
  /** The manifest of one backup snapshot: its file tree and each file's chunk list (FORMAT.md 7.2). */
  public static final ContentType SNAPSHOT_ARCHIVE = of("snapshot archive", 1);
  /** What a catalog knows about the files of this tape and the set's earlier tapes (FORMAT.md 7.3). */
  public static final ContentType CATALOG_ARCHIVE = of("catalog archive", 1);
  public static final List<ContentType> ALL =
      List.of(MEDIA_LABEL, MEDIA_SET_LABEL, CHUNK_ARCHIVE, DATA_STREAM, SNAPSHOT_ARCHIVE, CATALOG_ARCHIVE);

  private static ContentType of(String name, int version) {
    return new ContentType(name, Magic.of("tapekit " + name), 1, version);
  }

  /** The type with {@code magic}, if tapekit knows it. */
  public static Optional<ContentType> byMagic(long magic) {
    return ALL.stream().filter(t -> t.magic == magic).findFirst();
  }

  @Override
  public String toString() {
    return name;
  }
}
