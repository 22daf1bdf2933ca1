package dev.tapekit.format.chunk;

import static dev.tapekit.format.chunk.ChunkFixtures.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.MemoryTape;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Chunk archives as the first release of format version 1 wrote them (golden/chunk-archive-v1.tapeimage.gz,
 * a gzipped tape image, FORMAT.md section 10), read forever: file 0 compressed, file 1 compressed and
 * software-encrypted under the tape key 00 01 02 … 1f, file 2 stored as it is over three 64 KiB blocks.
 * The same seven chunks in each, in this order.
 */
class ChunkArchiveGoldenTest {
  static final List<String> DIGESTS = List.of(
      "74fc99eab371e8986a76c1e8731153aa72b09a42721be2859ac0c85349535798", // 150,000 bytes of text
      "8c0ae7329e0d54821a00433138c445330c12dc5f87be7a67a9604280c4419d3e", // 1,500 random bytes
      "bedfc7c6c2f8e914b7c76e7a38f5be0fb06211b63e8c6e23ade5eac9acb4c16a", // 5 bytes of text
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // empty
      "6db845712864a630f0c2d613f0913b6b701a5e72fc42a98f2fc9df2e09cde2ec", // "tapekit"
      "85c9b2c50ad4a2ac74be07e990a623a1d21728ff664baba2090c9e2ff511b366", // 700 random bytes
      "be05837283e5385316121ced8e6ec1e88c9b1afb111da188a6d17f4310af33d7"); // 3,000 bytes of text
  static final List<UUID> FILES = List.of(UUID.fromString("11111111-2222-4333-8444-555555555555"),
      UUID.fromString("66666666-7777-4888-8999-aaaaaaaaaaaa"), UUID.fromString("bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"));

  @Test
  void formatVersion1ArchivesStillRead() throws Exception {
    MemoryTape tape;
    try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/golden/chunk-archive-v1.tapeimage.gz"))) {
      tape = MemoryTape.load(in, "GOLD01");
    }
    byte[] tapeKey = new byte[32];
    for (int i = 0; i < 32; i++) {
      tapeKey[i] = (byte) i;
    }
    try (TapeKey key = TapeKey.of(tapeKey); MediaSetKey setKey = key.mediaSetKey(ChunkFixtures.MEDIA_SET)) {
      for (int file = 0; file < 3; file++) {
        String where = "file " + file;
        tape.locateFile(file);
        BlockAddress start = tape.position();
        ChunkArchiveIndex index = ChunkArchiveReader.readIndex(tape, start);
        ChunkArchiveHeader h = index.header();
        assertEquals(FILES.get(file), h.file(), where);
        assertEquals(ChunkFixtures.MEDIA_SET, h.mediaSet());
        assertEquals(3, h.tapeSequence());
        assertEquals(ChunkFixtures.CLOCK.instant(), h.created());
        assertEquals("golden", h.store());
        assertEquals(file == 1 ? Optional.of(UUID.fromString("0dbbf28a-8ca6-46dc-a2f2-ed42b41543e5")) : Optional.empty(),
            h.archiveKeyId(), where);

        List<String> streamed = new ArrayList<>();
        List<ByteBuffer> data = new ArrayList<>();
        try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, start, Optional.of(setKey))) {
          ChunkArchiveIndex.Entry e;
          while ((e = r.nextEntry()) != null) {
            streamed.add(e.digestHex());
            data.add(r.data());
            assertEquals(file != 2 && (streamed.size() == 1 || streamed.size() == 7), e.compressed(), where);
            assertEquals(file == 1, e.encrypted(), where);
          }
          assertNull(r.nextEntry());
          assertEquals(index.entries(), r.index().entries(), where);
        }
        assertEquals(DIGESTS, streamed, where);
        assertArrayEquals("tapekit".getBytes(StandardCharsets.US_ASCII), array(data.get(4)));
        for (int i = 0; i < DIGESTS.size(); i++) {
          ChunkArchiveIndex.Entry e = index.find(digest(i)).orElseThrow();
          assertArrayEquals(array(data.get(i)), array(ChunkArchiveReader.readChunk(tape, h, start, e,
              Optional.of(setKey))), where + ", chunk " + i);
        }
        if (file == 2) {
          assertEquals(List.of(2L, 24834L), List.of(index.indexBlock(), (long) index.indexOffset()));
          ChunkArchiveIndex.Entry big = index.find(digest(0)).orElseThrow();
          assertEquals(List.of(0L, 118L, 150_000L), List.of(big.block(), (long) big.offset(), (long) big.storedLength()));
          ChunkArchiveIndex.Entry word = index.find(digest(4)).orElseThrow();
          assertEquals(List.of(2L, 20935L), List.of(word.block(), (long) word.offset()));
        }
      }
    }
  }

  static byte[] digest(int chunk) {
    return HexFormat.of().parseHex(DIGESTS.get(chunk));
  }
}
