package dev.tapekit.format.label;

import static dev.tapekit.format.label.LabelFixtures.BLOCK;
import static dev.tapekit.format.label.LabelFixtures.CTIME;
import static dev.tapekit.format.label.LabelFixtures.MEDIA;
import static dev.tapekit.format.label.LabelFixtures.SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Media label and media set label on tape: round trips, what the writers refuse, what the readers check. */
class TapeLabelsTest {
  static MemoryTape labelled(MediaLabel media, MediaSetLabel set) throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    TapeLabels.writeLabels(tape, media, set);
    return tape;
  }

  @Test
  void labelsWithoutEncryptionRoundTrip() throws Exception {
    MediaSetLabel set = LabelFixtures.setLabel(Optional.empty());
    MemoryTape tape = labelled(LabelFixtures.mediaLabel(), set);
    TapeLabels labels = TapeLabels.readLabels(tape).orElseThrow();
    assertEquals(LabelFixtures.mediaLabel(), labels.media());
    assertEquals(Optional.of(set), labels.mediaSet());
    assertEquals(new BlockAddress(2, 0, 4), tape.position(), "left at the start of file 2");
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void labelsWithEncryptionRoundTrip(EncryptionMode mode) throws Exception {
    MediaSetLabel set = LabelFixtures.setLabel(Optional.of(LabelFixtures.encryption(mode)));
    MemoryTape tape = labelled(LabelFixtures.mediaLabel(), set);
    MediaSetLabel read = TapeLabels.readLabels(tape).orElseThrow().mediaSet().orElseThrow();
    assertEquals(set, read);
    MediaSetLabel.Encryption e = read.encryption().orElseThrow();
    assertEquals(mode, e.mode());
    assertEquals(LabelFixtures.keyConfig(), e.keyConfig());
    assertEquals(LabelFixtures.keyConfig().fingerprint().orElseThrow(), e.fingerprint());
  }

  @Test
  void aTapeInNoSetYetRoundTrips() throws Exception {
    MediaSetLabel set = MediaSetLabel.unassigned("daily", CTIME, BLOCK);
    MediaSetLabel read = TapeLabels.readLabels(labelled(LabelFixtures.mediaLabel(), set)).orElseThrow().mediaSet()
        .orElseThrow();
    assertEquals(set, read);
    assertEquals(ContentHeader.NO_SET, read.mediaSet());
    assertTrue(!read.assigned());
  }

  @Test
  void aTapeWithOnlyItsMediaLabelHasNoSetLabel() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    MediaLabel media = new MediaLabel("TAPE01L9", MEDIA, CTIME, Optional.empty(), BLOCK);
    assertEquals(new BlockAddress(0, 0, 0), media.write(tape, BLOCK));
    TapeLabels labels = TapeLabels.readLabels(tape).orElseThrow();
    assertEquals(media, labels.media());
    assertEquals(Optional.empty(), labels.mediaSet());
  }

  @ParameterizedTest
  @ValueSource(ints = {BlockHeader.MIN_BLOCK, BlockHeader.DEFAULT_BLOCK, BlockHeader.MAX_BLOCK})
  void labelsRoundTripAtEveryBlockSize(int blockSize) throws Exception {
    MediaLabel media = new MediaLabel("X".repeat(32), MEDIA, CTIME, Optional.empty(), blockSize);
    MediaSetLabel set = new MediaSetLabel("p0", SET, 0, CTIME, blockSize, Optional.empty());
    MemoryTape tape = labelled(media, set);
    assertEquals(blockSize, tape.object(0).length, "the label is written in blocks of the tape's block size");
    TapeLabels labels = TapeLabels.readLabels(tape).orElseThrow();
    assertEquals(media, labels.media());
    assertEquals(set, labels.mediaSet().orElseThrow());
  }

  @Test
  void aBlankTapeHasNoLabels() throws Exception {
    assertEquals(Optional.empty(), TapeLabels.readLabels(new MemoryTape("BLANK1")));
  }

  @Test
  void theMediaLabelJsonIsExactlyAsDocumented() {
    assertEquals("{\"label\":\"TAPE01L9\",\"media\":\"9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34\","
        + "\"ctime\":\"2026-12-05T18:20:01Z\",\"pool\":\"daily\",\"block_size\":262144}",
        new String(LabelFixtures.mediaLabel().toJson(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void theMediaSetLabelJsonEmbedsTheKeyConfigObjectUnchanged() {
    KeyConfig k = LabelFixtures.keyConfig();
    String json = new String(LabelFixtures.setLabel(Optional.of(LabelFixtures.encryption(EncryptionMode.DRIVE)))
        .toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("{\"pool\":\"daily\",\"media_set\":\"5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51\",\"sequence\":3,"
        + "\"ctime\":\"2026-12-05T18:21:01Z\",\"block_size\":262144,\"encryption\":{\"fingerprint\":\""
        + k.fingerprint().orElseThrow() + "\",\"key_config\":" + k.toJson() + ",\"mode\":\"drive\"}}", json);
  }

  @Test
  void theContentHeadersCarryTypeSetAndSequence() throws Exception {
    MemoryTape tape = labelled(LabelFixtures.mediaLabel(), LabelFixtures.setLabel(Optional.empty()));
    tape.rewind();
    ContentHeader h0 = dev.tapekit.format.content.TapeFileReader.open(tape, 0).header();
    tape.locateFile(1);
    ContentHeader h1 = dev.tapekit.format.content.TapeFileReader.open(tape, 1).header();
    assertEquals(ContentType.MEDIA_LABEL, h0.type());
    assertEquals(ContentHeader.NO_SET, h0.mediaSet());
    assertEquals(CTIME, h0.ctime());
    assertEquals(ContentType.MEDIA_SET_LABEL, h1.type());
    assertEquals(SET, h1.mediaSet());
    assertEquals(3, h1.tapeSequence());
  }

  // ---- what the constructors refuse

  @ParameterizedTest
  @ValueSource(strings = {"AB", "TAPE01L9", "_x", "a.b-c_d", "0123456789abcdefghijklmnopqrstuv"})
  void labelTextsPbsAcceptsAreValid(String text) {
    assertEquals(text, new MediaLabel(text, MEDIA, CTIME, Optional.empty(), BLOCK).label());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A", "0123456789abcdefghijklmnopqrstuvw", "-AB", ".AB", "TAPE 01", "TÄPE01", "TAPE/1",
      "TAPE:1", "TAPE\n1"})
  void labelTextsPbsRefusesAreRefused(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MediaLabel(text, MEDIA, CTIME, Optional.empty(), BLOCK));
    assertTrue(e.getMessage().startsWith("field 'label' is '"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void otherInvalidValuesAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new MediaLabel("TAPE01", ContentHeader.NO_SET, CTIME, Optional.empty(), BLOCK));
    assertThrows(IllegalArgumentException.class,
        () -> new MediaLabel("TAPE01", MEDIA, CTIME, Optional.of("-pool"), BLOCK));
    assertThrows(IllegalArgumentException.class,
        () -> new MediaLabel("TAPE01", MEDIA, CTIME, Optional.empty(), 100_000));
    assertThrows(IllegalArgumentException.class,
        () -> new MediaLabel("TAPE01", MEDIA, Instant.ofEpochSecond(-1), Optional.empty(), BLOCK));
    assertThrows(IllegalArgumentException.class,
        () -> new MediaSetLabel("daily", SET, -1, CTIME, BLOCK, Optional.empty()));
    assertThrows(IllegalArgumentException.class,
        () -> new MediaSetLabel("daily", ContentHeader.NO_SET, 1, CTIME, BLOCK, Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new MediaSetLabel("daily", ContentHeader.NO_SET, 0, CTIME,
        BLOCK, Optional.of(LabelFixtures.encryption(EncryptionMode.DRIVE))));
  }

  @Test
  void ctimeIsKeptToWholeSeconds() {
    assertEquals(CTIME, new MediaLabel("TAPE01", MEDIA, CTIME.plusMillis(999), Optional.empty(), BLOCK).ctime());
  }

  @Test
  void anUnprotectedKeyIsNeverPutInALabel() throws Exception {
    KeyConfig plain = KeyConfig.parse("{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\","
        + "\"modified\":\"2026-12-05T18:20:01+00:00\",\"data\":\"" + "A".repeat(43) + "=\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MediaSetLabel.Encryption(plain, EncryptionMode.DRIVE));
    assertTrue(e.getMessage().contains("unprotected"), e.getMessage());
  }

  @Test
  void writersRefuseTheWrongPlace() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    tape.writeFilemark();
    assertThrows(IllegalStateException.class, () -> LabelFixtures.mediaLabel().write(tape, BLOCK));
    assertEquals(1, tape.objects(), "nothing written");
    MemoryTape fresh = new MemoryTape("TAPE01L9");
    assertThrows(IllegalStateException.class,
        () -> LabelFixtures.setLabel(Optional.empty()).write(fresh, BLOCK));
    assertEquals(0, fresh.objects());
  }

  @Test
  void labelsThatDisagreeAreNotWrittenTogether() {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    MediaLabel media = LabelFixtures.mediaLabel();
    assertThrows(IllegalArgumentException.class, () -> TapeLabels.writeLabels(tape,
        media, new MediaSetLabel("daily", SET, 0, CTIME, BlockHeader.MIN_BLOCK, Optional.empty())));
    assertThrows(IllegalArgumentException.class, () -> TapeLabels.writeLabels(tape,
        media, new MediaSetLabel("weekly", SET, 0, CTIME, BLOCK, Optional.empty())));
    assertEquals(0, tape.objects());
  }

  // ---- what the readers check beyond the JSON

  /** Writes a label-typed file whose header and data are given (to build inconsistent ones). */
  static void writeRaw(MemoryTape tape, ContentType type, Instant ctime, UUID set, int sequence, byte[] json,
      byte[] body) throws Exception {
    ContentHeader h = new ContentHeader(type, 1, UUID.randomUUID(), ctime, set, sequence, 0, json);
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, h)) {
      w.write(ByteBuffer.wrap(body));
      w.finish(0, false);
    }
  }

  static TapeFormatException readFails(MemoryTape tape) {
    return assertThrows(TapeFormatException.class, () -> TapeLabels.readLabels(tape));
  }

  @Test
  void aHeaderCtimeOtherThanTheJsonsIsInvalid() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    writeRaw(tape, ContentType.MEDIA_LABEL, CTIME.plusSeconds(1), ContentHeader.NO_SET, 0,
        LabelFixtures.mediaLabel().toJson(), new byte[0]);
    TapeFormatException e = readFails(tape);
    assertEquals(Kind.INVALID, e.kind());
    assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 0: media label: field 'ctime'"), e.getMessage());
  }

  @Test
  void aMediaLabelInASetIsInvalid() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    writeRaw(tape, ContentType.MEDIA_LABEL, CTIME, SET, 0, LabelFixtures.mediaLabel().toJson(), new byte[0]);
    assertEquals(Kind.INVALID, readFails(tape).kind());
  }

  @Test
  void aSetLabelWhoseHeaderNamesAnotherSetOrTapeIsInvalid() throws Exception {
    MediaSetLabel set = LabelFixtures.setLabel(Optional.empty());
    for (int sequence : new int[] {3, 4}) {
      MemoryTape tape = new MemoryTape("TAPE01L9");
      LabelFixtures.mediaLabel().write(tape, BLOCK);
      writeRaw(tape, ContentType.MEDIA_SET_LABEL, set.ctime(), sequence == 3 ? UUID.randomUUID() : SET, sequence,
          set.toJson(), new byte[0]);
      TapeFormatException e = readFails(tape);
      assertEquals(Kind.INVALID, e.kind());
      assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 1: media set label: fields 'media_set' and "
          + "'sequence'"), e.getMessage());
    }
  }

  @Test
  void aLabelWithABodyIsInvalid() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    writeRaw(tape, ContentType.MEDIA_LABEL, CTIME, ContentHeader.NO_SET, 0, LabelFixtures.mediaLabel().toJson(),
        new byte[] {1, 2, 3});
    TapeFormatException e = readFails(tape);
    assertEquals(Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("empty body"), e.getMessage());
  }

  @Test
  void anotherKindOfFileWhereALabelShouldBeIsMisplaced() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    writeRaw(tape, ContentType.CHUNK_ARCHIVE, CTIME, SET, 0, LabelFixtures.utf8("{}"), new byte[0]);
    assertEquals(Kind.MISPLACED, readFails(tape).kind());
    MemoryTape second = new MemoryTape("TAPE01L9");
    LabelFixtures.mediaLabel().write(second, BLOCK);
    writeRaw(second, ContentType.MEDIA_LABEL, CTIME, ContentHeader.NO_SET, 0, LabelFixtures.mediaLabel().toJson(),
        new byte[0]);
    TapeFormatException e = readFails(second);
    assertEquals(Kind.MISPLACED, e.kind());
    assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 1"), e.getMessage());
  }

  @Test
  void anEmptyFirstFileIsTruncatedAndAForeignTapeForeign() throws Exception {
    MemoryTape empty = new MemoryTape("TAPE01L9");
    empty.writeFilemark();
    assertEquals(Kind.TRUNCATED, readFails(empty).kind());
    MemoryTape foreign = new MemoryTape("TAPE01L9");
    foreign.write(ByteBuffer.wrap(new byte[10240]));
    foreign.writeFilemark();
    assertEquals(Kind.FOREIGN, readFails(foreign).kind());
    MemoryTape pbs = new MemoryTape("TAPE01L9");
    pbs.write(ByteBuffer.wrap(LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_LABEL_MAGIC,
        LabelFixtures.pbsMediaLabelJson())));
    pbs.writeFilemark();
    assertEquals(Kind.FOREIGN, readFails(pbs).kind());
  }

  @Test
  void anEmptySecondFileIsTruncated() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    LabelFixtures.mediaLabel().write(tape, BLOCK);
    tape.writeFilemark();
    TapeFormatException e = readFails(tape);
    assertEquals(Kind.TRUNCATED, e.kind());
    assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 1, block 0"), e.getMessage());
  }

  @Test
  void aLabelOfANewerVersionIsTooNew() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    ContentHeader h = new ContentHeader(ContentType.MEDIA_LABEL, 2, UUID.randomUUID(), CTIME, ContentHeader.NO_SET, 0,
        0, LabelFixtures.mediaLabel().toJson());
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, h)) {
      w.finish(0, false);
    }
    TapeFormatException e = readFails(tape);
    assertEquals(Kind.TOO_NEW, e.kind());
    assertTrue(e.getMessage().contains("use a newer tapekit"), e.getMessage());
  }

  /**
   * A content header ctime no Instant holds, with both checksums right (a faulty writer):
   * ContentHeader.complete throws DateTimeException for it; the label reader reports INVALID instead.
   */
  @Test
  void aContentHeaderCtimeOutOfRangeIsInvalid() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    LabelFixtures.mediaLabel().write(tape, BlockHeader.MIN_BLOCK);
    ByteBuffer b = ByteBuffer.wrap(tape.object(0)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int header = BlockHeader.LENGTH;
    int dataLength = b.getInt(header + 20);
    b.putLong(header + 40, Long.MAX_VALUE);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b.array(), header, 72);
    crc.update(b.array(), header + ContentHeader.LENGTH, dataLength);
    b.putInt(header + 72, (int) crc.getValue());
    crc.reset();
    crc.update(b.array(), 0, 56);
    crc.update(b.array(), header, b.getInt(20));
    b.putInt(56, (int) crc.getValue());
    tape.replace(0, b.array());
    TapeFormatException e = readFails(tape);
    assertEquals(Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("ctime 9223372036854775807"), e.getMessage());
    Recognition r = TapeRecognizer.recognize(tape);
    assertEquals(Recognition.Kind.TAPEKIT_DAMAGED, r.kind());
  }

  @Test
  void readingRewindsFirst() throws Exception {
    MemoryTape tape = labelled(LabelFixtures.mediaLabel(), LabelFixtures.setLabel(Optional.empty()));
    tape.locateFile(2);
    assertEquals(LabelFixtures.mediaLabel(), TapeLabels.readLabels(tape).orElseThrow().media());
    assertNull(tape.object(tape.objects() - 1), "the tape ends with a filemark");
  }
}
