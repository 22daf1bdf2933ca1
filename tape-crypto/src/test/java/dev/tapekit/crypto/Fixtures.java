package dev.tapekit.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** The PBS fixtures made by src/test/resources/pbs/pbs_keyconfig.py, and small test helpers. */
final class Fixtures {
  static final String SCRYPT_PASSWORD = "correct horse battery";
  static final String PBKDF2_PASSWORD = "tapekit-pbkdf2";
  static final UUID MEDIA_SET = UUID.fromString("3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T18:20:01Z"), ZoneOffset.UTC);

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/pbs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource pbs/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** expected.txt: "name value" per line. */
  static Map<String, String> expected() {
    Map<String, String> out = new HashMap<>();
    for (String line : text("expected.txt").split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.strip().split("\\s+", 2);
        out.put(parts[0], parts[1]);
      }
    }
    return out;
  }

  /** Key bytes first, first+1, …, first+31 (the fixtures' keys). */
  static byte[] keyFrom(int first) {
    byte[] k = new byte[32];
    for (int i = 0; i < 32; i++) {
      k[i] = (byte) (first + i);
    }
    return k;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static Passphrase pass(String s) {
    return Passphrase.of(s.toCharArray());
  }
}
