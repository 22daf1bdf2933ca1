package dev.tapekit.format.catalog;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.catalog.CatalogRecord.TapeFile;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Catalogs, hand-made archives and tape surgery shared by the catalog archive tests. */
final class CatalogFixtures {
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int PAYLOAD = BLOCK - BlockHeader.LENGTH;
  static final UUID MEDIA_SET = UUID.fromString("5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  static final Instant CTIME = Instant.parse("2026-12-05T18:20:01Z");
  static final List<CatalogTape> TAPES = List.of(
      new CatalogTape(0, "TAPE01L9", UUID.fromString("9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34")),
      new CatalogTape(1, "Bänd Zwei ✓", UUID.fromString("9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e35")));

  private CatalogFixtures() {}

  static CatalogArchiveOptions options() {
    return new CatalogArchiveOptions(MEDIA_SET, 1, CLOCK, "daily", TAPES);
  }

  static TapeFile file(int tape, long file, ContentType type, long items) {
    return new TapeFile(tape, file, 100 * file, type.magic(), 1, 0, false, new UUID(0xF11E, tape * 1000L + file),
        CTIME, 1000 * items + 17, items);
  }

  /** The {@code i}-th of {@code n} chunk index entries of a generated archive, in ascending digest order. */
  static ChunkArchiveIndex.Entry chunk(long seed, long i, long n) {
    byte[] d = new byte[32];
    new SplittableRandom(seed * 1_000_003 + i).nextBytes(d);
    long prefix = Long.divideUnsigned(-1L, n) * i; // spreads i over the digest space in order
    ByteBuffer.wrap(d).putLong(0, prefix);
    return new ChunkArchiveIndex.Entry(d, i / 7, (int) (i * 37 % PAYLOAD), 0, 1000 + (int) (i % 5000),
        1000 + (int) (i % 5000));
  }

  /** Chunks 0 .. n − 1 of archive {@code seed}, generated as they are iterated. */
  static Iterable<ChunkArchiveIndex.Entry> chunks(long seed, long n) {
    return () -> new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public ChunkArchiveIndex.Entry next() {
        return chunk(seed, i++, n);
      }
    };
  }

  static List<ChunkArchiveIndex.Entry> list(long seed, long n) {
    List<ChunkArchiveIndex.Entry> out = new ArrayList<>();
    chunks(seed, n).forEach(out::add);
    return out;
  }

  /**
   * Writes a catalog archive of exactly {@code records} (encoded bytes, END or not), bypassing the
   * writer's rules: what a faulty or a newer writer would put on tape.
   */
  static BlockAddress handmade(MemoryTape tape, List<byte[]> records) throws IOException {
    CatalogArchiveOptions o = options();
    CatalogArchiveHeader header = new CatalogArchiveHeader(UUID.randomUUID(), o.mediaSet(), o.tapeSequence(),
        o.clock().instant(), o.pool(), o.tapes());
    try (TapeFileWriter w = TapeFileWriter.begin(tape, BLOCK, header.contentHeader())) {
      for (byte[] r : records) {
        w.write(r);
      }
      w.finish(records.size(), false);
      return w.start();
    }
  }

  /** A record of type {@code type} with {@code payload}, sealed with a right CRC. */
  static byte[] record(int type, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(RecordFormat.MIN_LENGTH + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(Long.reverseBytes(RecordFormat.MAGIC)).putShort((short) type).putShort((short) 0)
        .putInt(b.capacity()).put(payload);
    b.putInt(RecordFormat.crc(b.array(), b.position()));
    return b.array();
  }

  static List<CatalogRecord> readAll(MemoryTape tape, BlockAddress start) throws IOException {
    CatalogArchiveReader r = CatalogArchiveReader.open(tape, start);
    List<CatalogRecord> out = new ArrayList<>();
    CatalogRecord c;
    while ((c = r.next()) != null) {
      out.add(c);
    }
    return out;
  }


  /** Stream offset where the body starts: content header and header data. */
  static long bodyStart() {
    CatalogArchiveOptions o = options();
    return 80 + new CatalogArchiveHeader(UUID.randomUUID(), o.mediaSet(), o.tapeSequence(), o.clock().instant(),
        o.pool(), o.tapes()).json().length;
  }
}
