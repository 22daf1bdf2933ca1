package dev.tapekit.format.label;

import java.util.Optional;

/**
 * What protects the data files (2 and on) of an encrypted media set; a set uses exactly one
 * (FORMAT.md, "Encryption"). Labels themselves are never encrypted.
 */
public enum EncryptionMode {
  /**
   * The drive encrypts every block (AES-256-GCM, SECURITY PROTOCOL OUT) under the set's drive key,
   * derived from the tape key and the media set UUID as PBS derives it.
   */
  DRIVE("drive"),
  /** tapekit seals each chunk's payload (AES-256-GCM in software); the drive writes the blocks in the clear. */
  SOFTWARE("software");

  private final String text;

  EncryptionMode(String text) {
    this.text = text;
  }

  /** The name in the media set label's JSON: {@code drive} or {@code software}. */
  public String text() {
    return text;
  }

  /** The mode named {@code text} exactly (lower case), if there is one. */
  public static Optional<EncryptionMode> byText(String text) {
    for (EncryptionMode m : values()) {
      if (m.text.equals(text)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
