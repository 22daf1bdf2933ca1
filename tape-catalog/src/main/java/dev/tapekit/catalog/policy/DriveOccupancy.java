package dev.tapekit.catalog.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a library's drives hold as a job picks a tape, by label text: the tape in the job's own drive,
 * and the tapes in the library's other drives. A tape in another drive is another job's or another
 * host's (being labelled, being written, or left there without an eject) and is not allocated; the tape
 * already in the job's drive goes first among equally good ones, so no move is needed.
 *
 * @param thisDrive the label of the tape in the job's drive, if any
 * @param otherDrives the labels of the tapes in the library's other drives
 */
public record DriveOccupancy(Optional<String> thisDrive, Set<String> otherDrives) {
  /** Nothing known (a standalone drive): every tape is a candidate, none preferred. */
  public static final DriveOccupancy UNKNOWN = new DriveOccupancy(Optional.empty(), Set.of());

  public DriveOccupancy {
    Objects.requireNonNull(thisDrive, "thisDrive");
    otherDrives = Set.copyOf(otherDrives);
  }
}
