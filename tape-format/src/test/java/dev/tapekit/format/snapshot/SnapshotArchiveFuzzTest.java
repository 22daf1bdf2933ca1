package dev.tapekit.format.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The snapshot entry and index decoders take any bytes: an entry (which encodes back to the same
 * bytes) or a {@link TapeFormatException} at the given location, never another exception. Inputs
 * are made valid (magic, length, checksum) by the fuzzer's choice so that the field checks behind
 * the checksum are reached.
 */
class SnapshotArchiveFuzzTest {
  static final TapeLocation WHERE = new TapeLocation("FUZZ01", 3, 9);

  @FuzzTest(maxDuration = "10s")
  void entry(FuzzedDataProvider data) {
    boolean valid = data.consumeBoolean();
    byte[] seed = data.consumeRemainingAsBytes();
    byte[] record = valid ? Arrays.copyOf(seed, Math.max(seed.length, EntryFormat.MIN_LENGTH)) : seed;
    if (valid) {
      ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.reverseBytes(EntryFormat.MAGIC))
          .putInt(8, record.length);
      SnapshotFixtures.resealEntry(record);
    }
    try {
      SnapshotEntry e = EntryFormat.decode(record, WHERE, 11);
      assertArrayEquals(record, EntryFormat.encode(e), "decoding and encoding give the same bytes");
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void index(FuzzedDataProvider data) {
    long entries = data.consumeLong(0, 2000);
    long block = data.consumeLong(0, 40);
    int offset = data.consumeInt(0, SnapshotFixtures.PAYLOAD - 1);
    byte[] table = data.consumeBytes(400);
    byte[] index = SparseIndexFormat.encode(table, table.length, SparseIndexFormat.count(entries), entries,
        data.consumeLong(0, 1L << 40), block, offset);
    int damage = data.consumeInt(-1, index.length - 1);
    if (damage >= 0) {
      index[damage] ^= data.consumeByte();
    }
    try {
      SparseIndex p = SparseIndexFormat.parse(index, SnapshotFixtures.PAYLOAD, block, offset, WHERE);
      assertEquals(SparseIndexFormat.count(p.entries()), p.size());
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }
}
