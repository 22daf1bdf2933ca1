package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.hex;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files move between PBS and tapekit. The other side is src/test/resources/pbs/pbs_keyconfig.py,
 * written from PBS's format description with Python's hashlib and the {@code cryptography} package
 * (none of our code): its fixtures open here with the fingerprints and drive keys it computed, keys
 * made here open under it, and our JSON is byte for byte what it (and PBS's serde_json) writes.
 */
class PbsCompatibilityTest {
  private static final Path SCRIPT = Path.of("src/test/resources/pbs/pbs_keyconfig.py").toAbsolutePath();
  private static final Map<String, String> EXPECTED = Fixtures.expected();

  @TempDir
  Path tmp;

  @BeforeAll
  static void pythonWithCryptography() throws Exception {
    Result r = run(List.of("python3", "-c", "import cryptography, hashlib"), null);
    assertEquals(0, r.exit, "these tests need python3 with the 'cryptography' package "
        + "(apt-get install python3-cryptography): " + r.err);
  }

  @Test
  void scryptKeyFileFromTheScriptOpensWithItsFingerprintAndDriveKey() throws Exception {
    KeyConfig config = KeyConfig.parse(Fixtures.text("scrypt-key.json"));
    assertEquals(KdfType.SCRYPT, config.kdfType());
    assertEquals("the usual", config.hint().orElseThrow());
    byte[] expectedKey = Fixtures.keyFrom(0x00);
    try (TapeKey key = config.unwrap(pass(Fixtures.SCRYPT_PASSWORD)); DriveKey drive = key.driveKey(Fixtures.MEDIA_SET)) {
      assertArrayEquals(expectedKey, key.copyBytes());
      assertEquals(EXPECTED.get("fingerprint." + hex(expectedKey)), key.fingerprint().toString());
      assertEquals(EXPECTED.get("drivekey." + hex(expectedKey)), hex(drive.copyBytes()));
    }
  }

  @Test
  void pbkdf2AndUnprotectedKeyFilesOpen() throws Exception {
    KeyConfig pbkdf2 = KeyConfig.parse(Fixtures.text("pbkdf2-key.json"));
    assertEquals(new Kdf.Pbkdf2(65535, pbkdf2.kdf().orElseThrow().salt()), pbkdf2.kdf().orElseThrow());
    try (TapeKey key = pbkdf2.unwrap(pass(Fixtures.PBKDF2_PASSWORD))) {
      assertArrayEquals(Fixtures.keyFrom(0x20), key.copyBytes());
      assertEquals(EXPECTED.get("fingerprint." + hex(Fixtures.keyFrom(0x20))), key.fingerprint().toString());
    }
    KeyConfig plain = KeyConfig.parse(Fixtures.text("plain-key.json"));
    assertFalse(plain.isProtected());
    try (TapeKey key = plain.unwrap(null); DriveKey drive = key.driveKey(Fixtures.MEDIA_SET)) {
      assertArrayEquals(Fixtures.keyFrom(0x40), key.copyBytes());
      assertEquals(EXPECTED.get("drivekey." + hex(Fixtures.keyFrom(0x40))), hex(drive.copyBytes()));
    }
  }

  @Test
  void ourJsonIsWhatTheScriptAndSerdeWrite() throws Exception {
    for (String name : List.of("scrypt-key.json", "pbkdf2-key.json")) {
      String theirs = Fixtures.text(name).strip();
      assertEquals(theirs, KeyConfig.parse(theirs).toJson(), name);
    }
    String paper = Fixtures.text("scrypt-paperkey.txt");
    String body = paper.substring(paper.indexOf("{"), paper.lastIndexOf("}") + 1);
    assertEquals(body, KeyConfig.parse(body).toPrettyJson());
  }

  @Test
  void keysMadeHereOpenUnderTheScript() throws Exception {
    for (KdfType kdf : List.of(KdfType.SCRYPT, KdfType.PBKDF2)) {
      try (TapeKey key = TapeKey.generate()) {
        KeyConfig config = KeyConfig.wrap(key, pass("über-geheim ✓"), kdf, "ümlaut hint", Fixtures.CLOCK);
        Path file = Files.writeString(tmp.resolve(kdf.text() + ".json"), config.toJson());
        Result r = run(List.of("python3", SCRIPT.toString(), "decrypt", "--password-file", password("über-geheim ✓"),
            file.toString()), null);
        assertEquals(0, r.exit, r.err);
        assertEquals("key " + hex(key.copyBytes()) + "\nfingerprint " + key.fingerprint() + "\n", r.out, kdf.text());
        Result wrong = run(List.of("python3", SCRIPT.toString(), "decrypt", "--password-file", password("not it!"),
            file.toString()), null);
        assertEquals(2, wrong.exit, "the script's wrong-password exit: " + wrong.err);
      }
    }
  }

  @Test
  void keysMadeByTheScriptNowOpenHere() throws Exception {
    for (String kdf : List.of("pbkdf2", "scrypt")) {
      Result made = run(List.of("python3", SCRIPT.toString(), "create", "--kdf", kdf, "--password-file",
          password("fresh one"), "--hint", "h"), null);
      assertEquals(0, made.exit, made.err);
      KeyConfig config = KeyConfig.parse(made.out);
      Path file = Files.writeString(tmp.resolve("fresh.json"), made.out);
      Result theirs = run(List.of("python3", SCRIPT.toString(), "decrypt", "--password-file", password("fresh one"),
          file.toString()), null);
      try (TapeKey key = config.unwrap(pass("fresh one"))) {
        assertEquals("key " + hex(key.copyBytes()) + "\nfingerprint " + key.fingerprint() + "\n", theirs.out);
        assertEquals(config.fingerprint().orElseThrow(), key.fingerprint());
      }
    }
  }

  @Test
  void driveKeyAndFingerprintAgreeWithTheScriptForRandomKeys() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (TapeKey key = TapeKey.generate(); DriveKey drive = key.driveKey(Fixtures.MEDIA_SET)) {
        String k = hex(key.copyBytes());
        assertEquals(key.fingerprint() + "\n",
            run(List.of("python3", SCRIPT.toString(), "fingerprint", "--key-hex", k), null).out);
        assertEquals(hex(drive.copyBytes()) + "\n", run(List.of("python3", SCRIPT.toString(), "drive-key",
            "--key-hex", k, "--uuid", Fixtures.MEDIA_SET.toString()), null).out);
      }
    }
  }

  @Test
  void theScriptsOwnSelfTestPasses() throws Exception {
    Result r = run(List.of("python3", SCRIPT.toString(), "selftest"), null);
    assertEquals(0, r.exit, r.out + r.err);
    assertTrue(Files.isRegularFile(SCRIPT));
  }

  private String password(String text) throws IOException {
    Path f = Files.createTempFile(tmp, "pw", ".txt");
    Files.writeString(f, text + "\n", StandardCharsets.UTF_8);
    return f.toString();
  }

  record Result(int exit, String out, String err) {}

  static Result run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
