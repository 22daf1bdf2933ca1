package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.snapshot.SnapshotEntry.Hole;
import dev.tapekit.scsi.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Hole detection in a file's data: exactly the aligned zero runs of at least 64 KiB are holes, the
 * rest comes out as data, whatever the shapes of the source's reads and the caller's.
 */
class FileDataTest {
  static final int B = FileData.HOLE_ALIGNMENT;
  static final int MIN = FileData.MIN_HOLE;
  static final long SEED = Seeds.orDefault(0xF11EDA7AL);

  @Test
  void emptySourceHasNoDataAndNoHoles() throws IOException {
    FileData d = new FileData(source(new byte[0], 1 << 20));
    assertEquals(-1, d.read());
    assertEquals(0, d.size());
    assertEquals(0, d.dataLength());
    assertEquals(List.of(), d.holes());
  }

  @Test
  void zerosOfExactlyTheMinimumAreOneHole() throws IOException {
    assertHoles(new byte[MIN], List.of(new Hole(0, MIN)));
  }

  @Test
  void zerosOneByteShortOfTheMinimumAreData() throws IOException {
    assertHoles(new byte[MIN - 1], List.of());
  }

  @Test
  void aHoleEndsAtTheEndOfTheFileEvenUnaligned() throws IOException {
    byte[] b = new byte[B + MIN + 123];
    b[0] = 1;
    assertHoles(b, List.of(new Hole(B, MIN + 123)));
  }

  @Test
  void zeroRunsSnapToWholeBlocks() throws IOException {
    // Zeros from 100 to 200 KiB + 100: the hole is the whole blocks inside, 4 KiB to 200 KiB.
    byte[] b = new byte[(200 << 10) + 100 + 1];
    Arrays.fill(b, 0, 100, (byte) 7);
    b[b.length - 1] = 9;
    assertHoles(b, List.of(new Hole(B, (200 << 10) - B)));
  }

  @Test
  void aNonZeroByteInEveryBlockMeansNoHole() throws IOException {
    byte[] b = new byte[MIN * 4];
    for (int i = B - 1; i < b.length; i += B) {
      b[i] = 1;
    }
    assertHoles(b, List.of());
  }

