package dev.tapekit.format;

import static dev.tapekit.format.TapeEdits.resealBlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.snapshot.SnapshotArchiveOptions;
import dev.tapekit.format.snapshot.SnapshotArchiveWriter;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotIndex;
import dev.tapekit.format.span.SpannedFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a two-tape media set written here with {@code tapekit_image.py}
 * (src/test/resources/format/), an independent reader written from FORMAT.md alone (Python standard
 * library; {@code zstandard} and {@code cryptography} when importable), and checks that it reports
 * exactly what the Java side wrote: every file, label field, chunk and index entry, and the data
 * stream joined across the two tapes. Then damaged copies: both readers must name the same kind,
 * file and block.
 *
 * <p>Needs {@code python3} on the PATH.
 */
class IndependentReaderTest {
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int P = BLOCK - BlockHeader.LENGTH;
  static final UUID SET = UUID.fromString("0c4f1a9e-7b2d-4e6a-8d3c-5f1e2a7b9c04");
  static final UUID STREAM = UUID.fromString("5eed0000-0000-4000-8000-00000000d474");
  static final Instant CTIME = Instant.parse("2026-12-05T18:20:01Z");
  static final Clock CLOCK = Clock.fixed(CTIME, ZoneOffset.UTC);
  static final String PASSPHRASE = "correct horse";
  static final String NIL = "00000000-0000-0000-0000-000000000000";

  @TempDir
  Path dir;

  /** What the Java side wrote, to compare the script's report with. */
  record MediaSet(MemoryTape a, MemoryTape b, KeyConfig key, List<ChunkArchiveIndex> archives,
      List<byte[]> stream, List<SpannedFileWriter.Part> parts, Map<String, byte[]> chunks,
      List<SnapshotEntry> snapshot, SnapshotIndex snapshotIndex, List<CatalogRecord.TapeFile> tapeFiles,
      CatalogRecord.End catalogEnd) {}

  /** The script's capabilities, from its self-test. */
  record Caps(boolean zstd, boolean crypto) {}

  record Run(int exit, List<Map<String, Object>> tapes, String stdout, String stderr) {}

