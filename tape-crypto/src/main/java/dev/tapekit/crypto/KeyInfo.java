package dev.tapekit.crypto;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the key store knows of one key, without the key: its fingerprint, how the stored copy is
 * protected, when it was made and changed, the passphrase hint, and which of the two stores hold it
 * ({@code wrapped}: the passphrase-protected config; {@code plain}: the unattended copy).
 */
public record KeyInfo(Fingerprint fingerprint, KdfType kdf, OffsetDateTime created, OffsetDateTime modified,
    Optional<String> hint, boolean wrapped, boolean plain) {}
