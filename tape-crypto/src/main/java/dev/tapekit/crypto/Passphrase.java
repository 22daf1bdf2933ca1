package dev.tapekit.crypto;

import dev.tapekit.crypto.internal.Secrets;
import java.util.Arrays;

/**
 * A passphrase that protects a key, held as characters and wiped on {@link #close()}. It is never
 * turned into a {@code String}, logged or printed ({@link #toString()} hides it). Encoded as UTF-8
 * for the key derivation, as PBS does.
 *
 * <p>A new passphrase (wrapping a key) needs at least {@link #MIN_LENGTH} characters; opening a key
 * needs at least 5 bytes of UTF-8, PBS's own check. Not thread-safe.
 */
public final class Passphrase implements AutoCloseable {
  /** The shortest passphrase accepted for a new or changed key, in characters (as PBS). */
  public static final int MIN_LENGTH = 5;

  private final char[] chars;
  private boolean closed;

  private Passphrase(char[] chars) {
    this.chars = chars;
  }

  /** A passphrase from a copy of {@code chars}; the caller wipes its own array. */
  public static Passphrase of(char[] chars) {
    return new Passphrase(chars.clone());
  }

  /** The passphrase as UTF-8 bytes, in a new array the caller wipes. */
  byte[] utf8() {
    check();
    return Secrets.utf8(chars, 0, chars.length);
  }

  /** Its length in characters (code points). */
  public int length() {
    check();
    return Character.codePointCount(chars, 0, chars.length);
  }

  /**
   * Checks that this passphrase may protect a new key.
   *
   * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} characters
   */
  public void requireStrongEnough() {
    if (length() < MIN_LENGTH) {
      throw new IllegalArgumentException("the passphrase is too short: at least " + MIN_LENGTH
          + " characters are needed (PBS asks the same)");
    }
  }

  /** Whether this and {@code other} are the same passphrase (for "type it again" checks). */
  public boolean matches(Passphrase other) {
    check();
    other.check();
    byte[] a = utf8();
    byte[] b = other.utf8();
    try {
      return java.security.MessageDigest.isEqual(a, b);
    } finally {
      Secrets.wipe(a, b);
    }
  }

  /** Wipes the characters; the passphrase cannot be used after. */
  @Override
  public void close() {
    Arrays.fill(chars, '\0');
    closed = true;
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("passphrase already closed");
    }
  }

  @Override
  public String toString() {
    return "Passphrase[hidden]";
  }
}
