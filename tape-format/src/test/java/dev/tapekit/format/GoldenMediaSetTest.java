package dev.tapekit.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The golden two-tape media set of format version 1 (src/test/resources/golden/media-set-v1-*,
 * written by {@link MediaSetImages}) reads and verifies, forever: a reader change that breaks it
 * breaks every tape written since. {@code -Dtapekit.golden.update=true} writes the images again
 * (only when the format version changes, as a new pair of files).
 */
class GoldenMediaSetTest {
  static final Path DIR = Path.of("src/test/resources/golden");

  @Test
  void theVersionOneMediaSetVerifies() throws Exception {
    if (Boolean.getBoolean("tapekit.golden.update")) {
      MediaSetImages.main(new String[] {DIR.toString()});
    }
    MemoryTape a = MediaSetImages.load(DIR.resolve("media-set-v1-SETA01L9.tapeimage.gz"), "SETA01L9");
    MemoryTape b = MediaSetImages.load(DIR.resolve("media-set-v1-SETB01L9.tapeimage.gz"), "SETB01L9");
    List<MediaSetVerifier.TapeReport> report = MediaSetVerifier.verify(List.of(a, b),
        Optional.of(MediaSetImages.payloadKey()));
    assertEquals(List.of("SETA01L9", "SETB01L9"), report.stream().map(MediaSetVerifier.TapeReport::volume).toList());
    for (int t = 0; t < 2; t++) {
      MediaSetLabel set = report.get(t).labels().mediaSet().orElseThrow();
      assertEquals(MediaSetImages.SET, set.mediaSet());
      assertEquals(t, set.sequence());
      assertEquals(EncryptionMode.SOFTWARE, set.encryption().orElseThrow().mode());
      KeyConfig key = set.encryption().orElseThrow().keyConfig();
      try (TapeKey opened = key.unwrap(Passphrase.of(MediaSetImages.PASSPHRASE.toCharArray()))) {
        assertEquals(java.util.HexFormat.of().formatHex(MediaSetImages.key()),
            java.util.HexFormat.of().formatHex(opened.copyBytes()), "the key comes back from the tape and the passphrase");
      }
    }
    List<MediaSetVerifier.FileReport> filesA = report.get(0).files();
    assertEquals(List.of(ContentType.CHUNK_ARCHIVE, ContentType.CHUNK_ARCHIVE, ContentType.SNAPSHOT_ARCHIVE,
        ContentType.DATA_STREAM), filesA.stream().map(MediaSetVerifier.FileReport::type).toList());
    assertEquals(List.of(6L, 3L, 5L, 0L), filesA.stream().map(MediaSetVerifier.FileReport::items).toList());
    assertEquals(new UUID(0x5eed, 1), filesA.get(3).fileUuid());
    assertEquals(MediaSetImages.STREAM_BYTES, filesA.get(3).bodyBytes(), "the stream joined across both tapes");
    List<MediaSetVerifier.FileReport> filesB = report.get(1).files();
    assertEquals(List.of(ContentType.DATA_STREAM, ContentType.CHUNK_ARCHIVE, ContentType.CATALOG_ARCHIVE),
        filesB.stream().map(MediaSetVerifier.FileReport::type).toList());
    assertEquals(1, filesB.get(0).part());
    assertEquals(2, filesB.get(1).items());
    // 6 TAPE_FILE records (4 + 2), 3 CHUNKS (one per chunk archive), 1 SNAPSHOT, END
    assertEquals(11, filesB.get(2).items(), "the catalog describes both tapes' files");
    assertEquals(true, Files.size(DIR.resolve("media-set-v1-SETA01L9.tapeimage.gz")) > 1000);
  }
}
