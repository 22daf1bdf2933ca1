package dev.tapekit.format;

import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogArchiveOptions;
import dev.tapekit.format.catalog.CatalogArchiveWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.catalog.CatalogTape;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveReader;
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
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotIndex;
import dev.tapekit.format.span.SpannedFileWriter;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A representative two-tape media set, version 1 of the format: on each tape both labels (the set
 * label carrying a PBKDF2-wrapped key), chunk archives (plain, zstd-compressed, software-encrypted)
 * a data stream that starts on the first tape and continues on the second, and as the last file of
 * the second tape a catalog archive describing both tapes' files.
 *
 * <p>{@code main} writes it to {@code src/test/resources/golden/} (the golden images read forever
 * by {@code GoldenMediaSetTest}): {@code ./mvnw -q -o test-compile -pl tape-format && java -cp …
 * dev.tapekit.format.MediaSetImages src/test/resources/golden}.
 */
public final class MediaSetImages {
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final UUID SET = UUID.fromString("8a6f0c2e-4b1d-4e7a-9c3f-1d2e3f4a5b6c");
  static final Instant CTIME = Instant.parse("2026-12-05T18:20:01Z");
  static final Clock CLOCK = Clock.fixed(CTIME, ZoneOffset.UTC);
  static final String PASSPHRASE = "correct horse";
  static final int STREAM_BYTES = 12 * (BLOCK - BlockHeader.LENGTH) + 12345;

  private MediaSetImages() {}

