package dev.tapekit.iscsi;

import java.util.Objects;

/**
 * A CHAP user name and secret. Secrets are at most 255 bytes of UTF-8; RFC 7143 §12.1.3 asks for
 * random secrets of up to 128 bits and that one side's secret is never used by the other side, so a
 * target refuses a configuration whose mutual secret equals the initiator's.
 */
public record ChapCredentials(String user, String secret) {
  public ChapCredentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(secret, "secret");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("CHAP user name is empty");
    }
    int bytes = Chap.secretBytes(secret).length;
    if (bytes == 0 || bytes > 255) {
      throw new IllegalArgumentException("CHAP secret must be 1 to 255 bytes, not " + bytes);
    }
  }

  @Override
  public String toString() {
    return "ChapCredentials[user=" + user + ", secret=...]";
  }
}