  @Test
  void aTwoTapeMediaSetReadsTheSameInTheIndependentReader() throws Exception {
    Caps caps = selftest();
    MediaSet set = write();
    Run run = run(save(set.a()), save(set.b()));
    assertEquals(0, run.exit(), "the independent reader found a problem:\n" + run.stdout() + run.stderr());
    assertEquals(2, run.tapes().size(), run.stdout());

    Map<String, Object> a = run.tapes().get(0);
    Map<String, Object> b = run.tapes().get(1);
    assertEquals("TAPEA1L9", a.get("tape"));
    assertEquals("TAPEB1L9", b.get("tape"));
    for (Map<String, Object> t : List.of(a, b)) {
      assertEquals(true, t.get("ok"), t.toString());
      assertEquals(List.of(), t.get("errors"));
      assertNull(t.get("image_problem"));
    }
    List<Map<String, Object>> filesA = objects(a.get("files"));
    List<Map<String, Object>> filesB = objects(b.get("files"));
    assertEquals(6, filesA.size(), "labels, two chunk archives, a snapshot archive, data stream part 0");
    assertEquals(5, filesB.size(), "labels, data stream part 1, a chunk archive, a catalog archive");

    // Every file: the generic facts against the Java reader's header and footer and the tape's blocks.
    for (int t = 0; t < 2; t++) {
      MemoryTape tape = t == 0 ? set.a() : set.b();
      List<Map<String, Object>> files = t == 0 ? filesA : filesB;
      for (int f = 0; f < files.size(); f++) {
        Map<String, Object> r = files.get(f);
        String where = tape.volume() + " file " + f + ": " + r;
        tape.locateFile(f);
        TapeFileReader reader = TapeFileReader.open(tape, f);
        ContentHeader h = reader.header();
        ContentFooter footer = reader.footer();
        assertNull(r.get("error"), where);
        assertEquals((long) f, r.get("file"), where);
        assertEquals(blocksOf(tape, f), r.get("blocks"), where);
        assertEquals((long) BLOCK, r.get("block_size"), where);
        assertEquals(h.type().name(), r.get("content_type"), where);
        assertEquals(hex8(h.type().magic()), r.get("content_type_magic"), where);
        assertEquals((long) h.version(), r.get("content_version"), where);
        assertEquals(h.file().toString(), r.get("file_uuid"), where);
        assertEquals(h.file().toString(), r.get("stream_uuid"), where);
        assertEquals((long) h.part(), r.get("part"), where);
        assertEquals(CTIME.getEpochSecond(), r.get("ctime"), where);
        assertEquals("2026-12-05T18:20:01Z", r.get("ctime_text"), where);
        assertEquals(f == 0 ? NIL : SET.toString(), r.get("media_set_uuid"), where);
        assertEquals(f == 0 ? 0L : (long) t, r.get("tape_sequence"), where);
        assertEquals((long) h.data().length, r.get("header_data_length"), where);
        assertEquals(footer.bodyLength(), r.get("body_length"), where);
        assertEquals(footer.items(), r.get("items"), where);
        assertEquals(String.format("%08x", footer.bodyCrc()), r.get("body_crc32c"), where);
        assertEquals(footer.continued(), r.get("continued"), where);
        assertEquals("filemark", r.get("terminated_by"), where);
      }
    }

    // The labels.
    String fingerprint = set.key().fingerprint().orElseThrow().toString();
    for (int t = 0; t < 2; t++) {
      List<Map<String, Object>> files = t == 0 ? filesA : filesB;
      String volume = t == 0 ? "TAPEA1L9" : "TAPEB1L9";
      Map<String, Object> media = object(files.get(0).get("label_fields"));
      assertEquals(volume, media.get("label"));
      assertEquals(mediaUuid(t).toString(), media.get("media"));
      assertEquals(CTIME.getEpochSecond(), media.get("ctime"));
      assertEquals("daily", media.get("pool"));
      assertEquals((long) BLOCK, media.get("block_size"));
      assertEquals(volume, object(files.get(0).get("header_data")).get("label"));
      Map<String, Object> msl = object(files.get(1).get("label_fields"));
      assertEquals("daily", msl.get("pool"));
      assertEquals(SET.toString(), msl.get("media_set"));
      assertEquals((long) t, msl.get("sequence"));
      assertEquals(CTIME.getEpochSecond(), msl.get("ctime"));
      assertEquals((long) BLOCK, msl.get("block_size"));
      Map<String, Object> enc = object(msl.get("encryption"));
      assertEquals(fingerprint, enc.get("fingerprint"));
      assertEquals("software", enc.get("mode"));
      assertEquals("PBKDF2", enc.get("kdf"));
      if (caps.crypto()) {
        assertEquals("ok, fingerprint verified", enc.get("key_unwrapped"), "the key opens with the passphrase");
      }
      Map<String, Object> keyConfig = object(object(object(files.get(1).get("header_data")).get("encryption"))
          .get("key_config"));
      assertEquals(fingerprint, keyConfig.get("fingerprint"));
      assertEquals(set.key().toJson(), compactJson(keyConfig), "the key config as tape-crypto wrote it");
    }

    // The chunk archives: every entry, in write order, against the writer's index.
    assertArchive(filesA.get(2), set.archives().get(0), caps);
    assertArchive(filesA.get(3), set.archives().get(1), caps);
    assertArchive(filesB.get(3), set.archives().get(2), caps);
    assertEquals(6L, filesA.get(2).get("items"), "six chunks, the repeated one written once");

    // The data stream, joined across the tapes.
    byte[] stream = concat(set.stream());
    Map<String, Object> part0 = filesA.get(5);
    Map<String, Object> part1 = filesB.get(2);
    assertEquals("data stream", part0.get("content_type"));
    assertEquals(STREAM.toString(), part0.get("file_uuid"));
    assertEquals(STREAM.toString(), part1.get("file_uuid"));
    assertEquals(0L, part0.get("part"));
    assertEquals(1L, part1.get("part"));
    assertEquals(true, part0.get("continued"));
    assertEquals(false, part1.get("continued"));
    assertEquals(Map.of("name", "random.bin"), part0.get("header_data"));
    assertEquals(Map.of("previous_volume", "TAPEA1L9", "previous_file", 5L), part1.get("header_data"));
    assertEquals(Map.of("volume", "TAPEA1L9", "file", 5L), part1.get("previous"));
    assertEquals(2, set.parts().size());
    assertEquals(5L, set.parts().get(0).start().file());
    assertEquals(2L, set.parts().get(1).start().file());
    Map<String, Object> span = object(part0.get("span"));
    assertEquals(true, span.get("complete"), span.toString());
    assertEquals((long) stream.length, span.get("body_length"));
    assertEquals(String.format("%08x", crc32c(stream)), span.get("body_crc32c"));
    assertEquals(HexFormat.of().formatHex(sha256(stream)), span.get("body_sha256"));
    assertEquals(0L, span.get("items"));
    List<Map<String, Object>> parts = objects(span.get("parts"));
    assertEquals(List.of("TAPEA1L9", "TAPEB1L9"), parts.stream().map(p -> p.get("tape")).toList());
    assertEquals(List.of(5L, 2L), parts.stream().map(p -> p.get("file")).toList());
    assertEquals((long) stream.length, (long) parts.get(0).get("body_length") + (long) parts.get(1).get("body_length"));
    assertEquals(parts.get(0).get("body_length"), part0.get("body_length"));
    assertEquals(parts.get(1).get("body_length"), part1.get("body_length"));
    assertEquals(true, part1.get("joined"));

    // Tape A alone: the stream's second part cannot be had.
    Run alone = run(save(set.a()));
    assertEquals(1, alone.exit(), alone.stdout());
    Map<String, Object> error = object(objects(alone.tapes().get(0).get("errors")).get(0));
    assertEquals("TRUNCATED", error.get("kind"));
    assertEquals(5L, error.get("file"));

    // The snapshot archive (tape A file 4) and the catalog archive (tape B file 4).
    assertSnapshot(filesA.get(4), set);
    assertCatalog(filesB.get(4), set);
  }

