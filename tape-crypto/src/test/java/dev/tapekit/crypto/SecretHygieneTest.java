package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.CLOCK;
import static dev.tapekit.crypto.Fixtures.hex;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key material and passphrases stay out of text, and closing wipes. */
class SecretHygieneTest {
  @Test
  void noTextFormShowsKeyMaterial() throws Exception {
    try (TapeKey key = TapeKey.of(Fixtures.keyFrom(0x60)); DriveKey drive = key.driveKey(Fixtures.MEDIA_SET);
        MediaSetKey set = key.mediaSetKey(Fixtures.MEDIA_SET); PayloadEncryptor enc = set.newArchive();
        Passphrase p = pass("hunter2-secret")) {
      KeyConfig config = KeyConfig.wrap(key, p, KdfType.PBKDF2, null, CLOCK);
      String keyHex = hex(key.copyBytes());
      String keyB64 = Base64.getEncoder().encodeToString(key.copyBytes());
      String driveHex = hex(drive.copyBytes());
      for (Object o : List.of(key, drive, set, enc, p, config, config.toJson(), config.toPrettyJson())) {
        String text = o.toString();
        for (String secret : List.of(keyHex, keyB64, driveHex, "hunter2")) {
          assertFalse(text.contains(secret), o.getClass().getSimpleName() + " shows a secret: " + text);
        }
      }
      WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> config.unwrap(pass("hunter3-secret")));
      assertFalse(e.getMessage().contains("hunter3"));
    }
  }

  @Test
  void closedKeysAndPassphrasesCannotBeUsed() {
    TapeKey key = TapeKey.generate();
    key.close();
    assertThrows(IllegalStateException.class, key::copyBytes);
    assertThrows(IllegalStateException.class, () -> key.driveKey(Fixtures.MEDIA_SET));
    DriveKey drive;
    try (TapeKey k = TapeKey.generate()) {
      drive = k.driveKey(Fixtures.MEDIA_SET);
    }
    drive.close();
    assertThrows(IllegalStateException.class, drive::copyBytes);
    Passphrase p = pass("some secret");
    p.close();
    assertThrows(IllegalStateException.class, p::length);
  }

  @Test
  void copiesAreCopies() {
    byte[] bytes = Fixtures.keyFrom(0x70);
    try (TapeKey key = TapeKey.of(bytes)) {
      bytes[0] = 99;
      byte[] copy = key.copyBytes();
      copy[1] = 99;
      assertFalse(hex(key.copyBytes()).startsWith("63"), "caller's array is not the key");
      assertFalse(key.copyBytes()[1] == 99, "the copy handed out is not the key");
    }
  }
}
