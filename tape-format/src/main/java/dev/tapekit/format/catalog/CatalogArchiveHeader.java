package dev.tapekit.format.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A catalog archive's content header fields and its header data (FORMAT.md 7.3.1), the JSON object
 *
 * <pre>
 * {"media_set": "5d0c7a2e-…", "pool": "daily",
 *  "tapes": [{"sequence": 0, "label": "TAPE01L9", "media": "9f5c0e7a-…"}, …]}
 * </pre>
 *
 * <p>{@code file} is the tape file's UUID, {@code written} the content header's ctime, {@code
 * tapeSequence} the number of the tape the archive is on; {@code tapes} are the tapes it describes,
 * in ascending sequence order, the last being this tape.
 */
public record CatalogArchiveHeader(UUID file, UUID mediaSet, int tapeSequence, Instant written, String pool,
    List<CatalogTape> tapes) {
  /** The content version of catalog archives this code writes. */
  public static final int VERSION = 1;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  public CatalogArchiveHeader {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mediaSet, "mediaSet");
    written = written.truncatedTo(ChronoUnit.SECONDS);
    tapes = List.copyOf(tapes);
    String problem = problem(pool, tapes, tapeSequence);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The tape with number {@code sequence}, if the archive describes it. */
  public boolean describes(int sequence) {
    return tapes.stream().anyMatch(t -> t.sequence() == sequence);
  }

  /** What is wrong with these members (FORMAT.md 7.3.1), or null. */
  static String problem(String pool, List<CatalogTape> tapes, int tapeSequence) {
    if (pool == null || pool.isEmpty()) {
      return "a catalog archive names its pool";
    }
    if (tapes.isEmpty() || tapes.get(tapes.size() - 1).sequence() != tapeSequence) {
      return "the tapes of a catalog archive end with the tape it is on (number " + tapeSequence + ")";
    }
    for (int i = 1; i < tapes.size(); i++) {
      if (tapes.get(i - 1).sequence() >= tapes.get(i).sequence()) {
        return "the tapes of a catalog archive are listed in strictly ascending sequence order";
      }
    }
    return null;
  }

  ContentHeader contentHeader() {
    return new ContentHeader(ContentType.CATALOG_ARCHIVE, VERSION, file, written, mediaSet, tapeSequence, 0, json());
  }

  byte[] json() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("media_set", mediaSet.toString());
      g.writeStringField("pool", pool);
      g.writeArrayFieldStart("tapes");
      for (CatalogTape t : tapes) {
        g.writeStartObject();
        g.writeNumberField("sequence", t.sequence());
        g.writeStringField("label", t.label());
        g.writeStringField("media", t.media().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * The header of a catalog archive from its checked content header: part 0, a media set, and header
   * data as FORMAT.md 7.3.1 says, else INVALID.
   */
  static CatalogArchiveHeader of(ContentHeader h, TapeLocation where) throws TapeFormatException {
    if (h.part() != 0) {
      throw invalid(where, "part number " + h.part() + ": catalog archives never span tapes");
    }
    String mediaSet = null;
    String pool = null;
    List<CatalogTape> tapes = null;
    try (JsonParser p = JSON.createParser(utf8(h.data()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(where, "the header data is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "media_set" -> mediaSet = string(p, value, name, where);
          case "pool" -> pool = string(p, value, name, where);
          case "tapes" -> tapes = tapes(p, value, where);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw invalid(where, "data after the header's JSON object");
      }
    } catch (TapeFormatException e) {
      throw e;
    } catch (CharacterCodingException e) {
      throw invalid(where, "the header data is not UTF-8 text");
    } catch (IOException e) {
      throw invalid(where, "the header data is not valid JSON");
    }
    if (mediaSet == null || pool == null || tapes == null) {
      throw invalid(where, "'media_set', 'pool' and 'tapes' are required");
    }
    if (!uuid(mediaSet).equals(h.mediaSet()) || h.mediaSet().equals(ContentHeader.NO_SET)) {
      throw invalid(where, "'media_set' " + mediaSet + " is not the content header's media set " + h.mediaSet()
          + " (which must not be nil)");
    }
    String problem = problem(pool, tapes, h.tapeSequence());
    if (problem != null) {
      throw invalid(where, problem);
    }
    return new CatalogArchiveHeader(h.file(), h.mediaSet(), h.tapeSequence(), h.ctime(), pool, tapes);
  }

  private static List<CatalogTape> tapes(JsonParser p, JsonToken value, TapeLocation where) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw invalid(where, "'tapes' must be an array");
    }
    List<CatalogTape> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      Long sequence = null;
      String label = null;
      String media = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "sequence" -> {
            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
              throw invalid(where, "'tapes[].sequence' must be an integer");
            }
            sequence = p.getLongValue();
          }
          case "label" -> label = string(p, v, "tapes[].label", where);
          case "media" -> media = string(p, v, "tapes[].media", where);
          default -> p.skipChildren();
        }
      }
      if (sequence == null || label == null || media == null || sequence < 0 || sequence > Integer.MAX_VALUE
          || label.isEmpty() || uuid(media).equals(ContentHeader.NO_SET)) {
        throw invalid(where, "every tape has a 'sequence' (0 to 2147483647), a non-empty 'label' and a "
            + "non-nil 'media' UUID");
      }
      out.add(new CatalogTape(sequence.intValue(), label, uuid(media)));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw invalid(where, "'tapes' holds something other than objects");
    }
    return out;
  }

  private static String string(JsonParser p, JsonToken value, String name, TapeLocation where) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw invalid(where, "'" + name + "' must be a string");
    }
    return p.getText();
  }

  private static UUID uuid(String text) {
    return UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : ContentHeader.NO_SET;
  }

  private static String utf8(byte[] data) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
  }

  private static TapeFormatException invalid(TapeLocation where, String what) {
    return new TapeFormatException(Kind.INVALID, where, "catalog archive header: " + what);
  }
}
