package dev.tapekit.scsi.tape;

import java.util.OptionalLong;

/**
 * The outcome of a SPACE: completed, or stopped early by a filemark, the beginning of the partition,
 * end of data or the end of the partition. Stopping early is a result, not an exception.
 *
 * <p>Where the tape is after an early stop: spacing blocks forward over a filemark leaves it after
 * the filemark, backward before it; at end of data it stays at end of data; at the beginning of the
 * partition it is at BOP.
 *
 * @param stop why spacing ended
 * @param residual how many of the requested blocks or filemarks were not spaced over (always
 *     non-negative), when the drive reported it; 0 when completed
 */
public record SpaceResult(Stop stop, OptionalLong residual) {

  /** Why a SPACE ended. */
  public enum Stop {
    /** All of the count was spaced over. */
    COMPLETED,
    /** Spacing over blocks met a filemark. */
    FILEMARK,
    /** Spacing backward reached the beginning of the partition. */
    BEGINNING_OF_PARTITION,
    /** Spacing forward reached end of data. */
    END_OF_DATA,
    /** Spacing forward reached the physical end of the partition. */
    END_OF_PARTITION
  }

  static final SpaceResult COMPLETED = new SpaceResult(Stop.COMPLETED, OptionalLong.of(0));

  /** True when the whole count was spaced over. */
  public boolean completed() {
    return stop == Stop.COMPLETED;
  }
}
