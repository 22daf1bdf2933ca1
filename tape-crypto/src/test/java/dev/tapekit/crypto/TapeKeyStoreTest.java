package dev.tapekit.crypto;

import static dev.tapekit.crypto.Fixtures.CLOCK;
import static dev.tapekit.crypto.Fixtures.hex;
import static dev.tapekit.crypto.Fixtures.pass;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapeKeyStoreTest {
  @TempDir
  Path dir;
  TapeKeyStore store;

  @BeforeEach
  void open() throws Exception {
    store = TapeKeyStore.open(dir.resolve("keys"), CLOCK);
  }

  private Fingerprint create(String password) throws Exception {
    return store.create(pass(password), KdfType.PBKDF2, "hint " + password);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void createListShowExportAndOpen() throws Exception {
    Fingerprint a = create("first secret");
    Fingerprint b = create("second secret");
    List<KeyInfo> keys = store.list();
    assertEquals(2, keys.size());
    KeyInfo info = store.find(a).orElseThrow();
    assertEquals(KdfType.PBKDF2, info.kdf());
    assertEquals("hint first secret", info.hint().orElseThrow());
    assertTrue(info.wrapped() && info.plain());
    try (TapeKey plain = store.plainKey(b).orElseThrow(); TapeKey opened = store.key(b, pass("second secret"))) {
      assertArrayEquals(plain.copyBytes(), opened.copyBytes());
      assertEquals(b, plain.fingerprint());
    }
    assertEquals(a, store.export(a).fingerprint().orElseThrow());
    assertEquals(a, store.resolve(a.shortForm()));
    assertEquals(a, store.resolve(a.shortForm().replace(":", "").toUpperCase()));
    assertThrows(KeyNotFoundException.class, () -> store.resolve("ff:ff:ff:ff:ff:ff:ff:ff:ff"));
  }

  @Test
  void filesArePrivateAndInPbsFormat() throws Exception {
    Fingerprint fp = create("first secret");
    Path keys = dir.resolve("keys");
    assertEquals("rwx------", mode(keys));
    for (String f : List.of(TapeKeyStore.CONFIG_FILE, TapeKeyStore.PLAIN_FILE, TapeKeyStore.LOCK_FILE)) {
      assertEquals("rw-------", mode(keys.resolve(f)), f);
    }
    String plain = Files.readString(keys.resolve(TapeKeyStore.PLAIN_FILE));
    try (TapeKey k = store.plainKey(fp).orElseThrow()) {
      assertEquals("[\n  {\n    \"fingerprint\": \"" + fp + "\",\n    \"key\": \"" + hex(k.copyBytes()) + "\"\n  }\n]", plain);
    }
    String configs = Files.readString(keys.resolve(TapeKeyStore.CONFIG_FILE));
    assertTrue(configs.startsWith("[\n  {\n    \"kdf\": {\n      \"PBKDF2\": {\n        \"iter\": 65535,"), configs);
    try (var listing = Files.list(keys)) {
      assertEquals(3, listing.count(), "no temporary files left");
    }
  }

  @Test
  void aFileReadableByOthersIsRefusedWithTheFix() throws Exception {
    create("first secret");
    Path plain = dir.resolve("keys").resolve(TapeKeyStore.PLAIN_FILE);
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    KeyStoreException e = assertThrows(KeyStoreException.class, store::list);
    assertTrue(e.getMessage().contains("mode 0644") && e.getMessage().contains("chmod 600 " + plain), e.getMessage());
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-rw----"));
    assertThrows(KeyStoreException.class, store::list);
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
    assertEquals(1, store.list().size());
  }

  @Test
  void aPbsStoreCopiedInOpens() throws Exception {
    Path keys = dir.resolve("keys");
    String config = Fixtures.text("scrypt-key.json").strip();
    Files.writeString(keys.resolve(TapeKeyStore.CONFIG_FILE), "[" + config + "]");
    Files.setPosixFilePermissions(keys.resolve(TapeKeyStore.CONFIG_FILE), PosixFilePermissions.fromString("rw-------"));
    Fingerprint fp = KeyConfig.parse(config).fingerprint().orElseThrow();
    Files.writeString(keys.resolve(TapeKeyStore.PLAIN_FILE),
        "[{\"fingerprint\":\"" + fp + "\",\"key\":\"" + hex(Fixtures.keyFrom(0)) + "\"}]");
    Files.setPosixFilePermissions(keys.resolve(TapeKeyStore.PLAIN_FILE), PosixFilePermissions.fromString("rw-------"));
    assertEquals(List.of(fp), store.list().stream().map(KeyInfo::fingerprint).toList());
    try (TapeKey k = store.plainKey(fp).orElseThrow()) {
      assertArrayEquals(Fixtures.keyFrom(0), k.copyBytes());
    }
  }

  @Test
  void aPlainKeyUnderAnotherKeysFingerprintMakesTheFileDamaged() throws Exception {
    Path keys = dir.resolve("keys");
    try (TapeKey other = TapeKey.generate()) {
      Files.writeString(keys.resolve(TapeKeyStore.PLAIN_FILE),
          "[{\"fingerprint\":\"" + other.fingerprint() + "\",\"key\":\"" + hex(Fixtures.keyFrom(0)) + "\"}]");
    }
    Files.setPosixFilePermissions(keys.resolve(TapeKeyStore.PLAIN_FILE), PosixFilePermissions.fromString("rw-------"));
    KeyFileException e = assertThrows(KeyFileException.class, store::list);
    assertTrue(e.getMessage().contains("inconsistent fingerprint"), e.getMessage());
    assertFalse(e.getMessage().contains(hex(Fixtures.keyFrom(0))), "the key never appears in a message");
  }

  @Test
  void importOpensFirstAndRefusesDuplicatesUnlessReplacing() throws Exception {
    KeyConfig config = KeyConfig.parse(Fixtures.text("pbkdf2-key.json"));
    assertThrows(WrongPassphraseException.class, () -> store.importKey(config, pass("bad guess"), false));
    assertTrue(store.list().isEmpty(), "nothing stored from a key that did not open");
    Fingerprint fp = store.importKey(config, pass(Fixtures.PBKDF2_PASSWORD), false);
    assertThrows(KeyStoreException.class, () -> store.importKey(config, pass(Fixtures.PBKDF2_PASSWORD), false));
    assertEquals(fp, store.importKey(config, pass(Fixtures.PBKDF2_PASSWORD), true));
    assertThrows(KeyFileException.class,
        () -> store.importKey(KeyConfig.parse(Fixtures.text("plain-key.json")), null, false));
  }

  @Test
  void importsKeyFileTextAndPaperKeys() throws Exception {
    Fingerprint paper = store.importText("Dear admin,\n" + Fixtures.text("scrypt-paperkey.txt") + "\nregards\n",
        "mail", pass(Fixtures.SCRYPT_PASSWORD), false);
    Fingerprint file = store.importText(Fixtures.text("pbkdf2-key.json"), "pbkdf2-key.json",
        pass(Fixtures.PBKDF2_PASSWORD), false);
    assertEquals(Fixtures.expected().get("fingerprint." + hex(Fixtures.keyFrom(0))), paper.toString());
    assertEquals(List.of(paper, file), store.list().stream().map(KeyInfo::fingerprint).sorted(
        java.util.Comparator.comparing(f -> f.equals(paper) ? 0 : 1)).toList());
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> store.importText("nothing here", "notes.txt", pass("whatever"), false));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
  }

  @Test
  void changeAndResetPassphraseSetHintRemove() throws Exception {
    Fingerprint fp = create("first secret");
    assertThrows(WrongPassphraseException.class, () -> store.changePassphrase(fp, pass("bad guess"), pass("next secret")));
    store.changePassphrase(fp, pass("first secret"), pass("next secret"));
    assertThrows(WrongPassphraseException.class, () -> store.key(fp, pass("first secret")).close());
    store.key(fp, pass("next secret")).close();
    store.resetPassphrase(fp, pass("third secret"));
    store.key(fp, pass("third secret")).close();
    store.setHint(fp, "the third");
    assertEquals("the third", store.find(fp).orElseThrow().hint().orElseThrow());
    store.remove(fp);
    assertTrue(store.list().isEmpty());
    assertThrows(KeyNotFoundException.class, () -> store.remove(fp));
    assertThrows(KeyNotFoundException.class, () -> store.export(fp));
  }

  @Test
  void concurrentCreatesLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Fingerprint>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        futures.add(pool.submit(() -> TapeKeyStore.open(dir.resolve("keys"), CLOCK)
            .create(pass("secret " + n), KdfType.PBKDF2, null)));
      }
      List<Fingerprint> made = new ArrayList<>();
      for (Future<Fingerprint> f : futures) {
        made.add(f.get());
      }
      List<Fingerprint> listed = store.list().stream().map(KeyInfo::fingerprint).toList();
      assertEquals(8, listed.size());
      assertTrue(listed.containsAll(made));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsHarmless() throws Exception {
    Fingerprint fp = create("first secret");
    Path keys = dir.resolve("keys");
    Files.writeString(keys.resolve("." + TapeKeyStore.PLAIN_FILE + ".tmp"), "[torn");
    assertEquals(1, store.list().size());
    Fingerprint second = create("second secret");
    assertEquals(2, store.list().size());
    assertTrue(store.plainKey(fp).isPresent() && store.plainKey(second).isPresent());
  }

  @Test
  void aWriteThatFailsHalfwayLeavesThePreviousFilesAsTheyWere() throws Exception {
    Fingerprint first = create("first secret");
    Path keys = dir.resolve("keys");
    byte[] plainBefore = Files.readAllBytes(keys.resolve(TapeKeyStore.PLAIN_FILE));
    byte[] configsBefore = Files.readAllBytes(keys.resolve(TapeKeyStore.CONFIG_FILE));
    // The fault: the temporary file cannot be made (a non-empty directory stands in its place), so
    // the replacement of the plain-key file fails before its rename.
    Path blocker = Files.createDirectories(keys.resolve("." + TapeKeyStore.PLAIN_FILE + ".tmp").resolve("x"));
    KeyStoreException e = assertThrows(KeyStoreException.class, () -> create("second secret"));
    assertTrue(e.getMessage().contains("the previous version is unchanged"), e.getMessage());
    assertArrayEquals(plainBefore, Files.readAllBytes(keys.resolve(TapeKeyStore.PLAIN_FILE)));
    assertArrayEquals(configsBefore, Files.readAllBytes(keys.resolve(TapeKeyStore.CONFIG_FILE)));
    Files.delete(blocker);
    Files.delete(blocker.getParent());
    assertEquals(List.of(first), store.list().stream().map(KeyInfo::fingerprint).toList());
    create("second secret");
    assertEquals(2, store.list().size());
  }

  @Test
  void aFailureBetweenTheTwoFilesLeavesAPlainKeyThatListsAndOpens() throws Exception {
    Path keys = dir.resolve("keys");
    create("first secret");
    // The plain-key file is replaced first; the fault stops the key-config file's replacement.
    Path blocker = Files.createDirectories(keys.resolve("." + TapeKeyStore.CONFIG_FILE + ".tmp").resolve("x"));
    assertThrows(KeyStoreException.class, () -> create("second secret"));
    List<KeyInfo> listed = store.list();
    assertEquals(2, listed.size());
    KeyInfo orphan = listed.stream().filter(k -> !k.wrapped()).findFirst().orElseThrow();
    assertTrue(orphan.plain());
    try (TapeKey key = store.plainKey(orphan.fingerprint()).orElseThrow()) {
      assertEquals(orphan.fingerprint(), key.fingerprint());
    }
    Files.delete(blocker);
    Files.delete(blocker.getParent());
  }

  @Test
  void aStoreDirectoryThatCannotBeMadeSaysWhere() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    KeyStoreException e = assertThrows(KeyStoreException.class, () -> TapeKeyStore.open(file.resolve("keys")));
    assertTrue(e.getMessage().contains(file.resolve("keys").toString()), e.getMessage());
  }
}
