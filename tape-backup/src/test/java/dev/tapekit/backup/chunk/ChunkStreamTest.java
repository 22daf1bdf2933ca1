package dev.tapekit.backup.chunk;

import static dev.tapekit.backup.chunk.ChunkTestData.lengths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ChunkStream} cuts a stream exactly as {@link FastCdc} cuts the same bytes in one array,
 * under awkward shapes: one byte per read, reads of random sizes, inputs of max ± 1 bytes and exact
 * multiples, inputs without a cut point (every chunk max bytes), empty.
 */
class ChunkStreamTest {
  static final long SEED = Seeds.orDefault(0x5eed_57eaL);
  /** max 256 KiB: the stream's buffer starts at 64 KiB and grows to 512 KiB. */
  static final ChunkerParams GROWING = ChunkerParams.ofAverage(64 << 10);
  /** max 16 KiB: the buffer is 32 KiB from the start. */
  static final ChunkerParams SMALL = ChunkerParams.ofAverage(4096);

  enum Shape {
    ONE_BYTE_AT_A_TIME, RANDOM_READS, WHOLE
  }

  enum Content {
    RANDOM, NO_CUT_POINT, RANDOM_THEN_NO_CUT_POINT
  }

  static Stream<Arguments> shapes() {
    List<Arguments> cases = new ArrayList<>();
    for (ChunkerParams p : List.of(SMALL, GROWING)) {
      int max = p.max();
      int[] sizes = {0, 1, p.min() - 1, p.min(), p.min() + 1, max - 1, max, max + 1, 2 * max - 1, 2 * max,
          2 * max + 1, 3 * max, 5 * max + 1, (64 << 10) - 1, 64 << 10, (64 << 10) + 1};
      for (Content content : Content.values()) {
        for (int size : sizes) {
          for (Shape shape : Shape.values()) {
            cases.add(Arguments.of(p, content, size, shape));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, {2} bytes, {3}")
  @MethodSource("shapes")
  void sameChunksAsOneArray(ChunkerParams p, Content content, int size, Shape shape) {
    Seeds.replayable(ChunkStreamTest.class, SEED, random -> {
      byte[] data = data(random, content, size);
      ChunkStream chunks = new ChunkStream(stream(data, shape, random), p);
      List<Integer> expected = lengths(new FastCdc(p), data);
      if (content == Content.NO_CUT_POINT) {
        assertTrue(expected.stream().limit(Math.max(0, expected.size() - 1)).allMatch(n -> n == p.max()), "all max");
      }
      List<Integer> actual = new ArrayList<>();
      long offset = 0;
      for (ByteBuffer c; (c = chunks.next()) != null; ) {
        assertEquals(offset, chunks.offset());
        assertEquals(0, c.position());
        byte[] bytes = new byte[c.remaining()];
        c.get(bytes);
        byte[] original = Arrays.copyOfRange(data, (int) offset, (int) offset + bytes.length);
        assertArrayEquals(original, bytes, "chunk at " + offset);
        actual.add(bytes.length);
        offset += bytes.length;
      }
      assertEquals(expected, actual);
      assertNull(chunks.next(), "stays at the end");
    });
  }

  @Test
  void nextHashedNamesACopyBySha256() {
    Seeds.replayable(ChunkStreamTest.class, SEED, random -> {
      byte[] data = data(random, Content.RANDOM, 100_000);
      ChunkStream chunks = new ChunkStream(new ByteArrayInputStream(data), SMALL);
      long offset = 0;
      for (HashedChunk c; (c = chunks.nextHashed()) != null; ) {
        assertEquals(offset, c.offset());
        byte[] expected = Arrays.copyOfRange(data, (int) offset, (int) offset + c.data().length);
        assertArrayEquals(expected, c.data());
        assertArrayEquals(Sha256.newDigest().digest(expected), c.digest());
        offset += c.data().length;
      }
      assertEquals(data.length, offset);
    });
  }

  @Test
  void chunksAreReadOnly() throws IOException {
    ByteBuffer c = new ChunkStream(new ByteArrayInputStream(new byte[10]), SMALL).next();
    assertThrows(ReadOnlyBufferException.class, () -> c.put(0, (byte) 1));
  }

  @Test
  void inputErrorsPassThrough() throws IOException {
    IOException broken = new IOException("read error on the source");
    byte[] data = data(new SplittableRandom(SEED), Content.RANDOM, 3 * SMALL.max());
    InputStream failing = new InputStream() {
      int left = data.length;

      @Override
      public int read() throws IOException {
        if (left == 0) {
          throw broken;
        }
        return data[data.length - left--] & 0xFF;
      }
    };
    ChunkStream chunks = new ChunkStream(failing, SMALL);
    IOException e = assertThrows(IOException.class, () -> {
      while (chunks.next() != null) {
        // the error comes when the stream runs dry
      }
    });
    assertSame(broken, e);
  }

  private static byte[] data(SplittableRandom random, Content content, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    if (content != Content.RANDOM) {
      // zeros: h settles at -GEAR[0], whose top bits are not zero (FastCdcGoldenTest)
      Arrays.fill(data, content == Content.NO_CUT_POINT ? 0 : size / 3, size, (byte) 0);
    }
    return data;
  }

  private static InputStream stream(byte[] data, Shape shape, SplittableRandom random) {
    return switch (shape) {
      case WHOLE -> new ByteArrayInputStream(data);
      case ONE_BYTE_AT_A_TIME -> new ShortReads(data, () -> 1);
      case RANDOM_READS -> new ShortReads(data, () -> random.nextInt(1, 70_000));
    };
  }

  /** Returns at most the next read size's bytes per read, and relies on InputStream for the rest. */
  private static final class ShortReads extends InputStream {
    private final byte[] data;
    private final IntSupplier readSize;
    private int position;

    ShortReads(byte[] data, IntSupplier readSize) {
      this.data = data;
      this.readSize = readSize;
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, readSize.getAsInt()), data.length - position);
      System.arraycopy(data, position, b, off, n);
      position += n;
      return n;
    }
  }
}
