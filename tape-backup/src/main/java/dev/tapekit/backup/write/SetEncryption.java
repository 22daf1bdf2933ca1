package dev.tapekit.backup.write;

import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import java.util.Objects;

/**
 * How a write session encrypts its media set: the tape key, and the same key wrapped under a
 * passphrase ({@link KeyConfig}), which goes into every tape's media set label so that the tapes
 * alone and the passphrase restore the set. Today only {@link EncryptionMode#SOFTWARE}: each chunk is
 * sealed with AES-256-GCM under a key derived from the tape key and the set.
 *
 * @param key the tape key (its fingerprint must be the pool's)
 * @param wrapped the key wrapped under a passphrase, carrying its fingerprint
 */
public record SetEncryption(TapeKey key, KeyConfig wrapped) {
  public SetEncryption {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(wrapped, "wrapped");
    if (!wrapped.fingerprint().map(key.fingerprint()::equals).orElse(false)) {
      throw new IllegalArgumentException("the wrapped key config is not of tape key " + key.fingerprint()
          + ": it would not open the set");
    }
  }

  /** The media set label's encryption member. */
  public MediaSetLabel.Encryption label() {
    return new MediaSetLabel.Encryption(wrapped, EncryptionMode.SOFTWARE);
  }
}
