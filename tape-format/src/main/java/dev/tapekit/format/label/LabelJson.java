package dev.tapekit.format.label;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict reading and writing of label JSON: UTF-8, one object, members the reader does not know
 * skipped, duplicate members refused, every wrong or missing member an INVALID {@link
 * TapeFormatException} that names the label, the member and the tape location.
 */
final class LabelJson {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();
  /** RFC 3339 in the one form labels use: UTC, whole seconds, upper-case T and Z. */
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssX")
      .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Label names (label text, pool): PBS's PROXMOX_SAFE_ID with MEDIA_LABEL_SCHEMA's 2 to 32 characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{1,31}");
  /** 9999-12-31T23:59:59Z: the last time with a four-digit year. */
  static final long MAX_SECONDS = 253_402_300_799L;

  /** The members of one JSON object, one call per member; the parser is at the member's value. */
  interface Members {
    void member(String name, JsonParser p) throws IOException;
  }

  /** Writes the members of one JSON object. */
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private final String what;
  private final TapeLocation where;

  /**
   * @param what the structure, for messages ("media label")
   * @param where the tape file it was read from
   */
  LabelJson(String what, TapeLocation where) {
    this.what = what;
    this.where = where;
  }

  // ---- reading

  /** Parses {@code utf8} as one JSON object, handing each member to {@code members}. */
  void parse(byte[] utf8, Members members) throws TapeFormatException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("the header data is not UTF-8 text");
    }
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid("the header data is not a JSON object");
      }
      object(p, members);
      if (p.nextToken() != null) {
        throw invalid("data after the JSON object");
      }
    } catch (TapeFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw invalid("the header data is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw invalid("the header data is not valid JSON (" + oneLine(String.valueOf(e.getMessage())) + ")");
    }
  }

  /** Reads the object whose START_OBJECT {@code p} is at, up to and including its END_OBJECT. */
  void object(JsonParser p, Members members) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      members.member(name, p);
    }
  }

  /** Skips the value {@code p} is at (a member this reader does not know). */
  static void skip(JsonParser p) throws IOException {
    p.skipChildren();
  }

  /** Whether the value is JSON null (an optional member written as null counts as absent). */
  static boolean isNull(JsonParser p) {
    return p.currentToken() == JsonToken.VALUE_NULL;
  }

  String string(JsonParser p, String field) throws TapeFormatException, IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(p, field, "a string");
    }
    return p.getText();
  }

  /** A label name (label text, pool): see {@link #checkName}. */
  String name(JsonParser p, String field) throws TapeFormatException, IOException {
    String text = string(p, field);
    try {
      return checkName(field, text);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** A UUID in its 36-character text form, either case. */
  UUID uuid(JsonParser p, String field) throws TapeFormatException, IOException {
    String text = string(p, field);
    if (!UUID_TEXT.matcher(text).matches()) {
      throw invalid("field '" + field + "' is not a UUID: '" + printable(text) + "'");
    }
    return UUID.fromString(text);
  }

  /** A whole JSON number from {@code min} to {@code max}. */
  long integer(JsonParser p, String field, long min, long max) throws TapeFormatException, IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(p, field, "a whole number");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < min || p.getLongValue() > max) {
      throw invalid("field '" + field + "' is " + p.getText() + ", outside " + min + " to " + max);
    }
    return p.getLongValue();
  }

  /** An RFC 3339 time in the form {@code 2026-12-05T18:00:00Z}. */
  Instant time(JsonParser p, String field) throws TapeFormatException, IOException {
    String text = string(p, field);
    if (TIME.matcher(text).matches()) {
      try {
        return Instant.from(TIME_FORMAT.parse(text));
      } catch (DateTimeException e) {
        // not a date that exists; reported below
      }
    }
    throw invalid("field '" + field + "' is not a UTC time like 2026-12-05T18:00:00Z: '" + printable(text) + "'");
  }

  /** The object {@code p} is at, re-serialized as compact JSON text (for a parser of its own). */
  String rawObject(JsonParser p, String field) throws TapeFormatException, IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(p, field, "an object");
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  <T> T require(T value, String field) throws TapeFormatException {
    if (value == null) {
      throw invalid("field '" + field + "' is missing");
    }
    return value;
  }

  TapeFormatException invalid(String message) {
    return new TapeFormatException(Kind.INVALID, where, what + ": " + message);
  }

  TapeFormatException invalid(String message, Throwable cause) {
    return new TapeFormatException(Kind.INVALID, where, what + ": " + message, cause);
  }

  private TapeFormatException wrongType(JsonParser p, String field, String expected) {
    JsonToken t = p.currentToken();
    String found = switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> String.valueOf(t);
    };
    return invalid("field '" + field + "' must be " + expected + ", not " + found);
  }

  // ---- writing

  /** One JSON object, compact, UTF-8. */
  static byte[] write(Writer members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  static String timeText(Instant t) {
    return TIME_FORMAT.format(t);
  }

  // ---- rules shared by the label records

  /**
   * Checks a label name (label text, pool name): PBS's {@code PROXMOX_SAFE_ID} ({@code
   * [A-Za-z0-9_][A-Za-z0-9._-]*}) with the 2 to 32 characters of PBS's {@code MEDIA_LABEL_SCHEMA} and
   * {@code MEDIA_POOL_NAME_SCHEMA}, so every tapekit name is also a valid PBS name.
   *
   * @throws IllegalArgumentException naming {@code field} and what is wrong
   */
  static String checkName(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("field '" + field + "' is '" + printable(value) + "': "
          + (value.length() < 2 || value.length() > 32 ? "it must have 2 to 32 characters"
              : "it must be letters A-Z a-z, digits, '_', '.' and '-', and not start with '.' or '-'"));
    }
    return value;
  }

  /** A label time: whole seconds (finer parts dropped), from 1970 to 9999. */
  static Instant checkTime(String field, Instant t) {
    if (t == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    if (t.getEpochSecond() < 0 || t.getEpochSecond() > MAX_SECONDS) {
      throw new IllegalArgumentException("field '" + field + "' is " + t + ", outside 1970 to 9999");
    }
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  /** An application block size (see {@link BlockHeader#checkBlockSize}). */
  static int checkBlockSize(int size) {
    try {
      return BlockHeader.checkBlockSize(size);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'block_size': " + e.getMessage(), e);
    }
  }

  /** A value quoted in a message: {@link #oneLine}, at most 64 characters. */
  static String printable(String text) {
    return oneLine(text, 64);
  }

  /** A message from elsewhere that may quote tape data: {@link #oneLine}, at most 400 characters. */
  static String oneLine(String text) {
    return oneLine(text, 400);
  }

  /** {@code text} on one line: control characters, line separators and lone surrogates as '?'; cut at {@code max}. */
  static String oneLine(String text, int max) {
    StringBuilder b = new StringBuilder();
    text.codePoints().limit(max).forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029
        || Character.getType(c) == Character.SURROGATE ? '?' : c));
    return text.codePointCount(0, text.length()) > max ? b + "…" : b.toString();
  }
}
