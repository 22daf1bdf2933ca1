package dev.tapekit.format.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The catalog record decoder takes any bytes: a record (which encodes back to the same bytes), null
 * for a type it does not know, or a {@link TapeFormatException} at the given location, never another
 * exception. Inputs are made valid (magic, a known type, length, checksum) by the fuzzer's choice so
 * that the field checks behind the checksum are reached.
 */
class CatalogArchiveFuzzTest {
  static final TapeLocation WHERE = new TapeLocation("FUZZ01", 3, 9);

  @FuzzTest(maxDuration = "10s")
  void record(FuzzedDataProvider data) {
    boolean valid = data.consumeBoolean();
    int type = data.consumeInt(1, 5);
    byte[] seed = data.consumeRemainingAsBytes();
    byte[] record = valid ? Arrays.copyOf(seed, Math.max(seed.length, RecordFormat.MIN_LENGTH)) : seed;
    if (valid) {
      ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(0, Long.reverseBytes(RecordFormat.MAGIC)).putShort(8, (short) type).putInt(12, record.length);
      CRC32C c = new CRC32C();
      c.update(record, 0, record.length - 4);
      b.putInt(record.length - 4, (int) c.getValue());
    }
    try {
      CatalogRecord r = RecordFormat.decode(record, WHERE, 11);
      if (r != null) {
        assertArrayEquals(record, RecordFormat.encode(r), "decoding and encoding give the same bytes");
      }
    } catch (TapeFormatException expected) {
      assertEquals(WHERE, expected.location());
    }
  }
}
