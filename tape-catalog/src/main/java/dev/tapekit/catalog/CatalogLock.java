package dev.tapekit.catalog;

/**
 * A granted lock ({@link CatalogStore#lock}). Closing releases it; closing twice does nothing. A
 * lock also ends with its process (and, for PostgreSQL, with its database connection), so a crashed
 * job never leaves a set or drive locked.
 */
public interface CatalogLock extends AutoCloseable {
  /** What is locked. */
  LockTarget target();

  /** Who holds it. */
  LockHolder holder();

  @Override
  void close();
}
