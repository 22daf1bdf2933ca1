package dev.tapekit.backup.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ParallelHasher}: submission order whatever order the workers finish in, failures reported
 * to the producer, and never more than maxInFlight chunks held. The timeouts only turn a deadlock
 * into a failure; nothing here depends on timing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ParallelHasherTest {
  static final long SEED = Seeds.orDefault(0x5eed_4a54L);

  /** The chunk's index, which the tests put in its first 4 bytes. */
  private static int index(byte[] data) {
    return ByteBuffer.wrap(data).getInt();
  }

  private static ByteBuffer chunk(SplittableRandom random, int index) {
    byte[] data = new byte[random.nextInt(4, 5000)];
    random.nextBytes(data);
    return ByteBuffer.wrap(data).putInt(0, index);
  }

  @ParameterizedTest(name = "{0} threads, {1} in flight")
  @CsvSource({"1, 1", "2, 3", "4, 2", "4, 16"})
  void deliversInSubmissionOrderWhateverOrderHashingEnds(int threads, int maxInFlight) throws Exception {
    Seeds.replayable(ParallelHasherTest.class, SEED, random -> {
      int total = 300;
      List<ByteBuffer> chunks = new ArrayList<>();
      long[] delays = new long[total];
      for (int i = 0; i < total; i++) {
        chunks.add(chunk(random, i));
        delays[i] = random.nextInt(4) == 0 ? random.nextInt(0, 1_000_000) : 0;
      }
      UnaryOperator<byte[]> slowSha256 = data -> {
        sleep(delays[index(data)]);
        return Sha256.newDigest().digest(data);
      };
      List<HashedChunk> delivered = Collections.synchronizedList(new ArrayList<>());
      try (ParallelHasher hasher = new ParallelHasher(threads, maxInFlight, delivered::add, slowSha256)) {
        for (int i = 0; i < total; i++) {
          hasher.submit(1000L * i, chunks.get(i));
        }
        hasher.finish();
      }
      assertEquals(total, delivered.size());
      for (int i = 0; i < total; i++) {
        HashedChunk c = delivered.get(i);
        byte[] expected = chunks.get(i).array();
        assertEquals(1000L * i, c.offset());
        assertArrayEquals(expected, c.data());
        assertArrayEquals(Sha256.newDigest().digest(expected), c.digest());
      }
    });
  }

  @Test
  void submitWaitsWhileMaxInFlightChunksAreNotConsumed() throws Exception {
    int maxInFlight = 4;
    AtomicInteger submitted = new AtomicInteger(); // submit calls that returned
    AtomicInteger consumed = new AtomicInteger();
    AtomicInteger mostAhead = new AtomicInteger();
    Thread[] producer = new Thread[1];
    ParallelHasher.ChunkConsumer consumer = c -> {
      if (c.offset() == 0) {
        // hold the first chunk until the producer waits: it must be in its (maxInFlight + 1)-th submit
        while (!(submitted.get() >= maxInFlight && producer[0].getState() == Thread.State.WAITING)) {
          Thread.onSpinWait();
        }
        assertEquals(maxInFlight, submitted.get(), "submits returned while the first chunk is held");
      }
      mostAhead.accumulateAndGet(submitted.get() - consumed.get(), Math::max);
      consumed.incrementAndGet();
    };
    try (ParallelHasher hasher = new ParallelHasher(2, maxInFlight, consumer)) {
      FutureTask<Void> produce = new FutureTask<>(() -> {
        for (int i = 0; i < 40; i++) {
          hasher.submit(i, ByteBuffer.allocate(100));
          submitted.incrementAndGet();
        }
        hasher.finish();
        return null;
      });
      producer[0] = new Thread(produce, "producer");
      producer[0].start();
      produce.get();
    }
    assertEquals(40, consumed.get());
    assertEquals(maxInFlight, mostAhead.get(), "chunks submitted and not consumed, at most");
  }

  @Test
  void aConsumerFailureStopsDeliveryAndReachesTheProducer() throws Exception {
    IOException full = new IOException("tape full");
    List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
    IOException e;
    try (ParallelHasher hasher = new ParallelHasher(2, 3, c -> {
      delivered.add(c.offset());
      if (c.offset() == 5) {
        throw full;
      }
    })) {
      e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 1000; i++) {
          hasher.submit(i, ByteBuffer.allocate(10));
        }
        hasher.finish();
      });
      assertThrows(IOException.class, hasher::finish, "and stays failed");
    }
    assertSame(full, e.getCause());
    assertTrue(e.getMessage().contains("chunk at offset 5: the consumer failed"), e.getMessage());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), delivered);
  }

  @Test
  void aHashingFailureStopsDeliveryAndReachesTheProducer() throws Exception {
    IllegalStateException broken = new IllegalStateException("broken digest");
    List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
    SplittableRandom random = new SplittableRandom(SEED);
    IOException e;
    try (ParallelHasher hasher = new ParallelHasher(3, 8, c -> delivered.add(index(c.data())), data -> {
      if (index(data) == 7) {
        throw broken;
      }
      return Sha256.newDigest().digest(data);
    })) {
      e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 10; i++) {
          hasher.submit(100L * i, chunk(random, i)); // may throw once chunk 7 failed
        }
        hasher.finish();
      });
    }
    assertSame(broken, e.getCause());
    assertTrue(e.getMessage().contains("chunk at offset 700: hashing failed"), e.getMessage());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), delivered);
  }

  @Test
  void submitCopiesAndLeavesTheBufferAlone() throws Exception {
    List<HashedChunk> delivered = Collections.synchronizedList(new ArrayList<>());
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}).position(1).limit(4);
    try (ParallelHasher hasher = new ParallelHasher(1, 1, delivered::add)) {
      hasher.submit(0, buffer);
      buffer.put(1, (byte) 9);
      hasher.finish();
    }
    assertEquals(1, buffer.position());
    assertArrayEquals(new byte[] {2, 3, 4}, delivered.get(0).data());
  }

  @Test
  void refusesWorkWhenClosed() throws Exception {
    ParallelHasher hasher = new ParallelHasher(1, 1, c -> {});
    hasher.close();
    hasher.close();
    assertThrows(IllegalStateException.class, () -> hasher.submit(0, ByteBuffer.allocate(1)));
    assertThrows(IllegalStateException.class, hasher::finish);
    assertThrows(IllegalArgumentException.class, () -> new ParallelHasher(0, 1, c -> {}));
    assertThrows(IllegalArgumentException.class, () -> new ParallelHasher(1, 0, c -> {}));
  }

  @Test
  void namesTheChunksOfAStreamAsNextHashedDoes() {
    Seeds.replayable(ParallelHasherTest.class, SEED, random -> {
      byte[] data = new byte[3 << 20];
      random.nextBytes(data);
      ChunkerParams params = ChunkerParams.ofAverage(64 << 10);
      List<HashedChunk> expected = new ArrayList<>();
      ChunkStream one = new ChunkStream(new ByteArrayInputStream(data), params);
      for (HashedChunk c; (c = one.nextHashed()) != null; ) {
        expected.add(c);
      }
      List<HashedChunk> actual = Collections.synchronizedList(new ArrayList<>());
      ChunkStream chunks = new ChunkStream(new ByteArrayInputStream(data), params);
      try (ParallelHasher hasher = new ParallelHasher(2, 4, actual::add)) {
        for (ByteBuffer c; (c = chunks.next()) != null; ) {
          hasher.submit(chunks.offset(), c);
        }
        hasher.finish();
      }
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i).offset(), actual.get(i).offset());
        assertArrayEquals(expected.get(i).data(), actual.get(i).data());
        assertArrayEquals(expected.get(i).digest(), actual.get(i).digest());
      }
    });
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
