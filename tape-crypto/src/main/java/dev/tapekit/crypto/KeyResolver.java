package dev.tapekit.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds "the key for media set X": the one question the format, backup and restore code asks. Given
 * the fingerprint a media set label names (and the protected key config the label carries, if any),
 * it tries, in order:
 *
 * <ol>
 *   <li>the key store's plain copy (unattended jobs: no passphrase);
 *   <li>the key store's protected copy, with a passphrase;
 *   <li>the key config from the media set label, with a passphrase;
 *   <li>key configs the caller supplies (a key file, a {@link PaperKey}), with a passphrase.
 * </ol>
 *
 * <p>The passphrase is asked at most once per {@link #key} call, only when a protected copy with the
 * right fingerprint exists, and is wiped after. A key opened from the label or a supplied config can
 * be remembered in the store ({@link Builder#remember}), as PBS's {@code key restore} does. Failure
 * names every source tried. Thread-safe when the prompt is.
 *
 * <pre>{@code
 * KeyResolver keys = KeyResolver.builder().store(TapeKeyStore.open(dir)).prompt(console::readPassphrase).build();
 * // tape-format's MediaSetLabel carries the fingerprint and the wrapped key:
 * MediaSetLabel.Encryption enc = setLabel.encryption().orElseThrow();
 * try (TapeKey key = keys.key(enc.fingerprint(), enc.keyConfig());
 *      DriveKey drive = key.driveKey(setLabel.mediaSet())) { ... }
 * }</pre>
 */
public final class KeyResolver {
  /** Asks the user for the passphrase of a key; returns null when none can be had (no terminal). */
  @FunctionalInterface
  public interface Prompt {
    Passphrase ask(String question) throws TapeCryptoException;
  }

  private final TapeKeyStore store;
  private final Prompt prompt;
  private final List<KeyConfig> supplied;
  private final boolean remember;

  private KeyResolver(Builder b) {
    this.store = b.store;
    this.prompt = b.prompt;
    this.supplied = List.copyOf(b.supplied);
    this.remember = b.remember;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link KeyResolver}. */
  public static final class Builder {
    private TapeKeyStore store;
    private Prompt prompt;
    private final List<KeyConfig> supplied = new ArrayList<>();
    private boolean remember;

    private Builder() {}

    /** The key store to look in first. */
    public Builder store(TapeKeyStore store) {
      this.store = store;
      return this;
    }

    /** How to ask for a passphrase; without one, only plain keys are found. */
    public Builder prompt(Prompt prompt) {
      this.prompt = prompt;
      return this;
    }

    /** A key config from a key file or a paper key, tried after the label. */
    public Builder keyConfig(KeyConfig config) {
      supplied.add(Objects.requireNonNull(config));
      return this;
    }

    /** Whether a key opened from a label or a supplied config is added to the store. */
    public Builder remember(boolean remember) {
      this.remember = remember;
      return this;
    }

    public KeyResolver build() {
      return new KeyResolver(this);
    }
  }

  /**
   * The tape key with fingerprint {@code fingerprint}.
   *
   * @param fromLabel the protected key config stored in the media set label, or null
   * @throws KeyNotFoundException when no source has it (the message lists what was tried)
   * @throws WrongPassphraseException when protected copies exist but the passphrase opens none
   * @throws FingerprintMismatchException when a copy opens to another key than it claims
   */
  public TapeKey key(Fingerprint fingerprint, KeyConfig fromLabel) throws TapeCryptoException {
    Objects.requireNonNull(fingerprint, "fingerprint");
    List<String> tried = new ArrayList<>();
    List<Candidate> protectedCopies = new ArrayList<>();
    if (store != null) {
      Optional<TapeKey> plain = store.plainKey(fingerprint);
      if (plain.isPresent()) {
        return plain.get();
      }
      tried.add("the plain keys in " + store.directory());
      Optional<KeyInfo> info = store.find(fingerprint);
      if (info.isPresent() && info.get().wrapped()) {
        protectedCopies.add(new Candidate(store.export(fingerprint), "the key store " + store.directory(), false));
      } else {
        tried.add("the protected keys in " + store.directory());
      }
    }
    if (fromLabel != null) {
      candidate(fromLabel, fingerprint, "the media set label", tried, protectedCopies);
    } else {
      tried.add("the media set label (it carries no key)");
    }
    for (KeyConfig c : supplied) {
      candidate(c, fingerprint, "the key file or paper key given", tried, protectedCopies);
    }
    if (protectedCopies.isEmpty()) {
      throw new KeyNotFoundException("no copy of key " + fingerprint + " found; tried " + String.join(", ", tried)
          + ". Import the key (a key file or paper key) or restore it from a tape of the media set.", fingerprint);
    }
    if (prompt == null) {
      throw new KeyNotFoundException("key " + fingerprint + " is only available protected by a passphrase ("
          + protectedCopies.get(0).where + ") and no passphrase can be asked for here", fingerprint);
    }
    Passphrase passphrase = prompt.ask("Passphrase for tape key " + fingerprint.shortForm()
        + protectedCopies.get(0).config.hint().map(h -> " (hint: " + h + ")").orElse("") + ": ");
    if (passphrase == null) {
      throw new KeyNotFoundException("key " + fingerprint + " needs its passphrase, and none was given", fingerprint);
    }
    try (passphrase) {
      WrongPassphraseException wrong = null;
      for (Candidate c : protectedCopies) {
        TapeKey key;
        try {
          key = c.config.unwrap(passphrase);
        } catch (WrongPassphraseException e) {
          wrong = wrong == null ? e : wrong;
          continue;
        }
        if (!key.fingerprint().equals(fingerprint)) {
          Fingerprint actual = key.fingerprint();
          key.close();
          throw new FingerprintMismatchException(c.where + " holds key " + actual + ", not " + fingerprint,
              fingerprint, actual);
        }
        if (remember && c.rememberable && store != null) {
          store.importKey(c.config, passphrase, true);
        }
        return key;
      }
      throw wrong;
    }
  }

  /** The drive key for media set {@code mediaSet} under the key {@code fingerprint}. */
  public DriveKey driveKey(Fingerprint fingerprint, KeyConfig fromLabel, UUID mediaSet) throws TapeCryptoException {
    try (TapeKey key = key(fingerprint, fromLabel)) {
      return key.driveKey(mediaSet);
    }
  }

  /** The software-encryption key for media set {@code mediaSet} under the key {@code fingerprint}. */
  public MediaSetKey mediaSetKey(Fingerprint fingerprint, KeyConfig fromLabel, UUID mediaSet) throws TapeCryptoException {
    try (TapeKey key = key(fingerprint, fromLabel)) {
      return key.mediaSetKey(mediaSet);
    }
  }

  private static void candidate(KeyConfig c, Fingerprint wanted, String where, List<String> tried, List<Candidate> out) {
    if (!c.isProtected()) {
      tried.add(where + " (an unprotected config is not accepted here)");
    } else if (c.fingerprint().isPresent() && !c.fingerprint().get().equals(wanted)) {
      tried.add(where + " (it holds key " + c.fingerprint().get().shortForm() + ")");
    } else {
      out.add(new Candidate(c, where, true));
    }
  }

  private record Candidate(KeyConfig config, String where, boolean rememberable) {}
}
