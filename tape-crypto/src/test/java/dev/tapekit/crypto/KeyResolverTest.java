package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.CLOCK;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyResolverTest {
  @TempDir
  Path dir;
  final List<String> asked = new ArrayList<>();

  KeyResolver.Prompt answering(String password) {
    return question -> {
      asked.add(question);
      return pass(password);
    };
  }

  @Test
  void thePlainKeyInTheStoreNeedsNoPassphrase() throws Exception {
    TapeKeyStore store = TapeKeyStore.open(dir, CLOCK);
    Fingerprint fp = store.create(pass("stored secret"), KdfType.PBKDF2, null);
    KeyResolver r = KeyResolver.builder().store(store).prompt(answering("unused")).build();
    try (TapeKey key = r.key(fp, null)) {
      assertEquals(fp, key.fingerprint());
    }
    assertEquals(List.of(), asked);
  }

  @Test
  void aKeyFromTheMediaSetLabelOpensWithItsPassphraseAndIsRemembered() throws Exception {
    TapeKeyStore store = TapeKeyStore.open(dir, CLOCK);
    try (TapeKey original = TapeKey.generate()) {
      KeyConfig label = KeyConfig.wrap(original, pass("label secret"), KdfType.PBKDF2, "on the label", CLOCK);
      KeyResolver r = KeyResolver.builder().store(store).prompt(answering("label secret")).remember(true).build();
      try (TapeKey key = r.key(original.fingerprint(), label); DriveKey drive = r.driveKey(original.fingerprint(), label,
          Fixtures.MEDIA_SET); DriveKey expected = original.driveKey(Fixtures.MEDIA_SET)) {
        assertArrayEquals(original.copyBytes(), key.copyBytes());
        assertArrayEquals(expected.copyBytes(), drive.copyBytes());
      }
      assertTrue(asked.get(0).contains(original.fingerprint().shortForm()) && asked.get(0).contains("on the label"),
          asked.get(0));
      assertTrue(store.plainKey(original.fingerprint()).isPresent(), "remembered in the store, as PBS's key restore");
    }
  }

  @Test
  void aPaperKeyOrKeyFileIsTriedAfterTheLabel() throws Exception {
    KeyConfig file = KeyConfig.parse(Fixtures.text("pbkdf2-key.json"));
    Fingerprint fp = file.fingerprint().orElseThrow();
    KeyResolver r = KeyResolver.builder().keyConfig(file).prompt(answering(Fixtures.PBKDF2_PASSWORD)).build();
    try (TapeKey key = r.key(fp, null)) {
      assertArrayEquals(Fixtures.keyFrom(0x20), key.copyBytes());
    }
  }

  @Test
  void nothingFoundListsWhatWasTried() throws Exception {
    TapeKeyStore store = TapeKeyStore.open(dir, CLOCK);
    KeyConfig other = KeyConfig.parse(Fixtures.text("pbkdf2-key.json"));
    try (TapeKey wanted = TapeKey.generate()) {
      KeyResolver r = KeyResolver.builder().store(store).keyConfig(other).prompt(answering("x")).build();
      KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> r.key(wanted.fingerprint(), null));
      assertTrue(e.getMessage().contains("plain keys in " + store.directory()) && e.getMessage().contains("media set label")
          && e.getMessage().contains("holds key " + other.fingerprint().orElseThrow().shortForm()), e.getMessage());
      assertEquals(List.of(), asked, "no passphrase asked when no copy could use it");
    }
  }

  @Test
  void wrongPassphraseAndNoPromptAreDistinct() throws Exception {
    KeyConfig file = KeyConfig.parse(Fixtures.text("pbkdf2-key.json"));
    Fingerprint fp = file.fingerprint().orElseThrow();
    KeyResolver wrong = KeyResolver.builder().keyConfig(file).prompt(answering("bad guess")).build();
    assertThrows(WrongPassphraseException.class, () -> wrong.key(fp, null));
    KeyResolver mute = KeyResolver.builder().keyConfig(file).build();
    KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> mute.key(fp, null));
    assertTrue(e.getMessage().contains("no passphrase can be asked"), e.getMessage());
  }

  @Test
  void aLabelConfigWithoutFingerprintThatHoldsAnotherKeyIsRefused() throws Exception {
    try (TapeKey a = TapeKey.generate(); TapeKey b = TapeKey.generate()) {
      String json = KeyConfig.wrap(b, pass("label secret"), KdfType.PBKDF2, null, CLOCK).toJson()
          .replaceAll(",\"fingerprint\":\"[0-9a-f:]+\"", "");
      KeyResolver r = KeyResolver.builder().prompt(answering("label secret")).build();
      assertThrows(FingerprintMismatchException.class, () -> r.key(a.fingerprint(), KeyConfig.parse(json)));
    }
  }
}
