package dev.tapekit.format.label;

import static dev.tapekit.format.label.LabelFixtures.BLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.format.Magic;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.MemoryTape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the recognizer makes of each kind of tape, and that describe() says it on one line. */
class TapeRecognizerTest {
  static final long SEED = Long.getLong("tests.seed", 20261205L);

  static Recognition recognize(MemoryTape tape) throws IOException {
    Recognition r = TapeRecognizer.recognize(tape);
    String line = r.describe();
    assertFalse(line.isEmpty() || line.contains("\n") || line.contains("\r"), "one line: " + line);
    return r;
  }

  static MemoryTape tape(byte[]... blocksThenFilemarks) throws IOException {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    for (byte[] b : blocksThenFilemarks) {
      if (b == null) {
        tape.writeFilemark();
      } else {
        tape.write(ByteBuffer.wrap(b));
      }
    }
    return tape;
  }

  @Test
  void aBlankTapeIsBlank() throws Exception {
    Recognition r = recognize(new MemoryTape("TAPE01L9"));
    assertEquals(Recognition.Kind.BLANK, r.kind());
    assertEquals("blank tape: nothing recorded", r.describe());
  }

  @Test
  void aFilemarkFirstIsAnEmptyFirstFile() throws Exception {
    Recognition r = recognize(tape(null, new byte[] {1, 2, 3}, null));
    assertEquals(Recognition.Kind.FILEMARK_FIRST, r.kind());
    assertInstanceOf(Recognition.EmptyFirstFile.class, r);
  }

