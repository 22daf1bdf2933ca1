package dev.tapekit.format.snapshot;

import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Trees, archives and tape surgery shared by the snapshot archive tests. */
final class SnapshotFixtures {
  /** {@code -Dtests.seed=N} replays a seed; failures print it. */
  static final long SEED = Long.getLong("tests.seed", 20261205L);
  static final int BLOCK = BlockHeader.MIN_BLOCK;
  static final int PAYLOAD = BLOCK - BlockHeader.LENGTH;
  static final UUID MEDIA_SET = UUID.fromString("6d1f1c1e-3a57-4f63-8c1e-2f1d6c9a0b7e");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  static final Instant CREATED = Instant.parse("2026-12-05T18:20:01Z");

  private SnapshotFixtures() {}

  static SnapshotArchiveOptions options() {
    return new SnapshotArchiveOptions(MEDIA_SET, 0, CLOCK, "host/etc/2026-12-05T18:20:01Z", "/etc", CREATED);
  }

  static ChunkRef chunk(long seed, int length) {
    byte[] d = new byte[32];
    new SplittableRandom(seed).nextBytes(d);
    return new ChunkRef(d, length);
  }

  static Instant time(long seconds, int nanos) {
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** A tree with every type of entry and every field used, in path order. */
  static List<SnapshotEntry> everyKind() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    byte[] acl = {2, 0, 0, 0, 1, 0, 6, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 4, 0, 4, 0,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 32, 0, 4, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff};
    return List.of(
        SnapshotEntry.builder("", Type.DIRECTORY).mode(0755).times(time(1_765_000_000, 1), time(0, 0),
            time(1_765_000_001, 999_999_999)).build(),
        SnapshotEntry.builder("dev/null", Type.CHAR_DEVICE).mode(0666).device(1, 3).build(),
        SnapshotEntry.builder("dev/sda", Type.BLOCK_DEVICE).mode(0660).owner(0, 6, "root", "disk")
            .device(8, 0xFFFF_FFFFL).build(),
        SnapshotEntry.builder("empty", Type.REGULAR).mode(0600).owner(4_294_967_294L, 4_294_967_294L, "nobody",
            "").build(),
        SnapshotEntry.builder("fifo", Type.FIFO).mode(0644).build(),
        SnapshotEntry.builder("hosts", Type.REGULAR).mode(04755).owner(1000, 1000, "anna", "staff")
            .times(time(-86_400L * 365 * 20, 123_456_789), time(-1, 999_999_999), time(-2_000_000_000L, 5))
            .size(300).chunks(List.of(chunk(1, 100), chunk(2, 200)))
            .xattr("user.binary", binary).xattr("system.posix_acl_access", acl).xattr("user.empty", new byte[0])
            .xattr("system.posix_acl_default", acl).build(),
        SnapshotEntry.builder("hosts.link", Type.HARDLINK).linkTarget("hosts").build(),
        SnapshotEntry.builder("run/sock", Type.SOCKET).mode(0777).build(),
        SnapshotEntry.builder("sparse", Type.REGULAR).mode(0640).size(10L << 30)
            .holes(List.of(new Hole(0, 4096), new Hole(8192, (10L << 30) - 8192 - 1000)))
            .chunks(List.of(chunk(3, 4096), chunk(4, 1000))).build(),
        SnapshotEntry.builder("tmp", Type.DIRECTORY).mode(01777).build(),
        SnapshotEntry.builder("zoë/日本語 ✓", Type.SYMLINK).mode(0777).linkTarget("../ünïcode/🎉 target").build(),
        SnapshotEntry.builder("zoë/🎉", Type.REGULAR).mode(02750).size(16 << 20).chunks(List.of(chunk(5, 16 << 20)))
            .build());
  }

  /** The {@code i}-th of a generated manifest of many files (i ≥ 1; path order = i order). */
  static SnapshotEntry generated(int i) {
    ChunkRef c = chunk(i, 1 + i % 5000);
    return SnapshotEntry.builder(String.format("data/d%03d/file%07d", i / 1000, i), Type.REGULAR).mode(0644)
        .owner(1000, 100, "backup", "users").times(time(1_700_000_000L + i, i % 1_000_000_000), time(1_700_000_000L,
            0), time(1_700_000_000L + i, 0)).size(c.length()).chunks(List.of(c)).build();
  }

  static SnapshotIndex write(MemoryTape tape, List<SnapshotEntry> entries) throws IOException {
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(tape, BLOCK, options())) {
      for (SnapshotEntry e : entries) {
        w.add(e);
      }
      return w.finish();
    }
  }

  /** Stream offset where the body starts: content header and header data. */
  static long bodyStart() {
    return 80 + new SnapshotArchiveHeader(UUID.randomUUID(), MEDIA_SET, 0, CLOCK.instant(), options().snapshot(),
        options().source(), CREATED).json().length;
  }



  /** Recomputes the CRC32C of a whole entry record (its last 4 bytes). */
  static void resealEntry(byte[] record) {
    CRC32C c = new CRC32C();
    c.update(record, 0, record.length - 4);
    ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(record.length - 4, (int) c.getValue());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

}
