package dev.tapekit.format.span;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpanningTest {
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int PAYLOAD = BLOCK - BlockHeader.LENGTH;
  static final UUID SET = UUID.fromString("3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e");

  final MemoryTape a = new MemoryTape("TAPE0A").earlyWarningAt(4);
  final MemoryTape b = new MemoryTape("TAPE0B").earlyWarningAt(4);
  final MemoryTape c = new MemoryTape("TAPE0C").earlyWarningAt(100);
  final Map<String, MemoryTape> library = Map.of("TAPE0A", a, "TAPE0B", b, "TAPE0C", c);
  final List<MemoryTape> order = List.of(a, b, c);

  static ContentHeader header(UUID file) {
    return new ContentHeader(ContentType.DATA_STREAM, 1, file, Instant.ofEpochSecond(1_796_494_801L), SET, 0, 0,
        "{\"store\":\"s\"}".getBytes());
  }

  byte[] writeSpanned(UUID file, byte[] body) throws Exception {
    try (SpannedFileWriter w = SpannedFileWriter.begin(a, BLOCK, header(file),
        (part, previous) -> new SpannedFileWriter.Tape(order.get(part), part))) {
      w.write(body);
      List<SpannedFileWriter.Part> parts = w.finish();
      assertEquals(3, parts.size(), "three tapes: " + parts);
      assertEquals(List.of("TAPE0A", "TAPE0B", "TAPE0C"), parts.stream().map(SpannedFileWriter.Part::volume).toList());
    }
    return body;
  }

  SpannedFileReader.NextSource fromLibrary() {
    return (part, previousVolume, previousFile) -> {
      MemoryTape t = order.get(part);
      t.rewind();
      return new SpannedFileReader.Located(t, 0);
    };
  }

  static byte[] readAll(SpannedFileReader r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(10_000);
    while (r.read(buf.clear()) >= 0) {
      out.write(buf.array(), 0, buf.position());
    }
    return out.toByteArray();
  }

  @Test
  void aFileContinuesOverThreeTapesAndReadsBackAsOne() throws Exception {
    byte[] body = new byte[12 * PAYLOAD + 123];
    new Random(7).nextBytes(body);
    UUID file = UUID.randomUUID();
    writeSpanned(file, body);
    a.rewind();
    SpannedFileReader r = SpannedFileReader.open(a, 0, fromLibrary());
    assertEquals(file, r.header().file());
    assertArrayEquals(body, readAll(r));
    assertEquals(0, r.footer().items());
    assertEquals(2, r.part());
  }

  @Test
  void aMissingPartIsTruncatedNamingWhatToLoad() throws Exception {
    writeSpanned(UUID.randomUUID(), new byte[12 * PAYLOAD]);
    a.rewind();
    SpannedFileReader r = SpannedFileReader.open(a, 0, (part, vol, f) -> part == 2 ? null : located(order.get(part)));
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> readAll(r));
    assertEquals(Kind.TRUNCATED, e.kind());
    assertTrue(e.getMessage().contains("part 2") && e.getMessage().contains("TAPE0B"), e.getMessage());
  }

  @Test
  void aPartOutOfOrderOrOfAnotherFileIsMisplaced() throws Exception {
    writeSpanned(UUID.randomUUID(), new byte[12 * PAYLOAD]);
    a.rewind();
    SpannedFileReader skipped = SpannedFileReader.open(a, 0, (part, vol, f) -> located(c));
    assertEquals(Kind.MISPLACED, assertThrows(TapeFormatException.class, () -> readAll(skipped)).kind());
    MemoryTape other = new MemoryTape("OTHER1").earlyWarningAt(4);
    try (SpannedFileWriter w = SpannedFileWriter.begin(new MemoryTape("X").earlyWarningAt(4), BLOCK,
        header(UUID.randomUUID()), (part, previous) -> new SpannedFileWriter.Tape(other, part))) {
      w.write(new byte[12 * PAYLOAD]);
    }
    a.rewind();
    SpannedFileReader foreign = SpannedFileReader.open(a, 0, (part, vol, f) -> located(other));
    assertEquals(Kind.MISPLACED, assertThrows(TapeFormatException.class, () -> readAll(foreign)).kind());
  }

  @Test
  void readingMustStartAtPartZero() throws Exception {
    writeSpanned(UUID.randomUUID(), new byte[12 * PAYLOAD]);
    b.rewind();
    assertEquals(Kind.MISPLACED, assertThrows(TapeFormatException.class,
        () -> SpannedFileReader.open(b, 0, fromLibrary())).kind());
  }

  private static SpannedFileReader.Located located(MemoryTape t) {
    t.rewind();
    return new SpannedFileReader.Located(t, 0);
  }
}
