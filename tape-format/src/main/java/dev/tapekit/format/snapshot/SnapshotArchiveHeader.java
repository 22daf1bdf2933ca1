package dev.tapekit.format.snapshot;

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
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A snapshot archive's content header fields and its header data (FORMAT.md 7.2.1), the JSON object
 *
 * <pre>
 * {"snapshot": "host/etc/2026-12-05T18:20:01Z", "source": "/etc", "created": "2026-12-05T18:20:01Z"}
 * </pre>
 *
 * <p>{@code file} is the tape file's UUID, {@code written} the content header's ctime (when the
 * archive was written), {@code created} when the snapshot was taken. Both times have whole seconds.
 */
public record SnapshotArchiveHeader(UUID file, UUID mediaSet, int tapeSequence, Instant written, String snapshot,
    String source, Instant created) {
  /** The content version of snapshot archives this code writes. */
  public static final int VERSION = 1;
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  public SnapshotArchiveHeader {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mediaSet, "mediaSet");
    written = written.truncatedTo(ChronoUnit.SECONDS);
    created = created.truncatedTo(ChronoUnit.SECONDS);
    if (snapshot == null || snapshot.isEmpty() || source == null || source.isEmpty()) {
      throw new IllegalArgumentException("a snapshot archive names its snapshot and its source: '" + snapshot
          + "', '" + source + "'");
    }
    if (created.getEpochSecond() < 0 || created.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
      throw new IllegalArgumentException("snapshot time " + created + " outside the years 1970 to 9999");
    }
  }

  ContentHeader contentHeader() {
    return new ContentHeader(ContentType.SNAPSHOT_ARCHIVE, VERSION, file, written, mediaSet, tapeSequence, 0, json());
  }

  byte[] json() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("snapshot", snapshot);
      g.writeStringField("source", source);
      g.writeStringField("created", created.toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * The header of a snapshot archive from its checked content header: part 0, and header data as
   * FORMAT.md 7.2.1 says (one UTF-8 JSON object; unknown members ignored, duplicates refused), else
   * INVALID.
   */
  static SnapshotArchiveHeader of(ContentHeader h, TapeLocation where) throws TapeFormatException {
    if (h.part() != 0) {
      throw invalid(where, "part number " + h.part() + ": snapshot archives never span tapes");
    }
    String snapshot = null;
    String source = null;
    String created = null;
    try (JsonParser p = JSON.createParser(StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(h.data())).toString())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(where, "the header data is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "snapshot", "source", "created" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw invalid(where, "'" + name + "' must be a string");
            }
            switch (name) {
              case "snapshot" -> snapshot = p.getText();
              case "source" -> source = p.getText();
              default -> created = p.getText();
            }
          }
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
    if (snapshot == null || snapshot.isEmpty() || source == null || source.isEmpty() || created == null) {
      throw invalid(where, "'snapshot', 'source' (both not empty) and 'created' are required");
    }
    Instant time;
    try {
      if (!TIME.matcher(created).matches()) {
        throw new DateTimeParseException("not YYYY-MM-DDTHH:MM:SSZ", created, 0);
      }
      time = Instant.parse(created);
    } catch (DateTimeParseException e) {
      throw invalid(where, "'created' is not a time of the form YYYY-MM-DDTHH:MM:SSZ");
    }
    return new SnapshotArchiveHeader(h.file(), h.mediaSet(), h.tapeSequence(), h.ctime(), snapshot, source, time);
  }

  private static TapeFormatException invalid(TapeLocation where, String what) {
    return new TapeFormatException(Kind.INVALID, where, "snapshot archive header: " + what);
  }
}
