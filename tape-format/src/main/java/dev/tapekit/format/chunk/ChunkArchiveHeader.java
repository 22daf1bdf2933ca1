package dev.tapekit.format.chunk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a reader must know about a chunk archive besides where it is: its content header's fields
 * and its header data, the JSON object (chunk-archive.md, "Header data")
 *
 * <pre>
 * {"store": "main", "encryption": "none"}
 * {"store": "main", "encryption": "software", "archive_key_id": "0f3c…-…"}
 * </pre>
 *
 * <p>{@code file} is the tape file's UUID (content header, and the stream UUID of its blocks). The
 * software encryption key of the archive is derived from the media set key and a second UUID, {@link
 * #archiveKeyId()}, which tape-crypto draws itself ({@code MediaSetKey.newArchive()}) so that no
 * caller can make two archives share a key; it is recorded as {@code archive_key_id}, present exactly
 * when the archive is encrypted. A catalog stores this record to restore chunks without reading the
 * header from tape. {@code created} has whole seconds, as on tape.
 */
public record ChunkArchiveHeader(UUID file, UUID mediaSet, int tapeSequence, Instant created, String store,
    Optional<UUID> archiveKeyId) {
  /** The content version of chunk archives this code writes. */
  public static final int VERSION = 1;
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  public ChunkArchiveHeader {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mediaSet, "mediaSet");
    Objects.requireNonNull(archiveKeyId, "archiveKeyId");
    created = created.truncatedTo(ChronoUnit.SECONDS);
    if (store == null || store.isEmpty()) {
      throw new IllegalArgumentException("a chunk archive names its store (the backup source): empty store name");
    }
  }

  /** Whether the chunks are software-encrypted (under the key of {@link #archiveKeyId()}). */
  public boolean encrypted() {
    return archiveKeyId.isPresent();
  }

  /** The content header this archive starts with. */
  ContentHeader contentHeader() {
    return new ContentHeader(ContentType.CHUNK_ARCHIVE, VERSION, file, created, mediaSet, tapeSequence, 0, json());
  }

  byte[] json() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("store", store);
      g.writeStringField("encryption", encrypted() ? "software" : "none");
      if (encrypted()) {
        g.writeStringField("archive_key_id", archiveKeyId.get().toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * The header of a chunk archive from its checked content header (type already checked): part 0,
   * and header data as chunk-archive.md says (one UTF-8 JSON object; unknown members ignored,
   * duplicates refused), else INVALID; an encryption mode this reader does not know is TOO_NEW.
   */
  static ChunkArchiveHeader of(ContentHeader h, TapeLocation where) throws TapeFormatException {
    if (h.part() != 0) {
      throw new TapeFormatException(Kind.INVALID, where, "a chunk archive with part number " + h.part()
          + ": chunk archives never span tapes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(h.data())).toString();
    } catch (CharacterCodingException e) {
      throw invalid(where, "the header data is not UTF-8 text");
    }
    String store = null;
    String encryption = null;
    String keyId = null;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(where, "the header data is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "store" -> store = string(p, value, name, where);
          case "encryption" -> encryption = string(p, value, name, where);
          case "archive_key_id" -> keyId = value == JsonToken.VALUE_NULL ? null : string(p, value, name, where);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw invalid(where, "data after the header's JSON object");
      }
    } catch (TapeFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw invalid(where, "the header data is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw invalid(where, "the header data is not valid JSON (" + oneLine(String.valueOf(e.getMessage())) + ")");
    }
    if (store == null || store.isEmpty()) {
      throw invalid(where, "the header names no store ('store' missing or empty)");
    }
    if (encryption == null) {
      throw invalid(where, "the header does not say whether the chunks are encrypted ('encryption' missing)");
    }
    Optional<UUID> key = switch (encryption) {
      case "none" -> {
        if (keyId != null) {
          throw invalid(where, "'archive_key_id' in an archive whose encryption is 'none'");
        }
        yield Optional.empty();
      }
      case "software" -> Optional.of(uuid(keyId, where));
      default -> throw new TapeFormatException(Kind.TOO_NEW, where, "chunk encryption '" + oneLine(encryption)
          + "' is unknown to this tapekit (it knows 'none' and 'software'): use a newer tapekit");
    };
    return new ChunkArchiveHeader(h.file(), h.mediaSet(), h.tapeSequence(), h.ctime(), store, key);
  }

  private static String string(JsonParser p, JsonToken value, String name, TapeLocation where)
      throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw invalid(where, "'" + name + "' must be a string");
    }
    return p.getText();
  }

  private static UUID uuid(String text, TapeLocation where) throws TapeFormatException {
    if (text == null) {
      throw invalid(where, "'archive_key_id' missing in a software-encrypted archive: its chunks cannot be decrypted");
    }
    if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw invalid(where, "'archive_key_id' is not a UUID: '" + oneLine(text) + "'");
    }
    return UUID.fromString(text);
  }

  private static TapeFormatException invalid(TapeLocation where, String what) {
    return new TapeFormatException(Kind.INVALID, where, "chunk archive header: " + what);
  }

  /** Tape text quoted in a message: one line, at most 64 characters. */
  private static String oneLine(String text) {
    String line = text.codePoints().limit(64).map(c -> Character.isISOControl(c) || Character.getType(c)
        == Character.SURROGATE ? '?' : c).collect(StringBuilder::new, StringBuilder::appendCodePoint,
        StringBuilder::append).toString();
    return text.codePointCount(0, text.length()) > 64 ? line + "…" : line;
  }
}
