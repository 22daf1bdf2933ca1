package dev.tapekit.catalog.policy;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import java.util.Optional;

/**
 * One backup's hold on a media set ({@link MediaPool#startWriteSession}): the set is locked
 * exclusively until {@link #close}. {@link #tape} gives the tape to write first, {@link #nextTape}
 * the one to change to when it is full.
 */
public final class WriteSession implements AutoCloseable {
  private final MediaPool pool;
  private final MediaSet set;
  private final Optional<String> newSetReason;
  private final CatalogLock lock;
  private final LockHolder holder;

  WriteSession(MediaPool pool, MediaSet set, Optional<String> newSetReason, CatalogLock lock, LockHolder holder) {
    this.pool = pool;
    this.set = set;
    this.newSetReason = newSetReason;
    this.lock = lock;
    this.holder = holder;
  }

  /** The set this session writes (for a new set: as it will be stored with its first tape). */
  public MediaSet set() {
    return set;
  }

  /** Why this session started a new set; empty when it appends to the current one. */
  public Optional<String> newSetReason() {
    return newSetReason;
  }

  LockHolder holder() {
    return holder;
  }

  /** The tape to write first: the set's writable last tape, or a newly allocated one. */
  public Media tape() throws CatalogException {
    return tape(DriveOccupancy.UNKNOWN);
  }

  /**
   * As {@link #tape()}, a new tape chosen knowing what the library's drives hold: none from another
   * drive, the one in this drive first among equals.
   */
  public Media tape(DriveOccupancy drives) throws CatalogException {
    return pool.allocate(this, true, drives);
  }

  /**
   * A newly allocated tape for the set's next sequence number, after the caller marked the tape it
   * wrote full (its stored status {@code full}).
   */
  public Media nextTape() throws CatalogException {
    return nextTape(DriveOccupancy.UNKNOWN);
  }

  /** As {@link #nextTape()}, knowing what the library's drives hold (see {@link #tape(DriveOccupancy)}). */
  public Media nextTape(DriveOccupancy drives) throws CatalogException {
    return pool.allocate(this, false, drives);
  }

  @Override
  public void close() {
    lock.close();
  }
}
