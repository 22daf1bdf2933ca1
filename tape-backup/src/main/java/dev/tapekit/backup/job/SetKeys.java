package dev.tapekit.backup.job;

import dev.tapekit.backup.media.DriveKeys;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.util.UUID;
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

  /**
   * After a tape of set {@code set} is loaded: with a key, its media set label says how the set is
   * encrypted, and a drive-encrypted one gets the set's drive key (reads then decrypt encrypted blocks
   * and pass plain ones). The labels are read in the clear.
   *
   * @return whether the drive now holds the set's drive key (the caller clears it when done)
   */
  static boolean afterLoad(TapeDrive drive, String label, UUID set, Optional<TapeKey> key) throws IOException {
    if (key.isEmpty()) {
      return false;
    }
    drive.clearEncryptionKey();
    Optional<MediaSetLabel.Encryption> e = TapeLabels.readLabels(new DriveBlockSource(drive, label))
        .flatMap(TapeLabels::mediaSet).flatMap(MediaSetLabel::encryption);
    if (e.isPresent() && e.get().mode() == EncryptionMode.DRIVE) {
      DriveKeys.set(drive, key.get(), set);
      return true;
    }
    return false;
  }
}