  @Test
  void theGoldenMediaSetReadsWithoutProblemsInTheIndependentReader() throws Exception {
    selftest();
    Path a = Path.of(IndependentReaderTest.class.getResource("/golden/media-set-v1-SETA01L9.tapeimage.gz").toURI());
    Path b = Path.of(IndependentReaderTest.class.getResource("/golden/media-set-v1-SETB01L9.tapeimage.gz").toURI());
    Run run = run(MediaSetImages.PASSPHRASE, a, b);
    assertEquals(0, run.exit(), "the independent reader found a problem in the golden set:\n" + run.stdout()
        + run.stderr());
    List<String> types = new ArrayList<>();
    for (Map<String, Object> t : run.tapes()) {
      assertEquals(true, t.get("ok"), t.toString());
      for (Map<String, Object> f : objects(t.get("files"))) {
        assertNull(f.get("error"), f.toString());
        types.add((String) f.get("content_type"));
        if (f.containsKey("catalog_archive")) {
          Map<String, Object> xc = object(object(f.get("catalog_archive")).get("cross_check"));
          assertEquals(List.of(), xc.get("mismatches"), "the golden catalog describes the golden files");
          assertEquals(0L, xc.get("not_available"), xc.toString());
        }
      }
    }
    assertTrue(types.contains("snapshot archive") && types.contains("catalog archive"), types.toString());
  }

  @Test
  void aFlippedStoredByteIsCorruptAtItsBlock() throws Exception {
    MediaSet set = write();
    ChunkArchiveIndex archive = set.archives().get(0);
    ChunkArchiveIndex.Entry big = entry(archive, set.chunks().get("random 100000"));
    long at = big.block() * P + big.offset() + 64 + 70_000; // a stored byte, in the stream of file 2
    long block = at / P;
    int object = (int) (archive.start().logicalObject() + block);
    byte[] bytes = set.a().object(object);
    bytes[64 + (int) (at % P)] ^= 0x10;
    set.a().replace(object, bytes);

    Run run = run(save(set.a()), save(set.b()));
    assertEquals(1, run.exit(), run.stdout() + run.stderr());
    List<Map<String, Object>> errors = objects(run.tapes().get(0).get("errors"));
    assertEquals(1, errors.size(), errors.toString());
    assertError(errors.get(0), "CORRUPT", "TAPEA1L9", 2, block);
    assertTrue(((String) errors.get(0).get("message")).contains("block CRC32C"), errors.toString());
    assertEquals(List.of(), run.tapes().get(1).get("errors"), "tape B is intact");
    assertEquals(true, object(objects(run.tapes().get(0).get("files")).get(5).get("span")).get("complete"),
        "the files after the damaged one are read");

    TapeFormatException java = assertThrows(TapeFormatException.class, () -> verifyInJava(set));
    assertEquals(Kind.CORRUPT, java.kind(), java.getMessage());
    assertEquals(new TapeLocation("TAPEA1L9", 2, block), java.location(), "the Java reader names the same block");
  }