  static byte[] key() {
    byte[] k = new byte[TapeKey.LENGTH];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) i;
    }
    return k;
  }

  static MediaSetKey payloadKey() {
    try (TapeKey key = TapeKey.of(key())) {
      return key.mediaSetKey(SET);
    }
  }

  /** The two tapes, in set order. */
  static List<MemoryTape> write() throws IOException {
    return write(SET, "SET");
  }

  /** The two tapes of media set {@code set}, volumes named {@code prefix} + A01L9 and B01L9. */
  static List<MemoryTape> write(UUID set, String prefix) throws IOException {
    KeyConfig wrapped;
    try (TapeKey key = TapeKey.of(key()); Passphrase p = Passphrase.of(PASSPHRASE.toCharArray())) {
      wrapped = KeyConfig.wrap(key, p, KdfType.PBKDF2, "the usual", CLOCK);
    }
    MemoryTape a = new MemoryTape(prefix + "A01L9");
    MemoryTape b = new MemoryTape(prefix + "B01L9");
    Random random = new Random(20261205L);
    MediaSetKey payload;
    try (TapeKey key = TapeKey.of(key())) {
      payload = key.mediaSetKey(set);
    }
    labels(a, set, 0, wrapped);
    chunkArchive(a, set, 0, random, 6, Optional.empty());
    chunkArchive(a, set, 0, random, 3, Optional.of(payload));
    snapshotArchive(a, set);
    a.earlyWarningAt(a.objects() + 5);
    labels(b, set, 1, wrapped);
    byte[] stream = text(random, STREAM_BYTES); // text keeps the golden images small (gzip)
    ContentHeader header = new ContentHeader(ContentType.DATA_STREAM, 1, new UUID(0x5eed, 1), CTIME, set, 0, 0,
        "{\"name\":\"words.txt\"}".getBytes(StandardCharsets.UTF_8));
    try (SpannedFileWriter w = SpannedFileWriter.begin(a, BLOCK, header,
        (part, previous) -> new SpannedFileWriter.Tape(b, 1))) {
      w.write(stream);
      if (w.finish().size() != 2) {
        throw new IllegalStateException("the data stream was meant to span the two tapes");
      }
    }
    chunkArchive(b, set, 1, random, 2, Optional.empty());
    catalogArchive(List.of(a, b), set, t -> new UUID(0x7a9e, t), new ArrayList<>());
    a.rewind();
    b.rewind();
    return List.of(a, b);
  }

  private static void labels(MemoryTape tape, UUID setUuid, int sequence, KeyConfig wrapped) throws IOException {
    MediaLabel media = new MediaLabel(tape.volume(), new UUID(0x7a9e, sequence), CTIME, Optional.of("daily"), BLOCK);
    MediaSetLabel set = new MediaSetLabel("daily", setUuid, sequence, CTIME, BLOCK,
        Optional.of(new MediaSetLabel.Encryption(wrapped, EncryptionMode.SOFTWARE)));
    TapeLabels.writeLabels(tape, media, set);
  }

  /**
   * The catalog archive at the end of the last tape, describing every data file of the tapes; its
   * records are computed from what was written (each file's header and footer, each archive's index)
   * before it is appended. The TAPE_FILE records written are added to {@code tapeFiles}.
   */
  static CatalogRecord.End catalogArchive(List<MemoryTape> tapes, UUID set, IntFunction<UUID> mediaUuid,
      List<CatalogRecord.TapeFile> tapeFiles) throws IOException {
    List<CatalogTape> described = new ArrayList<>();
    List<Object> records = new ArrayList<>(); // CatalogRecords, and ChunkArchiveIndexes for their chunks
    for (int t = 0; t < tapes.size(); t++) {
      MemoryTape tape = tapes.get(t);
      described.add(new CatalogTape(t, tape.volume(), mediaUuid.apply(t)));
      List<TapeScanner.Unreadable> unreadable = TapeScanner.scan(tape, t, new TapeScanner.Listener() {
        @Override
        public void file(CatalogRecord.TapeFile file) {
          tapeFiles.add(file);
          records.add(file);
        }

        @Override
        public void chunks(CatalogRecord.TapeFile file, ChunkArchiveIndex index) {
          records.add(index);
        }

        @Override
        public void snapshot(CatalogRecord.Snapshot snapshot) {
          records.add(snapshot);
        }
      });
      if (!unreadable.isEmpty()) {
        throw unreadable.get(0).problem();
      }
    }
    MemoryTape last = tapes.get(tapes.size() - 1);
    last.locate(last.objects());
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(last, BLOCK,
        new CatalogArchiveOptions(set, tapes.size() - 1, CLOCK, "daily", described))) {
      for (Object r : records) {
        if (r instanceof CatalogRecord.TapeFile f) {
          w.tapeFile(f);
        } else if (r instanceof CatalogRecord.Snapshot s) {
          w.snapshot(s);
        } else {
          w.chunks((ChunkArchiveIndex) r);
        }
      }
      return w.finish();
    }
  }

  private static void chunkArchive(MemoryTape tape, UUID set, int sequence, Random random, int chunks,
      Optional<MediaSetKey> key) throws IOException {
    ChunkArchiveOptions options = ChunkArchiveOptions.of("store1", set, sequence, CLOCK);
    if (key.isPresent()) {
      options = options.withEncryption(key.get());
    }
    try (ChunkArchiveWriter w = ChunkArchiveWriter.begin(tape, BLOCK, options)) {
      for (int i = 0; i < chunks; i++) {
        byte[] data = i % 2 == 0 ? text(random, 20_000 + 7_000 * i) : random(random, 15_000 + 9_000 * i);
        if (!w.add(sha256(data), ByteBuffer.wrap(data))) {
          throw new IllegalStateException("early warning in a fixture archive");
        }
      }
      w.finish();
    }
  }

  /** A small snapshot: a directory, a file of two chunks, a symlink, a hard link, a fifo. */
  private static void snapshotArchive(MemoryTape tape, UUID set) throws IOException {
    Instant t = CTIME.minusSeconds(3600).plusNanos(123_456_789);
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, new SnapshotArchiveOptions(set, 0, CLOCK,
        "host1/etc/2026-12-05T18:20:01Z", "/etc", CTIME))) {
      w.add(SnapshotEntry.builder("", SnapshotEntry.Type.DIRECTORY).mode(0755).owner(0, 0, "root", "root")
          .times(t, t, t).build());
      w.add(SnapshotEntry.builder("hosts", SnapshotEntry.Type.REGULAR).mode(0644).owner(0, 0, "root", "root")
          .times(t, t, t).size(300).chunks(List.of(new SnapshotEntry.ChunkRef(sha256(new byte[] {1}), 100),
              new SnapshotEntry.ChunkRef(sha256(new byte[] {2}), 200))).build());
      w.add(SnapshotEntry.builder("hosts.link", SnapshotEntry.Type.HARDLINK).mode(0644).owner(0, 0, "root", "root")
          .times(t, t, t).linkTarget("hosts").build());
      w.add(SnapshotEntry.builder("pipe", SnapshotEntry.Type.FIFO).mode(0600).owner(0, 0, "root", "root")
          .times(t, t, t).build());
      w.add(SnapshotEntry.builder("zoneinfo", SnapshotEntry.Type.SYMLINK).mode(0777).owner(0, 0, "root", "root")
          .times(t, t, t).linkTarget("/usr/share/zoneinfo").xattr("user.note", new byte[] {0, 1, 2}).build());
      w.finish();
    }
  }

  static byte[] text(Random random, int n) {
    String[] words = {"tape", "block", "file", "chunk", "label", "media", "set", "the", "of", "and"};
    StringBuilder s = new StringBuilder();
    while (s.length() < n) {
      s.append(words[random.nextInt(words.length)]).append(' ');
    }
    return s.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] random(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static MemoryTape load(Path gz, String volume) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return MemoryTape.load(in, volume);
    }
  }

  /** A copy of {@code tape} (for mutating). */
  static MemoryTape copy(MemoryTape tape) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    tape.save(out);
    return MemoryTape.load(new java.io.ByteArrayInputStream(out.toByteArray()), tape.volume());
  }

  /** Writes the golden images into {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    List<MemoryTape> tapes = write();
    for (MemoryTape t : tapes) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("media-set-v1-" + t.volume()
          + ".tapeimage.gz")))) {
        t.save(out);
      }
    }
  }
}
