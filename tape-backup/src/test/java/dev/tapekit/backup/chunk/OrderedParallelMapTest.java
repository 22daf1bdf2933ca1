package dev.tapekit.backup.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Seeds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OrderedParallelMap}: admission and delivery in submission order whatever order the workers
 * finish in, refused items never mapped, failures passed along
 * a chain of stages, and a close that waits for the consumer. The timeouts only turn a deadlock into
 * a failure; nothing here depends on timing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderedParallelMapTest {
  static final long SEED = Seeds.orDefault(0x0bd3_7e5dL);

  /** An item, named as the stage's errors name it. */
  private record Item(int index) {
    @Override
    public String toString() {
      return "item " + index;
    }
  }

  @ParameterizedTest(name = "{0} threads, {1} in flight")
  @CsvSource({"1, 1", "2, 3", "4, 2", "4, 16"})
  void admitsAndDeliversInSubmissionOrderAndNeverMapsWhatItRefuses(int threads, int maxInFlight) throws Exception {
    Seeds.replayable(OrderedParallelMapTest.class, SEED, random -> {
      int total = 300;
      long[] delays = new long[total];
      boolean[] refused = new boolean[total];
      for (int i = 0; i < total; i++) {
        delays[i] = random.nextInt(4) == 0 ? random.nextInt(0, 1_000_000) : 0;
        refused[i] = random.nextInt(3) == 0;
      }
      List<Integer> admitted = Collections.synchronizedList(new ArrayList<>());
      Set<Integer> mapped = ConcurrentHashMap.newKeySet();
      List<String> delivered = Collections.synchronizedList(new ArrayList<>());
      try (OrderedParallelMap<Item, String> stage = new OrderedParallelMap<>("test", threads, maxInFlight,
          item -> {
            admitted.add(item.index());
            return !refused[item.index()];
          }, "squaring", item -> {
            mapped.add(item.index());
            TimeUnit.NANOSECONDS.sleep(delays[item.index()]);
            return item.index() + "^2=" + item.index() * item.index();
          }, (item, result) -> delivered.add(result))) {
        for (int i = 0; i < total; i++) {
          int index = i;
          stage.submit(() -> new Item(index));
        }
        stage.finish();
      }
      List<String> expected = new ArrayList<>();
      List<Integer> all = new ArrayList<>();
      Set<Integer> kept = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < total; i++) {
        all.add(i);
        if (!refused[i]) {
          expected.add(i + "^2=" + i * i);
          kept.add(i);
        }
      }
      assertEquals(all, admitted, "every item offered once, in order");
      assertEquals(kept, mapped, "only admitted items are mapped");
      assertEquals(expected, delivered);
    });
  }

  @Test
  void anAdmissionFailureStopsTheStageAndNamesTheItem() throws Exception {
    IllegalStateException broken = new IllegalStateException("dedup table broken");
    List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
    IOException e;
    try (OrderedParallelMap<Item, Integer> stage = new OrderedParallelMap<>("test", 2, 3, item -> {
      if (item.index() == 4) {
        throw broken;
      }
      return true;
    }, "counting", Item::index, (item, result) -> delivered.add(result))) {
      e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 100; i++) {
          int index = i;
          stage.submit(() -> new Item(index));
        }
        stage.finish();
      });
      assertThrows(IOException.class, stage::finish, "and stays failed");
    }
    assertSame(broken, e.getCause());
    assertTrue(e.getMessage().startsWith("item 4: admission failed"), e.getMessage());
    // admission runs ahead of the consumer, so the failure may come before items 0-3 are consumed: those
    // consumed are a prefix, in order, and nothing after the failed item is
    assertTrue(delivered.size() <= 4, "nothing after the failed item: " + delivered);
    assertEquals(List.of(0, 1, 2, 3).subList(0, delivered.size()), delivered);
  }

  /** A stage whose consumer submits to a failed stage fails with that stage's own exception, not a wrapped one. */
  @Test
  void aLaterStagesFailureReachesTheFirstProducerAsItIs() throws Exception {
    IOException full = new IOException("tape full");
    IOException e;
    try (OrderedParallelMap<Item, Item> second = new OrderedParallelMap<>("second", 2, 2, item -> true, "copying",
        item -> item, (item, result) -> {
          if (item.index() == 7) {
            throw full;
          }
        });
        OrderedParallelMap<Item, Item> first = new OrderedParallelMap<>("first", 2, 2, item -> true, "copying",
            item -> item, (item, result) -> second.submit(() -> result))) {
      e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 1000; i++) {
          int index = i;
          first.submit(() -> new Item(index));
        }
        first.finish();
        second.finish();
      });
    }
    assertSame(full, e.getCause());
    assertEquals("item 7: the consumer failed: java.io.IOException: tape full", e.getMessage());
  }

  @Test
  void closeWaitsForTheConsumerInProgressAndDoesNotInterruptIt() throws Exception {
    CountDownLatch inConsumer = new CountDownLatch(1);
    AtomicBoolean closing = new AtomicBoolean();
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    OrderedParallelMap<Item, Item> stage = new OrderedParallelMap<>("test", 1, 4, item -> true, "copying",
        item -> item, (item, result) -> {
          inConsumer.countDown();
          while (!closing.get()) {
            Thread.onSpinWait();
          }
          for (int i = 0; i < 1000; i++) { // a little work after close has begun
            Thread.yield();
          }
          interrupted.set(Thread.currentThread().isInterrupted());
          returned.set(true);
        });
    stage.submit(() -> new Item(0));
    stage.submit(() -> new Item(1));
    inConsumer.await();
    closing.set(true);
    stage.close();
    assertTrue(returned.get(), "close returned after the consumer did");
    assertFalse(interrupted.get(), "the consumer was not interrupted");
    stage.close();
    assertThrows(IllegalStateException.class, () -> stage.submit(() -> new Item(2)));
    assertThrows(IllegalStateException.class, stage::finish);
  }

  @Test
  void aFailureMakingTheItemFreesItsPlace() throws Exception {
    try (OrderedParallelMap<Item, Item> stage = new OrderedParallelMap<>("test", 1, 1, item -> true, "copying",
        item -> item, (item, result) -> {})) {
      assertThrows(IllegalStateException.class, () -> stage.submit(() -> {
        throw new IllegalStateException("no memory for the copy");
      }));
      stage.submit(() -> new Item(1)); // would wait forever had the failed one kept the only place
      stage.finish();
    }
  }
}