  @Test
  void aStoredByteAlteredUnderAValidBlockChecksumIsCorruptAtTheEntry() throws Exception {
    MediaSet set = write();
    ChunkArchiveIndex archive = set.archives().get(0);
    ChunkArchiveIndex.Entry big = entry(archive, set.chunks().get("random 100000"));
    long at = big.block() * P + big.offset() + 64 + big.storedLength() - 1; // its last stored byte
    long block = at / P;
    assertTrue(block > big.block(), "the byte is in a later block than the entry header");
    int object = (int) (archive.start().logicalObject() + block);
    byte[] bytes = set.a().object(object);
    bytes[64 + (int) (at % P)] ^= 0x01;
    resealBlock(bytes); // the block checks pass: only the entry's stored CRC32C can tell
    set.a().replace(object, bytes);

    Run run = run(save(set.a()), save(set.b()));
    assertEquals(1, run.exit(), run.stdout() + run.stderr());
    List<Map<String, Object>> errors = objects(run.tapes().get(0).get("errors"));
    assertEquals(1, errors.size(), errors.toString());
    assertError(errors.get(0), "CORRUPT", "TAPEA1L9", 2, big.block());
    assertTrue(((String) errors.get(0).get("message")).contains("stored bytes CRC32C"), errors.toString());

    TapeFormatException java = assertThrows(TapeFormatException.class, () -> verifyInJava(set));
    assertEquals(Kind.CORRUPT, java.kind(), java.getMessage());
    assertEquals(new TapeLocation("TAPEA1L9", 2, big.block()), java.location(),
        "both readers name the block where the entry starts (FORMAT.md 6.6)");
  }

  // ---- the media set

  static UUID mediaUuid(int tape) {
    return new UUID(0x7a9e00000000L, 0x8000000000000000L | tape);
  }

