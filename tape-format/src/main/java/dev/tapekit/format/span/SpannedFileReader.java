package dev.tapekit.format.span;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a file that may span tapes (FORMAT.md, section 8) as one body: part 0 from the first
 * source, then, while a part's footer says CONTINUED, the next part from the source {@link
 * NextSource} supplies. Each part must carry the same file UUID, content type and version, the
 * next part number, and name the previous part's tape and file; otherwise MISPLACED. A part that
 * cannot be had is TRUNCATED naming which part of which file and where it was to continue.
 */
public final class SpannedFileReader {
  /** Supplies the tape holding part {@code part}, positioned at the start of that part's file. */
  @FunctionalInterface
  public interface NextSource {
    /** The source and the part's file number, or null when that tape is not available. */
    Located next(int part, String previousVolume, long previousFile) throws IOException;
  }

  /** A source positioned at a part's file, and that file's number. */
  public record Located(BlockSource source, long file) {}

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final NextSource nextSource;
  private final ContentHeader header;
  private TapeFileReader current;
  private String currentVolume;
  private long currentFile;
  private ContentFooter footer;

  private SpannedFileReader(BlockSource source, long file, NextSource nextSource) throws IOException {
    this.nextSource = nextSource;
    this.current = TapeFileReader.open(source, file);
    this.header = current.header();
    this.currentVolume = source.volume();
    this.currentFile = file;
    TapeLocation where = new TapeLocation(currentVolume, file, 0);
    if (header.part() != 0) {
      throw new TapeFormatException(Kind.MISPLACED, where, "this is part "
          + header.part() + " of file " + header.file() + "; reading starts at part 0");
    }
    if (header.type() != ContentType.DATA_STREAM) {
      throw new TapeFormatException(Kind.MISPLACED, where, "a " + header.type() + " where a data stream was expected");
    }
    requireJsonObject(header.data(), where);
  }

  /** Opens the file whose part 0 is at {@code source}'s position (file number {@code file}). */
  public static SpannedFileReader open(BlockSource source, long file, NextSource nextSource) throws IOException {
    return new SpannedFileReader(source, file, nextSource);
  }

  /** Part 0's header: the file's type, version, UUID and typed header data. */
  public ContentHeader header() {
    return header;
  }

  /** The part being read. */
  public int part() {
    return current.header().part();
  }

  /**
   * Reads body bytes, crossing into the next part as needed.
   *
   * @return bytes read, or -1 after the last part
   */
  public int read(ByteBuffer dst) throws IOException {
    while (true) {
      if (footer != null) {
        return -1;
      }
      int n = current.read(dst);
      if (n >= 0) {
        return n;
      }
      ContentFooter f = current.footer();
      if (f.items() != 0) {
        throw new TapeFormatException(Kind.INVALID, current.location(), "a data stream's footer counts " + f.items()
            + " items; it has none");
      }
      if (!f.continued()) {
        footer = f;
        return -1;
      }
      openNext();
    }
  }

  /** The last part's footer (its items are the file's item count), after reading to the end. */
  public ContentFooter footer() throws IOException {
    ByteBuffer skip = ByteBuffer.allocate(64 * 1024);
    while (read(skip.clear()) >= 0) {
      // skipped
    }
    return footer;
  }

  private void openNext() throws IOException {
    int part = current.header().part() + 1;
    TapeLocation after = new TapeLocation(currentVolume, currentFile, -1);
    Located next = nextSource.next(part, currentVolume, currentFile);
    if (next == null) {
      throw new TapeFormatException(Kind.TRUNCATED, after, "file " + header.file() + " continues in part " + part
          + " on another tape, which is not available: load the tape that follows " + currentVolume);
    }
    TapeFileReader r = TapeFileReader.open(next.source(), next.file(), header.file(), part);
    ContentHeader h = r.header();
    TapeLocation where = new TapeLocation(next.source().volume(), next.file(), 0);
    if (h.type() != header.type() || h.version() != header.version() || !h.mediaSet().equals(header.mediaSet())) {
      throw new TapeFormatException(Kind.MISPLACED, where, "part " + part + " is a " + h.type() + " v" + h.version()
          + " of media set " + h.mediaSet() + ", but part 0 is a " + header.type() + " v" + header.version()
          + " of media set " + header.mediaSet());
    }
    Previous previous = previous(h.data(), where);
    if (!previous.volume().equals(currentVolume) || previous.file() != currentFile) {
      throw new TapeFormatException(Kind.MISPLACED, where, "part " + part + " continues tape " + previous.volume()
          + " file " + previous.file() + ", not tape " + currentVolume + " file " + currentFile
          + " where part " + (part - 1) + " was read");
    }
    current = r;
    currentVolume = next.source().volume();
    currentFile = next.file();
  }

  private record Previous(String volume, long file) {}

  /** A data stream's header data: any JSON object (FORMAT.md 7.1), duplicates refused. */
  private static void requireJsonObject(byte[] data, TapeLocation where) throws IOException {
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new TapeFormatException(Kind.INVALID, where, "a data stream's header data is not a JSON object");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new TapeFormatException(Kind.INVALID, where, "unexpected data after a data stream's header data");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new TapeFormatException(Kind.INVALID, where, "a data stream's header data is not valid JSON");
    }
  }

  private static Previous previous(byte[] data, TapeLocation where) throws IOException {
    String volume = null;
    long file = -1;
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new TapeFormatException(Kind.INVALID, where, "a continuation part's header data is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("previous_volume") && t == JsonToken.VALUE_STRING) {
          volume = p.getText();
        } else if (name.equals("previous_file") && t == JsonToken.VALUE_NUMBER_INT) {
          file = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new TapeFormatException(Kind.INVALID, where, "a continuation part's header data is not valid JSON");
    }
    if (volume == null || file < 0) {
      throw new TapeFormatException(Kind.INVALID, where, "a continuation part's header data lacks previous_volume "
          + "or previous_file");
    }
    return new Previous(volume, file);
  }
}
