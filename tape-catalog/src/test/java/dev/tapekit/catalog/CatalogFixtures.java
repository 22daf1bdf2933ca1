package dev.tapekit.catalog;

import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/** Tapes, sets and content records for catalog tests; everything derives from its arguments. */
public final class CatalogFixtures {
  public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private CatalogFixtures() {}

  /** A newly labelled tape {@code label}, labelled {@code minutes} after T0, online in changer "lib". */
  public static Media tape(String label, int minutes, Optional<String> pool) {
    return Media.newTape(UUID.nameUUIDFromBytes(label.getBytes()), label, T0.plusSeconds(60L * minutes), pool, false)
        .withLocation(new MediaLocation.Online("lib"));
  }

  public static MediaSet set(String pool, int minutes) {
    UUID uuid = UUID.nameUUIDFromBytes((pool + "/" + minutes).getBytes());
    return new MediaSet(uuid, pool, "set " + minutes, T0.plusSeconds(60L * minutes), Optional.empty(),
        new TreeMap<>());
  }

  /** The TAPE_FILE record of file {@code file} of tape {@code sequence}. */
  public static CatalogRecord.TapeFile file(int sequence, long file, ContentType type, long items) {
    return new CatalogRecord.TapeFile(sequence, file, 2 * file + 10 * file, type.magic(), 1, 0, false,
        new UUID(0xF11E, sequence * 1000L + file), T0.plusSeconds(file), 1000 * items, items);
  }

  /** {@code n} distinct chunk entries in ascending digest order, from {@code seed}. */
  public static List<ChunkArchiveIndex.Entry> entries(long seed, int n) {
    Random r = new Random(seed);
    byte[][] digests = new byte[n][32];
    for (byte[] d : digests) {
      r.nextBytes(d);
    }
    Arrays.sort(digests, Arrays::compareUnsigned);
    List<ChunkArchiveIndex.Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ChunkArchiveIndex.Entry(digests[i], i / 8, (i % 8) * 100, 0, 4000 + i, 4000 + i));
    }
    return out;
  }

  /** A chunk archive's records: its TAPE_FILE and CHUNKS records of at most 4096 entries. */
  public static List<CatalogRecord> chunkArchive(int sequence, long file, List<ChunkArchiveIndex.Entry> entries) {
    List<CatalogRecord> out = new ArrayList<>();
    out.add(file(sequence, file, ContentType.CHUNK_ARCHIVE, entries.size()));
    out.addAll(CatalogRecord.Chunks.of(sequence, file, entries));
    return out;
  }

  /** A snapshot archive's records. */
  public static List<CatalogRecord> snapshotArchive(int sequence, long file, String name) {
    return List.of(file(sequence, file, ContentType.SNAPSHOT_ARCHIVE, 7),
        new CatalogRecord.Snapshot(sequence, file, name, "/etc", T0, 7, 1, 64));
  }
}