  /**
   * Tape A: labels, a chunk archive (zstd text, random, empty, "tapekit", a chunk over two blocks,
   * one chunk added twice), a software-encrypted archive, data stream part 0. Tape B: labels,
   * data stream part 1, a chunk archive.
   */
  static MediaSet write() throws IOException {
    KeyConfig wrapped;
    MediaSetKey payload;
    try (TapeKey key = TapeKey.of(keyBytes()); Passphrase p = Passphrase.of(PASSPHRASE.toCharArray())) {
      wrapped = KeyConfig.wrap(key, p, KdfType.PBKDF2, null, CLOCK);
      payload = key.mediaSetKey(SET);
    }
    MemoryTape a = new MemoryTape("TAPEA1L9");
    MemoryTape b = new MemoryTape("TAPEB1L9");
    labels(a, 0, wrapped);
    labels(b, 1, wrapped);
    Random random = new Random(20261205L);
    Map<String, byte[]> chunks = new LinkedHashMap<>();
    chunks.put("text 40000", text(random, 40_000));
    chunks.put("random 30000", bytes(random, 30_000));
    chunks.put("empty", new byte[0]);
    chunks.put("tapekit", "tapekit".getBytes(StandardCharsets.US_ASCII));
    chunks.put("random 100000", bytes(random, 100_000));
    chunks.put("text 150000", text(random, 150_000));
    List<ChunkArchiveIndex> archives = new ArrayList<>();
    ChunkArchiveOptions options = ChunkArchiveOptions.of("store1", SET, 0, CLOCK);
    List<byte[]> first = new ArrayList<>(chunks.values());
    first.add(chunks.get("random 30000")); // again: not written twice
    archives.add(archive(a, options, first));
    archives.add(archive(a, options.withEncryption(payload), List.of(text(random, 25_000), bytes(random, 20_000),
        new byte[0])));
    SnapshotIndex snapshotIndex;
    List<SnapshotEntry> snapshot = snapshotEntries();
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(a, BLOCK, new SnapshotArchiveOptions(SET, 0, CLOCK,
        "host1/root/2026-12-05T18:20:01Z", "/", CTIME.minusSeconds(60)))) {
      for (SnapshotEntry e : snapshot) {
        w.add(e);
      }
      snapshotIndex = w.finish();
    }
    List<byte[]> stream = List.of(bytes(random, 3 * P + 1000), bytes(random, 2 * P + 777));
    a.earlyWarningAt(a.objects() + 2);
    ContentHeader header = new ContentHeader(ContentType.DATA_STREAM, 1, STREAM, CTIME, SET, 0, 0,
        "{\"name\":\"random.bin\"}".getBytes(StandardCharsets.UTF_8));
    List<SpannedFileWriter.Part> parts;
    try (SpannedFileWriter w = SpannedFileWriter.begin(a, BLOCK, header,
        (part, previous) -> new SpannedFileWriter.Tape(b, 1))) {
      for (byte[] s : stream) {
        w.write(s);
      }
      parts = w.finish();
    }
    archives.add(archive(b, options.withTapeSequence(1), List.of(text(random, 10_000), bytes(random, 5_000),
        chunks.get("text 40000"))));
    payload.close();
    List<CatalogRecord.TapeFile> tapeFiles = new ArrayList<>();
    CatalogRecord.End end = MediaSetImages.catalogArchive(List.of(a, b), SET, IndependentReaderTest::mediaUuid, tapeFiles);
    a.rewind();
    b.rewind();
    return new MediaSet(a, b, wrapped, archives, stream, parts, chunks, snapshot, snapshotIndex, tapeFiles, end);
  }

  /** A directory tree of every kind of entry: directories, files with chunks, holes and xattrs, links, a device. */
  static List<SnapshotEntry> snapshotEntries() {
    Instant t = CTIME.minusSeconds(7200).plusNanos(987_654_321);
    List<SnapshotEntry> e = new ArrayList<>();
    e.add(SnapshotEntry.builder("", SnapshotEntry.Type.DIRECTORY).mode(0755).owner(0, 0, "root", "root")
        .times(t, t, t).build());
    e.add(SnapshotEntry.builder("dev", SnapshotEntry.Type.DIRECTORY).mode(0755).owner(0, 0, "root", "root")
        .times(t, t, t).build());
    e.add(SnapshotEntry.builder("dev/null", SnapshotEntry.Type.CHAR_DEVICE).mode(0666).owner(0, 0, "root", "root")
        .times(t, t, t).device(1, 3).build());
    e.add(SnapshotEntry.builder("etc", SnapshotEntry.Type.DIRECTORY).mode(01777).owner(0, 0, "", "")
        .times(t, t, t).xattr("user.b", new byte[0]).xattr("user.a", new byte[] {7}).build());
    e.add(SnapshotEntry.builder("etc/hosts", SnapshotEntry.Type.REGULAR).mode(0644).owner(1000, 100, "me", "users")
        .times(t, t, t).size(300).chunks(List.of(new SnapshotEntry.ChunkRef(sha256(new byte[] {1}), 100),
            new SnapshotEntry.ChunkRef(sha256(new byte[] {2}), 200))).build());
    e.add(SnapshotEntry.builder("etc/hosts.link", SnapshotEntry.Type.HARDLINK).mode(0644)
        .owner(1000, 100, "me", "users").times(t, t, t).linkTarget("etc/hosts").build());
    e.add(SnapshotEntry.builder("etc/sparse.img", SnapshotEntry.Type.REGULAR).mode(04755).owner(0, 0, "root", "root")
        .times(t, t, t).size(1_000_000)
        .holes(List.of(new SnapshotEntry.Hole(0, 4096), new SnapshotEntry.Hole(500_000, 100_000)))
        .chunks(List.of(new SnapshotEntry.ChunkRef(sha256(new byte[] {3}), 495_904),
            new SnapshotEntry.ChunkRef(sha256(new byte[] {4}), 400_000)))
        .xattr("system.posix_acl_access", new byte[] {2, 0, 0, 0, 1, 0, 6, 0, -1, -1, -1, -1})
        .xattr("user.comment", "b\u00e4nd".getBytes(StandardCharsets.UTF_8)).build());
    e.add(SnapshotEntry.builder("etc/zoneinfo", SnapshotEntry.Type.SYMLINK).mode(0777).owner(0, 0, "root", "root")
        .times(t, t, t).linkTarget("/usr/share/zoneinfo").build());
    e.add(SnapshotEntry.builder("run/fifo", SnapshotEntry.Type.FIFO).mode(0600).times(t, t, t).build());
    return e;
  }


  static void labels(MemoryTape tape, int sequence, KeyConfig key) throws IOException {
    MediaLabel media = new MediaLabel(tape.volume(), mediaUuid(sequence), CTIME, Optional.of("daily"), BLOCK);
    MediaSetLabel set = new MediaSetLabel("daily", SET, sequence, CTIME, BLOCK,
        Optional.of(new MediaSetLabel.Encryption(key, EncryptionMode.SOFTWARE)));
    TapeLabels.writeLabels(tape, media, set);
  }

  static ChunkArchiveIndex archive(MemoryTape tape, ChunkArchiveOptions options, List<byte[]> chunks)
      throws IOException {
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options.withVerifyDigests(true))) {
      for (byte[] c : chunks) {
        assertTrue(w.add(sha256(c), ByteBuffer.wrap(c)), "no early warning in this archive");
      }
      return w.finish();
    }
  }

  static void verifyInJava(MediaSet set) throws Exception {
    try (TapeKey key = TapeKey.of(keyBytes()); MediaSetKey payload = key.mediaSetKey(SET)) {
      MediaSetVerifier.verify(List.of(set.a(), set.b()), Optional.of(payload));
    }
  }

  /** The tape key 00 01 02 … 1f. */
  static byte[] keyBytes() {
    byte[] k = new byte[TapeKey.LENGTH];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) i;
    }
    return k;
  }

  // ---- comparing

  static void assertArchive(Map<String, Object> r, ChunkArchiveIndex index, Caps caps) {
    String where = "archive " + index.header().file() + ": " + r;
    Map<String, Object> ca = object(r.get("chunk_archive"));
    assertEquals("chunk archive", r.get("content_type"), where);
    assertEquals(index.header().file().toString(), r.get("file_uuid"), where);
    assertEquals("store1", ca.get("store"), where);
    boolean encrypted = index.header().encrypted();
    assertEquals(encrypted ? "software" : "none", ca.get("encryption"), where);
    assertEquals(index.header().archiveKeyId().map(UUID::toString).orElse(null), ca.get("archive_key_id"), where);
    assertEquals((long) index.size(), r.get("items"), where);
    List<Map<String, Object>> entries = objects(ca.get("entries"));
    assertEquals(index.size(), entries.size(), where);
    List<String> written = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      ChunkArchiveIndex.Entry x = index.find(HexFormat.of().parseHex((String) e.get("digest"))).orElseThrow(
          () -> new AssertionError("the script reports a chunk the writer did not write: " + e));
      written.add(x.digestHex());
      assertEquals(x.block(), e.get("block"), where);
      assertEquals((long) x.offset(), e.get("offset"), where);
      assertEquals((long) x.flags(), e.get("flags_value"), where);
      List<String> flags = new ArrayList<>();
      if (x.compressed()) {
        flags.add("ZSTD");
      }
      if (x.encrypted()) {
        flags.add("ENCRYPTED");
      }
      assertEquals(flags, e.get("flags"), where);
      assertEquals((long) x.plainLength(), e.get("plain_length"), where);
      assertEquals((long) x.storedLength(), e.get("stored_length"), where);
      String verified = !x.encrypted() && !x.compressed() ? "sha256"
          : x.encrypted() && !caps.crypto() ? "encrypted: stored CRC32C only (no key)"
          : x.compressed() && !caps.zstd() ? "compressed, not verified"
          : x.encrypted() ? "sha256 (decrypted)" : "sha256";
      assertEquals(verified, e.get("verified"), where + " " + e);
    }
    // Entries come in write order, the index in digest order: the same set, each once.
    assertEquals(written.stream().distinct().count(), (long) written.size(), where);
    Map<String, Object> idx = object(ca.get("index"));
    assertEquals((long) index.size(), idx.get("count"), where);
    assertEquals(index.indexBlock(), idx.get("block"), where);
    assertEquals((long) index.indexOffset(), idx.get("offset"), where);
    assertEquals(true, idx.get("matches_entries"), where);
    assertTrue(index.entries().stream().anyMatch(ChunkArchiveIndex.Entry::compressed), "the fixture has zstd chunks");
  }

  static void assertSnapshot(Map<String, Object> r, MediaSet set) {
    String where = "snapshot archive: " + r;
    assertEquals("snapshot archive", r.get("content_type"), where);
    assertEquals((long) set.snapshot().size(), r.get("items"), where);
    Map<String, Object> sa = object(r.get("snapshot_archive"));
    assertEquals("host1/root/2026-12-05T18:20:01Z", sa.get("snapshot"), where);
    assertEquals("/", sa.get("source"), where);
    assertEquals(CTIME.minusSeconds(60).getEpochSecond(), sa.get("created"), where);
    assertEquals((long) set.snapshot().size(), sa.get("entry_count"), where);
    List<Map<String, Object>> entries = objects(sa.get("entries"));
    assertEquals(set.snapshot().size(), entries.size(), where);
    for (int i = 0; i < entries.size(); i++) {
      SnapshotEntry x = set.snapshot().get(i);
      Map<String, Object> e = entries.get(i);
      String w = "entry " + i + ": " + e;
      assertEquals(x.path(), e.get("path"), w);
      assertEquals((long) x.type().code(), e.get("type"), w);
      assertEquals(x.size(), e.get("size"), w);
      assertEquals((long) x.chunks().size(), e.get("chunks"), w);
      assertEquals((long) x.xattrs().size(), e.get("xattrs"), w);
      assertEquals((long) x.holes().size(), e.get("holes"), w);
      assertEquals(String.format("%04o", x.mode()), e.get("mode"), w);
      assertEquals(List.of(x.uid(), x.gid()), List.of(e.get("uid"), e.get("gid")), w);
      assertEquals(List.of(x.user(), x.group(), x.linkTarget()), List.of(e.get("user"), e.get("group"),
          e.get("link_target")), w);
      assertEquals(List.of(x.deviceMajor(), x.deviceMinor()), e.get("device"), w);
      assertEquals(List.of(x.mtime().getEpochSecond(), (long) x.mtime().getNano()), e.get("mtime"), w);
      assertEquals(x.xattrs().stream().map(SnapshotEntry.Xattr::name).toList(), e.get("xattr_names"), w);
      assertEquals(x.holes().stream().map(h -> List.of(h.offset(), h.length())).toList(), e.get("hole_list"), w);
    }
    List<String> types = entries.stream().map(e -> (String) e.get("type_name")).toList();
    assertEquals(List.of("directory", "directory", "character device", "directory", "regular file", "hard link",
        "regular file", "symlink", "FIFO"), types, where);
    Map<String, Object> idx = object(sa.get("index"));
    assertEquals(set.snapshotIndex().indexBlock(), idx.get("block"), where);
    assertEquals((long) set.snapshotIndex().indexOffset(), idx.get("offset"), where);
    assertEquals(1L, idx.get("count"), where);
    assertEquals(true, idx.get("matches_entries"), where);
  }

  static void assertCatalog(Map<String, Object> r, MediaSet set) {
    String where = "catalog archive: " + r;
    assertEquals("catalog archive", r.get("content_type"), where);
    Map<String, Object> ca = object(r.get("catalog_archive"));
    assertEquals(SET.toString(), ca.get("media_set"), where);
    assertEquals("daily", ca.get("pool"), where);
    assertEquals(List.of(Map.of("sequence", 0L, "label", "TAPEA1L9", "media", mediaUuid(0).toString()),
        Map.of("sequence", 1L, "label", "TAPEB1L9", "media", mediaUuid(1).toString())), ca.get("tapes"), where);
    CatalogRecord.End end = set.catalogEnd();
    Map<String, Object> counts = object(ca.get("record_counts"));
    assertEquals(end.tapeFiles(), counts.get("TAPE_FILE"), where);
    assertEquals(end.chunkRecords(), counts.get("CHUNKS"), where);
    assertEquals(end.snapshots(), counts.get("SNAPSHOT"), where);
    assertEquals(1L, counts.get("END"), where);
    assertEquals(Map.of(), counts.get("skipped"), where);
    assertEquals(end.chunks(), ca.get("chunks"), where);
    long chunks = set.archives().stream().mapToLong(ChunkArchiveIndex::size).sum();
    assertEquals(chunks, end.chunks(), "the catalog lists every chunk of the three chunk archives");
    assertEquals(List.of(6L, 4L, 1L, 1L, chunks, 0L), List.of(end.tapeFiles(), end.chunkRecords() + 1,
        end.snapshots(), counts.get("END"), end.chunks(), end.skipped()), where);
    assertEquals(end.tapeFiles() + end.chunkRecords() + end.snapshots() + 1, r.get("items"), where);
    List<Map<String, Object>> tfs = objects(ca.get("tape_files"));
    assertEquals(set.tapeFiles().size(), tfs.size(), where);
    for (int i = 0; i < tfs.size(); i++) {
      CatalogRecord.TapeFile x = set.tapeFiles().get(i);
      Map<String, Object> e = tfs.get(i);
      String w = "TAPE_FILE " + i + ": " + e;
      assertEquals((long) x.tapeSequence(), e.get("tape_sequence"), w);
      assertEquals(x.fileNumber(), e.get("file_number"), w);
      assertEquals(x.firstLogicalObject(), e.get("first_logical_object"), w);
      assertEquals(hex8(x.contentType()), e.get("content_type_magic"), w);
      assertEquals(x.type().orElseThrow().name(), e.get("content_type"), w);
      assertEquals((long) x.contentVersion(), e.get("content_version"), w);
      assertEquals((long) x.part(), e.get("part"), w);
      assertEquals(x.continued(), e.get("continued"), w);
      assertEquals(x.file().toString(), e.get("file_uuid"), w);
      assertEquals(x.ctime().getEpochSecond(), e.get("ctime"), w);
      assertEquals(x.bodyLength(), e.get("body_length"), w);
      assertEquals(x.items(), e.get("items"), w);
    }
    List<Map<String, Object>> snaps = objects(ca.get("snapshots"));
    assertEquals(1, snaps.size(), where);
    assertEquals(set.snapshotIndex().indexBlock(), snaps.get(0).get("index_block"), where);
    assertEquals((long) set.snapshotIndex().indexOffset(), snaps.get(0).get("index_offset"), where);
    assertEquals((long) set.snapshot().size(), snaps.get(0).get("entries"), where);
    // The script's own comparison of every record with the files it read from both images.
    Map<String, Object> xc = object(ca.get("cross_check"));
    assertEquals(List.of(), xc.get("mismatches"), where);
    assertEquals((long) set.tapeFiles().size(), xc.get("compared"), where);
    assertEquals(0L, xc.get("not_available"), where);
  }

  static void assertError(Map<String, Object> error, String kind, String tape, long file, long block) {
    assertEquals(kind, error.get("kind"), error.toString());
    assertEquals(tape, error.get("tape"), error.toString());
    assertEquals(file, error.get("file"), error.toString());
    assertEquals(block, error.get("block"), error.toString());
  }

  static ChunkArchiveIndex.Entry entry(ChunkArchiveIndex index, byte[] chunk) {
    return index.find(sha256(chunk)).orElseThrow();
  }

  /** Blocks of tape file {@code file} in the tape's objects. */
  static long blocksOf(MemoryTape tape, int file) {
    int marks = 0;
    long blocks = 0;
    for (int i = 0; i < tape.objects() && marks <= file; i++) {
      byte[] o = tape.object(i);
      if (o == null) {
        marks++;
      } else if (marks == file) {
        blocks++;
      }
    }
    return blocks;
  }


  // ---- running the script

  Path save(MemoryTape tape) throws IOException {
    Path p = dir.resolve(tape.volume() + "-" + System.nanoTime() + ".tapeimage");
    try (OutputStream out = Files.newOutputStream(p)) {
      tape.save(out);
    }
    return p;
  }

  static Path script() throws Exception {
    return Path.of(IndependentReaderTest.class.getResource("/format/tapekit_image.py").toURI());
  }

  Caps selftest() throws Exception {
    Run r = python(List.of("selftest"));
    assertEquals(0, r.exit(), "the script's self-test (CRC32C check value, magics of FORMAT.md 12):\n" + r.stdout()
        + r.stderr());
    return new Caps(r.stdout().contains("zstandard: yes"), r.stdout().contains("cryptography: yes"));
  }

  Run run(Path... images) throws Exception {
    return run(PASSPHRASE, images);
  }

  Run run(String passphrase, Path... images) throws Exception {
    List<String> args = new ArrayList<>(List.of("describe", "--passphrase-env", "TAPEKIT_TEST_PASSPHRASE"));
    for (Path p : images) {
      args.add(p.toString());
    }
    Run r = python(args, passphrase);
    List<Map<String, Object>> tapes = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        tapes.add(object(parseJson(line)));
      }
    }
    assertEquals(images.length, tapes.size(), "one JSON document per tape:\n" + r.stdout() + r.stderr());
    return new Run(r.exit(), tapes, r.stdout(), r.stderr());
  }

  Run python(List<String> args) throws Exception {
    return python(args, PASSPHRASE);
  }

  Run python(List<String> args, String passphrase) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", script().toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TAPEKIT_TEST_PASSPHRASE", passphrase);
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      fail("this test runs the independent reader with python3, which is not on the PATH: " + e.getMessage());
      return null;
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("tapekit_image.py did not finish in 300 s");
    }
    return new Run(p.exitValue(), List.of(), out, Files.readString(err));
  }

  // ---- minimal JSON tree (jackson-core streaming)

  static Object parseJson(String text) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(text)) {
      p.nextToken();
      return value(p);
    }
  }

  static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return t == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected JSON token " + t);
    }
  }

  /** The JSON text of a parsed object, compact, members in order (for comparing with tape-crypto's JSON). */
  static String compactJson(Object v) {
    if (v instanceof Map<?, ?> m) {
      List<String> members = new ArrayList<>();
      m.forEach((k, x) -> members.add(quote((String) k) + ":" + compactJson(x)));
      return "{" + String.join(",", members) + "}";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(",", l.stream().map(IndependentReaderTest::compactJson).toList()) + "]";
    }
    return v instanceof String s ? quote(s) : String.valueOf(v);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object o) {
    assertNotNull(o, "a JSON object was expected");
    assertTrue(o instanceof Map, "a JSON object was expected: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(Object o) {
    assertTrue(o instanceof List, "a JSON array was expected: " + o);
    return (List<Map<String, Object>>) o;
  }

  // ---- data

  static String hex8(long magic) {
    return String.format("%016x", magic);
  }

  static long crc32c(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(x -> x.length).sum();
    ByteBuffer b = ByteBuffer.allocate(n);
    parts.forEach(b::put);
    return b.array();
  }

  static byte[] text(Random random, int n) {
    String[] words = {"tape", "block", "file", "chunk", "label", "media", "set", "the", "of", "and"};
    StringBuilder s = new StringBuilder();
    while (s.length() < n) {
      s.append(words[random.nextInt(words.length)]).append(' ');
    }
    return s.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
