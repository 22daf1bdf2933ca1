package dev.tapekit.backup.job;

import dev.tapekit.catalog.MediaSet;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.TapeKey;
import java.util.Optional;

/** The payload key of a media set, from the tape key a job was given. */
final class SetKeys {
  private SetKeys() {}

  /**
   * The set's key when the set is software-encrypted and {@code key} was given; empty otherwise (an
   * unencrypted set, or no key). The caller closes it.
   *
   * @throws IllegalArgumentException when {@code key} is not the set's key (its fingerprint differs)
   */
  static Optional<MediaSetKey> open(MediaSet set, Optional<TapeKey> key) {
    if (set.encryption().isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    String given = key.get().fingerprint().toString();
    if (!set.encryption().get().equals(given)) {
      throw new IllegalArgumentException("media set " + set.name() + " (" + set.uuid() + ") is encrypted with key "
          + set.encryption().get() + ", the job was given key " + given + ": give it the set's tape key");
    }
    return Optional.of(key.get().mediaSetKey(set.uuid()));
  }
}
