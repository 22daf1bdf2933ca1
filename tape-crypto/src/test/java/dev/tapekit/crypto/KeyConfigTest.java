package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.CLOCK;
import static dev.tapekit.crypto.Fixtures.hex;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyConfigTest {
  private static KeyConfig wrapped(TapeKey key, String password) {
    return KeyConfig.wrap(key, pass(password), KdfType.PBKDF2, "my hint", CLOCK);
  }

  @Test
  void wrapAndUnwrapRoundTripWithBothKdfs() throws Exception {
    for (KdfType kdf : new KdfType[] {KdfType.PBKDF2, KdfType.SCRYPT}) {
      try (TapeKey key = TapeKey.generate()) {
        KeyConfig c = KeyConfig.wrap(key, pass("secret words"), kdf, null, CLOCK);
        KeyConfig back = KeyConfig.parse(c.toJson());
        assertEquals(c, back);
        assertEquals(kdf, back.kdfType());
        assertEquals("2026-12-05T18:20:01Z", back.created().toInstant().toString());
        assertTrue(c.toJson().contains("\"created\":\"2026-12-05T18:20:01+00:00\""), c.toJson());
        try (TapeKey opened = back.unwrap(pass("secret words"))) {
          assertArrayEquals(key.copyBytes(), opened.copyBytes());
          assertEquals(key.fingerprint(), opened.fingerprint());
        }
      }
    }
  }

  @Test
  void defaultsAreThoseOfPbs() {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = KeyConfig.wrap(key, pass("secret words"), KdfType.SCRYPT, null, CLOCK);
      Kdf.Scrypt s = (Kdf.Scrypt) c.kdf().orElseThrow();
      assertEquals(65536, s.n());
      assertEquals(8, s.r());
      assertEquals(1, s.p());
      assertEquals(32, s.salt().length);
      Kdf.Pbkdf2 p = (Kdf.Pbkdf2) wrapped(key, "secret words").kdf().orElseThrow();
      assertEquals(65535, p.iterations());
      assertNotEquals(hex(s.salt()), hex(p.salt()), "fresh salt per wrap");
    }
  }

  @Test
  void wrongPassphraseSaysSoWithTheHint() {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = wrapped(key, "secret words");
      WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> c.unwrap(pass("wrong words")));
      assertTrue(e.getMessage().contains("wrong passphrase") && e.getMessage().contains("my hint"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong words"));
      assertThrows(WrongPassphraseException.class, () -> c.unwrap(pass("abcd")), "under 5 bytes, as PBS");
    }
  }

  @Test
  void newPassphrasesNeedFiveCharacters() {
    try (TapeKey key = TapeKey.generate()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrapped(key, "four"));
      assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> KeyConfig.wrap(key, pass("secret words"), KdfType.NONE, null, CLOCK));
    }
  }

  @Test
  void tamperedCiphertextTagOrIvDoesNotOpen() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = wrapped(key, "secret words");
      byte[] data = dataOf(c);
      for (int i = 0; i < data.length; i += 7) {
        byte[] bad = data.clone();
        bad[i] ^= 0x01;
        KeyConfig tampered = KeyConfig.parse(withData(c.toJson(), bad));
        assertThrows(WrongPassphraseException.class, () -> tampered.unwrap(pass("secret words")), "byte " + i);
      }
    }
  }

  @Test
  void aStoredFingerprintOfAnotherKeyIsRefused() throws Exception {
    try (TapeKey key = TapeKey.generate(); TapeKey other = TapeKey.generate()) {
      String json = wrapped(key, "secret words").toJson()
          .replace(key.fingerprint().toString(), other.fingerprint().toString());
      KeyConfig c = KeyConfig.parse(json);
      FingerprintMismatchException e = assertThrows(FingerprintMismatchException.class, () -> c.unwrap(pass("secret words")));
      assertEquals(other.fingerprint(), e.stored());
      assertEquals(key.fingerprint(), e.actual());
    }
  }

  @Test
  void aConfigWithoutFingerprintOpensAndComputesIt() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      String json = wrapped(key, "secret words").toJson().replaceAll(",\"fingerprint\":\"[0-9a-f:]+\"", "");
      KeyConfig c = KeyConfig.parse(json);
      assertTrue(c.fingerprint().isEmpty());
      try (TapeKey opened = c.unwrap(pass("secret words"))) {
        assertEquals(key.fingerprint(), opened.fingerprint());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "[]", "null", "{", "{}", "not json at all",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\"}",
    "{\"kdf\":null,\"created\":\"yesterday\",\"modified\":\"2026-12-05T18:20:01+00:00\",\"data\":\"AAAA\"}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\",\"data\":\"AAAA\"}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\",\"data\":\"!!!\"}",
    "{\"kdf\":{\"Argon2\":{}},\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"x\",\"data\":\"\"}",
    "{\"kdf\":{\"Scrypt\":{\"n\":1000,\"r\":8,\"p\":1,\"salt\":\"\"}},\"created\":\"2026-12-05T18:20:01+00:00\"}",
    "{\"kdf\":{\"Scrypt\":{\"n\":1073741824,\"r\":8,\"p\":1,\"salt\":\"\"}},\"created\":\"2026-12-05T18:20:01+00:00\"}",
    "{\"kdf\":{\"PBKDF2\":{\"iter\":0,\"salt\":\"\"}},\"created\":\"2026-12-05T18:20:01+00:00\"}",
    "{\"kdf\":{\"PBKDF2\":{\"iter\":-5,\"salt\":\"\"}}}",
    "{\"kdf\":{\"PBKDF2\":{\"iter\":10}}}",
    "{\"kdf\":{\"PBKDF2\":{\"iter\":10,\"salt\":\"\"},\"Scrypt\":{}}}",
    "{\"kdf\":null,\"kdf\":null}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\","
        + "\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"fingerprint\":\"zz\"}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\","
        + "\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"hint\":\"two\\nlines\"}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\","
        + "\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"hint\":\"x\\ud800\"}",
    "{\"kdf\":null,\"created\":\"2026-12-05T18:20:01+00:00\",\"modified\":\"2026-12-05T18:20:01+00:00\","
        + "\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"} trailing",
  })
  void damagedFilesAreKeyFileExceptionsNamingTheProblem(String json) {
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyConfig.parse(json));
    assertTrue(e.getMessage().startsWith("key config: "), e.getMessage());
  }

  @Test
  void truncatedFilesAreDamagedAtEveryLength() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      String json = wrapped(key, "secret words").toJson();
      for (int n = 0; n < json.length(); n++) {
        String cut = json.substring(0, n);
        assertThrows(KeyFileException.class, () -> KeyConfig.parse(cut), "cut at " + n);
      }
    }
  }

  @Test
  void unknownFieldsAreIgnoredAsSerdeDoes() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = wrapped(key, "secret words");
      String json = c.toJson().replace("{\"kdf\"", "{\"future\":{\"a\":[1,2]},\"kdf\"");
      assertEquals(c, KeyConfig.parse(json));
    }
  }

  @Test
  void changingThePassphraseKeepsKeyCreationAndHint() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = wrapped(key, "secret words");
      Clock later = Clock.offset(CLOCK, Duration.ofDays(3));
      KeyConfig changed = c.withPassphrase(pass("secret words"), pass("new secret"), later);
      assertEquals(c.created(), changed.created());
      assertEquals(later.instant(), changed.modified().toInstant());
      assertEquals(c.hint(), changed.hint());
      assertThrows(WrongPassphraseException.class, () -> changed.unwrap(pass("secret words")));
      try (TapeKey opened = changed.unwrap(pass("new secret"))) {
        assertEquals(key.fingerprint(), opened.fingerprint());
      }
      assertThrows(WrongPassphraseException.class, () -> c.withPassphrase(pass("bad guess"), pass("new secret"), later));
      assertEquals("other", c.withHint("other", later).hint().orElseThrow());
      assertTrue(c.withHint(null, later).hint().isEmpty());
      assertThrows(IllegalArgumentException.class, () -> c.withHint("two\nlines", later));
      assertThrows(IllegalArgumentException.class, () -> c.withHint("x".repeat(65), later));
    }
  }

  @Test
  void hintsAreEscapedAsSerdeDoes() throws Exception {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig c = KeyConfig.wrap(key, pass("secret words"), KdfType.PBKDF2, "say \"hi\" \\ ü", CLOCK);
      assertTrue(c.toJson().contains("\"hint\":\"say \\\"hi\\\" \\\\ ü\""), c.toJson());
      assertEquals(c.hint(), KeyConfig.parse(c.toJson()).hint());
    }
  }

  @Test
  void anUnprotectedConfigIsNeverTurnedIntoText() throws Exception {
    KeyConfig plain = KeyConfig.parse(Fixtures.text("plain-key.json"));
    assertThrows(IllegalStateException.class, plain::toJson);
    assertThrows(IllegalStateException.class, plain::toPrettyJson);
    assertFalse(plain.toString().contains(hex(Fixtures.keyFrom(0x40))));
  }

  private static byte[] dataOf(KeyConfig c) {
    String json = c.toJson();
    int start = json.indexOf("\"data\":\"") + 8;
    return Base64.getDecoder().decode(json.substring(start, json.indexOf('"', start)));
  }

  private static String withData(String json, byte[] data) {
    int start = json.indexOf("\"data\":\"") + 8;
    return json.substring(0, start) + Base64.getEncoder().encodeToString(data) + json.substring(json.indexOf('"', start));
  }

  @Test
  void parseFromBytesNamesTheSource() {
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> KeyConfig.parse("{".getBytes(StandardCharsets.UTF_8), "key file /tmp/x.json"));
    assertTrue(e.getMessage().startsWith("key file /tmp/x.json: not valid JSON"), e.getMessage());
  }
}