  @Test
  void aTapekitTapeGivesItsLabels() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    MediaSetLabel set = LabelFixtures.setLabel(Optional.of(LabelFixtures.encryption(EncryptionMode.DRIVE)));
    TapeLabels.writeLabels(tape, LabelFixtures.mediaLabel(), set);
    tape.locateFile(2); // the recognizer rewinds
    Recognition.Tapekit r = assertInstanceOf(Recognition.Tapekit.class, recognize(tape));
    assertEquals(LabelFixtures.mediaLabel(), r.media());
    assertEquals(Optional.of(set), r.mediaSet());
    assertEquals("tapekit tape 'TAPE01L9' (media 9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34, labelled 2026-12-05T18:20:01Z, "
        + "256 KiB blocks), pool 'daily', media set 5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51 tape 3, encrypted by the drive "
        + "with key " + LabelFixtures.keyConfig().fingerprint().orElseThrow().shortForm(), r.describe());
  }

  @Test
  void aTapekitTapeWithOnlyAMediaLabelIsReservedOrFree() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    LabelFixtures.mediaLabel().write(tape, BLOCK);
    Recognition.Tapekit r = assertInstanceOf(Recognition.Tapekit.class, recognize(tape));
    assertEquals(Optional.empty(), r.mediaSet());
    assertTrue(r.describe().endsWith(", reserved for pool 'daily', in no media set"), r.describe());
  }

  @Test
  void aDamagedMediaLabelIsTapekitDamaged() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    TapeLabels.writeLabels(tape, LabelFixtures.mediaLabel(), LabelFixtures.setLabel(Optional.empty()));
    byte[] block = tape.object(0);
    block[100] ^= 0x01; // inside the content header
    tape.replace(0, block);
    Recognition.TapekitDamaged r = assertInstanceOf(Recognition.TapekitDamaged.class, recognize(tape));
    assertEquals(Kind.CORRUPT, r.problem().kind());
    assertEquals(Optional.empty(), r.media());
    assertEquals("tapekit tape, media label unreadable: tape TAPE01L9, file 0, block 0: block checksum failed: the "
        + "block was damaged on tape or on the way", r.describe());
  }

  @Test
  void aDamagedMediaSetLabelIsTapekitDamagedWithTheMediaLabel() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    TapeLabels.writeLabels(tape, LabelFixtures.mediaLabel(), LabelFixtures.setLabel(Optional.empty()));
    byte[] block = tape.object(2);
    block[200] ^= 0x40;
    tape.replace(2, block);
    Recognition.TapekitDamaged r = assertInstanceOf(Recognition.TapekitDamaged.class, recognize(tape));
    assertEquals(Optional.of(LabelFixtures.mediaLabel()), r.media());
    assertEquals("tape TAPE01L9, file 1, block 0", r.problem().location().toString());
    assertTrue(r.describe().startsWith("tapekit tape 'TAPE01L9' (media "), r.describe());
  }

  // ---- PBS

  @Test
  void thePbsMagicsAreTheFirstBytesOfSha256OfTheirTexts() throws Exception {
    assertEquals(LabelFixtures.PBS_BLOCK_MAGIC, sha256Head("Proxmox Tape Block Header v1.0"));
    assertEquals(LabelFixtures.PBS_CONTENT_HEADER_MAGIC, sha256Head("Proxmox Backup Content Header v1.0"));
    assertEquals(LabelFixtures.PBS_MEDIA_LABEL_MAGIC, sha256Head("Proxmox Backup Tape Label v1.0"));
    assertEquals(LabelFixtures.PBS_MEDIA_SET_LABEL_MAGIC, sha256Head("Proxmox Backup MediaSet Label v1.0"));
    assertEquals(LabelFixtures.PBS_BLOCK_MAGIC, Magic.hex(PbsFormat.BLOCK_MAGIC));
    assertEquals(LabelFixtures.PBS_CONTENT_HEADER_MAGIC, Magic.hex(PbsFormat.CONTENT_HEADER_MAGIC));
    assertEquals(LabelFixtures.PBS_MEDIA_LABEL_MAGIC, Magic.hex(PbsFormat.MEDIA_LABEL_MAGIC));
    assertEquals(LabelFixtures.PBS_MEDIA_SET_LABEL_MAGIC, Magic.hex(PbsFormat.MEDIA_SET_LABEL_MAGIC));
  }

  static String sha256Head(String text) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(d, 0, 8);
  }

  static byte[] pbsMediaLabel() {
    return LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_LABEL_MAGIC, LabelFixtures.pbsMediaLabelJson());
  }

  static byte[] pbsMediaSetLabel() {
    return LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_SET_LABEL_MAGIC, LabelFixtures.pbsMediaSetLabelJson());
  }

  @Test
  void aPbsTapeGivesBothLabelsAndTheStoredKey() throws Exception {
    Recognition.Pbs r = assertInstanceOf(Recognition.Pbs.class,
        recognize(tape(pbsMediaLabel(), null, pbsMediaSetLabel(), null, new byte[256 * 1024], null)));
    assertEquals("ABC123L9", r.media().labelText());
    assertEquals(LabelFixtures.MEDIA, r.media().media());
    assertEquals(LabelFixtures.CTIME, r.media().ctime());
    assertEquals(Optional.of("offsite"), r.media().pool());
    PbsMediaSetLabel s = r.mediaSet().orElseThrow();
    assertEquals("offsite", s.pool());
    assertEquals(LabelFixtures.SET, s.mediaSet());
    assertEquals(2, s.sequence());
    assertEquals(LabelFixtures.CTIME.plusSeconds(60), s.ctime());
    assertEquals(LabelFixtures.keyConfig().fingerprint(), s.encryptionKey());
    assertEquals(Optional.of(LabelFixtures.keyConfig()), s.keyConfig());
    assertEquals("Proxmox Backup Server tape 'ABC123L9' (media 9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34, labelled "
        + "2026-12-05T18:20:01Z), pool 'offsite', media set 5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51 tape 2, encrypted by "
        + "the drive with key " + LabelFixtures.keyConfig().fingerprint().orElseThrow().shortForm()
        + " (key stored on tape)", r.describe());
  }

  @Test
  void aPbsTapeWithOnlyAMediaLabel() throws Exception {
    Recognition.Pbs r = assertInstanceOf(Recognition.Pbs.class, recognize(tape(pbsMediaLabel(), null)));
    assertEquals(Optional.empty(), r.mediaSet());
  }

  @Test
  void anUnassignedPbsTape() throws Exception {
    String json = "{\"pool\":\"offsite\",\"uuid\":\"00000000-0000-0000-0000-000000000000\",\"seq_nr\":0,"
        + "\"ctime\":1796494861}";
    Recognition.Pbs r = assertInstanceOf(Recognition.Pbs.class, recognize(tape(pbsMediaLabel(), null,
        LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_SET_LABEL_MAGIC, json), null)));
    assertEquals(Optional.empty(), r.mediaSet().orElseThrow().encryptionKey());
    assertTrue(r.describe().endsWith(", pool 'offsite', in no media set yet"), r.describe());
  }

  @Test
  void pbsLabelsThatDoNotDecodeArePbsDamaged() throws Exception {
    byte[] shortBlock = Arrays.copyOf(pbsMediaLabel(), 128 * 1024);
    Recognition.PbsDamaged r = assertInstanceOf(Recognition.PbsDamaged.class, recognize(tape(shortBlock, null)));
    assertTrue(r.problem().contains("a block of 131072 bytes; PBS writes 262144-byte blocks"), r.problem());
    byte[] chunkArchive = LabelFixtures.pbsLabelBlock("6d31636dd70283bf", "{\"store\":\"main\"}");
    r = assertInstanceOf(Recognition.PbsDamaged.class, recognize(tape(chunkArchive, null)));
    assertTrue(r.problem().contains("a PBS file of content type 6d31636dd70283bf where the label"), r.problem());
    byte[] noUuid = LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_LABEL_MAGIC, "{\"label_text\":\"A\","
        + "\"ctime\":0}");
    r = assertInstanceOf(Recognition.PbsDamaged.class, recognize(tape(noUuid, null)));
    assertEquals("tape TAPE01L9, file 0, block 0: PBS media label: field 'uuid' is missing", r.problem());
    r = assertInstanceOf(Recognition.PbsDamaged.class, recognize(tape(pbsMediaLabel(), null,
        LabelFixtures.pbsLabelBlock(LabelFixtures.PBS_MEDIA_SET_LABEL_MAGIC, "{\"pool\":\"x\"}"), null)));
    assertEquals(LabelFixtures.MEDIA, r.media().orElseThrow().media());
    assertTrue(r.describe().contains("media set label unreadable: tape TAPE01L9, file 1, block 0: PBS media set "
        + "label: field 'uuid' is missing"), r.describe());
  }

  // ---- tar, with the real tar program

  @ParameterizedTest
  @CsvSource({"gnu, GNU", "ustar, POSIX ustar", "posix, POSIX pax"})
  void aTarArchiveWrittenByTarIsTar(String tarFormat, String format, @TempDir Path dir) throws Exception {
    byte[] archive = tar(dir, tarFormat);
    assertEquals(0, archive.length % 10240, "tar writes whole 10240-byte records");
    MemoryTape tape = new MemoryTape("TAPE01L9");
    for (int at = 0; at < archive.length; at += 10240) {
      tape.write(ByteBuffer.wrap(archive, at, 10240));
    }
    tape.writeFilemark();
    Recognition.Tar r = assertInstanceOf(Recognition.Tar.class, recognize(tape));
    assertEquals(format, r.format());
    assertEquals(Optional.of("docs/hello.txt"), r.firstMember());
    assertEquals(10240, r.blockLength());
    assertEquals("tar archive (" + format + " format, 10240-byte blocks), first member 'docs/hello.txt'", r.describe());

    byte[] damaged = tape.object(0);
    damaged[0] ^= 0x01; // the name: the checksum no longer matches
    tape.replace(0, damaged);
    assertEquals(Recognition.Kind.UNKNOWN, recognize(tape).kind());
  }

  /** Runs {@code tar --format=<format> -cf - docs} on a directory holding docs/hello.txt. */
  static byte[] tar(Path dir, String format) throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/hello.txt"), "hello, tape\n");
    ProcessBuilder pb;
    try {
      pb = new ProcessBuilder("tar", "--format=" + format, "-cf", "-", "docs/hello.txt").directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.getInputStream().transferTo(out);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tar finished");
      assertEquals(0, p.exitValue(), "tar's exit status");
      return out.toByteArray();
    } catch (IOException e) {
      assumeTrue(false, "no tar program on the PATH: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void theTarChecksumIsComputedAsTarDoes() {
    // A header built by hand: name "a", magic "ustar\0" "00", checksum over the header with its field as spaces.
    ByteBuffer h = ByteBuffer.allocate(512);
    h.put(0, (byte) 'a').put(156, (byte) '0');
    h.put(257, "ustar".getBytes(StandardCharsets.US_ASCII)).put(263, (byte) '0').put(264, (byte) '0');
    int sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : h.get(i) & 0xFF;
    }
    h.put(148, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
    assertTrue(TarHeader.isHeader(h, 0));
    h.put(148, String.format("%06o\0 ", sum + 1).getBytes(StandardCharsets.US_ASCII));
    assertFalse(TarHeader.isHeader(h, 0));
    h.put(148, String.format("%07o\0", sum).getBytes(StandardCharsets.US_ASCII));
    assertTrue(TarHeader.isHeader(h, 0), "7 digits and a NUL, as GNU tar writes");
    h.put(148, "      1 ".getBytes(StandardCharsets.US_ASCII));
    assertFalse(TarHeader.isHeader(h, 0));
  }

  // ---- anything else

  @Test
  void randomBytesAreUnknown() throws Exception {
    byte[] block = new byte[65536];
    new Random(SEED).nextBytes(block);
    Recognition.Unknown r = assertInstanceOf(Recognition.Unknown.class, recognize(tape(block, null)),
        "reproduce with: -Dtests.seed=" + SEED);
    assertEquals(65536, r.blockLength());
    assertArrayEquals(Arrays.copyOf(block, 16), r.head());
    assertEquals("unknown data: first block 65536 bytes, starting "
        + HexFormat.ofDelimiter(" ").formatHex(block, 0, 16), r.describe());
  }

  @Test
  void shortEmptyAndOverlongBlocksAreUnknown() throws Exception {
    Recognition.Unknown empty = assertInstanceOf(Recognition.Unknown.class, recognize(tape(new byte[0])));
    assertEquals(0, empty.blockLength());
    assertEquals(0, empty.head().length);
    Recognition.Unknown three = assertInstanceOf(Recognition.Unknown.class, recognize(tape(new byte[] {1, 2, 3})));
    assertEquals("unknown data: first block 3 bytes, starting 01 02 03", three.describe());
    byte[] huge = new byte[5 * 1024 * 1024];
    huge[0] = 0x7f;
    Recognition.Unknown overlong = assertInstanceOf(Recognition.Unknown.class, recognize(tape(huge, null)));
    assertEquals(huge.length, overlong.blockLength());
  }

  @Test
  void aTapekitMagicOnAnOverlongBlockIsDamagedNotAThrow() throws Exception {
    byte[] huge = new byte[5 * 1024 * 1024];
    System.arraycopy(HexFormat.of().parseHex(Magic.hex(dev.tapekit.format.block.BlockHeader.MAGIC)), 0, huge, 0, 8);
    Recognition.TapekitDamaged r = assertInstanceOf(Recognition.TapekitDamaged.class, recognize(tape(huge, null)));
    assertEquals(Kind.FOREIGN, r.problem().kind());
  }

  @Test
  void aTapekitFileOfAnotherKindAtTheStartIsDamaged() throws Exception {
    MemoryTape tape = new MemoryTape("TAPE01L9");
    TapeLabelsTest.writeRaw(tape, dev.tapekit.format.content.ContentType.CHUNK_ARCHIVE, LabelFixtures.CTIME,
        UUID.randomUUID(), 0, LabelFixtures.utf8("{}"), new byte[0]);
    Recognition.TapekitDamaged r = assertInstanceOf(Recognition.TapekitDamaged.class, recognize(tape));
    assertEquals(Kind.MISPLACED, r.problem().kind());
  }
}
