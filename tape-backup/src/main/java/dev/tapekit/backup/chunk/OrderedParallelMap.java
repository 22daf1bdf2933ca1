package dev.tapekit.backup.chunk;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One stage of the backup pipeline: items go in on the producer's thread, are mapped on worker
 * threads, and the results come out, in the order the items went in, to one consumer on a delivery
 * thread of its own. On that thread, and also in order, each item is first offered to an admission
 * check; an item it refuses skips the map and the consumer. Stages chain: a consumer may submit to
 * the next stage. ({@link ParallelHasher} hashes every chunk; {@link ParallelCompressor} compresses
 * the chunks the media set lacks.)
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #submit} returns once the item is queued; while {@code maxInFlight} items are submitted
 *       and neither consumed nor refused, it first waits. The item is made only then, so memory stays
 *       within {@code maxInFlight} items and their results.
 *   <li>Admission and consumer run on the delivery thread, one call at a time, each in submission
 *       order. The admission of an item comes after the admission of every earlier one, and may come
 *       before the consumer has had the earlier ones: it runs as items arrive, so that the workers are
 *       never idle while the consumer works.
 *   <li>A failure (of the admission, the map or the consumer) stops the stage: no further calls, and
 *       the next {@link #submit} or {@link #finish} throws an {@link IOException} that names the item
 *       and the step, with the failure as its cause. A consumer that fails because the next stage
 *       failed passes that stage's exception on as it is.
 *   <li>{@link #finish} waits until every item submitted is consumed or refused. {@link #close}
 *       stops the stage and waits until its threads have left the admission, map and consumer (so the
 *       consumer's resources can be closed next); items not consumed are dropped.
 *   <li>{@link #submit} is called from one thread at a time; {@link #finish} from any.
 * </ul>
 *
 * @param <I> the items; their {@code toString} names them in errors ("chunk at offset 123")
 * @param <O> what the map makes of an item
 */
final class OrderedParallelMap<I, O> implements AutoCloseable {
  @FunctionalInterface
  interface Admission<I> {
    boolean admit(I item) throws IOException, InterruptedException;
  }

  @FunctionalInterface
  interface Mapping<I, O> {
    O apply(I item) throws Exception;
  }

  @FunctionalInterface
  interface Consumer<I, O> {
    void accept(I item, O result) throws IOException, InterruptedException;
  }

  /** The exception {@link #submit} and {@link #finish} throw; a stage before this one passes it on. */
  private static final class StageFailedException extends IOException {
    StageFailedException(IOException failure) {
      super(failure.getMessage(), failure.getCause());
    }
  }

  private record Pending<I, O>(I item, FutureTask<O> result) {}

  private final int maxInFlight;
  private final Admission<I> admission;
  private final String work;
  private final Mapping<I, O> mapping;
  private final Consumer<I, O> consumer;
  private final ExecutorService workers;
  private final Thread delivery;
  /** Submitted, not yet offered to the admission; guarded by this. */
  private final ArrayDeque<I> arrived = new ArrayDeque<>();
  /** Admitted, in order, not yet consumed; the delivery thread's alone. */
  private final ArrayDeque<Pending<I, O>> admitted = new ArrayDeque<>();
  /** Submitted and neither consumed nor refused; guarded by this. */
  private int inFlight;
  /** The first failure; guarded by this. */
  private IOException failure;
  private boolean closed;

  /**
   * @param name names the threads ({@code <name>-worker-1}, {@code <name>-delivery})
   * @param threads worker threads
   * @param maxInFlight items held at most (a few per worker keeps every worker busy)
   * @param work what the map does, for errors ("hashing")
   */
  OrderedParallelMap(String name, int threads, int maxInFlight, Admission<I> admission, String work,
      Mapping<I, O> mapping, Consumer<I, O> consumer) {
    if (threads < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("threads (" + threads + ") and maxInFlight (" + maxInFlight
          + ") must be at least 1");
    }
    this.maxInFlight = maxInFlight;
    this.admission = Objects.requireNonNull(admission, "admission");
    this.work = Objects.requireNonNull(work, "work");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    AtomicInteger worker = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, name + "-worker-" + worker.incrementAndGet()));
    this.delivery = daemon(this::deliver, name + "-delivery");
    delivery.start();
  }

  /**
   * Waits while {@code maxInFlight} items are in flight, then makes the item with {@code item} (on
   * this thread) and queues it.
   *
   * @throws IOException if the stage failed (see the class comment)
   * @throws IllegalStateException if the stage is closed
   */
  void submit(Supplier<? extends I> item) throws IOException, InterruptedException {
    synchronized (this) {
      while (inFlight == maxInFlight && failure == null && !closed) {
        wait();
      }
      checkOpen();
      inFlight++;
    }
    I made;
    try {
      made = Objects.requireNonNull(item.get(), "item");
    } catch (RuntimeException | Error e) {
      released();
      throw e;
    }
    synchronized (this) {
      arrived.add(made);
      notifyAll();
    }
  }

  /**
   * Waits until every item submitted is consumed or refused.
   *
   * @throws IOException if the stage failed (see the class comment)
   * @throws IllegalStateException if the stage is closed
   */
  synchronized void finish() throws IOException, InterruptedException {
    while (inFlight > 0 && failure == null && !closed) {
      wait();
    }
    checkOpen();
  }

  /**
   * Stops the stage: the workers are interrupted, and the delivery thread stops after the admission
   * or consumer call in progress, which is waited for but not interrupted (an interrupt closes a
   * file channel the consumer writes to). Waits for the threads even when interrupted. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    workers.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (Thread.currentThread() != delivery) {
          delivery.join();
        }
        workers.awaitTermination(1, TimeUnit.MINUTES);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOpen() throws IOException {
    if (failure != null) {
      throw new StageFailedException(failure);
    }
    if (closed) {
      throw new IllegalStateException("the " + work + " stage is closed");
    }
  }

  private void deliver() {
    I item = null;
    String step = "admission";
    try {
      while (true) {
        I next;
        synchronized (this) {
          while (!closed && arrived.isEmpty() && (admitted.isEmpty() || !admitted.peekFirst().result().isDone())) {
            wait();
          }
          if (closed) {
            return;
          }
          next = arrived.poll();
        }
        if (next != null) { // admit what arrived first, so the workers have it while the consumer works
          item = next;
          step = "admission";
          if (admission.admit(next)) {
            FutureTask<O> task = new FutureTask<>(() -> mapping.apply(next)) {
              @Override
              protected void done() {
                synchronized (OrderedParallelMap.this) {
                  OrderedParallelMap.this.notifyAll();
                }
              }
            };
            admitted.add(new Pending<>(next, task));
            workers.execute(task);
          } else {
            released();
          }
          continue;
        }
        Pending<I, O> head = admitted.poll();
        item = head.item();
        O result;
        try {
          result = head.result().get();
        } catch (ExecutionException e) {
          fail(new IOException(item + ": " + work + " failed: " + e.getCause(), e.getCause()));
          return;
        }
        step = "the consumer";
        consumer.accept(item, result);
        released();
      }
    } catch (InterruptedException e) {
      fail(new IOException("the " + work + " stage was interrupted", e));
    } catch (StageFailedException e) {
      fail(new IOException(e.getMessage(), e.getCause()));
    } catch (Exception | Error e) {
      fail(new IOException(item + ": " + step + " failed: " + e, e));
    }
  }

  private synchronized void released() {
    inFlight--;
    notifyAll();
  }

  private synchronized void fail(IOException e) {
    failure = e;
    notifyAll();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
