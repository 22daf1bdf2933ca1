package dev.tapekit.catalog.policy;

import dev.tapekit.catalog.MediaLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * Which tapes a write session can reach (PBS's {@code location_is_available}): with a changer, only
 * tapes online in that changer; with a standalone drive, only offline tapes (an operator inserts
 * them); a vaulted tape never. {@code force} makes online and offline tapes both count.
 *
 * @param changer the changer the session's drive is in, if any
 * @param force whether every tape not in a vault counts as reachable
 */
public record Availability(Optional<String> changer, boolean force) {
  public Availability {
    Objects.requireNonNull(changer, "changer");
  }

  /** A drive in changer {@code name}. */
  public static Availability changer(String name) {
    return new Availability(Optional.of(name), false);
  }

  /** A standalone drive. */
  public static Availability standalone() {
    return new Availability(Optional.empty(), false);
  }

  /** Whether a tape at {@code location} can be used. */
  public boolean reaches(MediaLocation location) {
    if (location instanceof MediaLocation.Online online) {
      return force || changer.map(online.changer()::equals).orElse(false);
    }
    if (location instanceof MediaLocation.Offline) {
      return force || changer.isEmpty();
    }
    return false;
  }
}
