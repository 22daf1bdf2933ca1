package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;

/** A granted lock of either store: closing runs {@code release} once. */
final class HeldLock implements CatalogLock {
  private final LockTarget target;
  private final LockHolder holder;
  private final Runnable release;
  private boolean closed; // guarded by this

  HeldLock(LockTarget target, LockHolder holder, Runnable release) {
    this.target = target;
    this.holder = holder;
    this.release = release;
  }

  @Override
  public LockTarget target() {
    return target;
  }

  @Override
  public LockHolder holder() {
    return holder;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      release.run();
    }
  }
}
