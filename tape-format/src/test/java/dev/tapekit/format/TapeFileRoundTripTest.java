package dev.tapekit.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.content.TapeFileWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TapeFileRoundTripTest {
  static final long SEED = Long.getLong("tests.seed", 20261205L);
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int PAYLOAD = BLOCK - BlockHeader.LENGTH;

  static ContentHeader header(ContentType type) {
    return new ContentHeader(type, 1, UUID.randomUUID(), Instant.ofEpochSecond(1_796_494_801L), ContentHeader.NO_SET,
        0, 0, "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Body sizes around block boundaries, given the 80-byte header + 7 bytes of data before the body. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, PAYLOAD - 87 - 48 - 1, PAYLOAD - 87 - 48, PAYLOAD - 87 - 48 + 1, PAYLOAD, 2 * PAYLOAD,
      3 * PAYLOAD + 17, 1_000_000})
  void bodiesOfAwkwardSizesComeBackExactly(int size) throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    byte[] body = random(size, SEED + size);
    ContentHeader h = header(ContentType.DATA_STREAM);
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, h)) {
      w.write(body);
      w.finish(3, false);
    }
    tape.rewind();
    TapeFileReader r = TapeFileReader.open(tape, 0).expect(ContentType.DATA_STREAM);
    assertEquals(h.file(), r.header().file());
    assertArrayEquals(h.data(), r.header().data());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(777);
    while (r.read(buf.clear()) >= 0) {
      out.write(buf.array(), 0, buf.position());
    }
    assertArrayEquals(body, out.toByteArray());
    ContentFooter f = r.footer();
    assertEquals(size, f.bodyLength());
    assertEquals(3, f.items());
    assertFalse(f.continued());
    for (int i = 0; i < tape.objects() - 1; i++) {
      assertEquals(BLOCK, tape.object(i).length, "every block is the application block size");
    }
    assertEquals(null, tape.object(tape.objects() - 1), "the file ends with a filemark");
  }

  @Test
  void oneByteWritesWork() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    byte[] body = random(PAYLOAD + 10, SEED);
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, header(ContentType.DATA_STREAM))) {
      for (byte b : body) {
        w.write(new byte[] {b});
      }
      w.finish(0, false);
    }
    tape.rewind();
    TapeFileReader r = TapeFileReader.open(tape, 0);
    ByteBuffer one = ByteBuffer.allocate(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (r.read(one.clear()) >= 0) {
      out.write(one.get(0));
    }
    assertArrayEquals(body, out.toByteArray());
  }

  @Test
  void earlyWarningIsReportedNotThrown() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01").earlyWarningAt(2);
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, header(ContentType.DATA_STREAM))) {
      w.write(random(PAYLOAD, 1));
      assertFalse(w.earlyWarning());
      w.write(random(2 * PAYLOAD, 2));
      assertTrue(w.earlyWarning());
      w.finish(0, false);
    }
    tape.rewind();
    assertEquals(3 * PAYLOAD, TapeFileReader.open(tape, 0).footer().bodyLength());
  }

  @Test
  void aFileWithoutEndIsTruncated() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, header(ContentType.DATA_STREAM))) {
      w.write(random(3 * PAYLOAD, 3));
    }
    tape.rewind();
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> TapeFileReader.open(tape, 0).footer());
    assertEquals(Kind.TRUNCATED, e.kind());
    assertEquals("TAPE01", e.location().volume());
    assertTrue(e.getMessage().startsWith("tape TAPE01, file 0, block 3: "), e.getMessage());
  }

  @Test
  void tapeImagesSaveAndLoad() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01");
    for (int i = 0; i < 2; i++) {
      try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, header(ContentType.DATA_STREAM))) {
        w.write(random(PAYLOAD, i));
        w.finish(0, false);
      }
    }
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    tape.save(image);
    MemoryTape loaded = MemoryTape.load(new java.io.ByteArrayInputStream(image.toByteArray()), "TAPE01");
    assertEquals(tape.objects(), loaded.objects());
    loaded.locateFile(1);
    assertEquals(PAYLOAD, TapeFileReader.open(loaded, 1).footer().bodyLength());
  }
}
