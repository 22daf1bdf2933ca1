package dev.tapekit.format.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The label JSON parsers: strict, and every refusal INVALID, naming the label, the member and the tape file. */
class LabelJsonTest {
  static final TapeLocation FILE0 = new TapeLocation("TAPE01L9", 0, -1);
  static final TapeLocation FILE1 = new TapeLocation("TAPE01L9", 1, -1);

  static Map<String, String> mediaMembers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("label", "\"TAPE01L9\"");
    m.put("media", "\"" + LabelFixtures.MEDIA + "\"");
    m.put("ctime", "\"" + LabelFixtures.CTIME_TEXT + "\"");
    m.put("pool", "\"daily\"");
    m.put("block_size", "262144");
    return m;
  }

  static Map<String, String> encryptionMembers(KeyConfig key, String fingerprint) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fingerprint", "\"" + fingerprint + "\"");
    m.put("key_config", key.toJson());
    m.put("mode", "\"software\"");
    return m;
  }

  static Map<String, String> setMembers(Map<String, String> encryption) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("pool", "\"daily\"");
    m.put("media_set", "\"" + LabelFixtures.SET + "\"");
    m.put("sequence", "3");
    m.put("ctime", "\"" + LabelFixtures.CTIME_TEXT + "\"");
    m.put("block_size", "262144");
    m.put("encryption", object(encryption));
    return m;
  }

  static Map<String, String> setMembers() {
    KeyConfig k = LabelFixtures.keyConfig();
    return setMembers(encryptionMembers(k, k.fingerprint().orElseThrow().toString()));
  }

  static String object(Map<String, String> members) {
    StringBuilder b = new StringBuilder("{");
    members.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return b.append('}').toString();
  }

  static MediaLabel media(String json) throws TapeFormatException {
    return MediaLabel.fromJson(LabelFixtures.utf8(json), FILE0);
  }

  static MediaSetLabel set(String json) throws TapeFormatException {
    return MediaSetLabel.fromJson(LabelFixtures.utf8(json), FILE1);
  }

  static TapeFormatException mediaFails(String json) {
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> media(json));
    assertEquals(Kind.INVALID, e.kind());
    assertEquals(FILE0, e.location());
    assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 0: media label: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  static TapeFormatException setFails(String json) {
    TapeFormatException e = assertThrows(TapeFormatException.class, () -> set(json));
    assertEquals(Kind.INVALID, e.kind());
    assertEquals(FILE1, e.location());
    assertTrue(e.getMessage().startsWith("tape TAPE01L9, file 1: media set label: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  static void assertContains(String expected, TapeFormatException e) {
    assertTrue(e.getMessage().contains(expected), "'" + expected + "' in: " + e.getMessage());
  }

  @Test
  void theFixturesParse() throws Exception {
    assertEquals(LabelFixtures.mediaLabel(), media(object(mediaMembers())));
    MediaSetLabel s = set(object(setMembers()));
    assertEquals(EncryptionMode.SOFTWARE, s.encryption().orElseThrow().mode());
    assertEquals(LabelFixtures.keyConfig(), s.encryption().orElseThrow().keyConfig());
  }

  @ParameterizedTest
  @ValueSource(strings = {"label", "media", "ctime", "block_size"})
  void everyRequiredMediaLabelMemberIsRequired(String field) {
    Map<String, String> m = mediaMembers();
    m.remove(field);
    assertEquals("tape TAPE01L9, file 0: media label: field '" + field + "' is missing",
        mediaFails(object(m)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "media_set", "sequence", "ctime", "block_size"})
  void everyRequiredMediaSetLabelMemberIsRequired(String field) {
    Map<String, String> m = setMembers();
    m.remove(field);
    assertEquals("tape TAPE01L9, file 1: media set label: field '" + field + "' is missing",
        setFails(object(m)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"fingerprint", "key_config", "mode"})
  void everyEncryptionMemberIsRequired(String field) {
    KeyConfig k = LabelFixtures.keyConfig();
    Map<String, String> e = encryptionMembers(k, k.fingerprint().orElseThrow().toString());
    e.remove(field);
    assertEquals("tape TAPE01L9, file 1: media set label: field 'encryption." + field + "' is missing",
        setFails(object(setMembers(e))).getMessage());
  }

  @Test
  void optionalMembersMayBeAbsentOrNull() throws Exception {
    Map<String, String> m = mediaMembers();
    m.put("pool", "null");
    assertEquals(Optional.empty(), media(object(m)).pool());
    m.remove("pool");
    assertEquals(Optional.empty(), media(object(m)).pool());
    Map<String, String> s = setMembers();
    s.put("encryption", "null");
    assertEquals(Optional.empty(), set(object(s)).encryption());
    s.remove("encryption");
    assertEquals(Optional.empty(), set(object(s)).encryption());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "label      | 5              | field 'label' must be a string, not a number",
      "media      | true           | field 'media' must be a string, not a boolean",
      "ctime      | 1796494801     | field 'ctime' must be a string, not a number",
      "pool       | []             | field 'pool' must be a string, not an array",
      "block_size | \"262144\"     | field 'block_size' must be a whole number, not a string",
      "block_size | 262144.0       | field 'block_size' must be a whole number, not a number",
      "label      | null           | field 'label' must be a string, not null",
      "label      | \"-AB\"        | field 'label' is '-AB': it must be letters",
      "label      | \"A\"          | field 'label' is 'A': it must have 2 to 32 characters",
      "media      | \"1-1-1-1-1\"  | field 'media' is not a UUID: '1-1-1-1-1'",
      "media      | \"00000000-0000-0000-0000-000000000000\" | field 'media': the nil UUID names no tape",
      "ctime      | \"2026-12-05T19:20:01+01:00\" | field 'ctime' is not a UTC time",
      "ctime      | \"2026-12-05 18:20:01Z\"      | field 'ctime' is not a UTC time",
      "ctime      | \"2026-12-05T18:20:01.5Z\"    | field 'ctime' is not a UTC time",
      "ctime      | \"2026-02-30T18:20:01Z\"      | field 'ctime' is not a UTC time",
      "ctime      | \"1969-12-31T23:59:59Z\"      | field 'ctime' is 1969-12-31T23:59:59Z, outside 1970 to 9999",
      "block_size | 100000         | field 'block_size': block size 100000 is not a multiple of 64 KiB",
      "block_size | 8388608        | field 'block_size' is 8388608, outside 65536 to 4194304",
      "block_size | 99999999999999999999 | field 'block_size' is 99999999999999999999, outside",
  })
  void wrongMediaLabelValuesAreInvalid(String field, String value, String expected) {
    Map<String, String> m = mediaMembers();
    m.put(field, value);
    assertContains(expected, mediaFails(object(m)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "sequence   | 1.5            | field 'sequence' must be a whole number, not a number",
      "sequence   | -1             | field 'sequence' is -1, outside 0 to 2147483647",
      "sequence   | 2147483648     | field 'sequence' is 2147483648, outside 0 to 2147483647",
      "media_set  | 5              | field 'media_set' must be a string, not a number",
      "pool       | \"a b\"        | field 'pool' is 'a b'",
      "encryption | \"yes\"        | field 'encryption' must be an object (or absent)",
  })
  void wrongMediaSetLabelValuesAreInvalid(String field, String value, String expected) {
    Map<String, String> m = setMembers();
    m.put(field, value);
    assertContains(expected, setFails(object(m)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "mode        | \"both\"       | field 'encryption.mode' is 'both', not \"drive\" or \"software\"",
      "mode        | \"DRIVE\"      | field 'encryption.mode' is 'DRIVE'",
      "mode        | 1              | field 'encryption.mode' must be a string, not a number",
      "key_config  | \"{}\"         | field 'encryption.key_config' must be an object, not a string",
      "key_config  | {}             | field 'encryption.key_config': field 'created' is missing",
      "fingerprint | 5              | field 'encryption.fingerprint' must be a string, not a number",
      "fingerprint | \"zz\"         | field 'encryption.fingerprint' is 'zz', not 32 hex pairs joined by ':'",
  })
  void wrongEncryptionValuesAreInvalid(String field, String value, String expected) {
    KeyConfig k = LabelFixtures.keyConfig();
    Map<String, String> e = encryptionMembers(k, k.fingerprint().orElseThrow().toString());
    e.put(field, value);
    assertContains(expected, setFails(object(setMembers(e))));
  }

  @Test
  void aKeyConfigOfAnotherKeyIsInvalid() {
    KeyConfig k = LabelFixtures.keyConfig();
    Map<String, String> e = encryptionMembers(LabelFixtures.otherKeyConfig(), k.fingerprint().orElseThrow().toString());
    TapeFormatException x = setFails(object(setMembers(e)));
    assertContains("field 'encryption.fingerprint' is " + k.fingerprint().orElseThrow().shortForm()
        + "… but the key config is for key " + LabelFixtures.otherKeyConfig().fingerprint().orElseThrow().shortForm(), x);
  }

  @Test
  void aKeyConfigWithoutFingerprintIsInvalid() {
    KeyConfig k = LabelFixtures.keyConfig();
    String fingerprint = k.fingerprint().orElseThrow().toString();
    String withoutFingerprint = k.toJson().replace(",\"fingerprint\":\"" + fingerprint + "\"", "");
    assertFalse(withoutFingerprint.contains(fingerprint));
    Map<String, String> e = encryptionMembers(k, fingerprint);
    e.put("key_config", withoutFingerprint);
    assertContains("field 'encryption.key_config': the key config carries no fingerprint",
        setFails(object(setMembers(e))));
  }

  @Test
  void duplicateMembersAreRefusedAtEveryLevel() {
    assertContains("Duplicate field 'label'",
        mediaFails(object(mediaMembers()).replace("{", "{\"label\":\"OTHER1\",")));
    KeyConfig k = LabelFixtures.keyConfig();
    Map<String, String> e = encryptionMembers(k, k.fingerprint().orElseThrow().toString());
    e.put("key_config", k.toJson().replace("{\"kdf\"", "{\"hint\":\"x\",\"hint\":\"y\",\"kdf\""));
    assertContains("Duplicate field 'hint'", setFails(object(setMembers(e))));
  }

  @Test
  void unknownMembersAreIgnoredAtEveryLevel() throws Exception {
    Map<String, String> m = mediaMembers();
    m.put("future", "{\"x\":[1,{\"y\":null}],\"z\":\"w\"}");
    assertEquals(LabelFixtures.mediaLabel(), media(object(m)));
    KeyConfig k = LabelFixtures.keyConfig();
    Map<String, String> e = encryptionMembers(k, k.fingerprint().orElseThrow().toString());
    e.put("cipher", "[\"aes-256-gcm\"]");
    Map<String, String> s = setMembers(e);
    s.put("comment", "\"more later\"");
    assertEquals(LabelFixtures.keyConfig(), set(object(s)).encryption().orElseThrow().keyConfig());
  }

  @Test
  void onlyOneUtf8JsonObjectIsHeaderData() {
    assertContains("not UTF-8", assertThrows(TapeFormatException.class,
        () -> MediaLabel.fromJson(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, FILE0)));
    assertContains("not a JSON object", mediaFails("[]"));
    assertContains("not a JSON object", mediaFails("\"label\""));
    assertContains("not a JSON object", mediaFails(""));
    assertContains("data after the JSON object", mediaFails(object(mediaMembers()) + " {}"));
    assertContains("not valid JSON", mediaFails("{\"label\":"));
    assertContains("not valid JSON", mediaFails("{'label':'TAPE01'}"));
  }
}
