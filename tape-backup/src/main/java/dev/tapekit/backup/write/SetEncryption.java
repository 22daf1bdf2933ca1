package dev.tapekit.backup.write;

import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import java.util.Objects;

/**
 * How a write session encrypts its media set: the tape key, and the same key wrapped under a
 * passphrase ({@link KeyConfig}), which goes into every tape's media set label so that the tapes
 * alone and the passphrase restore the set.
 *
 * <p>The mode is chosen when the set starts and kept by every tape of it: {@link
 * EncryptionMode#DRIVE} when the drive has hardware AES-256-GCM (and {@code allowDrive}), the drive
 * then encrypts every block under the set's drive key (SECURITY PROTOCOL OUT); otherwise {@link
 * EncryptionMode#SOFTWARE}, each chunk sealed with AES-256-GCM under a key derived from the tape key
 * and the set. Never both, never silently none.
 *
 * @param key the tape key (its fingerprint must be the pool's)
 * @param wrapped the key wrapped under a passphrase, carrying its fingerprint
 * @param allowDrive whether the drive may encrypt (false: always software)
 */
public record SetEncryption(TapeKey key, KeyConfig wrapped, boolean allowDrive) {
  public SetEncryption {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(wrapped, "wrapped");
    if (!wrapped.fingerprint().map(key.fingerprint()::equals).orElse(false)) {
      throw new IllegalArgumentException("the wrapped key config is not of tape key " + key.fingerprint()
          + ": it would not open the set");
    }
  }

  /** Drive encryption where the drive has it, else software. */
  public SetEncryption(TapeKey key, KeyConfig wrapped) {
    this(key, wrapped, true);
  }

  /** The same key, always in software. */
  public SetEncryption softwareOnly() {
    return new SetEncryption(key, wrapped, false);
  }

  /** The media set label's encryption member for {@code mode}. */
  public MediaSetLabel.Encryption label(EncryptionMode mode) {
    return new MediaSetLabel.Encryption(wrapped, mode);
  }
}
