package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.PaperKey;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.crypto.TapeKeyStore;
import dev.tapekit.crypto.WrongPassphraseException;
import dev.tapekit.format.block.DriveBlockSink;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape key}: golden transcripts, the key store it changes, restoring from files and tapes, bad input. */
@ExtendWith(VtlHomeExtension.class)
class KeyCommandsTest {
  static final String SCRYPT_FP = "c7:93:8c:b8:2c:87:aa:9a:44:2d:77:b6:8e:03:f9:08:4b:14:61:e0:f4:75:00:bd:94:e7:dc:10:1a:2e:11:73";
  static final String PBKDF2_FP = "e5:8a:c0:cd:6e:e5:64:99:e3:fd:83:33:c1:0b:b5:f9:6f:3f:39:4d:12:7d:35:23:0e:a0:7c:60:36:96:5a:a4";
  /** The passphrase of both key files in the test resources. */
  static final String PASSPHRASE = "correct horse";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);

  /** {@code t}'s tape, now with environment variables {@code extra} on top of its own. */
  static void env(TapeHome t, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(t.environment.env());
    env.putAll(extra);
    TapeEnvironment e = t.environment;
    t.harness.tapeEnvironment(new TapeEnvironment(env, e.paths(), e.clock(), e.sleeper(), e.stdin(), e.operatorStream()));
  }

  static Path resource(TapeHome t, String name) throws Exception {
    try (InputStream in = KeyCommandsTest.class.getResourceAsStream(name)) {
      Path p = t.vtl.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }

  static Path file(TapeHome t, String name, String content) throws Exception {
    Path p = t.vtl.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  static TapeKeyStore store(TapeHome t) throws Exception {
    return TapeKeyStore.open(t.home.resolve("keys"));
  }

  static void assertOpens(TapeHome t, String fingerprint, String passphrase) throws Exception {
    try (Passphrase p = Passphrase.of(passphrase.toCharArray());
        TapeKey k = store(t).key(Fingerprint.parse(fingerprint), p)) {
      assertEquals(fingerprint, k.fingerprint().toString());
    }
  }

  @Test
  void restoreListShowExportPaperkeyCreateChangeRemove() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    Path scrypt = resource(t, "key-scrypt.json");
    Path pbkdf2 = resource(t, "key-pbkdf2.json");
    Path pass = file(t, "pass.txt", PASSPHRASE + "\nsecond line, not read\n");
    t.tape("key", "list");
    ToolHarness.Result r = t.tape("key", "restore", "--key-file", scrypt.toString(), "--password-file", pass.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(SCRYPT_FP + "\n", r.out());
    env(t, Map.of(Passwords.ENV, PASSPHRASE));
    r = t.tape("key", "restore", "--key-file", pbkdf2.toString(), "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    t.tape("key", "list");
    t.tape("key", "list", "--output-format", "json");
    t.tape("key", "show", "c7:93");
    t.tape("key", "show", "e58a", "--output-format", "json-pretty");
    r = t.tape("key", "export", "c7:93:8c");
    assertEquals(KeyConfig.parse(Files.readString(scrypt)), KeyConfig.parse(r.out()));
    t.tape("key", "export", "e5", "--output-format", "json");
    r = t.tape("key", "paperkey", "c7", "--output-format", "text", "--subject", "tapes of host backup1");
    assertEquals(0, r.exit(), r.err());
    assertEquals(store(t).export(Fingerprint.parse(SCRYPT_FP)), PaperKey.parse(r.out(), "stdout"));

    // files written by export and paperkey: private, and they read back as the stored key
    Path exported = t.vtl.resolve("exported.json");
    Path paper = t.vtl.resolve("paper.html");
    assertEquals(0, t.tape("key", "export", "e5", "--output", exported.toString()).exit());
    assertEquals(0, t.tape("key", "paperkey", "e5", "--output", paper.toString()).exit());
    KeyConfig stored = store(t).export(Fingerprint.parse(PBKDF2_FP));
    assertEquals(stored, KeyConfig.parse(Files.readString(exported)));
    String html = Files.readString(paper);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg"), html);
    assertEquals(stored, PaperKey.parse(html, "paper.html"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(exported)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paper)));
    t.harness.note("export --output and paperkey --output wrote exported.json and paper.html (mode 0600)");

    // a new key, its passphrase from the environment
    env(t, Map.of(Passwords.ENV, "a new passphrase"));
    r = t.tape("key", "create", "--hint", "made by the test", "--kdf", "pbkdf2");
    assertEquals(0, r.exit(), r.err());
    String created = r.out().strip();
    t.harness.mask(created, "$NEW_FP").mask(Fingerprint.parse(created).shortForm(), "$NEW_SHORT");
    assertOpens(t, created, "a new passphrase");

    // change-passphrase: old and new from files, then the new from the environment variable
    Path newPass = file(t, "new.txt", "a better passphrase\n");
    env(t, Map.of());
    r = t.tape("key", "change-passphrase", PBKDF2_FP, "--password-file", pass.toString(), "--new-password-file",
        newPass.toString(), "--hint", "the better one");
    assertEquals(0, r.exit(), r.err());
    assertOpens(t, PBKDF2_FP, "a better passphrase");
    env(t, Map.of(Passwords.ENV, "a better passphrase", Passwords.NEW_ENV, "the best passphrase"));
    r = t.tape("key", "change-passphrase", "e5", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertOpens(t, PBKDF2_FP, "the best passphrase");
    assertThrows(WrongPassphraseException.class, () -> assertOpens(t, PBKDF2_FP, PASSPHRASE));
    // --force re-protects the plain copy: no old passphrase needed
    env(t, Map.of(Passwords.NEW_ENV, "forced passphrase"));
    assertEquals(0, t.tape("key", "change-passphrase", "e5", "--force").exit());
    assertOpens(t, PBKDF2_FP, "forced passphrase");
    t.tape("key", "show", "e5");

    assertEquals(0, t.tape("key", "remove", created).exit());
    assertFalse(store(t).find(Fingerprint.parse(created)).isPresent());
    t.tape("key", "list");
    t.harness.assertGolden("tape-key");
  }

  @Test
  void passphraseFromStandardInputAndKeyFromPaper() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    Path scrypt = resource(t, "key-scrypt.json");
    KeyConfig c = KeyConfig.parse(Files.readString(scrypt));
    Path paper = file(t, "paper.txt", PaperKey.text(c, "scanned", PaperKey.Background.LIGHT));
    ToolHarness.Result r = t.harness.tape((PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8),
        "key", "restore", "--key-file", paper.toString(), "--password-file", "-");
    assertEquals(0, r.exit(), r.err());
    assertOpens(t, SCRYPT_FP, PASSPHRASE);
    // the key file itself from standard input, the passphrase from the environment
    assertEquals(0, t.tape("key", "remove", SCRYPT_FP).exit());
    env(t, Map.of(Passwords.ENV, PASSPHRASE));
    r = t.harness.tape(Files.readAllBytes(scrypt), "key", "restore", "--key-file", "-");
    assertEquals(0, r.exit(), r.err());
    assertOpens(t, SCRYPT_FP, PASSPHRASE);
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    Path scrypt = resource(t, "key-scrypt.json");
    Path wrong = file(t, "wrong.txt", "not the passphrase\n");
    Path empty = file(t, "empty.txt", "\n");
    Path pass = file(t, "pass.txt", PASSPHRASE + "\n");
    Path garbage = file(t, "garbage.json", "{\"kdf\": 12}");

    // no passphrase anywhere (tests run without a terminal)
    ToolHarness.Result r = t.tape("key", "create", "--hint", "h");
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertTrue(r.err().contains("--password-file FILE") && r.err().contains(Passwords.ENV), r.err());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create").exit(), "no --hint");
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create", "--hint", "h", "--kdf", "none").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create", "--hint", "h", "--kdf", "md5").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create", "--hint", "x".repeat(65), "--password-file",
        pass.toString()).exit());
    env(t, Map.of(Passwords.ENV, "abc"));
    r = t.tape("key", "create", "--hint", "h");
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertTrue(r.err().contains("too short"), r.err());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create", "--hint", "h", "--password-file", empty.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "create", "--hint", "h", "--password-file",
        t.vtl.resolve("missing.txt").toString()).exit());
    assertTrue(store(t).list().isEmpty());

    // restore: wrong passphrase, missing and bad files, none or both sources, twice
    assertEquals(ExitCode.KEY.code(), t.tape("key", "restore", "--key-file", scrypt.toString(), "--password-file",
        wrong.toString()).exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "restore", "--key-file",
        t.vtl.resolve("nokey.json").toString(), "--password-file", pass.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "restore", "--key-file", garbage.toString(), "--password-file",
        pass.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "restore", "--password-file", pass.toString()).exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "restore", "--key-file", scrypt.toString(), "--drive", "lto0").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "restore", "--key-file", "-", "--password-file", "-").exit());
    assertEquals(0, t.tape("key", "restore", "--key-file", scrypt.toString(), "--password-file", pass.toString()).exit());
    r = t.tape("key", "restore", "--key-file", scrypt.toString(), "--password-file", pass.toString());
    assertEquals(ExitCode.REFUSED.code(), r.exit());
    assertEquals(0, t.tape("key", "restore", "--key-file", scrypt.toString(), "--password-file", pass.toString(),
        "--force").exit());

    // fingerprints that name no key, or too little of one
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "show", "zz").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "show", "c").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "show", "99").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "export", "99:88").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "paperkey", "99").exit());

    // change-passphrase: wrong old one, a too short new one
    env(t, Map.of(Passwords.NEW_ENV, "a new passphrase"));
    assertEquals(ExitCode.KEY.code(), t.tape("key", "change-passphrase", "c7", "--password-file", wrong.toString()).exit());
    env(t, Map.of(Passwords.NEW_ENV, "abc"));
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "change-passphrase", "c7", "--password-file", pass.toString()).exit());
    env(t, Map.of());
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "change-passphrase", "c7", "--password-file", pass.toString(),
        "--new-password-file", pass.toString()).exit());
    assertOpens(t, SCRYPT_FP, PASSPHRASE);

    // paperkey has PBS's formats only
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "paperkey", "c7", "--output-format", "json").exit());
    assertEquals(ExitCode.FAILED.code(), t.tape("key", "export", "c7", "--output",
        t.vtl.resolve("no/such/dir/key.json").toString()).exit());

    // remove: the whole fingerprint, of a key no pool uses
    assertEquals(ExitCode.USAGE.code(), t.tape("key", "remove", "c7:93").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "remove", PBKDF2_FP).exit());
    assertEquals(0, t.tape("pool", "create", "vault", "--encrypt", "c7:93").exit());
    r = t.tape("key", "remove", SCRYPT_FP);
    assertEquals(ExitCode.REFUSED.code(), r.exit());
    assertTrue(store(t).find(Fingerprint.parse(SCRYPT_FP)).isPresent());
    t.harness.assertGolden("tape-key-errors");
  }

  /** A library KR with three small cartridges whose drive 0 holds E01001L8, labelled into a set by {@code set}. */
  static void tapeInDrive(TapeHome t, Optional<MediaSetLabel> set) throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    VirtualLibrary.create(t.vtl, new LibraryLayout("KR", l700.changer(), 64, l700.drives(), List.of(
        new LibraryLayout.CartridgeSpec("E01001L8", 1, 0), new LibraryLayout.CartridgeSpec("E01002L8", 2, 0))),
        Clock.systemUTC()).close();
    Files.writeString(t.config.resolve("tape.toml"), "[changer.KR]\npath = \"vtl:KR\"\n\n"
        + "[drive.lto0]\npath = \"vtl:KR:0\"\nchanger = \"KR\"\n\n"
        + "# the same drive again, as a standalone drive whose tape an operator inserts\n"
        + "[drive.standalone]\npath = \"vtl:KR:0\"\n");
    try (var changer = VirtualLibraries.open("vtl:KR", t.vtl);
        LibraryDrive drive = new LibraryDrive(SmcChanger.open(changer), "KR", 0,
            ScsiTapeDrive.open(VirtualLibraries.open("vtl:KR:0", t.vtl)), Duration.ofSeconds(30))) {
      drive.load("E01001L8");
      if (set.isPresent()) {
        MediaLabel media = new MediaLabel("E01001L8", UUID.fromString("7c4e2a10-5b3d-4f6e-8a9b-0c1d2e3f4a5b"), CLOCK.instant(), Optional.empty(), 256 << 10);
        TapeLabels.writeLabels(new DriveBlockSink(drive.drive(), "E01001L8"), media, set.get());
      }
    }
  }

  static MediaSetLabel encryptedSet(TapeHome t) throws Exception {
    KeyConfig c = KeyConfig.parse(Files.readString(resource(t, "key-scrypt.json")));
    return new MediaSetLabel("vault", UUID.fromString("0b1e3c7a-8f32-4c29-9d7e-7f9f3b2a6c11"), 0, CLOCK.instant(),
        256 << 10, Optional.of(new MediaSetLabel.Encryption(c, EncryptionMode.DRIVE)));
  }

  @Test
  void restoreFromTheMediaSetLabelOfTheTapeInTheDrive() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    tapeInDrive(t, Optional.of(encryptedSet(t)));
    Path wrong = file(t, "wrong.txt", "not the passphrase\n");
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    ToolHarness.Result r = t.tape("key", "restore", "--drive", "lto0", "--password-file", wrong.toString());
    assertEquals(ExitCode.KEY.code(), r.exit(), r.err());
    assertTrue(store(t).list().isEmpty());
    env(t, Map.of(Passwords.ENV, PASSPHRASE));
    r = t.tape("key", "restore", "--drive", "lto0");
    assertEquals(0, r.exit(), r.err());
    assertOpens(t, SCRYPT_FP, PASSPHRASE);
    assertEquals(ExitCode.REFUSED.code(), t.tape("key", "restore", "--drive", "lto0").exit());
    r = t.tape("key", "restore", "--drive", "standalone", "--force", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("key", "restore", "--drive", "lto9").exit());
    t.tape("key", "list");
    t.harness.assertGolden("tape-key-restore-drive");
  }

  @Test
  void restoreFromTapesWithoutAKey() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    env(t, Map.of(Passwords.ENV, PASSPHRASE));
    tapeInDrive(t, Optional.empty()); // a blank tape
    t.harness.mask(t.vtl.toString(), "$VTL_HOME");
    ToolHarness.Result r = t.tape("key", "restore", "--drive", "lto0");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    assertTrue(r.err().contains("blank"), r.err());

    MediaSetLabel plain = new MediaSetLabel("plain", UUID.fromString("5d0c8f0e-1b7a-4a55-8a0b-3f6f8f2b9e01"), 0,
        CLOCK.instant(), 256 << 10, Optional.empty());
    try (var changer = VirtualLibraries.open("vtl:KR", t.vtl);
        LibraryDrive drive = new LibraryDrive(SmcChanger.open(changer), "KR", 0,
            ScsiTapeDrive.open(VirtualLibraries.open("vtl:KR:0", t.vtl)), Duration.ofSeconds(30))) {
      TapeLabels.writeLabels(new DriveBlockSink(drive.drive(), "E01001L8"),
          new MediaLabel("E01001L8", UUID.fromString("7c4e2a10-5b3d-4f6e-8a9b-0c1d2e3f4a5b"), CLOCK.instant(), Optional.empty(), 256 << 10), plain);
    }
    r = t.tape("key", "restore", "--drive", "lto0");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.err());
    assertTrue(r.err().contains("not encrypted"), r.err());

    try (var changer = VirtualLibraries.open("vtl:KR", t.vtl);
        LibraryDrive drive = new LibraryDrive(SmcChanger.open(changer), "KR", 0,
            ScsiTapeDrive.open(VirtualLibraries.open("vtl:KR:0", t.vtl)), Duration.ofSeconds(30))) {
      drive.unload();
    }
    r = t.tape("key", "restore", "--drive", "lto0");
    assertEquals(ExitCode.NO_MEDIUM.code(), r.exit(), r.err());
    assertTrue(store(t).list().isEmpty());
    t.harness.assertGolden("tape-key-restore-drive-errors");
  }

  /**
   * One PBS label block (256 KiB, as PBS writes labels): block header (magic, END_OF_STREAM, 24-bit
   * size, sequence 0), the 48-byte content header, the JSON (research/pbs-tape.md §1.2, §2.1-2.4).
   */
  static ByteBuffer pbsLabelBlock(String contentMagic, String json) {
    byte[] data = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(256 << 10).order(ByteOrder.LITTLE_ENDIAN);
    b.put(HexFormat.of().parseHex("dcbdafcaeba0a528")).put((byte) 1);
    int size = 48 + data.length;
    b.put((byte) size).put((byte) (size >>> 8)).put((byte) (size >>> 16)).putInt(0);
    b.put(HexFormat.of().parseHex("63ee149fcdf29b0c")).put(HexFormat.of().parseHex(contentMagic));
    b.put(new byte[16]).putLong(1_796_494_801L).putInt(data.length).putInt(0).put(data);
    return b.clear();
  }

  /** PBS stores the protected key config in the media set label as "key-config": key restore --drive reads it there too. */
  @Test
  void restoreFromAPbsTape() throws Exception {
    TapeHome t = new TapeHome(CLOCK);
    tapeInDrive(t, Optional.empty());
    KeyConfig c = KeyConfig.parse(Files.readString(resource(t, "key-pbkdf2.json")));
    try (var changer = VirtualLibraries.open("vtl:KR", t.vtl);
        ScsiTapeDrive drive = ScsiTapeDrive.open(VirtualLibraries.open("vtl:KR:0", t.vtl))) {
      drive.rewind();
      drive.write(pbsLabelBlock("2a05bf3cb030aa39", "{\"uuid\": \"9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34\", "
          + "\"label_text\": \"E01001L8\", \"ctime\": 1796494801, \"pool\": \"offsite\"}"));
      drive.writeFilemarks(1, false);
      drive.write(pbsLabelBlock("086063f92f9753d8", "{\"pool\": \"offsite\", \"uuid\": "
          + "\"5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51\", \"seq_nr\": 0, \"ctime\": 1796494861, "
          + "\"encryption_key_fingerprint\": \"" + PBKDF2_FP + "\", \"key-config\": " + c.toJson() + "}"));
      drive.writeFilemarks(1, false);
    }
    env(t, Map.of(Passwords.ENV, PASSPHRASE));
    ToolHarness.Result r = t.tape("key", "restore", "--drive", "lto0", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("{\"fingerprint\":\"" + PBKDF2_FP + "\""), r.out());
    assertOpens(t, PBKDF2_FP, PASSPHRASE);
  }

  /** Asking on a terminal: once for an existing key, twice for a new one, and both must match. */
  @Test
  void terminal() throws Exception {
    Deque<String> typed = new ArrayDeque<>();
    List<String> prompts = new java.util.ArrayList<>();
    Passwords.Terminal terminal = prompt -> {
      prompts.add(prompt);
      String s = typed.poll();
      return s == null ? null : s.toCharArray();
    };
    Passwords p = new Passwords(Map.of(), new ByteArrayInputStream(new byte[0]), Optional.of(terminal));
    Passwords.Source none = new Passwords.Source(Optional.empty(), "--password-file", Passwords.ENV);
    typed.addAll(List.of("first passphrase", "first passphrase"));
    try (Passphrase a = p.fresh(none, "the new key");
        Passphrase b = Passphrase.of("first passphrase".toCharArray())) {
      assertTrue(a.matches(b));
    }
    assertEquals(List.of("New passphrase for the new key: ", "Again, to be sure: "), prompts);
    typed.addAll(List.of("first passphrase", "typo passphrase"));
    ToolFailure f = assertThrows(ToolFailure.class, () -> p.fresh(none, "the new key"));
    assertEquals(ExitCode.USAGE, f.exitCode());
    assertTrue(f.getMessage().contains("differ"), f.getMessage());
    typed.addAll(List.of("abcd", "abcd"));
    f = assertThrows(ToolFailure.class, () -> p.fresh(none, "the new key"));
    assertTrue(f.getMessage().contains("too short"), f.getMessage());
    prompts.clear();
    typed.add("old one");
    try (Passphrase a = p.existing(none, "key c7:93")) {
      assertEquals(7, a.length());
    }
    assertEquals(List.of("Passphrase for key c7:93: "), prompts);
    f = assertThrows(ToolFailure.class, () -> p.existing(none, "key c7:93"));
    assertTrue(f.getMessage().contains("ended"), f.getMessage());
    // a file or the variable wins over the terminal
    Passwords withEnv = new Passwords(Map.of(Passwords.ENV, "from the environment"),
        new ByteArrayInputStream("from stdin\nmore".getBytes(StandardCharsets.UTF_8)), Optional.of(terminal));
    prompts.clear();
    try (Passphrase a = withEnv.existing(none, "k");
        Passphrase b = withEnv.existing(new Passwords.Source(Optional.of(Path.of("-")), "--password-file", Passwords.ENV),
            "k")) {
      assertTrue(a.matches(Passphrase.of("from the environment".toCharArray())));
      assertTrue(b.matches(Passphrase.of("from stdin".toCharArray())));
    }
    assertEquals(List.of(), prompts);
  }
}
