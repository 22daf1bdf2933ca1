package dev.tapekit.crypto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tapekit.crypto.internal.JsonOut;
import dev.tapekit.crypto.internal.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tape key protected by a passphrase: PBS's {@code KeyConfig}, the key file format of {@code
 * proxmox-tape key} and of the key stored in a media set label. A key file written here is read by
 * PBS and the other way round.
 *
 * <pre>
 * {"kdf": {"Scrypt": {"n": 65536, "r": 8, "p": 1, "salt": base64(32)}}   or {"PBKDF2": {"iter": N, "salt": …}} or null,
 *  "created": RFC 3339 with offset, "modified": RFC 3339,
 *  "data": base64( IV(16) || GCM TAG(16) || AES-256-GCM(derived key, IV, no AAD, tape key)(32) ),
 *  "fingerprint": "xx:xx:…" (omitted when unknown), "hint": "…" (omitted when none)}
 * </pre>
 *
 * <p>With {@code kdf} null the data is the tape key itself (PBS's unprotected form: read, never
 * written here). Unknown fields are ignored and duplicate fields refused, as serde does.
 *
 * <p>Contract: {@link #parse} tells a damaged file ({@link KeyFileException}) from a good one;
 * {@link #unwrap} tells a wrong passphrase ({@link WrongPassphraseException}) from a stored
 * fingerprint that is not the key's ({@link FingerprintMismatchException}). Immutable, thread-safe.
 * Holds no secret when protected; {@code toString()} shows fingerprint, KDF, dates and hint.
 */
public final class KeyConfig {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();
  /** PBS's form: seconds, numeric offset (never {@code Z}). */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final int IV = 16;
  private static final int TAG = 16;
  /** Bytes of {@code data} when protected: IV, tag, encrypted key. */
  public static final int WRAPPED_LENGTH = IV + TAG + TapeKey.LENGTH;

  private final Kdf kdf;
  private final OffsetDateTime created;
  private final OffsetDateTime modified;
  private final byte[] data;
  private final Fingerprint fingerprint;
  private final String hint;

  private KeyConfig(Kdf kdf, OffsetDateTime created, OffsetDateTime modified, byte[] data, Fingerprint fingerprint,
      String hint) {
    this.kdf = kdf;
    this.created = created;
    this.modified = modified;
    this.data = data;
    this.fingerprint = fingerprint;
    this.hint = hint;
  }

  /**
   * {@code key} wrapped under {@code passphrase} with the defaults of {@code kdf} (scrypt N=65536 r=8
   * p=1 or PBKDF2 65535 iterations, fresh 32-byte salt, fresh 16-byte IV), created and modified now.
   *
   * @param hint a reminder of the passphrase shown when it is wrong (1-64 characters, one line), or null
   * @throws IllegalArgumentException for a passphrase under 5 characters, {@link KdfType#NONE} or a bad hint
   */
  public static KeyConfig wrap(TapeKey key, Passphrase passphrase, KdfType kdf, String hint, Clock clock) {
    passphrase.requireStrongEnough();
    checkHint(hint);
    OffsetDateTime now = now(clock);
    return wrap(key, passphrase, Kdf.fresh(kdf, TapeKey.Random.INSTANCE), now, now, hint);
  }

  private static KeyConfig wrap(TapeKey key, Passphrase passphrase, Kdf kdf, OffsetDateTime created,
      OffsetDateTime modified, String hint) {
    byte[] derived = kdf.derive(passphrase);
    byte[] iv = new byte[IV];
    TapeKey.Random.INSTANCE.nextBytes(iv);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, "AES"), new GCMParameterSpec(TAG * 8, iv));
      byte[] sealed = gcm.doFinal(key.bytes()); // ciphertext(32) || tag(16)
      byte[] out = new byte[WRAPPED_LENGTH];
      System.arraycopy(iv, 0, out, 0, IV);
      System.arraycopy(sealed, TapeKey.LENGTH, out, IV, TAG);
      System.arraycopy(sealed, 0, out, IV + TAG, TapeKey.LENGTH);
      return new KeyConfig(kdf, created, modified, out, key.fingerprint(), hint);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is missing from this JDK", e);
    } finally {
      Secrets.wipe(derived);
    }
  }

  /**
   * The tape key inside, checked against the stored fingerprint.
   *
   * @param passphrase ignored (may be null) when {@link #isProtected()} is false
   * @throws WrongPassphraseException when the key does not open (the message carries the hint)
   * @throws FingerprintMismatchException when the key opens but the stored fingerprint is another key's
   */
  public TapeKey unwrap(Passphrase passphrase) throws WrongPassphraseException, FingerprintMismatchException {
    byte[] key;
    if (kdf == null) {
      key = data.clone();
    } else {
      Objects.requireNonNull(passphrase, "this key is protected by a passphrase");
      byte[] pw = passphrase.utf8();
      int length = pw.length;
      Secrets.wipe(pw);
      if (length < 5) {
        throw new WrongPassphraseException("the passphrase is too short (PBS requires at least 5 bytes)" + hintText());
      }
      key = open(kdf.derive(passphrase));
    }
    TapeKey tapeKey = TapeKey.adopt(key);
    if (fingerprint != null && !fingerprint.equals(tapeKey.fingerprint())) {
      Fingerprint actual = tapeKey.fingerprint();
      tapeKey.close();
      throw new FingerprintMismatchException("the key file says its key is " + fingerprint
          + " but the key inside has fingerprint " + actual
          + ": the file was edited or assembled from two keys; refusing it", fingerprint, actual);
    }
    return tapeKey;
  }

  private byte[] open(byte[] derived) throws WrongPassphraseException {
    byte[] sealed = new byte[TapeKey.LENGTH + TAG];
    System.arraycopy(data, IV + TAG, sealed, 0, TapeKey.LENGTH);
    System.arraycopy(data, IV, sealed, TapeKey.LENGTH, TAG);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, "AES"),
          new GCMParameterSpec(TAG * 8, data, 0, IV));
      return gcm.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw new WrongPassphraseException("the key " + (fingerprint == null ? "" : fingerprint.shortForm() + " ")
          + "did not open: wrong passphrase (or the wrapped key in the file was altered)" + hintText());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is missing from this JDK", e);
    } finally {
      Secrets.wipe(derived);
    }
  }

  /**
   * The same key under {@code newPassphrase}: fresh salt and IV, same KDF type, created and hint kept,
   * modified now.
   */
  public KeyConfig withPassphrase(Passphrase oldPassphrase, Passphrase newPassphrase, Clock clock)
      throws WrongPassphraseException, FingerprintMismatchException {
    newPassphrase.requireStrongEnough();
    try (TapeKey key = unwrap(oldPassphrase)) {
      return rewrap(key, newPassphrase, clock);
    }
  }

  /** {@code key} (this config's key) under {@code newPassphrase}; for a holder of the plain key. */
  KeyConfig rewrap(TapeKey key, Passphrase newPassphrase, Clock clock) {
    newPassphrase.requireStrongEnough();
    KdfType type = kdf == null ? KdfType.SCRYPT : kdf.type();
    return wrap(key, newPassphrase, Kdf.fresh(type, TapeKey.Random.INSTANCE), created, now(clock), hint);
  }

  /** This config with {@code hint} (null removes it), modified now. */
  public KeyConfig withHint(String hint, Clock clock) {
    checkHint(hint);
    return new KeyConfig(kdf, created, now(clock), data, fingerprint, hint);
  }

  // ---- reading

  /** Parses a key config from JSON text. */
  public static KeyConfig parse(String json) throws KeyFileException {
    return parse(json.getBytes(StandardCharsets.UTF_8), "key config");
  }

  /**
   * Parses a key config from UTF-8 JSON.
   *
   * @param source where it came from, for messages ("key file /root/tape.key")
   * @throws KeyFileException naming the source and the field that is wrong
   */
  public static KeyConfig parse(byte[] utf8, String source) throws KeyFileException {
    try (JsonParser p = JSON.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new KeyFileException(source + ": not a key config (expected a JSON object)");
      }
      KeyConfig config = read(p, source);
      if (p.nextToken() != null) {
        throw new KeyFileException(source + ": unexpected data after the key config");
      }
      return config;
    } catch (IOException e) {
      throw jsonError(source, e);
    }
  }

  static KeyFileException jsonError(String source, IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
      return new KeyFileException(source + ": not valid JSON (line " + j.getLocation().getLineNr() + ", column "
          + j.getLocation().getColumnNr() + ")");
    }
    return new KeyFileException(source + ": not valid JSON");
  }

  /** Reads one key config object; {@code p} is at its START_OBJECT and is left at its END_OBJECT. */
  static KeyConfig read(JsonParser p, String source) throws IOException, KeyFileException {
    Kdf kdf = null;
    OffsetDateTime created = null;
    OffsetDateTime modified = null;
    byte[] data = null;
    Fingerprint fingerprint = null;
    String hint = null;
    try {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "kdf" -> kdf = value == JsonToken.VALUE_NULL ? null : readKdf(p, source);
          case "created" -> created = time(p, source, field);
          case "modified" -> modified = time(p, source, field);
          case "data" -> {
            Secrets.wipe(data);
            data = base64(p, source, "data");
          }
          case "fingerprint" -> fingerprint = value == JsonToken.VALUE_NULL ? null : fingerprint(p, source);
          case "hint" -> hint = value == JsonToken.VALUE_NULL ? null : hint(p, source);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new KeyFileException(source + ": not a key config (broken object)");
      }
      require(created, source, "created");
      require(modified, source, "modified");
      require(data, source, "data");
      int expected = kdf == null ? TapeKey.LENGTH : WRAPPED_LENGTH;
      if (data.length != expected) {
        throw new KeyFileException(source + ": field 'data' has " + data.length + " bytes; "
            + (kdf == null ? "an unprotected key has 32" : "a wrapped key has 64 (IV 16, tag 16, key 32)"));
      }
      KeyConfig config = new KeyConfig(kdf, created, modified, data, fingerprint, hint);
      data = null;
      return config;
    } finally {
      Secrets.wipe(data);
    }
  }

  private static Kdf readKdf(JsonParser p, String source) throws IOException, KeyFileException {
    expect(p, JsonToken.START_OBJECT, source, "kdf");
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      throw new KeyFileException(source + ": field 'kdf' names no function (expected Scrypt or PBKDF2)");
    }
    String variant = p.currentName();
    if (!variant.equals("Scrypt") && !variant.equals("PBKDF2")) {
      throw new KeyFileException(source + ": unknown key derivation function '" + variant + "' (Scrypt or PBKDF2)");
    }
    p.nextToken();
    expect(p, JsonToken.START_OBJECT, source, "kdf." + variant);
    Long n = null;
    Long r = null;
    Long pp = null;
    Long iter = null;
    byte[] salt = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      String where = "kdf." + variant + "." + field;
      switch (field) {
        case "n" -> n = number(p, source, where);
        case "r" -> r = number(p, source, where);
        case "p" -> pp = number(p, source, where);
        case "iter" -> iter = number(p, source, where);
        case "salt" -> salt = base64(p, source, where);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw new KeyFileException(source + ": field 'kdf' must name exactly one function");
    }
    String prefix = "kdf." + variant + ".";
    require(salt, source, prefix + "salt");
    try {
      if (variant.equals("Scrypt")) {
        require(n, source, prefix + "n");
        require(r, source, prefix + "r");
        require(pp, source, prefix + "p");
        return new Kdf.Scrypt(n, r, pp, salt);
      }
      require(iter, source, prefix + "iter");
      return new Kdf.Pbkdf2(iter, salt);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": field 'kdf': " + e.getMessage());
    }
  }

  // ---- writing

  /**
   * The key file, as PBS's {@code serde_json::to_string} writes it (no spaces).
   *
   * @throws IllegalStateException for an unprotected config (its data is the key itself)
   */
  public String toJson() {
    return text(false);
  }

  /** The key config as PBS's {@code to_string_pretty} writes it: the body of a paper key. */
  public String toPrettyJson() {
    return text(true);
  }

  private String text(boolean pretty) {
    if (kdf == null) {
      throw new IllegalStateException("an unprotected key config holds the key itself; it is not turned into text");
    }
    try (JsonOut out = new JsonOut(pretty)) {
      write(out);
      return out.toString();
    }
  }

  /** Writes the fields in PBS's order. */
  void write(JsonOut out) {
    out.beginObject().name("kdf");
    if (kdf == null) {
      out.nullValue();
    } else if (kdf instanceof Kdf.Scrypt s) {
      out.beginObject().name("Scrypt").beginObject()
          .name("n").value(s.n()).name("r").value(s.r()).name("p").value(s.p())
          .name("salt").value(Base64.getEncoder().encodeToString(s.salt()))
          .endObject().endObject();
    } else if (kdf instanceof Kdf.Pbkdf2 k) {
      out.beginObject().name("PBKDF2").beginObject()
          .name("iter").value(k.iterations())
          .name("salt").value(Base64.getEncoder().encodeToString(k.salt()))
          .endObject().endObject();
    }
    out.name("created").value(TIME.format(created));
    out.name("modified").value(TIME.format(modified));
    byte[] b64 = Base64.getEncoder().encode(data);
    char[] chars = new char[b64.length];
    for (int i = 0; i < b64.length; i++) {
      chars[i] = (char) b64[i];
    }
    out.name("data").value(chars);
    Secrets.wipe(b64);
    Secrets.wipe(chars);
    if (fingerprint != null) {
      out.name("fingerprint").value(fingerprint.toString());
    }
    if (hint != null) {
      out.name("hint").value(hint);
    }
    out.endObject();
  }

  // ---- accessors

  /** Whether a passphrase protects the key (false only for PBS's unprotected form). */
  public boolean isProtected() {
    return kdf != null;
  }

  public Optional<Kdf> kdf() {
    return Optional.ofNullable(kdf);
  }

  public KdfType kdfType() {
    return kdf == null ? KdfType.NONE : kdf.type();
  }

  public OffsetDateTime created() {
    return created;
  }

  public OffsetDateTime modified() {
    return modified;
  }

  /** The stored fingerprint; PBS files from before fingerprints were added have none. */
  public Optional<Fingerprint> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  @Override
  public String toString() {
    return "KeyConfig[" + (fingerprint == null ? "no fingerprint" : fingerprint.shortForm()) + ", "
        + (kdf == null ? "unprotected" : kdf) + ", created " + TIME.format(created)
        + (hint == null ? "" : ", hint '" + hint + "'") + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyConfig k && Objects.equals(kdf, k.kdf) && created.equals(k.created)
        && modified.equals(k.modified) && Arrays.equals(data, k.data) && Objects.equals(fingerprint, k.fingerprint)
        && Objects.equals(hint, k.hint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kdf, created, fingerprint, hint);
  }

  // ---- helpers

  private String hintText() {
    return hint == null ? "" : " (passphrase hint: " + hint + ")";
  }

  static OffsetDateTime now(Clock clock) {
    return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
  }

  /** Hints are shown in messages and tables: one line, 1-64 characters (PBS's API limit). */
  static void checkHint(String hint) {
    if (hint == null) {
      return;
    }
    if (hint.isBlank() || hint.codePointCount(0, hint.length()) > 64) {
      throw new IllegalArgumentException("a passphrase hint has 1 to 64 characters");
    }
    if (hint.chars().anyMatch(c -> c < 0x20 || c == 0x7F)
        || hint.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
      throw new IllegalArgumentException("a passphrase hint is one line of printable text");
    }
  }

  private static void expect(JsonParser p, JsonToken token, String source, String field) throws KeyFileException {
    if (p.currentToken() != token) {
      throw new KeyFileException(source + ": field '" + field + "' must be " + describe(token));
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      default -> t.asString();
    };
  }

  private static <T> void require(T value, String source, String field) throws KeyFileException {
    if (value == null) {
      throw new KeyFileException(source + ": field '" + field + "' is missing");
    }
  }

  private static String string(JsonParser p, String source, String field) throws IOException, KeyFileException {
    expect(p, JsonToken.VALUE_STRING, source, field);
    return p.getText();
  }

  /** A hint is shown in messages and written back: one line of text, as {@link #checkHint} wants. */
  private static String hint(JsonParser p, String source) throws IOException, KeyFileException {
    String hint = string(p, source, "hint");
    try {
      checkHint(hint);
      return hint;
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": field 'hint': " + e.getMessage());
    }
  }

  private static long number(JsonParser p, String source, String field) throws IOException, KeyFileException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new KeyFileException(source + ": field '" + field + "' must be a whole number");
    }
    long v = p.getLongValue();
    if (v < 0) {
      throw new KeyFileException(source + ": field '" + field + "' must not be negative");
    }
    return v;
  }

  private static OffsetDateTime time(JsonParser p, String source, String field) throws IOException, KeyFileException {
    String text = string(p, source, field);
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new KeyFileException(source + ": field '" + field + "' is not an RFC 3339 time: '" + text + "'");
    }
  }

  private static Fingerprint fingerprint(JsonParser p, String source) throws IOException, KeyFileException {
    String text = string(p, source, "fingerprint");
    try {
      return Fingerprint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": field 'fingerprint': " + e.getMessage());
    }
  }

  /** Base64 read from the parser's character buffer, so a secret never becomes a String. */
  static byte[] base64(JsonParser p, String source, String field) throws IOException, KeyFileException {
    expect(p, JsonToken.VALUE_STRING, source, field);
    char[] text = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    byte[] ascii = new byte[len];
    for (int i = 0; i < len; i++) {
      char c = text[off + i];
      ascii[i] = c < 0x80 ? (byte) c : (byte) '?';
    }
    try {
      return Base64.getDecoder().decode(ascii);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": field '" + field + "' is not base64");
    } finally {
      Secrets.wipe(ascii);
    }
  }

  /** Hex read from the parser's character buffer (the plain keys of a key store). */
  static byte[] hex(JsonParser p, String source, String field) throws IOException, KeyFileException {
    expect(p, JsonToken.VALUE_STRING, source, field);
    try {
      return Secrets.unhex(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source + ": field '" + field + "' is not hex: " + e.getMessage());
    }
  }

  static JsonFactory json() {
    return JSON;
  }
}
