package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The waiting both stores' locks share: try, sleep, try again until a deadline; then say who holds it. */
final class LockWait {
  /** How long to sleep between tries. */
  static final long POLL_MILLIS = 50;

  @FunctionalInterface
  interface Attempt {
    boolean tryOnce() throws CatalogException;
  }

  @FunctionalInterface
  interface Holders {
    List<LockHolder> now() throws CatalogException;
  }

  private LockWait() {}

  static void await(String where, LockTarget target, LockHolder asking, Duration timeout, Attempt attempt,
      Holders holders) throws CatalogException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!attempt.tryOnce()) {
      if (System.nanoTime() - deadline >= 0) {
        List<LockHolder> now = holders.now();
        throw new CatalogException.LockTimeout(where + ": " + target + " is locked"
            + (now.isEmpty() ? " (its holder just left or did not record itself)"
                : " by " + now.stream().map(LockHolder::toString).collect(Collectors.joining(", ")))
            + "; " + asking.job() + " waited " + timeout.toSeconds() + " s for a"
            + (asking.mode() == LockHolder.Mode.SHARED ? " shared" : "n exclusive")
            + " lock: wait for that job to finish, or stop it");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CatalogException.LockTimeout(where + ": interrupted while waiting for " + target);
      }
    }
  }
}
