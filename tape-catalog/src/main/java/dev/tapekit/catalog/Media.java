package dev.tapekit.catalog;

import dev.tapekit.format.content.ContentHeader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One tape of the inventory: what its labels say, and what tapekit has learned about it.
 *
 * @param uuid the media UUID of its media label
 * @param label its label text (usually the barcode); unique in the inventory
 * @param labelled its media label's ctime
 * @param pool the pool it belongs to: its media set's pool, or the pool its media label reserves it
 *     for; empty for a free tape
 * @param membership the media set it belongs to, if any
 * @param status its stored status ({@link MediaStatus#UNKNOWN} when nothing is stored)
 * @param location where it is
 * @param bytesUsed bytes written on it, as the drive last reported
 * @param loads how often tapekit loaded it
 * @param errors how many read or write errors tapekit saw on it
 * @param worm whether it is write-once media (never overwritten, never expires)
 */
public record Media(UUID uuid, String label, Instant labelled, Optional<String> pool, Optional<Membership> membership,
    MediaStatus status, MediaLocation location, long bytesUsed, long loads, long errors, boolean worm) {

  /**
   * A tape's place in a media set, from its media set label.
   *
   * @param mediaSet the set's UUID
   * @param sequence the tape's number in the set, 0 for the first
   * @param assigned the media set label's ctime: when the tape joined the set
   */
  public record Membership(UUID mediaSet, int sequence, Instant assigned) {
    public Membership {
      Objects.requireNonNull(mediaSet, "mediaSet");
      assigned = assigned.truncatedTo(ChronoUnit.SECONDS);
      if (mediaSet.equals(ContentHeader.NO_SET) || sequence < 0) {
        throw new IllegalArgumentException("a media set membership names a set and a sequence ≥ 0: " + mediaSet
            + " #" + sequence);
      }
    }
  }

  public Media {
    Objects.requireNonNull(uuid, "uuid");
    Names.check("label text", label);
    labelled = labelled.truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(pool, "pool").ifPresent(p -> Names.check("pool name", p));
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(location, "location");
    if (bytesUsed < 0 || loads < 0 || errors < 0) {
      throw new IllegalArgumentException("negative counters for " + label);
    }
    if (membership.isPresent() && pool.isEmpty()) {
      throw new IllegalArgumentException(label + ": a tape in a media set belongs to the set's pool");
    }
  }

  /** A newly labelled tape: no set, status unknown, offline, no counters. */
  public static Media newTape(UUID uuid, String label, Instant labelled, Optional<String> pool, boolean worm) {
    return new Media(uuid, label, labelled, pool, Optional.empty(), MediaStatus.UNKNOWN, MediaLocation.OFFLINE, 0, 0,
        0, worm);
  }

  public Media withStatus(MediaStatus s) {
    return new Media(uuid, label, labelled, pool, membership, s, location, bytesUsed, loads, errors, worm);
  }

  public Media withLocation(MediaLocation l) {
    return new Media(uuid, label, labelled, pool, membership, status, l, bytesUsed, loads, errors, worm);
  }

  public Media withBytesUsed(long b) {
    return new Media(uuid, label, labelled, pool, membership, status, location, b, loads, errors, worm);
  }

  public Media withCounters(long newLoads, long newErrors) {
    return new Media(uuid, label, labelled, pool, membership, status, location, bytesUsed, newLoads, newErrors, worm);
  }

  /** The tape as a member of {@code set}'s pool at {@code sequence}: stored status cleared, no bytes used. */
  public Media assignedTo(String setPool, Membership m) {
    return new Media(uuid, label, labelled, Optional.of(setPool), Optional.of(m), MediaStatus.UNKNOWN, location, 0,
        loads, errors, worm);
  }

  /** Whether it is in media set {@code set}. */
  public boolean inSet(UUID set) {
    return membership.isPresent() && membership.get().mediaSet().equals(set);
  }

  @Override
  public String toString() {
    return label + " (" + uuid + ")";
  }
}
