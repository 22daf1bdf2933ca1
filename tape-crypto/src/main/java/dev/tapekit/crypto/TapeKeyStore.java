package dev.tapekit.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tapekit.crypto.internal.JsonOut;
import dev.tapekit.crypto.internal.Secrets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tape keys of one host, in a directory, in PBS's two files so a PBS store can be copied in and
 * out:
 *
 * <ul>
 *   <li>{@value #CONFIG_FILE}: a JSON list of passphrase-protected {@link KeyConfig}s (what restores
 *       need a passphrase for, and what goes on tape and paper);
 *   <li>{@value #PLAIN_FILE}: a JSON list of {@code {"fingerprint": "xx:…", "key": "<64 hex>"}}, the
 *       plain keys unattended backup jobs use;
 *   <li>{@value #LOCK_FILE}: the lock every change holds.
 * </ul>
 *
 * <p>Contract: every file is created with mode 0600 and a file whose mode lets anyone but its owner
 * read or write it is refused ({@link KeyStoreException} saying which file and the {@code chmod} that
 * fixes it). Changes take the lock (a file lock against other processes, a lock per directory within
 * this one), read both files, and replace each atomically (temporary file, fsync, rename, fsync of
 * the directory), so a crash leaves either the old or the new file, never a torn one. A plain key
 * whose fingerprint is not its stored fingerprint, and duplicate fingerprints, make the file damaged
 * ({@link KeyFileException}). Thread-safe.
 */
public final class TapeKeyStore {
  public static final String CONFIG_FILE = "tape-encryption-key-config.json";
  public static final String PLAIN_FILE = "tape-encryption-keys.json";
  public static final String LOCK_FILE = ".tape-encryption-keys.lck";
  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Clock clock;

  private TapeKeyStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** The store in {@code dir}, created (mode 0700) when missing. */
  public static TapeKeyStore open(Path dir) throws KeyStoreException {
    return open(dir, Clock.systemDefaultZone());
  }

  /** As {@link #open(Path)}, with the clock that dates created and changed keys. */
  public static TapeKeyStore open(Path dir, Clock clock) throws KeyStoreException {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return new TapeKeyStore(dir.toRealPath(), clock);
    } catch (IOException e) {
      throw new KeyStoreException("cannot create the key store directory " + dir + ": " + e.getMessage()
          + " (choose another with --key-dir or TAPEKIT_KEY_DIR)", e);
    }
  }

  /**
   * Where keys live unless told otherwise: {@code $TAPEKIT_KEY_DIR}; else {@code
   * /var/lib/tapekit/keys} for root; else {@code $XDG_STATE_HOME/tapekit/keys} (default {@code
   * ~/.local/state/tapekit/keys}).
   */
  public static Path defaultDirectory() {
    String explicit = System.getenv("TAPEKIT_KEY_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/tapekit/keys");
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path state = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
    return state.resolve("tapekit").resolve("keys");
  }

  public Path directory() {
    return dir;
  }

  // ---- operations

  /**
   * A new random key, stored wrapped under {@code passphrase} and plain.
   *
   * @return the new key's fingerprint
   */
  public Fingerprint create(Passphrase passphrase, KdfType kdf, String hint) throws TapeCryptoException {
    try (TapeKey key = TapeKey.generate()) {
      KeyConfig config = KeyConfig.wrap(key, passphrase, kdf, hint, clock);
      insert(key, config, false);
      return key.fingerprint();
    }
  }

  /**
   * Adds the key inside {@code config} (a key file, a paper key, a media set label) to both stores:
   * it is opened with {@code passphrase} first, so only a key that opens and matches its fingerprint
   * is stored.
   *
   * @param replace whether an existing key with the same fingerprint is replaced (else it is an error)
   */
  public Fingerprint importKey(KeyConfig config, Passphrase passphrase, boolean replace) throws TapeCryptoException {
    if (!config.isProtected()) {
      throw new KeyFileException("this key config is not protected by a passphrase; wrap it first "
          + "(a key store keeps only protected configs next to the plain key)");
    }
    try (TapeKey key = config.unwrap(passphrase)) {
      KeyConfig stored = config.fingerprint().isPresent() ? config : config.rewrap(key, passphrase, clock);
      insert(key, stored, replace);
      return key.fingerprint();
    }
  }

  /**
   * Adds the key in {@code text}: a key file's JSON or a paper key (the markers anywhere in the text,
   * as {@link PaperKey#parse} finds them), opened with {@code passphrase} first.
   *
   * @param source where the text came from, for messages
   */
  public Fingerprint importText(String text, String source, Passphrase passphrase, boolean replace)
      throws TapeCryptoException {
    return importKey(PaperKey.parse(text, source), passphrase, replace);
  }

  /** The keys known to either store, oldest first. */
  public List<KeyInfo> list() throws TapeCryptoException {
    Map<Fingerprint, KeyConfig> configs = readConfigs();
    Map<Fingerprint, byte[]> plain = readPlain();
    try {
      List<KeyInfo> out = new ArrayList<>();
      for (KeyConfig c : configs.values()) {
        Fingerprint fp = c.fingerprint().orElseThrow();
        out.add(new KeyInfo(fp, c.kdfType(), c.created(), c.modified(), c.hint(), true, plain.containsKey(fp)));
      }
      for (Fingerprint fp : plain.keySet()) {
        if (!configs.containsKey(fp)) {
          out.add(new KeyInfo(fp, KdfType.NONE, null, null, Optional.empty(), false, true));
        }
      }
      out.sort(Comparator.comparing((KeyInfo k) -> k.created() == null ? null : k.created().toInstant(),
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(k -> k.fingerprint().toString()));
      return out;
    } finally {
      plain.values().forEach(Secrets::wipe);
    }
  }

  /** The key whose fingerprint is {@code fingerprint}, if either store has it. */
  public Optional<KeyInfo> find(Fingerprint fingerprint) throws TapeCryptoException {
    return list().stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
  }

  /**
   * The one stored fingerprint that starts with {@code prefix} (text form, at least 2 hex digits), for
   * users who type the short form.
   *
   * @throws KeyNotFoundException when none or several match
   */
  public Fingerprint resolve(String prefix) throws TapeCryptoException {
    String p = prefix.strip().toLowerCase(java.util.Locale.ROOT);
    if (p.replace(":", "").length() < 2 || !p.matches("[0-9a-f:]+")) {
      throw new IllegalArgumentException("give at least the first byte of the fingerprint, like 6e:d0");
    }
    List<Fingerprint> hits = list().stream().map(KeyInfo::fingerprint).filter(f -> f.startsWith(p)).toList();
    if (hits.size() == 1) {
      return hits.get(0);
    }
    throw new KeyNotFoundException(hits.isEmpty()
        ? "no key in " + dir + " has a fingerprint starting with " + p + " (list them with: tape key list)"
        : hits.size() + " keys in " + dir + " have fingerprints starting with " + p + "; give more of it", null);
  }

  /** The protected config of {@code fingerprint}, to write to a file, a label or paper. */
  public KeyConfig export(Fingerprint fingerprint) throws TapeCryptoException {
    KeyConfig c = readConfigs().get(fingerprint);
    if (c == null) {
      throw notHere(fingerprint, "has no passphrase-protected copy of key");
    }
    return c;
  }

  /** The plain key of {@code fingerprint}, for unattended jobs; empty when only the protected copy is stored. */
  public Optional<TapeKey> plainKey(Fingerprint fingerprint) throws TapeCryptoException {
    Map<Fingerprint, byte[]> plain = readPlain();
    try {
      byte[] k = plain.get(fingerprint);
      return k == null ? Optional.empty() : Optional.of(TapeKey.of(k));
    } finally {
      plain.values().forEach(Secrets::wipe);
    }
  }

  /** The key of {@code fingerprint} opened from its protected copy with {@code passphrase}. */
  public TapeKey key(Fingerprint fingerprint, Passphrase passphrase) throws TapeCryptoException {
    return export(fingerprint).unwrap(passphrase);
  }

  /** Re-wraps {@code fingerprint} under {@code newPassphrase}; the old passphrase must open it. */
  public void changePassphrase(Fingerprint fingerprint, Passphrase oldPassphrase, Passphrase newPassphrase)
      throws TapeCryptoException {
    newPassphrase.requireStrongEnough();
    change(fingerprint, c -> c.withPassphrase(oldPassphrase, newPassphrase, clock));
  }

  /**
   * Re-wraps {@code fingerprint} under {@code newPassphrase} using the plain key (for an
   * administrator who lost the passphrase but holds the unattended copy, PBS's {@code --force}).
   */
  public void resetPassphrase(Fingerprint fingerprint, Passphrase newPassphrase) throws TapeCryptoException {
    newPassphrase.requireStrongEnough();
    try (TapeKey key = plainKey(fingerprint).orElseThrow(() -> notHere(fingerprint, "has no plain copy of key"))) {
      change(fingerprint, c -> c.rewrap(key, newPassphrase, clock));
    }
  }

  /** Sets (or with null removes) the passphrase hint of {@code fingerprint}. */
  public void setHint(Fingerprint fingerprint, String hint) throws TapeCryptoException {
    change(fingerprint, c -> c.withHint(hint, clock));
  }

  /** Removes {@code fingerprint} from both stores. Tapes written with it become unreadable without a copy. */
  public void remove(Fingerprint fingerprint) throws TapeCryptoException {
    locked(() -> {
      Map<Fingerprint, KeyConfig> configs = readConfigs();
      Map<Fingerprint, byte[]> plain = readPlain();
      try {
        boolean had = configs.remove(fingerprint) != null;
        byte[] k = plain.remove(fingerprint);
        if (!had && k == null) {
          throw notHere(fingerprint, "has no key");
        }
        Secrets.wipe(k);
        writePlain(plain);
        writeConfigs(configs);
      } finally {
        plain.values().forEach(Secrets::wipe);
      }
      return null;
    });
  }

  // ---- internals

  private interface ConfigChange {
    KeyConfig apply(KeyConfig c) throws TapeCryptoException;
  }

  private void change(Fingerprint fingerprint, ConfigChange change) throws TapeCryptoException {
    locked(() -> {
      Map<Fingerprint, KeyConfig> configs = readConfigs();
      KeyConfig c = configs.get(fingerprint);
      if (c == null) {
        throw notHere(fingerprint, "has no passphrase-protected copy of key");
      }
      configs.put(fingerprint, change.apply(c));
      writeConfigs(configs);
      return null;
    });
  }

  private void insert(TapeKey key, KeyConfig config, boolean replace) throws TapeCryptoException {
    Fingerprint fp = key.fingerprint();
    if (!config.fingerprint().map(fp::equals).orElse(false)) {
      throw new IllegalArgumentException("the key config does not name key " + fp);
    }
    locked(() -> {
      Map<Fingerprint, KeyConfig> configs = readConfigs();
      Map<Fingerprint, byte[]> plain = readPlain();
      try {
        if (!replace && configs.containsKey(fp)) {
          throw new KeyStoreException("key " + fp + " is already in " + dir + " (replace it explicitly, "
              + "or change its passphrase instead)");
        }
        Secrets.wipe(plain.put(fp, key.copyBytes()));
        writePlain(plain);
        configs.put(fp, config);
        writeConfigs(configs);
      } finally {
        plain.values().forEach(Secrets::wipe);
      }
      return null;
    });
  }

  private interface Locked<T> {
    T run() throws TapeCryptoException;
  }

  private <T> T locked(Locked<T> body) throws TapeCryptoException {
    ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    lock.lock();
    Path lockPath = dir.resolve(LOCK_FILE);
    try (FileChannel ch = FileChannel.open(lockPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PRIVATE));
        FileLock ignored = ch.lock()) {
      return body.run();
    } catch (IOException e) {
      throw new KeyStoreException("cannot lock the key store " + lockPath + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private Map<Fingerprint, KeyConfig> readConfigs() throws TapeCryptoException {
    Path file = dir.resolve(CONFIG_FILE);
    byte[] content = read(file);
    Map<Fingerprint, KeyConfig> out = new LinkedHashMap<>();
    if (content == null) {
      return out;
    }
    String source = "key store file " + file;
    try (JsonParser p = KeyConfig.json().createParser(content)) {
      startList(p, source);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        KeyConfig c = KeyConfig.read(p, source);
        Fingerprint fp = c.fingerprint().orElseThrow(() -> new KeyFileException(source + ": a key config has no fingerprint"));
        if (out.put(fp, c) != null) {
          throw new KeyFileException(source + ": key " + fp + " appears twice");
        }
      }
      endList(p, source);
      return out;
    } catch (IOException e) {
      throw KeyConfig.jsonError(source, e);
    }
  }

  private Map<Fingerprint, byte[]> readPlain() throws TapeCryptoException {
    Path file = dir.resolve(PLAIN_FILE);
    byte[] content = read(file);
    Map<Fingerprint, byte[]> out = new LinkedHashMap<>();
    if (content == null) {
      return out;
    }
    String source = "key store file " + file;
    boolean done = false;
    try (JsonParser p = KeyConfig.json().createParser(content)) {
      startList(p, source);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Fingerprint fp = null;
        byte[] key = null;
        try {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
              case "fingerprint" -> fp = parseFingerprint(p, source);
              case "key" -> {
                Secrets.wipe(key);
                key = KeyConfig.hex(p, source, "key");
              }
              default -> p.skipChildren();
            }
          }
          if (fp == null || key == null) {
            throw new KeyFileException(source + ": an entry lacks '" + (fp == null ? "fingerprint" : "key") + "'");
          }
          if (key.length != TapeKey.LENGTH) {
            throw new KeyFileException(source + ": key " + fp + " has " + key.length + " bytes, not 32");
          }
          Fingerprint actual = Fingerprint.ofKey(key);
          if (!actual.equals(fp)) {
            throw new KeyFileException(source + ": inconsistent fingerprint: the entry says " + fp
                + " but its key has " + actual);
          }
          if (out.containsKey(fp)) {
            throw new KeyFileException(source + ": key " + fp + " appears twice");
          }
          out.put(fp, key);
          key = null;
        } finally {
          Secrets.wipe(key);
        }
      }
      endList(p, source);
      done = true;
      return out;
    } catch (IOException e) {
      throw KeyConfig.jsonError(source, e);
    } finally {
      Secrets.wipe(content);
      if (!done) {
        out.values().forEach(Secrets::wipe);
      }
    }
  }

  private static Fingerprint parseFingerprint(JsonParser p, String source) throws IOException, KeyFileException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new KeyFileException(source + ": field 'fingerprint' must be a string");
    }
    try {
      return Fingerprint.parse(p.getText());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": " + e.getMessage());
    }
  }

  private static void startList(JsonParser p, String source) throws IOException, KeyFileException {
    if (p.nextToken() != JsonToken.START_ARRAY) {
      throw new KeyFileException(source + ": expected a JSON list of keys");
    }
  }

  private static void endList(JsonParser p, String source) throws IOException, KeyFileException {
    if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
      throw new KeyFileException(source + ": expected a JSON list of key objects");
    }
  }

  private void writeConfigs(Map<Fingerprint, KeyConfig> configs) throws KeyStoreException {
    try (JsonOut out = new JsonOut(true)) {
      out.beginArray();
      for (KeyConfig c : configs.values()) {
        c.write(out);
      }
      out.endArray();
      replace(dir.resolve(CONFIG_FILE), out);
    }
  }

  private void writePlain(Map<Fingerprint, byte[]> plain) throws KeyStoreException {
    try (JsonOut out = new JsonOut(true)) {
      out.beginArray();
      for (Map.Entry<Fingerprint, byte[]> e : plain.entrySet()) {
        char[] hex = Secrets.hex(e.getValue());
        out.beginObject().name("fingerprint").value(e.getKey().toString()).name("key").value(hex).endObject();
        Secrets.wipe(hex);
      }
      out.endArray();
      replace(dir.resolve(PLAIN_FILE), out);
    }
  }

  /** The file's bytes (null when it does not exist), after checking its mode. */
  private static byte[] read(Path file) throws KeyStoreException {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!PRIVATE.containsAll(mode)) {
        throw new KeyStoreException(file + " has mode " + octal(mode) + ": others than its owner may read or "
            + "change it, so its keys are refused. Check who could have read it, then run: chmod 600 " + file);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KeyStoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code file} atomically with what {@code out} holds, mode 0600. */
  private static void replace(Path file, JsonOut out) throws KeyStoreException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    byte[] bytes = out.toBytes();
    try {
      Files.deleteIfExists(tmp);
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PRIVATE))) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, PRIVATE);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new KeyStoreException("cannot replace " + file + " atomically on this file system", e);
      }
      try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeyStoreException("cannot write " + file + ": " + tmp + " appeared meanwhile", e);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the temporary file is only ever renamed over the real one; a leftover is harmless
      }
      throw new KeyStoreException("cannot write " + file + ": " + e.getMessage()
          + " (the previous version is unchanged)", e);
    } finally {
      Secrets.wipe(bytes);
    }
  }

  private static String octal(Set<PosixFilePermission> mode) {
    int m = 0;
    for (PosixFilePermission p : mode) {
      m |= 1 << (8 - p.ordinal());
    }
    return String.format("0%o", m);
  }

  private KeyNotFoundException notHere(Fingerprint fp, String what) {
    return new KeyNotFoundException("the key store " + dir + " " + what + " " + fp, fp);
  }

  @Override
  public String toString() {
    return "TapeKeyStore[" + dir + "]";
  }
}