  @Test
  void oneByteAtATimeFromBothSides() throws IOException {
    byte[] b = file(new SplittableRandom(SEED), 300 << 10);
    FileData d = new FileData(source(b, 1));
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int c = d.read(); c >= 0; c = d.read()) {
      data.write(c);
    }
    assertArrayEquals(b, rebuild(data.toByteArray(), d.holes(), d.size()));
    assertEquals(expectedHoles(b), d.holes());
  }

  @Test
  void anErrorOfTheSourceIsThrownAndRemembered() throws IOException {
    IOException failure = new IOException("EIO");
    ReadableByteChannel failing = new ReadableByteChannel() {
      int calls;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (calls++ == 2) {
          throw failure;
        }
        dst.put((byte) 1);
        return 1;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    FileData d = new FileData(failing);
    assertSame(failure, assertThrows(IOException.class, d::readAllBytes));
    assertSame(failure, d.failure());
    assertThrows(IllegalStateException.class, d::holes);
  }

  @RepeatedTest(20)
  void randomFilesComeBackFromDataAndHoles(RepetitionInfo rep) {
    Seeds.replayable(FileDataTest.class, SEED + rep.getCurrentRepetition(), random -> {
      byte[] b = file(random, random.nextInt(3 << 20));
      int sourceRead = new int[] {1, B - 1, B, B + 1, 65_537, 1 << 20, 3 << 20}[random.nextInt(7)];
      int callerRead = new int[] {1, B - 1, B + 1, 1 << 20}[random.nextInt(4)];
      FileData d = new FileData(source(b, sourceRead));
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      byte[] buf = new byte[callerRead];
      for (int n = d.read(buf, 0, buf.length); n >= 0; n = d.read(buf, 0, buf.length)) {
        assertTrue(n > 0);
        data.write(buf, 0, n);
      }
      assertEquals(b.length, d.size());
      assertEquals(data.size(), d.dataLength());
      assertEquals(expectedHoles(b), d.holes());
      assertArrayEquals(b, rebuild(data.toByteArray(), d.holes(), d.size()));
    });
  }

  /** A tree reader lends one buffer to file after file: nothing of a file shows in the next one. */
  @RepeatedTest(5)
  void aLentBufferCarriesNothingFromFileToFile(RepetitionInfo rep) {
    Seeds.replayable(FileDataTest.class, SEED - rep.getCurrentRepetition(), random -> {
      java.nio.ByteBuffer lent = FileData.buffer();
      for (int f = 0; f < 6; f++) {
        byte[] b = f % 2 == 0 ? file(random, random.nextInt(2 << 20)) : new byte[random.nextInt(3 * MIN)];
        FileData d = new FileData(source(b, new int[] {1, B + 1, 1 << 20}[random.nextInt(3)]), lent);
        byte[] data = d.readAllBytes();
        assertEquals(b.length, d.size());
        assertEquals(expectedHoles(b), d.holes());
        assertArrayEquals(b, rebuild(data, d.holes(), d.size()));
      }
    });
  }

  private static void assertHoles(byte[] b, List<Hole> holes) throws IOException {
    FileData d = new FileData(source(b, 1 << 20));
    byte[] data = d.readAllBytes();
    assertEquals(holes, d.holes());
    assertEquals(holes, expectedHoles(b), "the reference agrees");
    assertArrayEquals(b, rebuild(data, d.holes(), d.size()));
  }

  /** A file of random segments: random bytes, zero runs of awkward lengths, single non-zero bytes. */
  private static byte[] file(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    int at = 0;
    while (at < length) {
      int[] runs = {1, B - 1, B, B + 1, MIN - 1, MIN, MIN + 1, 2 * MIN + B, 300_000};
      int n = Math.min(length - at, runs[random.nextInt(runs.length)]);
      if (random.nextBoolean()) {
        byte[] r = new byte[n];
        random.nextBytes(r);
        System.arraycopy(r, 0, b, at, n);
      }
      at += n;
    }
    return b;
  }

  /** The holes by the definition, block by block. */
  private static List<Hole> expectedHoles(byte[] b) {
    List<Hole> holes = new ArrayList<>();
    long start = -1;
    for (int at = 0; at < b.length; at += B) {
      int end = Math.min(b.length, at + B);
      boolean zero = Arrays.mismatch(b, at, end, new byte[end - at], 0, end - at) < 0;
      if (zero && start < 0) {
        start = at;
      } else if (!zero && start >= 0) {
        addIfLong(holes, start, at);
        start = -1;
      }
    }
    if (start >= 0) {
      addIfLong(holes, start, b.length);
    }
    return holes;
  }

  private static void addIfLong(List<Hole> holes, long start, long end) {
    if (end - start >= MIN) {
      holes.add(new Hole(start, end - start));
    }
  }

  private static byte[] rebuild(byte[] data, List<Hole> holes, long size) {
    byte[] b = new byte[(int) size];
    int from = 0;
    int at = 0;
    for (Hole h : holes) {
      int n = (int) h.offset() - at;
      System.arraycopy(data, from, b, at, n);
      from += n;
      at = (int) (h.offset() + h.length());
    }
    System.arraycopy(data, from, b, at, b.length - at);
    assertEquals(data.length, from + b.length - at, "data bytes left over");
    return b;
  }

  /** A channel over {@code b} that returns at most {@code max} bytes a read. */
  private static ReadableByteChannel source(byte[] b, int max) {
    return new ReadableByteChannel() {
      int at;

      @Override
      public int read(ByteBuffer dst) {
        if (at == b.length) {
          return -1;
        }
        int n = Math.min(Math.min(max, dst.remaining()), b.length - at);
        dst.put(b, at, n);
        at += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
